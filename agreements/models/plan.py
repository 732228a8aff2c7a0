"""The plan: agreements, their sections, subsidy and budget, assignments with planned hours and money."""

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from effects.codes import natural_sort_key
from effects.models import (
    MONEY,
    PolicyFramework,
    Role,
    Section,
    SmartGoal,
    SocietalEffect,
)
from partners.models import Municipality, Organisation, user_reference

HOURS = {"max_digits": 10, "decimal_places": 2}


class Agreement(models.Model):
    """Afspraak / beschikking between one or more municipalities and one organisation."""

    class Kind(models.TextChoices):
        DECISION = "beschikking", _("beschikking")
        MULTI_YEAR_DECISION = "meerjarenbeschikking", _("meerjarenbeschikking")
        CONTRACT = "overeenkomst", _("overeenkomst")
        INTERNAL = "interne_opdracht", _("interne opdracht")
        ANNUAL_PLAN = "jaarplan", _("jaarplan / subsidieaanvraag")

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        SUBMITTED = "ingediend", _("ingediend")
        AGREED = "afgestemd", _("afgestemd")
        ADOPTED = "vastgesteld", _("vastgesteld")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.PROTECT,
        related_name="agreements",
        null=True,
        blank=True,
        verbose_name=_("beleidskader"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisatie"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="agreements", verbose_name=_("gemeenten")
    )
    title = models.CharField(_("titel"), max_length=255)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, default=Kind.DECISION)
    start_year = models.PositiveIntegerField(_("startjaar"), null=True, blank=True)
    end_year = models.PositiveIntegerField(_("eindjaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    document_date = models.DateField(_("datum"), null=True, blank=True)
    hourly_rate = models.DecimalField(_("uurtarief"), null=True, blank=True, **MONEY)
    fte = models.DecimalField(_("formatie (fte)"), max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["organisation__name", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_plan_locked(self) -> bool:
        """An adopted (vastgesteld) plan is no longer edited in place: changes go through an amendment."""
        return self.status == self.Status.ADOPTED


class AgreementSection(Section):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sections", verbose_name=_("afspraak")
    )
    history = HistoricalRecords()

    class Meta(Section.Meta):
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")


class SubsidyLine(models.Model):
    """Subsidy for one service in one municipality (or, without municipality, the stated regional total)."""

    class Kind(models.TextChoices):
        STRUCTURAL = "structureel", _("structureel")
        INCIDENTAL = "incidenteel", _("incidenteel")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="subsidy_lines",
        verbose_name=_("afspraak"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="subsidy_lines",
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
        help_text=_("Leeg: het totaal voor de hele regio zoals het in het document staat."),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    service = models.CharField(_("dienst"), max_length=255)
    fte = models.DecimalField(_("formatie (fte)"), max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidieregel")
        verbose_name_plural = _("subsidieregels")
        ordering = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_kind_display()})"


class SubsidyAmount(models.Model):
    line = models.ForeignKey(
        SubsidyLine,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("subsidieregel"),
    )
    year = models.PositiveIntegerField(_("jaar"))
    amount = models.DecimalField(_("bedrag"), null=True, blank=True, **MONEY)
    is_pm = models.BooleanField(_("PM (nog niet bekend)"), default=False)
    text = models.CharField(_("tekst"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidiebedrag")
        verbose_name_plural = _("subsidiebedragen")
        ordering = ["line", "position", "year", "pk"]
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="subsidy_amount_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {'PM' if self.is_pm else self.amount}"


class AgreementBudgetLine(models.Model):
    """A line of the organisation's budget (baten / lasten) attached to the agreement."""

    class Side(models.TextChoices):
        INCOME = "baten", _("baten")
        EXPENSES = "lasten", _("lasten")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("afspraak")
    )
    side = models.CharField(_("zijde"), max_length=10, choices=Side.choices)
    group = models.CharField(_("groep"), max_length=255, blank=True)
    description = models.CharField(_("omschrijving"), max_length=255)
    amount = models.DecimalField(_("bedrag"), null=True, blank=True, **MONEY)
    is_pm = models.BooleanField(_("PM (nog niet bekend)"), default=False)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begroting")
        ordering = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return self.description


class Assignment(models.Model):
    """Opdracht (deelopdracht, prestatie) for one organisation, under an effect, a SMART goal or neither."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("afspraak")
    )
    effect = models.ForeignKey(
        SocietalEffect,
        on_delete=models.CASCADE,
        related_name="assignments",
        null=True,
        blank=True,
        verbose_name=_("maatschappelijk effect"),
    )
    smart_goal = models.ForeignKey(
        SmartGoal,
        on_delete=models.CASCADE,
        related_name="assignments",
        null=True,
        blank=True,
        verbose_name=_("SMART-doel"),
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    sort_key = models.CharField(max_length=80, editable=False, db_index=True, blank=True)
    title = models.TextField(_("titel"), blank=True)
    role = models.CharField(_("rol"), max_length=1, choices=Role.choices, blank=True)
    core_function = models.CharField(_("kernfunctie / blok"), max_length=255, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    policy_principles = models.TextField(_("uitgangspunten beleidskader"), blank=True)
    task = models.TextField(_("opdracht / taak"), blank=True)
    change_note = models.TextField(_("verandert er iets t.o.v. de huidige situatie?"), blank=True)
    preconditions = models.TextField(_("randvoorwaarden"), blank=True)
    municipal_remarks = models.TextField(_("opmerkingen gemeente"), blank=True)
    contractor_remarks = models.TextField(_("opmerkingen opdrachtnemer"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effect__isnull=True) | Q(smart_goal__isnull=True),
                name="assignment_single_parent",
                violation_error_message=_("Een opdracht hangt onder een effect óf onder een SMART-doel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}".strip() or str(self.pk)

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.code)
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        """Its own title, else the goal it serves (Haren assignments have no title of their own), else the
        agreement it sits under directly."""
        if self.title:
            return self.title
        if self.effect_id:
            return self.effect.title
        return self.smart_goal.title if self.smart_goal_id else self.agreement.title

    def clean(self) -> None:
        parent = self.effect or self.smart_goal
        if parent is not None and self.agreement_id and self.agreement.framework_id != parent.framework_id:
            raise ValidationError(
                _("De afspraak hoort bij een ander beleidskader dan het effect of SMART-doel.")
            )


class AssignmentListItem(models.Model):
    description = models.TextField(_("omschrijving"))
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description


class Activity(AssignmentListItem):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="activities", verbose_name=_("opdracht")
    )
    history = HistoricalRecords()

    class Meta(AssignmentListItem.Meta):
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")


class AgreedResult(AssignmentListItem):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="results", verbose_name=_("opdracht")
    )
    history = HistoricalRecords()

    class Meta(AssignmentListItem.Meta):
        verbose_name = _("resultaat (afgestemd)")
        verbose_name_plural = _("resultaten (afgestemd)")


class HoursLine(models.Model):
    """Planned direct hours of an assignment for one municipality and category."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="hours_lines", verbose_name=_("opdracht")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="hours_lines",
        verbose_name=_("gemeente"),
    )
    category = models.CharField(
        _("categorie"), max_length=255, blank=True, help_text=_("Leeg: directe uren beroepskracht.")
    )
    hours = models.DecimalField(_("uren"), null=True, blank=True, **HOURS)
    is_pm = models.BooleanField(_("PM (nog niet bekend)"), default=False)
    hourly_rate = models.DecimalField(
        _("uurtarief"),
        null=True,
        blank=True,
        help_text=_("Leeg: het uurtarief van de afspraak."),
        **MONEY,
    )
    note = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("urenregel")
        verbose_name_plural = _("inzet directe uren")
        ordering = ["assignment", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) | Q(hours__isnull=True),
                name="hours_not_negative",
                violation_error_message=_("Het aantal uren kan niet negatief zijn."),
            )
        ]

    def __str__(self) -> str:
        return "PM" if self.is_pm else f"{self.hours}"


class MoneyLine(models.Model):
    """Direct costs or direct revenues of an assignment for one municipality."""

    class Kind(models.TextChoices):
        COST = "kosten", _("directe kosten")
        REVENUE = "baten", _("directe baten")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="money_lines", verbose_name=_("opdracht")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="money_lines",
        verbose_name=_("gemeente"),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("bedrag"), null=True, blank=True, **MONEY)
    is_pm = models.BooleanField(_("PM (nog niet bekend)"), default=False)
    description = models.CharField(_("omschrijving"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kosten- of batenregel")
        verbose_name_plural = _("directe kosten en baten")
        ordering = ["assignment", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True),
                name="money_not_negative",
                violation_error_message=_(
                    "Een bedrag kan niet negatief zijn; gebruik baten voor opbrengsten."
                ),
            )
        ]

    def __str__(self) -> str:
        return "PM" if self.is_pm else f"{self.amount}"


class AgreementTransition(models.Model):
    """One step of an agreement through concept -> ingediend -> afgestemd -> vastgesteld (or back)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("afspraak")
    )
    from_status = models.CharField(_("van status"), max_length=20, choices=Agreement.Status.choices)
    to_status = models.CharField(_("naar status"), max_length=20, choices=Agreement.Status.choices)
    by = user_reference(_("door"))
    at = models.DateTimeField(_("op"), default=timezone.now)
    comment = models.TextField(_("toelichting"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusverloop")
        ordering = ["agreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AgreementAmendment(models.Model):
    """A wijziging of an adopted agreement: why, by whom, and the plan as it was before."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("afspraak")
    )
    reason = models.TextField(_("reden"))
    created_by = user_reference(_("gestart door"))
    created_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    snapshot = models.JSONField(
        _("eerdere versie"),
        default=dict,
        encoder=DjangoJSONEncoder,
        help_text=_("Het vastgestelde plan zoals het was toen de wijziging begon."),
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        ordering = ["agreement", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.created_at:%d-%m-%Y}"
