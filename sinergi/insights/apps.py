from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Reads only: the home page of each role (and, later, indicators, dashboards and reports upward)."""

    name = "sinergi.insights"
    label = "insights"
    verbose_name = _("Insights")
