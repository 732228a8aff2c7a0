"""Reports made in the background: one row per requested PDF, picked up by `run_report_worker`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.storage import private_storage


def job_file_path(instance, filename: str) -> str:
    # The stored name never comes from the report: the download name is kept in `filename`.
    return f"rapporten/{instance.pk}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class ReportJob(models.Model):
    """A PDF asked for by one user, made by the worker; only that user sees, downloads or retries it."""

    class Status(models.TextChoices):
        QUEUED = "wachtend", _("wachtend")
        RUNNING = "bezig", _("bezig")
        DONE = "klaar", _("klaar")
        FAILED = "mislukt", _("mislukt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("gebruiker"),
    )
    name = models.CharField(_("rapport"), max_length=80)  # key in reporting.documents.REPORTS
    params = models.TextField(_("selectie"), blank=True)  # the selection form's query string
    # The report is made in the language the user asked in, whatever the worker's default.
    language = models.CharField(_("taal"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The worker's stage while it makes the PDF, in the job's language; empty otherwise (see progress_text).
    progress = models.CharField(_("voortgang"), max_length=200, blank=True)
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=job_file_path, max_length=255, blank=True
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapporttaak")
        verbose_name_plural = _("rapporttaken")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="reportjob_queue_idx")]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        """Still waiting or being made: the status page keeps refreshing."""
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def progress_text(self) -> str:
        """What the status page says the job is at; "in de wachtrij" is said in the reader's language."""
        return gettext("In de wachtrij") if self.status == self.Status.QUEUED else self.progress
