"""The audit log: who signed in (or failed to), who passed the second step, who downloaded what.

Every event is one AuditEvent row and one line on the `audit` logger, so it reaches both the admin
and the server's log collection."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from partners.models import AuditEvent

logger = logging.getLogger("audit")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind one trusted proxy the address it appended."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    request=None,
    user=None,
    username: str = "",
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: str = "",
) -> AuditEvent:
    """Write one audit event; the user defaults to the request's, the object's fields to `obj`'s."""
    if user is None and request is not None and getattr(request.user, "is_authenticated", False):
        user = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    event = AuditEvent.objects.create(
        action=action,
        user=user if getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", ""))[:150],
        ip_address=client_ip(request),
        object_type=object_type[:100],
        object_id=object_id[:100],
        object_repr=object_repr[:255],
        detail=detail[:1000],
    )
    logger.info(
        "%s user=%s ip=%s object=%s:%s %s",
        action,
        event.username or "-",
        event.ip_address or "-",
        event.object_type or "-",
        event.object_id or "-",
        event.detail,
    )
    return event


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.SIGNED_IN, request=request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    record(AuditEvent.Action.SIGN_IN_FAILED, request=request, username=str(credentials.get("username", "")))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Action.SIGNED_OUT, request=request, user=user)


def locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes locked this username and address out (connected in PartnersConfig.ready)."""
    record(AuditEvent.Action.LOCKED_OUT, request=request, username=username or "")
