"""The supervision models now belong to the app ``supervision`` (its 0001 took them over): drop them from this
app's state only. Their tables and rows stay as they are; supervision 0002 renames them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0002_health_columns_unindexed"),
        ("supervision", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Referring models first, so that no model in the state points at one already gone.
                migrations.DeleteModel(name="FollowUp"),
                migrations.DeleteModel(name="Finding"),
                migrations.DeleteModel(name="Inspection"),
                migrations.DeleteModel(name="InspectionPlan"),
            ]
        ),
    ]
