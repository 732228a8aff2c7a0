"""Reports made in the background: a PDF that takes more than a few seconds is queued as a ReportJob,
made by `python manage.py run_report_worker`, and downloaded from its status page.

The worker rebuilds the selection form with the job's own user, so a job never shows more than that user
may see at the moment it runs.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting.documents import REPORTS, ReportSpec
from reporting.models import ReportJob
from reporting.pdf import render_pdf
from reporting.permissions import available_reports

logger = logging.getLogger(__name__)

Status = ReportJob.Status

# A job still "bezig" after this long was left behind by a worker that stopped mid-job.
STALE_AFTER = datetime.timedelta(hours=1)
# Finished jobs and their files are removed after this long; the user can always ask again.
KEEP_FOR = datetime.timedelta(days=7)


class JobFailed(Exception):
    """A failure with a message meant for the user (the selection no longer valid, no access)."""


def enqueue_report(*, user, name: str, params: str) -> ReportJob:
    """Queue a PDF of report `name` with the selection `params` (a query string); returns the job.

    Asking again for the same report and selection while it is still waiting or being made returns that
    job, so a double click makes one PDF.
    """
    if name not in REPORTS:
        raise ValueError(f"Unknown report {name!r}")
    pending = ReportJob.objects.filter(
        user=user, name=name, params=params, status__in=[Status.QUEUED, Status.RUNNING]
    ).first()
    if pending is not None:
        return pending
    return ReportJob.objects.create(
        user=user, name=name, params=params, language=translation.get_language() or ""
    )


def claim_next_job() -> ReportJob | None:
    """Take the oldest waiting job and mark it as being made; None when nothing waits.

    On PostgreSQL concurrent workers skip each other's locked rows; everywhere the status change is a
    conditional update, so two workers never make the same job.
    """
    while True:
        with transaction.atomic():
            queryset = ReportJob.objects.filter(status=Status.QUEUED).order_by("created_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                queryset = queryset.select_for_update(skip_locked=True)
            job = queryset.select_related("user").first()
            if job is None:
                return None
            now = timezone.now()
            claimed = ReportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
                status=Status.RUNNING,
                started_at=now,
                finished_at=None,
                attempts=job.attempts + 1,
                progress="",
                error="",
            )
        if claimed:
            job.refresh_from_db()
            return job
        # Another worker took it between our read and our update: try the next one.


def _progress(job: ReportJob, text: str) -> None:
    job.progress = text
    job.save(update_fields=["progress"])


def cleaned_selection(*, user, name: str, params: str) -> tuple[ReportSpec, dict]:
    """The report's spec and cleaned selection for `user`, checked as the report page checks them.

    Raises JobFailed saying why not. The worker asks before it makes the PDF, the download before it
    hands the file out.
    """
    spec = REPORTS.get(name)
    if spec is None:
        raise JobFailed(_("Het rapport ‘%(name)s’ bestaat niet (meer).") % {"name": name})
    if spec not in available_reports(user):
        raise JobFailed(_("U mag dit rapport (nu) niet opvragen."))
    form = spec.form_class(QueryDict(params), user=user)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[field].label if field in form.fields else field}: {' '.join(errors)}"
            for field, errors in form.errors.items()
        )
        raise JobFailed(_("De selectie is niet (meer) geldig: %(problems)s") % {"problems": problems})
    return spec, form.cleaned_data


def _make_pdf(job: ReportJob) -> None:
    _progress(job, _("Gegevens verzamelen"))
    spec, cleaned = cleaned_selection(user=job.user, name=job.name, params=job.params)
    try:
        document = spec.build(job.user, cleaned)
    except ObjectDoesNotExist as error:
        raise JobFailed(_("U heeft geen toegang (meer) tot deze selectie.")) from error
    _progress(job, _("PDF opmaken"))
    content = render_pdf(document)
    _progress(job, _("Bestand opslaan"))
    old_file = job.file.name
    job.file.save("rapport.pdf", ContentFile(content), save=False)
    if old_file:
        job.file.storage.delete(old_file)
    job.filename = document.filename("pdf")
    job.status, job.error = Status.DONE, ""


def run_job(job: ReportJob) -> ReportJob:
    """Make the job's PDF and store it (status klaar); on any error the job is mislukt with a message."""
    with translation.override(job.language or None):
        try:
            _make_pdf(job)
        except JobFailed as error:
            # Expected (the selection or the user's access changed): no traceback; the worker logs it.
            job.status, job.error = Status.FAILED, str(error)
        except Exception as error:
            logger.exception("Report job %s (%s %s) failed", job.pk, job.name, job.params)
            explanation = _(
                "Het maken van de PDF is mislukt. Probeer het opnieuw; blijft het misgaan, meld dan "
                "deze foutmelding bij de functioneel beheerder."
            )
            job.status, job.error = Status.FAILED, f"{explanation}\n{type(error).__name__}: {error}"
        job.progress = ""
        job.finished_at = timezone.now()
        job.save()
    return job


def retry_job(*, job: ReportJob, user) -> ReportJob:
    """Put a failed job back in the queue; only its own user may, and only when it failed."""
    if job.user_id != getattr(user, "pk", None):
        raise ValidationError(_("Alleen wie het rapport aanvroeg, kan het opnieuw proberen."))
    if job.status != Status.FAILED:
        raise ValidationError(_("Alleen een mislukte taak kan opnieuw worden geprobeerd."))
    job.status = Status.QUEUED
    job.error = ""
    job.progress = ""
    job.started_at = None
    job.finished_at = None
    job.created_at = timezone.now()  # back of the queue, like a new request
    job.save(update_fields=["status", "error", "progress", "started_at", "finished_at", "created_at"])
    return job


def requeue_job(job: ReportJob) -> None:
    """Hand a job the worker was making back to the queue (the worker is stopping)."""
    ReportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.QUEUED, progress="", started_at=None
    )


def fail_stale_jobs(*, now: datetime.datetime | None = None) -> int:
    """Mark jobs left 'bezig' by a stopped worker as failed, so their users can retry; returns the count."""
    now = now or timezone.now()
    return ReportJob.objects.filter(status=Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=Status.FAILED,
        progress="",
        finished_at=now,
        error=_("De taak is afgebroken doordat de verwerker stopte. Probeer het opnieuw."),
    )


def purge_old_jobs(*, now: datetime.datetime | None = None) -> int:
    """Remove finished jobs older than KEEP_FOR with their files; returns how many."""
    now = now or timezone.now()
    old = ReportJob.objects.filter(
        status__in=[Status.DONE, Status.FAILED], finished_at__lt=now - KEEP_FOR
    ).only("pk", "file")
    count = 0
    for job in old.iterator():
        if job.file.name:
            job.file.storage.delete(job.file.name)
        job.delete()
        count += 1
    return count
