"""Tell people about work waiting for them: an in-app notice and the same text by e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from partners.models import Membership, Notification, User


def users_with_role(
    role: str, *, municipality_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
) -> list[User]:
    """Active users holding `role` for one of the municipalities or organisations."""
    memberships = Membership.objects.filter(role=role, user__is_active=True)
    if role == Membership.Role.ORGANISATION_USER:
        memberships = memberships.filter(organisation__in=list(organisation_ids))
    else:
        memberships = memberships.filter(municipality__in=list(municipality_ids))
    return list(User.objects.filter(pk__in=memberships.values("user")).order_by("pk"))


def notify(
    *, recipients: Iterable[User], subject: str, message: str, url: str = "", base_url: str = ""
) -> int:
    """Create a notice for every recipient and, once the transaction commits, e-mail those with an address."""
    recipients = list({user.pk: user for user in recipients}.values())
    Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject, message=message, url=url) for user in recipients
    )
    link = f"\n\n{base_url}{url}" if url else ""
    mails = [
        (subject, f"{message}{link}", settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return len(recipients)


def notifications_for(user) -> QuerySet[Notification]:
    """The user's own notices, newest first: another user's notice is never in it."""
    return Notification.objects.filter(recipient=user.pk).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """How many of the user's notices are unread: one COUNT query."""
    return Notification.objects.filter(recipient=user.pk, read_at__isnull=True).count()


@transaction.atomic
def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notices read, or all of them when none is given; returns how many changed."""
    notices = notifications_for(user).filter(read_at__isnull=True)
    if notification is not None:
        notices = notices.filter(pk=notification.pk)
    return notices.update(read_at=timezone.now())
