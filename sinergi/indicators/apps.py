from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sinergi.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Registers the analytics refresh jobs (and their schedule) and the targets' import target.
        from sinergi.indicators import tasks  # noqa: F401
