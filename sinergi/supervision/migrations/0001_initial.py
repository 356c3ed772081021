"""Supervision's models, taken over from the cooperatives app with their tables and rows as they are.

State only: the tables ``cooperatives_inspectionplan`` … ``cooperatives_followup`` already exist (made by
cooperatives 0001), so nothing is created in the database; cooperatives 0003 then drops the models from its
own state, and 0002 here renames the tables.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cooperatives", "0002_health_columns_unindexed"),
        ("regions", "0001_initial"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="InspectionPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="office region",
                    ),
                ),
            ],
            options={
                "verbose_name": "inspection plan",
                "verbose_name_plural": "inspection plans",
                "ordering": ["-year", "title"],
                "db_table": "cooperatives_inspectionplan",
            },
        ),
        migrations.CreateModel(
            name="Inspection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("planned_on", models.DateField(blank=True, null=True, verbose_name="planned on")),
                ("visited_on", models.DateField(blank=True, null=True, verbose_name="visited on")),
                ("inspectors", models.CharField(blank=True, max_length=255, verbose_name="inspectors")),
                (
                    "status",
                    models.CharField(
                        choices=[("planned", "Planned"), ("done", "Visited"), ("cancelled", "Cancelled")],
                        default="planned",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "cooperative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inspections",
                        to="cooperatives.cooperative",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="inspections",
                        to="supervision.inspectionplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "inspection",
                "verbose_name_plural": "inspections",
                "ordering": ["-planned_on", "-id"],
                "db_table": "cooperatives_inspection",
            },
        ),
        migrations.CreateModel(
            name="Finding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "aspect",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Tata kelola, Profil risiko, Kinerja keuangan",
                        max_length=80,
                        verbose_name="aspect",
                    ),
                ),
                ("description", models.TextField(verbose_name="finding")),
                (
                    "severity",
                    models.CharField(
                        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
                        default="medium",
                        max_length=10,
                        verbose_name="severity",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="findings",
                        to="supervision.inspection",
                    ),
                ),
            ],
            options={
                "verbose_name": "finding",
                "verbose_name_plural": "findings",
                "ordering": ["id"],
                "db_table": "cooperatives_finding",
            },
        ),
        migrations.CreateModel(
            name="FollowUp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("action", models.TextField(verbose_name="action")),
                ("responsible", models.CharField(blank=True, max_length=120, verbose_name="responsible")),
                ("due_on", models.DateField(verbose_name="due on")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("in_progress", "In progress"), ("done", "Done")],
                        default="open",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "finding",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follow_ups",
                        to="supervision.finding",
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up",
                "verbose_name_plural": "follow-ups",
                "ordering": ["due_on", "id"],
                "db_table": "cooperatives_followup",
                "indexes": [models.Index(fields=["status", "due_on"], name="coop_followup_status_due_idx")],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
