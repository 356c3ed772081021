"""The linkage models left the import app for ``sinergi.linkage`` (linkage 0001 takes them over).

State only: the tables and their rows stay; linkage 0002 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0001_initial'),
        ('linkage', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='MatchCandidate'),
                migrations.DeleteModel(name='PairDecision'),
                migrations.DeleteModel(name='LinkageRun'),
            ],
        ),
    ]
