from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sinergi.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sinergi.registry.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="registry.sqlite_functions")
