"""Two-factor authentication with a TOTP app (django-otp): who needs it and how a session passes it.

Municipal staff, aldermen, functional admins and Django staff must pass the second step after their
password; organisation users may set it up themselves, and once they have, they must pass it too."""

from __future__ import annotations

import django_otp
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.permissions import access_for

ENROLLED_SESSION_KEY = "second_factor_enrolled"
DEVICE_NAME = "authenticator"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's authenticator app, once its first code was accepted."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(request) -> bool:
    """Whether this signed-in session must pass the second step before it may do anything else."""
    user = request.user
    if user.is_staff or user.is_superuser or access_for(user).is_municipal:
        return True
    return bool(request.session.get(ENROLLED_SESSION_KEY))


def pending_device(user) -> TOTPDevice:
    """The device being set up: one unconfirmed device per user, so reloading the page keeps its QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def keep_only(device: TOTPDevice) -> None:
    """A newly set-up app replaces the user's earlier one (a new phone)."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()


def throttle_wait(device: TOTPDevice) -> int:
    """Seconds the user must wait after too many wrong codes (0 when a code may be tried now)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or not info.get("locked_until"):
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds()))


def verify(request, device: TOTPDevice, token: str) -> bool:
    """Check a code against the device; on success the session is verified and its key renewed."""
    token = (token or "").replace(" ", "")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not token.isdigit() or not device.verify_token(token):
            return False
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    # A new session key at the moment the session gains rights, as after the password.
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True
    return True


@receiver(user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    """At sign-in: a user who set up an app must use it this session, whatever their role."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
