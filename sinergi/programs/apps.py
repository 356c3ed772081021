from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "sinergi.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # Registers the applicant and poverty-list import targets with sinergi.ingest.targets.
        from sinergi.programs import imports  # noqa: F401
