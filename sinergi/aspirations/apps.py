from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirationsConfig(AppConfig):
    name = "sinergi.aspirations"
    label = "aspirations"
    verbose_name = _("Aspirations")

    def ready(self) -> None:
        # Registers the aspirations' import target with sinergi.ingest.targets, and the hourly closing job.
        from sinergi.aspirations import imports, tasks  # noqa: F401
