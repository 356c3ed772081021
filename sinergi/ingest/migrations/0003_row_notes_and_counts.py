# Import counts (skipped, merged, matched by) and per-row notes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0002_linkage_moved_out'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='matched',
            field=models.JSONField(blank=True, default=dict, verbose_name='matched by'),
        ),
        migrations.AddField(
            model_name='importbatch',
            name='merged',
            field=models.BigIntegerField(default=0, help_text='Rows giving again a business of an earlier row.', verbose_name='merged into an earlier row'),
        ),
        migrations.AddField(
            model_name='importbatch',
            name='skipped',
            field=models.BigIntegerField(default=0, help_text='Totals rows, not businesses.', verbose_name='skipped'),
        ),
        migrations.CreateModel(
            name='RowNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sheet', models.CharField(blank=True, max_length=120)),
                ('source_row', models.PositiveIntegerField(verbose_name='row')),
                ('kind', models.CharField(choices=[('warning', 'note'), ('merged', 'merged into an earlier row'), ('skipped', 'skipped')], max_length=10, verbose_name='kind')),
                ('field', models.CharField(blank=True, max_length=40, verbose_name='field')),
                ('message', models.CharField(max_length=500, verbose_name='message')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='ingest.importbatch')),
            ],
            options={
                'verbose_name': 'import note',
                'verbose_name_plural': 'import notes',
                'ordering': ['batch', 'sheet', 'source_row', 'id'],
                'constraints': [models.UniqueConstraint(fields=('batch', 'sheet', 'source_row', 'kind', 'field'), name='row_note_once')],
            },
        ),
    ]
