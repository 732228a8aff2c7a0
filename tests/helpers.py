"""Small helpers shared by tests."""

from django.apps import apps

DOMAIN_APPS = ("partners", "effects", "agreements")


def row_counts(include_history: bool = True) -> dict[str, int]:
    """Rows per model of the domain apps (history tables included): a snapshot to compare."""
    return {
        model._meta.label: model.objects.count()
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if include_history or not model.__name__.startswith("Historical")
    }


ROLES = ["officer", "alderman", "organisation", "other_organisation", "other_officer", "admin", "anonymous"]


def totp_device(user):
    """The user's confirmed TOTP device (made on first use): what an authenticator app would hold."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device) -> str:
    """The code the authenticator app shows now for this device."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
