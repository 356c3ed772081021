"""Cheaper batch scoring on PostgreSQL (docs/performance.md, "Cooperative health scoring"):

* health_predicate loses its index, and the cooperatives table keeps 10% of each page free, so that refreshing a
  cooperative's health columns is a HOT update (no index touched): see the model's comment;
* an assessment loses the index on its report alone, which the unique (report, rule set) index makes redundant
  (one index less to fill per assessment);
* an assessment's result (≈3.4 KB of JSON, over the size at which PostgreSQL compresses a value) is compressed
  with lz4 instead of the default pglz, which halved the server's time to store 30,000 results. A server built
  without lz4 keeps pglz.
"""

from typing import Any

import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction


def _storage(*, fillfactor: int, compression: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(f"ALTER TABLE {quote('cooperatives_cooperative')} SET (fillfactor = {int(fillfactor)})")
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(
                    f"ALTER TABLE {quote('cooperatives_healthassessment')} "
                    f"ALTER COLUMN {quote('result')} SET COMPRESSION {compression}"
                )
        except DatabaseError:
            pass  # a server without lz4: the default compression stays

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cooperative",
            name="health_predicate",
            field=models.CharField(blank=True, editable=False, max_length=30, verbose_name="health predicate"),
        ),
        migrations.AlterField(
            model_name="healthassessment",
            name="report",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assessments",
                to="cooperatives.annualreport",
            ),
        ),
        migrations.RunPython(
            _storage(fillfactor=90, compression="lz4"), _storage(fillfactor=100, compression="pglz")
        ),
    ]
