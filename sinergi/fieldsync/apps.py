from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldSyncConfig(AppConfig):
    name = "sinergi.fieldsync"
    label = "fieldsync"
    verbose_name = _("Field work")

    def ready(self) -> None:
        # On a checked-out laptop, every change-log row of a synced model also fills the outbox.
        # The checkout, sync and daily release jobs register their handlers.
        from sinergi.fieldsync import outbox, tasks  # noqa: F401
