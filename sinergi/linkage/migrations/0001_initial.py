"""The linkage models, taken over from the import app with their tables and rows.

The tables were made by ``ingest`` 0001. This migration only tells Django's state that the models now
belong here, still on the tables ``ingest_*`` (no database operation); ``ingest`` 0002 removes them from
the import app's state and 0002 here renames the tables and moves the content types.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_job_changelog_job'),
        ('ingest', '0001_initial'),
        ('regions', '0001_initial'),
        ('registry', '0004_merges'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='LinkageRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('person', 'person'), ('business', 'business')], max_length=10, verbose_name='kind')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='started at')),
                        ('model', models.JSONField(blank=True, default=dict, verbose_name='model')),
                        ('threshold', models.FloatField(blank=True, null=True, verbose_name='threshold')),
                        ('counts', models.JSONField(blank=True, default=dict)),
                        ('timings', models.JSONField(blank=True, default=dict)),
                        ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='ingest.importbatch', verbose_name='import')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                        ('job', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.job')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='region')),
                    ],
                    options={
                        'db_table': 'ingest_linkagerun',
                        'verbose_name': 'linkage run',
                        'verbose_name_plural': 'linkage runs',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchCandidate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('person', 'person'), ('business', 'business')], max_length=10, verbose_name='kind')),
                        ('left_id', models.BigIntegerField()),
                        ('right_id', models.BigIntegerField()),
                        ('left_region', models.CharField(max_length=13)),
                        ('right_region', models.CharField(max_length=13)),
                        ('probability', models.FloatField(verbose_name='match probability')),
                        ('weight', models.FloatField(verbose_name='match weight')),
                        ('evidence', models.JSONField(verbose_name='evidence')),
                        ('cluster', models.BigIntegerField(blank=True, null=True, verbose_name='group')),
                        ('status', models.CharField(choices=[('open', 'to review'), ('merged', 'merged'), ('distinct', 'different'), ('stale', 'no longer applies')], db_index=True, default='open', max_length=10, verbose_name='status')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('merge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.merge')),
                        ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='linkage.linkagerun')),
                    ],
                    options={
                        'db_table': 'ingest_matchcandidate',
                        'verbose_name': 'possible duplicate',
                        'verbose_name_plural': 'possible duplicates',
                        'ordering': ['-probability', 'id'],
                        'indexes': [models.Index(fields=['kind', 'status', '-probability'], name='candidate_queue_idx')],
                        'constraints': [models.UniqueConstraint(fields=('run', 'left_id', 'right_id'), name='candidate_pair_once')],
                    },
                ),
                migrations.CreateModel(
                    name='PairDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('person', 'person'), ('business', 'business')], max_length=10, verbose_name='kind')),
                        ('left_id', models.BigIntegerField()),
                        ('right_id', models.BigIntegerField()),
                        ('verdict', models.CharField(choices=[('same', 'same'), ('distinct', 'different')], max_length=10, verbose_name='decision')),
                        ('decided_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='decided at')),
                        ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                    ],
                    options={
                        'db_table': 'ingest_pairdecision',
                        'verbose_name': 'pair decision',
                        'verbose_name_plural': 'pair decisions',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'left_id', 'right_id'), name='pair_decision_once')],
                    },
                ),
            ],
        ),
    ]
