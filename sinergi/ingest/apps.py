from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "sinergi.ingest"
    label = "ingest"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Registers the import job handler with sinergi.core.jobs.
        from sinergi.ingest import pipeline  # noqa: F401
