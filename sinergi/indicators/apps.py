from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sinergi.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Registers the analytics refresh jobs (and their schedule) and the targets' import target.
        # The Peta Jalan import target and the indicator-backed dataset sources register themselves too.
        from sinergi.indicators import datasets, imports, tasks  # noqa: F401
