from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkProgramsConfig(AppConfig):
    name = "sinergi.workprograms"
    label = "workprograms"
    verbose_name = _("Association work programs")

    def ready(self) -> None:
        from sinergi.workprograms import reminders  # noqa: F401 - register the daily reminder job
