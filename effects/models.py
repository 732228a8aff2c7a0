"""The goal chain: framework -> themes -> societal effects / ER-doelen -> SMART goals, with indicators."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from effects.codes import natural_sort_key
from partners.models import Municipality, Organisation

DECIMAL_VALUE = {"max_digits": 18, "decimal_places": 4}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Role(models.TextChoices):
    """Role of an organisation in an effect or an assignment."""

    LEAD = "T", _("trekker (T)")
    PARTNER = "P", _("partner (P)")


class PolicyFramework(models.Model):
    """A beleidskader: e.g. "Beleidsnota Sociaal Domein 2017-2020" of one or more municipalities."""

    class DocumentKind(models.TextChoices):
        ASSIGNMENT_FORM = "opdrachtformulier", _("opdrachtformulier (effecten en opdrachten)")
        POLICY_NOTE = "beleidsnota", _("beleidsnota (ER-doelen en SMART-doelen)")
        SUB_ASSIGNMENTS = "deelopdrachten", _("deelopdrachten")
        ANNUAL_PLAN = "jaarplan", _("jaarplan van een organisatie")

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        ADOPTED = "vastgesteld", _("vastgesteld")
        ARCHIVED = "gearchiveerd", _("gearchiveerd")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=255)
    subtitle = models.CharField(_("ondertitel"), max_length=255, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="frameworks"
    )
    document_kind = models.CharField(
        _("soort document"),
        max_length=30,
        choices=DocumentKind.choices,
        default=DocumentKind.ASSIGNMENT_FORM,
    )
    start_year = models.PositiveIntegerField(_("startjaar"))
    end_year = models.PositiveIntegerField(_("eindjaar"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    document_date = models.DateField(_("datum document"), null=True, blank=True)
    ambition = models.TextField(_("ambitie"), blank=True)
    mission = models.TextField(_("missie"), blank=True)
    vision = models.TextField(_("visie"), blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    deviation_threshold = models.DecimalField(
        _("afwijkingsdrempel (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_(
            "Valt een realisatie meer dan dit percentage achter bij de streefwaarde, "
            "dan is een toelichting verplicht."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        verbose_name = _("beleidskader")
        verbose_name_plural = _("beleidskaders")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="framework_years_in_order",
                violation_error_message=_("Het eindjaar ligt voor het startjaar."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:framework-overview", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Section(models.Model):
    """A chapter of free text in a document; ordered by position."""

    title = models.CharField(_("titel"), max_length=255)
    body = models.TextField(_("tekst"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class FrameworkSection(Section):
    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("beleidskader"),
    )
    history = HistoricalRecords()

    class Meta(Section.Meta):
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")


class Coded(models.Model):
    """A row with a code that sorts naturally (1.2 before 1.10)."""

    code = models.CharField(_("code"), max_length=20)
    sort_key = models.CharField(max_length=80, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.code)
        super().save(*args, **kwargs)


class Theme(Coded):
    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("beleidskader"),
    )
    name = models.CharField(_("naam"), max_length=255)
    description = models.TextField(_("omschrijving"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["framework", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="theme_code_unique")]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        # SET_NULL clears the effects' theme with one UPDATE, which their history would never show.
        for effect in self.effects.all():
            effect.theme = None
            effect.save(update_fields=["theme"])
        return super().delete(*args, **kwargs)


class SocietalEffect(Coded):
    """Maatschappelijk effect, worded as an ER-doel (meer / beter / minder ...)."""

    class Priority(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="effects",
        verbose_name=_("beleidskader"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        related_name="effects",
        null=True,
        blank=True,
        verbose_name=_("thema"),
    )
    title = models.TextField(_("titel"))
    responsible = models.CharField(_("verantwoordelijk portefeuillehouder"), max_length=255, blank=True)
    priority = models.CharField(_("prioriteit"), max_length=1, choices=Priority.choices, blank=True)
    intended_effect = models.TextField(_("beoogd effect"), blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    guidelines = models.TextField(
        _("richtlijnen en definities"), blank=True, help_text=_("Eén richtlijn per regel.")
    )
    municipal_remarks = models.TextField(_("opmerkingen gemeente"), blank=True)
    related_effects = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("gerelateerde effecten")
    )
    relation_note = models.TextField(_("toelichting relatie"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[related_effects])

    class Meta:
        verbose_name = _("maatschappelijk effect")
        verbose_name_plural = _("maatschappelijke effecten")
        ordering = ["framework", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="effect_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:effect-detail", args=[self.pk])

    @property
    def guideline_list(self) -> list[str]:
        return [line for line in self.guidelines.splitlines() if line.strip()]


class TargetGroupFigure(models.Model):
    """Doelgroep informatie: a label with a count (or a text) and a reference date."""

    effect = models.ForeignKey(
        SocietalEffect,
        on_delete=models.CASCADE,
        related_name="target_groups",
        verbose_name=_("effect"),
    )
    label = models.CharField(_("omschrijving"), max_length=255)
    count = models.DecimalField(_("aantal"), null=True, blank=True, **DECIMAL_VALUE)
    count_text = models.CharField(_("aantal (tekst)"), max_length=255, blank=True)
    reference_date = models.DateField(_("peildatum"), null=True, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doelgroepgegeven")
        verbose_name_plural = _("doelgroepgegevens")
        ordering = ["effect", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class EffectPartner(models.Model):
    """Samenwerkingspartner of an effect, with role T (trekker) or P (partner)."""

    effect = models.ForeignKey(
        SocietalEffect, on_delete=models.CASCADE, related_name="partners", verbose_name=_("effect")
    )
    name = models.CharField(_("naam"), max_length=255)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="effect_partnerships",
        null=True,
        blank=True,
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=1, choices=Role.choices, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samenwerkingspartner")
        verbose_name_plural = _("samenwerkingspartners")
        ordering = ["effect", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class SmartGoal(models.Model):
    """A specific, measurable goal that contributes to one or more ER-doelen."""

    class InvestmentLine(models.TextChoices):
        FUTURE = "toekomst", _("Investeren in de toekomst – preventie")
        SOCIETY = "samenleving", _("Investeren in de samenleving")
        OPERATIONS = (
            "bedrijfsvoering",
            _("Investeren in bedrijfsvoering en wettelijke verplichtingen"),
        )

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="smart_goals",
        verbose_name=_("beleidskader"),
    )
    effects = models.ManyToManyField(
        SocietalEffect, related_name="smart_goals", blank=True, verbose_name=_("ER-doelen")
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.TextField(_("titel"))
    investment_line = models.CharField(
        _("investeringslijn"), max_length=20, choices=InvestmentLine.choices, blank=True
    )
    description = models.TextField(_("toelichting"), blank=True)
    planned_years = models.JSONField(_("geplande jaren"), default=list, blank=True)
    partners_text = models.TextField(_("met wie"), blank=True)
    funding_text = models.TextField(_("geld"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[effects])

    class Meta:
        verbose_name = _("SMART-doel")
        verbose_name_plural = _("SMART-doelen")
        ordering = ["framework", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:smartgoal-detail", args=[self.pk])

    def clean(self) -> None:
        years = self.planned_years or []
        if not all(isinstance(year, int) for year in years):
            raise ValidationError({"planned_years": _("Geplande jaren zijn jaartallen.")})
        if self.framework_id and any(
            year < self.framework.start_year or year > self.framework.end_year for year in years
        ):
            raise ValidationError(
                {"planned_years": _("Een gepland jaar valt buiten de looptijd van het beleidskader.")}
            )


class IndicatorDefinition(models.Model):
    """What an indicator measures and how its values add up; shared by effect and performance indicators."""

    class ValueType(models.TextChoices):
        COUNT = "aantal", _("aantal")
        PERCENTAGE = "percentage", _("percentage")
        AMOUNT = "bedrag", _("bedrag in euro")
        GRADE = "rapportcijfer", _("rapportcijfer (1-10)")
        YES_NO = "ja_nee", _("ja/nee")
        TEXT = "tekst", _("tekst")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "hoger_is_beter", _("hoger is beter")
        LOWER_IS_BETTER = "lager_is_beter", _("lager is beter")
        NOT_HIGHER = "niet_hoger", _("neemt niet toe (gelijk of lager)")
        NONE = "geen", _("geen richting")

    class Aggregation(models.TextChoices):
        CUMULATIVE = "cumulatief", _("cumulatief (periodes tellen op)")
        LATEST = "laatste_waarde", _("laatste waarde (stand)")

    class Source(models.TextChoices):
        OWN_RECORDS = "eigen_registratie", _("eigen registratie")
        CBS = "cbs", _("CBS")
        WAARSTAATJEGEMEENTE = "waarstaatjegemeente", _("waarstaatjegemeente.nl")
        CLIENT_SURVEY = "clientervaringsonderzoek", _("cliëntervaringsonderzoek")
        HEALTH_MONITOR = "ggd_gezondheidsmonitor", _("GGD gezondheidsmonitor")
        POLICE = "politie", _("politie")
        OTHER = "anders", _("anders")

    class Frequency(models.TextChoices):
        QUARTER = "kwartaal", _("per kwartaal")
        HALF_YEAR = "halfjaar", _("per halfjaar")
        YEAR = "jaar", _("per jaar")
        TWO_YEARS = "tweejaarlijks", _("tweejaarlijks")
        FOUR_YEARS = "vierjaarlijks", _("vierjaarlijks")

    name = models.TextField(_("naam"))
    value_type = models.CharField(
        _("type"), max_length=20, choices=ValueType.choices, default=ValueType.COUNT
    )
    unit = models.CharField(_("eenheid"), max_length=255, blank=True)
    direction = models.CharField(
        _("richting"), max_length=20, choices=Direction.choices, default=Direction.NONE
    )
    aggregation = models.CharField(
        _("optelling over periodes"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.LATEST,
    )
    source = models.CharField(_("bron"), max_length=30, choices=Source.choices, blank=True)
    source_detail = models.CharField(_("bron (toelichting)"), max_length=255, blank=True)
    frequency = models.CharField(_("frequentie"), max_length=20, choices=Frequency.choices, blank=True)
    group = models.CharField(_("groep"), max_length=255, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    baseline_value = models.DecimalField(_("nulmeting"), null=True, blank=True, **DECIMAL_VALUE)
    baseline_text = models.CharField(_("nulmeting (tekst)"), max_length=255, blank=True)
    baseline_date = models.DateField(_("peildatum nulmeting"), null=True, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TargetDefinition(models.Model):
    """A streefwaarde for one year; a change after values exist carries its reason."""

    year = models.PositiveIntegerField(_("jaar"))
    value = models.DecimalField(_("streefwaarde"), null=True, blank=True, **DECIMAL_VALUE)
    text = models.TextField(_("streefwaarde (tekst)"), blank=True)
    change_reason = models.TextField(_("reden wijziging"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["year", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.year}: {self.value if self.value is not None else self.text}"


def percentage_of(numerator: Decimal, denominator: Decimal) -> Decimal:
    """The percentage a numerator is of its denominator, to the four places a value is stored with."""
    return (numerator * 100 / denominator).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# In the database, what MeasuredValue.has_value says of one row: a number or a text was entered.
HAS_VALUE = Q(value__isnull=False) | ~Q(text="")


class MeasuredValue(models.Model):
    """A value as entered: a number, a fraction (numerator of denominator) or a text."""

    value = models.DecimalField(_("waarde"), null=True, blank=True, **DECIMAL_VALUE)
    numerator = models.DecimalField(_("teller"), null=True, blank=True, **DECIMAL_VALUE)
    denominator = models.DecimalField(_("noemer"), null=True, blank=True, **DECIMAL_VALUE)
    text = models.TextField(_("waarde (tekst)"), blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    is_demo = models.BooleanField(
        _("demowaarde"),
        default=False,
        help_text=_("Niet uit een brondocument; toegevoegd voor de demo."),
    )

    class Meta:
        abstract = True

    @property
    def has_value(self) -> bool:
        """A number or a text was entered (a toelichting alone is no value)."""
        return self.value is not None or bool(self.text)

    def clean(self) -> None:
        if (self.numerator is None) != (self.denominator is None):
            raise ValidationError(_("Vul zowel teller als noemer in, of geen van beide."))
        if self.denominator is not None and self.denominator <= 0:
            raise ValidationError({"denominator": _("De noemer moet groter zijn dan 0.")})


class EffectIndicator(IndicatorDefinition):
    """Municipal monitoring indicator of an effect, a SMART goal, or the framework as a whole (BBV)."""

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("beleidskader"),
    )
    effect = models.ForeignKey(
        SocietalEffect,
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
        verbose_name=_("effect"),
    )
    smart_goal = models.ForeignKey(
        SmartGoal,
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
        verbose_name=_("SMART-doel"),
    )
    is_bbv = models.BooleanField(_("BBV-indicator"), default=False)
    history = HistoricalRecords()

    class Meta(IndicatorDefinition.Meta):
        verbose_name = _("effectindicator")
        verbose_name_plural = _("effectindicatoren")
        constraints = [
            models.CheckConstraint(
                condition=Q(effect__isnull=True) | Q(smart_goal__isnull=True),
                name="effect_indicator_single_owner",
                violation_error_message=_("Een indicator hoort bij een effect óf bij een SMART-doel."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("effects:indicator-edit", args=[self.pk])


class EffectIndicatorTarget(TargetDefinition):
    indicator = models.ForeignKey(
        EffectIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    history = HistoricalRecords()

    class Meta(TargetDefinition.Meta):
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="effect_target_one_per_year")
        ]


class EffectIndicatorValue(MeasuredValue):
    """A monitoring figure for one year (e.g. "Cijfers Sociaal Domein" 2015, 2016)."""

    indicator = models.ForeignKey(
        EffectIndicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
    )
    year = models.PositiveIntegerField(_("jaar"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meetwaarde")
        verbose_name_plural = _("meetwaarden")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="effect_value_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class ProgrammeBudgetLine(models.Model):
    """A line of the programme budget (BBV programme parts), e.g. "1. Samenkracht en Burgerparticipatie"."""

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("beleidskader"),
    )
    year = models.PositiveIntegerField(_("jaar"))
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("naam"), max_length=255)
    amount = models.DecimalField(_("bedrag"), null=True, blank=True, **MONEY)
    is_pm = models.BooleanField(_("PM (nog niet bekend)"), default=False)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programmabegrotingsregel")
        verbose_name_plural = _("programmabegroting")
        ordering = ["framework", "year", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()
