from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from sinergi.indicators.catalogue import install

    install(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
