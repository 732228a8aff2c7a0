"""The second sign-in step: entering a code from the authenticator app, or setting the app up."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partners import audit, two_factor
from partners.forms import SecondFactorForm
from partners.models import AuditEvent


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "home"


def _check(request, device, form) -> bool:
    """Validate the form and the code against the device; explain a refusal at the field."""
    if not form.is_valid():
        return False
    wait = two_factor.throttle_wait(device)
    if wait:
        form.add_error(
            "otp_token",
            _("Te veel foute codes. Wacht %(seconds)s seconden en probeer dan de nieuwe code.")
            % {"seconds": wait},
        )
    elif not two_factor.verify(request, device, form.cleaned_data["otp_token"]):
        form.add_error(
            "otp_token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code uit de app.")
        )
    return not form.errors


@never_cache
@login_required
def otp_verify(request):
    """After the password: the code from the app the user set up before."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('partners:otp-setup')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _check(request, device, form):
            audit.record(AuditEvent.Action.SECOND_FACTOR_PASSED, request=request, obj=device)
            return redirect(_next_url(request))
        audit.record(AuditEvent.Action.SECOND_FACTOR_FAILED, request=request, obj=device)
    context = {"form": form, "next": _next_url(request) if request.GET.get("next") else ""}
    return render(request, "registration/otp_verify.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def otp_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), then confirm with a code.

    A user who already has an app must pass it first: a stolen password alone must not be enough to
    register another app. A lost phone is reset by the functional admin (delete the device in Beheer)."""
    if two_factor.confirmed_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('partners:otp-verify')}?{request.GET.urlencode()}")
    device = two_factor.pending_device(request.user)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _check(request, device, form):
        two_factor.keep_only(device)
        audit.record(AuditEvent.Action.SECOND_FACTOR_SET_UP, request=request, obj=device)
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request) if request.GET.get("next") else "",
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": _grouped(device),
        "already_set_up": two_factor.confirmed_device(request.user) is not None,
    }
    return render(request, "registration/otp_setup.html", context, status=400 if form.errors else 200)


def _grouped(device) -> str:
    """The base32 key in groups of four, for typing it into the app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
