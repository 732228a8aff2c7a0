"""Writes of evidence attachments: add a file to a period report, or remove it again."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.attachments import check_upload
from agreements.models import Assignment, PeriodReport, ReportAttachment, ReportingPeriod
from agreements.permissions import may_enter_report
from agreements.services.reports import check_report_writable, locked_report


def _refuse_foreign_period(assignment: Assignment, period: ReportingPeriod) -> None:
    agreement = assignment.agreement
    if period.framework_id != agreement.framework_id or period.agreement_id not in (None, agreement.pk):
        raise ValidationError(_("Deze periode hoort niet bij deze opdracht."), code="foreign")


@transaction.atomic
def add_attachment(
    *,
    assignment: Assignment,
    period: ReportingPeriod,
    user,
    upload,
    today: datetime.date | None = None,
) -> ReportAttachment:
    """Attach an uploaded file to the report (created if needed) while the organisation may change it."""
    if not may_enter_report(user, assignment):
        raise PermissionDenied(_("U mag bij deze opdracht geen bijlagen toevoegen."))
    _refuse_foreign_period(assignment, period)
    report, _created = locked_report(assignment, period)
    # Same rule as for the values: own organisation, concept or returned, period open unless returned.
    check_report_writable(user, report, today or timezone.localdate())
    checked = check_upload(upload)
    attachment = ReportAttachment(
        report=report,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    upload.seek(0)
    # The stored name comes from attachment_path, never from the user; the argument is ignored there.
    attachment.file.save("bijlage", upload, save=False)
    try:
        attachment._history_user = user
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: ReportAttachment, user, today: datetime.date | None = None) -> None:
    """Remove an attachment from a report the organisation may still change; the file goes after commit."""
    report = (
        PeriodReport.objects.select_for_update()
        .select_related("assignment__agreement", "period")
        .get(pk=attachment.report_id)
    )
    if not may_enter_report(user, report.assignment):
        raise PermissionDenied(_("U mag bij deze opdracht geen bijlagen verwijderen."))
    check_report_writable(user, report, today or timezone.localdate())
    storage, stored_name = attachment.file.storage, attachment.file.name
    attachment._history_user = user
    attachment.delete()
    if stored_name:
        transaction.on_commit(lambda: storage.delete(stored_name))
