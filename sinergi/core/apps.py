from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sinergi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sinergi.core import backup, lookups  # noqa: F401 - register the backup job and field__any
        from sinergi.core.middleware import remember_zone_on_login

        user_logged_in.connect(remember_zone_on_login, dispatch_uid="sinergi.remember_zone_on_login")
