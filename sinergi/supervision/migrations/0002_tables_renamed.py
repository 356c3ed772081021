"""The tables take this app's names (``supervision_*``), and the content types of the four models move to this
app (their ids unchanged), so that change-log rows and permissions written before the move still point at
them.

A content type ``supervision.<model>`` can already exist when ``migrate`` ran with the new code but stopped
before this migration (Django makes content types for every installed model after each ``migrate``): the old
row is kept, as it is the one existing change-log rows and permissions point at, and the empty twin goes.
"""

from typing import Any

from django.db import migrations

MODELS = ("inspectionplan", "inspection", "finding", "followup")


def _move(*, source: str, target: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        change_log = apps.get_model("core", "ChangeLog")
        permission = apps.get_model("auth", "Permission")
        db = schema_editor.connection.alias
        for model in MODELS:
            old = content_type.objects.using(db).filter(app_label=source, model=model).first()
            if old is None:
                continue  # a fresh database: the content types are made after migrate
            twin = content_type.objects.using(db).filter(app_label=target, model=model).first()
            if twin is not None:
                change_log.objects.using(db).filter(content_type=twin).update(content_type=old)
                permission.objects.using(db).filter(content_type=twin).delete()
                twin.delete()
            old.app_label = target
            old.save(update_fields=["app_label"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("cooperatives", "0003_supervision_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0003_changelog_keys_unconstrained"),
    ]

    operations = [
        migrations.AlterModelTable(name="inspectionplan", table=None),
        migrations.AlterModelTable(name="inspection", table=None),
        migrations.AlterModelTable(name="finding", table=None),
        migrations.AlterModelTable(name="followup", table=None),
        migrations.RunPython(
            _move(source="cooperatives", target="supervision"), _move(source="supervision", target="cooperatives")
        ),
    ]
