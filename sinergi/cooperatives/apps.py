from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "sinergi.cooperatives"
    label = "cooperatives"
    verbose_name = _("Cooperatives")

    def ready(self) -> None:
        # Registers the batch-scoring job handler with sinergi.core.jobs.
        from sinergi.cooperatives.services import batch  # noqa: F401
