from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "sinergi.purchasing"
    label = "purchasing"
    verbose_name = "Civil servants' purchasing"

    def ready(self) -> None:
        from sinergi.purchasing import imports  # noqa: F401  (registers the import target)
