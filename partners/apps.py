from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners en gebruikers")

    def ready(self):
        from axes.signals import user_locked_out

        from partners import audit, middleware, two_factor  # noqa: F401 (their signal receivers)

        user_locked_out.connect(audit.locked_out, dispatch_uid="partners.audit.locked_out")
