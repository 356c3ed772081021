"""Founding date and imported extra data on the business; the standard cluster list on every database.

A database set up without the demo had no clusters, so every imported row naming one was refused. The
list is copied here (not imported from the services) so this migration keeps meaning what it meant."""

from django.db import migrations, models

STANDARD_CLUSTERS = (
    ("batik", "Batik"),
    ("kriya", "Kriya (kerajinan)"),
    ("kuliner", "Kuliner / pangan olahan"),
    ("fashion", "Fesyen"),
    ("agribisnis", "Agribisnis"),
    ("perikanan", "Perikanan"),
    ("jasa", "Jasa"),
    ("pariwisata", "Pariwisata"),
    ("perdagangan", "Perdagangan / toko"),
    ("kopi", "Kopi"),
    ("tenun", "Tenun"),
    ("herbal", "Jamu & herbal"),
    ("digital", "Ekonomi kreatif & digital"),
)


def add_missing_clusters(apps, schema_editor):
    Cluster = apps.get_model("registry", "Cluster")
    have = set(Cluster.objects.values_list("slug", flat=True))
    Cluster.objects.bulk_create([Cluster(slug=s, name=n) for s, n in STANDARD_CLUSTERS if s not in have])


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_person_poverty_decile_person_poverty_source")]

    operations = [
        migrations.AddField(
            model_name="business",
            name="founded_on",
            field=models.DateField(
                blank=True,
                help_text="When only the year is known: 1 January of that year.",
                null=True,
                verbose_name="founded on",
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="extra",
            # A database default too: the bulk loader's COPY does not write this column.
            field=models.JSONField(
                blank=True, db_default=models.Value({}, models.JSONField()), default=dict, verbose_name="other data"
            ),
        ),
        migrations.RunPython(add_missing_clusters, migrations.RunPython.noop),
    ]
