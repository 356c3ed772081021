from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sinergi.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The built-in dataset sources and the report job register themselves on import.
        from sinergi.reports import sources, tasks  # noqa: F401
