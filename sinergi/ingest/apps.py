from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "sinergi.ingest"
    label = "ingest"
    verbose_name = _("Imports and record linkage")

    def ready(self) -> None:
        # Registers the import and linkage job handlers with sinergi.core.jobs.
        from sinergi.ingest import linkage_services, pipeline  # noqa: F401
