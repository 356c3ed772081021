from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "sinergi.ingest"
    label = "ingest"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Declares the business import target, whose import registers its job handler with sinergi.core.jobs.
        from sinergi.ingest import imports  # noqa: F401
