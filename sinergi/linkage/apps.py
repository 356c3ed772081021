from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "sinergi.linkage"
    label = "linkage"
    verbose_name = _("Record linkage")

    def ready(self) -> None:
        # Registers the linkage job handler with sinergi.core.jobs.
        from sinergi.linkage import services  # noqa: F401
