"""Background PDFs: the user's own jobs, a status page that refreshes itself, download and retry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partners.permissions import login_required_403
from reporting import jobs
from reporting.documents import REPORTS
from reporting.models import ReportJob
from reporting.views import record_download

RECENT_JOBS = 50


def _own_job(request, pk: int) -> ReportJob:
    """Only the user who asked for a job sees it; anyone else gets 404."""
    return get_object_or_404(ReportJob.objects.filter(user=request.user), pk=pk)


def _label(job: ReportJob) -> str:
    spec = REPORTS.get(job.name)
    return str(spec.label) if spec else job.name


def _still_allowed(user, job: ReportJob) -> bool:
    """The file is only handed out while the user may still ask for this report and selection."""
    try:
        jobs.cleaned_selection(user=user, name=job.name, params=job.params)
    except jobs.JobFailed:
        return False
    return True


def _elapsed(job: ReportJob) -> int | None:
    """Whole seconds the worker has been making this job, while it does."""
    if job.status != ReportJob.Status.RUNNING or job.started_at is None:
        return None
    return max(0, int((timezone.now() - job.started_at).total_seconds()))


def _status(job: ReportJob) -> dict:
    data = {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress_text,
        "elapsed": _elapsed(job),
        "pending": job.is_pending,
    }
    if job.status == ReportJob.Status.DONE:
        data["download_url"] = reverse("reporting:job-download", args=[job.pk])
    if job.status == ReportJob.Status.FAILED:
        data["error"] = job.error
    return data


@login_required_403
@require_GET
def job_list(request):
    recent = list(ReportJob.objects.filter(user=request.user).defer("error")[:RECENT_JOBS])
    rows = [(job, _label(job)) for job in recent]
    return render(request, "reporting/job_list.html", {"rows": rows})


@login_required_403
@require_GET
def job_detail(request, pk):
    job = _own_job(request, pk)
    waiting_before = 0
    if job.status == ReportJob.Status.QUEUED:
        waiting_before = ReportJob.objects.filter(
            status=ReportJob.Status.QUEUED, created_at__lt=job.created_at
        ).count()
    context = {
        "job": job,
        "label": _label(job),
        "waiting_before": waiting_before,
        "elapsed": _elapsed(job),
        "report_url": reverse("reporting:report", args=[job.name]) + f"?{job.params}"
        if job.name in REPORTS
        else "",
    }
    return render(request, "reporting/job_detail.html", context)


@login_required_403
@require_GET
def job_status(request, pk):
    """The status page's poll: status, progress text and, when ready, the download address."""
    return JsonResponse(_status(_own_job(request, pk)))


@login_required_403
@require_GET
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file.name or not _still_allowed(request.user, job):
        raise Http404
    try:
        handle = job.file.storage.open(job.file.name, "rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Het bestand van dit rapport is niet gevonden.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename or "rapport.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    record_download(request, job.name, job.filename, f"taak {job.pk}; {job.params}")
    return response


@login_required_403
@require_POST
def job_retry(request, pk):
    job = _own_job(request, pk)
    try:
        jobs.retry_job(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De taak staat opnieuw in de wachtrij."))
    return redirect("reporting:job-detail", pk=job.pk)
