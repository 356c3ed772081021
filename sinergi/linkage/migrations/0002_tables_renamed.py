"""The linkage tables get this app's names, and what pointed at the import app's models follows them.

- ``ingest_linkagerun`` → ``linkage_linkagerun`` (and the candidates and decisions): rows and ids stay.
- The content types of the three models move from app label ``ingest`` to ``linkage``, so change-log rows
  (``core.ChangeLog.content_type``) and permissions keep pointing at them. If ``linkage`` rows exist
  already (a ``migrate`` stopped between the steps), the change log is pointed at them and the old
  rows go.
- Jobs stored with the old kind ``ingest.linkage`` get the new one, ``linkage.run``, so a queued or
  failed run is still found by its handler.
"""

from django.db import migrations

MODELS = ("linkagerun", "matchcandidate", "pairdecision")
OLD_JOB, NEW_JOB = "ingest.linkage", "linkage.run"


def _move(apps, schema_editor, *, old, new, old_job, new_job):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ChangeLog = apps.get_model("core", "ChangeLog")
    Job = apps.get_model("core", "Job")
    db = schema_editor.connection.alias
    for model in MODELS:
        source = ContentType.objects.using(db).filter(app_label=old, model=model).first()
        if source is None:
            continue
        target = ContentType.objects.using(db).filter(app_label=new, model=model).first()
        if target is None:
            source.app_label = new
            source.save(update_fields=["app_label"])
        else:
            ChangeLog.objects.using(db).filter(content_type_id=source.pk).update(content_type_id=target.pk)
            source.delete()
    Job.objects.using(db).filter(kind=old_job).update(kind=new_job)


def forwards(apps, schema_editor):
    _move(apps, schema_editor, old="ingest", new="linkage", old_job=OLD_JOB, new_job=NEW_JOB)


def backwards(apps, schema_editor):
    _move(apps, schema_editor, old="linkage", new="ingest", old_job=NEW_JOB, new_job=OLD_JOB)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0003_changelog_keys_unconstrained'),
        ('ingest', '0002_linkage_moved_out'),
        ('linkage', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='linkagerun', table=None),
        migrations.AlterModelTable(name='matchcandidate', table=None),
        migrations.AlterModelTable(name='pairdecision', table=None),
        migrations.RunPython(forwards, backwards),
    ]
