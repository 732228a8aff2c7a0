"""Signing in through the real pages: password, second step, lock-out, idle sessions, audit log."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import AuditEvent
from tests.conftest import PASSWORD
from tests.helpers import totp_code, totp_device

ROOT = Path(__file__).resolve().parents[2]
LOGIN = reverse("login")
VERIFY = reverse("partners:otp-verify")
SETUP = reverse("partners:otp-setup")


def sign_in(user, password=PASSWORD, address="192.0.2.10", next_url=""):
    """A fresh browser that posts the login form; returns the client and the response."""
    client = Client(REMOTE_ADDR=address)
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client, client.post(LOGIN, data)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_an_officer_without_an_app_is_led_to_set_one_up_before_any_page(world):
    officer = world.users["officer"]
    client, response = sign_in(officer, next_url="/kaders/")
    assert response.status_code == 302

    page = client.get("/kaders/")

    assert page.status_code == 302
    assert page["Location"] == f"{SETUP}?next=%2Fkaders%2F"
    setup = client.get(page["Location"])
    assert setup.status_code == 200
    assert b"data:image/svg+xml" in setup.content  # the QR code, made on the server
    assert TOTPDevice.objects.filter(user=officer, confirmed=False).count() == 1
    assert b"Beleidskaders" not in setup.content  # no menu before the second step


def test_setting_up_the_app_needs_a_correct_code_and_then_opens_the_pages(world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the slow-down after a wrong code is tested below
    officer = world.users["officer"]
    client, _ = sign_in(officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)

    wrong = client.post(SETUP, {"otp_token": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet of is verlopen" in wrong.content.decode()
    assert client.get("/kaders/").status_code == 302

    right = client.post(SETUP, {"otp_token": totp_code(device), "next": "/kaders/"})

    assert right.status_code == 302 and right["Location"] == "/kaders/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/kaders/").status_code == 200
    assert actions() == ["aangemeld", "tweede_stap_ingesteld"]


def test_an_officer_with_an_app_enters_its_code_after_the_password(world):
    officer = world.users["officer"]
    device = totp_device(officer)
    client, _ = sign_in(officer)

    page = client.get("/kaders/")
    assert page["Location"] == f"{VERIFY}?next=%2Fkaders%2F"
    key_before = client.session.session_key
    response = client.post(VERIFY, {"otp_token": totp_code(device), "next": "/kaders/"})

    assert response.status_code == 302 and response["Location"] == "/kaders/"
    assert client.get("/kaders/").status_code == 200
    assert client.session.session_key != key_before  # a new key once the session gains its rights
    assert actions() == ["aangemeld", "tweede_stap"]


def test_a_password_alone_cannot_register_another_app(world):
    """With a stolen password, the set-up page must not let the thief add their own phone."""
    officer = world.users["officer"]
    totp_device(officer)
    client, _ = sign_in(officer)

    response = client.get(SETUP)

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_new_app_replaces_the_old_one_after_the_second_step(world):
    officer = world.users["officer"]
    old = totp_device(officer)
    client = world.client("officer")

    client.get(SETUP)
    new = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post(SETUP, {"otp_token": totp_code(new)})

    assert list(TOTPDevice.objects.filter(user=officer)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_wrong_codes_are_slowed_down_with_a_dutch_message(world):
    officer = world.users["officer"]
    device = totp_device(officer)
    client, _ = sign_in(officer)
    wrong = "000000" if totp_code(device) != "000000" else "111111"

    client.post(VERIFY, {"otp_token": wrong})
    response = client.post(VERIFY, {"otp_token": totp_code(device)})  # right, but too soon after

    assert response.status_code == 400
    assert "Te veel foute codes" in response.content.decode()
    assert client.get("/kaders/").status_code == 302
    assert actions().count("tweede_stap_mislukt") == 2


def test_a_code_that_is_not_six_digits_is_explained_at_the_field(world):
    totp_device(world.users["officer"])
    client, _ = sign_in(world.users["officer"])

    response = client.post(VERIFY, {"otp_token": "12ab"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Vul de zes cijfers in die de app toont." in content
    assert 'value="12ab"' in content


@pytest.mark.parametrize("role", ["alderman", "admin"])
def test_aldermen_and_functional_admins_need_the_second_step_too(world, role):
    client, _ = sign_in(world.users[role])
    assert client.get("/kaders/")["Location"].startswith(SETUP)


def test_an_organisation_user_may_work_without_an_app(world):
    client, response = sign_in(world.users["organisation"])
    assert response.status_code == 302
    assert client.get(reverse("agreements:portal-home")).status_code == 200


def test_an_organisation_user_who_set_up_an_app_must_use_it(world):
    user = world.users["organisation"]
    client, _ = sign_in(user)
    client.get(SETUP)
    client.post(SETUP, {"otp_token": totp_code(TOTPDevice.objects.get(user=user))})

    later, _ = sign_in(user)

    assert later.get(reverse("agreements:portal-home"))["Location"].startswith(VERIFY)


def test_sign_out_and_the_language_stay_reachable_before_the_second_step(world):
    client, _ = sign_in(world.users["officer"])
    assert client.post(reverse("set_language"), {"language": "en", "next": SETUP}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/kaders/")["Location"].startswith(LOGIN)


# Lock-out (django-axes)


def test_five_wrong_passwords_lock_that_username_out_from_that_address(world):
    officer = world.users["officer"]
    for _ in range(4):
        _, response = sign_in(officer, password="fout")
        assert response.status_code == 200
        assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()

    _, locked = sign_in(officer, password="fout")
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
    assert "15 minuten" in locked.content.decode()

    _, right_password = sign_in(officer)
    assert right_password.status_code == 429  # the right password does not help during the lock-out
    _, elsewhere = sign_in(officer, address="198.51.100.7")
    assert elsewhere.status_code == 302  # a colleague cannot be locked out from another address
    assert actions().count("aanmelden_mislukt") >= 5
    assert "geblokkeerd" in actions()


def test_a_failed_sign_in_is_logged_with_the_username_and_address(world, caplog):
    with caplog.at_level(logging.INFO, logger="audit"):
        sign_in(world.users["officer"], password="fout", address="203.0.113.5")

    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert (event.username, event.ip_address, event.user) == (
        world.users["officer"].username,
        "203.0.113.5",
        None,
    )
    assert "fout" not in str(event.__dict__)  # the password is never stored
    assert any("aanmelden_mislukt" in message for message in caplog.messages)


def test_a_sign_in_is_logged_with_user_time_and_address(world):
    before = timezone.now()
    sign_in(world.users["organisation"], address="203.0.113.9")

    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGNED_IN)
    assert event.user == world.users["organisation"]
    assert event.ip_address == "203.0.113.9"
    assert before <= event.created_at <= timezone.now()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(world, settings):
    settings.BEHIND_PROXY = True
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.20")
    client.post(LOGIN, {"username": world.users["organisation"].username, "password": PASSWORD})
    assert AuditEvent.objects.get(action="aangemeld").ip_address == "203.0.113.20"


# Sessions and passwords


def test_a_session_ends_after_thirty_idle_minutes(world, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = world.client("organisation")
    assert client.get(reverse("agreements:portal-home")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get(reverse("agreements:portal-home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_activity_renews_the_session_at_most_once_a_minute(world, monkeypatch):
    client = world.client("organisation")
    session = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timezone.timedelta(minutes=5))

    client.get(reverse("agreements:portal-home"))
    assert Session.objects.get().expire_date < timezone.now() + timezone.timedelta(minutes=6)

    import partners.middleware

    later = partners.middleware.time.time() + 61
    monkeypatch.setattr(partners.middleware.time, "time", lambda: later)
    client.get(reverse("agreements:portal-home"))
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + timezone.timedelta(minutes=29)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1!", "Dit wachtwoord is te kort: gebruik minstens 12 tekens."),
        ("password1234", "Dit wachtwoord is te algemeen."),
        ("123456789012345", "Dit wachtwoord bevat alleen cijfers."),
        ("Welkom2026!!", "Dit wachtwoord is te makkelijk te raden"),
        ("Wachtwoord-12", "Dit wachtwoord is te makkelijk te raden"),
    ],
)
def test_weak_passwords_are_refused_in_dutch(world, password, message):
    """Twelve characters at least, not a known or stock-word password (NCSC guidance)."""
    form = PasswordChangeForm(
        world.users["officer"],
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert not form.is_valid()
    assert any(message in error for error in form.errors["new_password2"])


# Headers and production settings


def test_pages_carry_a_content_security_policy_without_inline_code(world):
    response = world.client("officer").get("/kaders/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert 'style="' not in response.content.decode()


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x7" * 30 + "-productie-sleutel-met-genoeg-verschillende-tekens",
        "DJANGO_ALLOWED_HOSTS": "prestatieafspraken.gemeente.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_long_password_of_ordinary_words_is_accepted(world):
    password = "fiets lantaarn koffie 7"
    form = PasswordChangeForm(
        world.users["officer"],
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert form.is_valid(), form.errors
