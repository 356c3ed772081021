from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sinergi.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        # Pages and endpoints announce what personal data they showed in full (sinergi.core.personal);
        # the access log is written here, so the registry does not depend on this app.
        from sinergi.core.personal import personal_data_shown
        from sinergi.privacy.services import record_shown

        personal_data_shown.connect(record_shown, dispatch_uid="privacy.record_shown")
