from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapportages")

    def ready(self):
        # Importing the builders registers the reports.
        from reporting import builders  # noqa: F401
