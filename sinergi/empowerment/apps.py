from django.apps import AppConfig


class EmpowermentConfig(AppConfig):
    name = "sinergi.empowerment"
    label = "empowerment"
    verbose_name = "Empowerment groups"

    def ready(self) -> None:
        from sinergi.empowerment import imports  # noqa: F401  (registers the import targets)
