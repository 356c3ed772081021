from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "sinergi.cooperatives"
    label = "cooperatives"
    verbose_name = _("Cooperatives")

    def ready(self) -> None:
        # Registers the batch-scoring and report-import job handlers with sinergi.core.jobs, and the
        # annual-report import target with sinergi.ingest.targets.
        from sinergi.cooperatives import imports  # noqa: F401
        from sinergi.cooperatives.services import batch  # noqa: F401
