"""Reporting periods, performance indicators, realisations and the period report with its review trail."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.plan import HOURS, Agreement, Assignment
from agreements.storage import private_storage
from effects.models import MONEY, IndicatorDefinition, MeasuredValue, PolicyFramework, TargetDefinition
from partners.models import Municipality, Organisation, user_reference


class ReportingPeriod(models.Model):
    """Rapportageperiode: year, half year or quarter, with an opening date and a deadline."""

    class Kind(models.TextChoices):
        YEAR = "jaar", _("jaar")
        HALF_YEAR = "halfjaar", _("halfjaar")
        QUARTER = "kwartaal", _("kwartaal")

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("beleidskader"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="periods",
        null=True,
        blank=True,
        verbose_name=_("afspraak"),
        help_text=_("Leeg: de periode geldt voor alle afspraken van het beleidskader."),
    )
    slug = models.SlugField(_("sleutel"), max_length=80)
    name = models.CharField(_("naam"), max_length=255)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    year = models.PositiveIntegerField(_("jaar"))
    number = models.PositiveSmallIntegerField(_("nummer"), null=True, blank=True)
    opens_on = models.DateField(_("opent op"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    is_closed = models.BooleanField(_("gesloten"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportageperiode")
        verbose_name_plural = _("rapportageperiodes")
        ordering = ["framework", "year", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="period_slug_unique")]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day) -> bool:
        """Open for reporting: its opening date has come and the officer has not closed it."""
        return not self.is_closed and (self.opens_on is None or self.opens_on <= day)

    def is_past_deadline_on(self, day) -> bool:
        return self.deadline is not None and day > self.deadline


class PerformanceIndicator(IndicatorDefinition):
    """Prestatie- of resultaatindicator of an assignment."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("opdracht")
    )
    history = HistoricalRecords()

    class Meta(IndicatorDefinition.Meta):
        verbose_name = _("prestatie-indicator")
        verbose_name_plural = _("prestatie-indicatoren")


class PerformanceTarget(TargetDefinition):
    indicator = models.ForeignKey(
        PerformanceIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="targets",
        null=True,
        blank=True,
        verbose_name=_("periode"),
    )
    history = HistoricalRecords()

    class Meta(TargetDefinition.Meta):
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")


class Realisation(MeasuredValue):
    """A realised value for one indicator in one period (and municipality), with its review trail."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        SUBMITTED = "ingediend", _("ingediend")
        APPROVED = "goedgekeurd", _("goedgekeurd")
        RETURNED = "teruggestuurd", _("teruggestuurd")

    indicator = models.ForeignKey(
        PerformanceIndicator,
        on_delete=models.CASCADE,
        related_name="realisations",
        verbose_name=_("indicator"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="realisations",
        verbose_name=_("periode"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="realisations",
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_by = user_reference(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    reviewed_by = user_reference(_("beoordeeld door"))
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.TextField(_("opmerking beoordelaar"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Who submitted and reviewed is told by the report's steps; the value's history shows what changed.
    history_hidden_fields = ("status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at")

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["indicator", "period", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "municipality"], name="realisation_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(municipality__isnull=True),
                name="realisation_unique_without_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.period}"


class PeriodReport(models.Model):
    """The report of one assignment for one period: its values, hours and costs go in together."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        SUBMITTED = "ingediend", _("ingediend")
        RETURNED = "teruggestuurd", _("teruggestuurd")
        APPROVED = "goedgekeurd", _("goedgekeurd")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("opdracht")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("periode")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_by = user_reference(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    is_late = models.BooleanField(_("te laat ingediend"), default=False)
    reviewed_by = user_reference(_("beoordeeld door"))
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perioderapportage")
        verbose_name_plural = _("perioderapportages")
        ordering = ["period", "assignment"]
        constraints = [models.UniqueConstraint(fields=["assignment", "period"], name="period_report_unique")]
        indexes = [models.Index(fields=["status", "period"], name="period_report_status")]

    def __str__(self) -> str:
        return f"{self.assignment.display_title} – {self.period}"

    @property
    def is_editable_by_organisation(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportEvent(models.Model):
    """One step in a report's life, or a comment in its thread: who, when and what they wrote."""

    class Kind(models.TextChoices):
        SUBMITTED = "ingediend", _("ingediend")
        RETURNED = "teruggestuurd", _("teruggestuurd")
        APPROVED = "goedgekeurd", _("goedgekeurd")
        REOPENED = "heropend", _("heropend")
        COMMENT = "opmerking", _("opmerking")
        UPLOADED = "bulk", _("ingelezen uit Excel")

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("rapportage")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    by = user_reference(_("door"))
    at = models.DateTimeField(_("op"), default=timezone.now)
    comment = models.TextField(_("opmerking"), blank=True)

    class Meta:
        verbose_name = _("stap of opmerking")
        verbose_name_plural = _("verloop en opmerkingen")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d-%m-%Y %H:%M}"


class RealisedHours(models.Model):
    """Realised direct hours of a report for one municipality and category."""

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="hours", verbose_name=_("rapportage")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    category = models.CharField(_("categorie"), max_length=255, blank=True)
    hours = models.DecimalField(_("gerealiseerde uren"), null=True, blank=True, **HOURS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gerealiseerde uren")
        verbose_name_plural = _("gerealiseerde uren")
        ordering = ["report", "municipality", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "municipality", "category"], name="realised_hours_unique"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) | Q(hours__isnull=True),
                name="realised_hours_not_negative",
                violation_error_message=_("Het aantal uren kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours}"


class RealisedCost(models.Model):
    """Realised direct costs and revenues of a report for one municipality."""

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="costs", verbose_name=_("rapportage")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    direct_costs = models.DecimalField(_("directe kosten"), null=True, blank=True, **MONEY)
    direct_revenue = models.DecimalField(_("directe baten"), null=True, blank=True, **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gerealiseerde kosten en baten")
        verbose_name_plural = _("gerealiseerde kosten en baten")
        ordering = ["report", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["report", "municipality"], name="realised_cost_unique"),
            models.CheckConstraint(
                condition=(Q(direct_costs__gte=0) | Q(direct_costs__isnull=True))
                & (Q(direct_revenue__gte=0) | Q(direct_revenue__isnull=True)),
                name="realised_cost_not_negative",
                violation_error_message=_("Kosten en baten kunnen niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direct_costs} / {self.direct_revenue}"


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the user: the original name is kept in a field.
    return f"rapportages/{instance.report_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class ReportAttachment(models.Model):
    """Evidence attached to a report, stored outside the web root and served through a permission check."""

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("rapportage")
    )
    file = models.FileField(_("bestand"), storage=private_storage, upload_to=attachment_path, max_length=255)
    name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=120)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = user_reference(_("toegevoegd door"))
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReminderSent(models.Model):
    """A deadline reminder sent to one organisation for one period; kept so each goes out once."""

    class Kind(models.TextChoices):
        UPCOMING = "voor_deadline", _("deadline nadert")
        OVERDUE = "na_deadline", _("deadline verstreken")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("periode")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["period", "organisation", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.period} ({self.get_kind_display()})"
