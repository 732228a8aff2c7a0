"""Save a checked bulk upload: one save_report per changed assignment, all in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from agreements.bulk.data import BulkData
from agreements.bulk.reading import Changes, ParsedUpload
from agreements.models import PeriodReport, ReportEvent
from agreements.services.reports import save_report


@dataclass(frozen=True)
class SavedUpload:
    changes: Changes
    reports: list[PeriodReport]


@transaction.atomic
def save_upload(
    *, data: BulkData, upload: ParsedUpload, user, file_name: str, today: datetime.date | None = None
) -> SavedUpload:
    """Save the changes of a checked upload, all or nothing; each changed report records a "bulk" step.

    save_report raises (and so rolls back every report) if one was submitted or closed in the meantime.
    """
    total = Changes()
    changed_reports = []
    counts = upload.changes
    for assignment in data.assignments:
        changes = counts.get(assignment.pk)
        if changes is None:
            continue
        before = data.reports.get(assignment.pk)
        entered = upload.report_input(assignment.pk)
        report = save_report(
            assignment=assignment, period=data.period, user=user, entered=entered, version=None, today=today
        )
        if report.version == (before.version if before else 1):
            continue  # someone saved the same values in between: nothing changed after all
        total += changes
        changed_reports.append(report)
        comment = _("Uit %(file)s: %(values)s waarde(n), %(hours)s urenregel(s) en %(costs)s kostenregel(s).")
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.UPLOADED,
            by=user,
            comment=comment
            % {
                "file": file_name[:120],
                "values": changes.values,
                "hours": changes.hours,
                "costs": changes.costs,
            },
        )
    return SavedUpload(changes=total, reports=changed_reports)
