"""The period report entry form (one grid of typed inputs per assignment) and the review forms.

The entry form is built from a ReportSheet (agreements.selectors.report_sheet): one set of fields per
indicator, typed by its value type, and one input per planned hours row and per municipality's costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.models import ReportingPeriod
from agreements.services import EnteredValue, ReportInput
from effects.forms import CrispyMixin
from effects.models import IndicatorDefinition, percentage_of
from partners.editing import TrimmedDecimalInput

ValueType = IndicatorDefinition.ValueType
YES, NO = "ja", "nee"
TOO_LARGE = _("Dit getal is te groot.")


def decimal_places(value: Decimal) -> int:
    """Decimals that matter: 12.50 has one."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class NumberRule:
    """What a typed number may be. The entry form and the Excel upload both check with `problem`,
    so they accept and refuse the same numbers with the same message."""

    message: str
    low: Decimal = Decimal(0)
    high: Decimal | None = None
    places: int = 2
    digits: int = 14  # whole digits the column holds: values (18, 4), money (14, 2), hours (10, 2)

    def problem(self, value: Decimal) -> str | None:
        """Why the number breaks the rule, in Dutch; None when it keeps it."""
        if not value.is_finite() or value < self.low or (self.high is not None and value > self.high):
            return str(self.message)
        if decimal_places(value) > self.places:
            return str(self.message)
        if value.adjusted() >= self.digits:
            return str(TOO_LARGE)
        return None

    def validate(self, value) -> None:
        """The rule as a form field validator."""
        if value is not None and (problem := self.problem(Decimal(value))):
            raise ValidationError(problem, code="out_of_range")


COUNT_RULE = NumberRule(_("Vul een heel getal in van 0 of meer."), places=0)
PERCENTAGE_RULE = NumberRule(
    _("Een percentage ligt tussen 0 en 100. Gebruik hoogstens twee decimalen."), high=Decimal(100)
)
GRADE_RULE = NumberRule(
    _("Een rapportcijfer ligt tussen 1 en 10, met hoogstens één decimaal."),
    low=Decimal(1),
    high=Decimal(10),
    places=1,
)
MONEY_RULE = NumberRule(
    _("Vul een bedrag in van 0 of meer, met hoogstens twee decimalen (centen)."), digits=12
)
HOURS_RULE = NumberRule(_("Vul een aantal uren in van 0 of meer, met hoogstens twee decimalen."), digits=8)
FRACTION_RULE = NumberRule(
    _("Teller en noemer zijn getallen van 0 of meer, met hoogstens vier decimalen."), places=4
)
VALUE_RULES = {
    ValueType.COUNT: COUNT_RULE,
    ValueType.PERCENTAGE: PERCENTAGE_RULE,
    ValueType.AMOUNT: MONEY_RULE,
    ValueType.GRADE: GRADE_RULE,
}


def fraction_problem(numerator: Decimal | None, denominator: Decimal | None) -> tuple[str, str] | None:
    """Why teller and noemer give no percentage: ("numerator" or "denominator", message), or None."""
    if (numerator is None) != (denominator is None):
        part = "denominator" if denominator is None else "numerator"
        return part, str(_("Vul zowel teller als noemer in, of geen van beide."))
    if denominator is not None and denominator <= 0:
        return "denominator", str(_("De noemer moet groter zijn dan 0."))
    if numerator is not None and numerator > denominator:
        return "numerator", str(_("De teller kan niet groter zijn dan de noemer."))
    return None


def _number(*, rule: NumberRule, step: str = "any", **kwargs):
    attrs = {
        "min": rule.low,
        "step": step,
        "inputmode": "decimal",
        "class": "form-control form-control-sm value-input",
    }
    if rule.high is not None:
        attrs["max"] = rule.high
    return forms.DecimalField(
        required=False,
        validators=[rule.validate],
        widget=TrimmedDecimalInput(attrs=attrs),
        error_messages={"invalid": _("Vul een getal in.")},
        **kwargs,
    )


def describe_errors(form: forms.BaseForm) -> None:
    """Tie each field's error message to its input (aria-describedby, aria-invalid) for screen readers."""
    for name in form.errors:
        if name not in form.fields:
            continue
        attrs = form.fields[name].widget.attrs
        error_id = f"{form.add_prefix(name)}_error"
        described = attrs.get("aria-describedby", "").split()
        if error_id not in described:
            attrs["aria-describedby"] = " ".join([error_id, *described])
        attrs["aria-invalid"] = "true"
        if "is-invalid" not in attrs.get("class", ""):
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


def value_field(value_type: str, label: str) -> forms.Field:
    """The input for one indicator, typed by what it measures."""
    if value_type == ValueType.COUNT:
        return forms.IntegerField(
            label=label,
            required=False,
            validators=[COUNT_RULE.validate],
            widget=forms.NumberInput(
                attrs={
                    "min": 0,
                    "step": 1,
                    "inputmode": "numeric",
                    "class": "form-control form-control-sm value-input",
                }
            ),
            error_messages={"invalid": COUNT_RULE.message},
        )
    if value_type == ValueType.AMOUNT:
        return _number(label=label, rule=MONEY_RULE, step="0.01")
    if value_type in VALUE_RULES:
        return _number(label=label, rule=VALUE_RULES[value_type])
    if value_type == ValueType.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", "—"), (YES, _("ja")), (NO, _("nee"))],
            widget=forms.Select(attrs={"class": "form-select form-select-sm value-input"}),
        )
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )


def _as_value(value_type: str, cleaned) -> tuple[Decimal | None, str]:
    if value_type == ValueType.TEXT:
        return None, (cleaned or "").strip()
    if value_type == ValueType.YES_NO:
        return ({YES: Decimal(1), NO: Decimal(0)}.get(cleaned), "")
    return (Decimal(cleaned) if cleaned is not None else None, "")


def _initial_value(value_type: str, realisation):
    if realisation is None:
        return None
    if value_type == ValueType.TEXT:
        return realisation.text
    if value_type == ValueType.YES_NO:
        return {Decimal(1): YES, Decimal(0): NO}.get(realisation.value, "")
    if value_type == ValueType.COUNT and realisation.value is not None:
        return int(realisation.value)
    if value_type == ValueType.PERCENTAGE and realisation.value is not None and realisation.denominator:
        # Derived from teller and noemer with four decimals; shown with the two the field accepts, so the
        # form saves again unchanged (clean() derives the stored value from the fraction once more).
        return realisation.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return realisation.value


def _live_check_attrs(row, threshold: Decimal) -> dict:
    """What the page's script needs to warn, before submitting, that a toelichting will be required."""
    pk, indicator, assessment = row.indicator.pk, row.indicator, row.assessment
    attrs = {"aria-describedby": f"target-{pk} hint-{pk}", "data-indicator": pk}
    if assessment.expected is not None and indicator.direction != IndicatorDefinition.Direction.NONE:
        attrs.update(
            {
                "data-expected": f"{assessment.expected.normalize():f}",
                "data-earlier": f"{assessment.earlier.normalize():f}",
                "data-direction": indicator.direction,
                "data-threshold": f"{threshold.normalize():f}",
            }
        )
    return attrs


class ReportForm(forms.Form):
    """All values, hours and costs of one report. Field names carry the ids they belong to."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.fields["version"].initial = sheet.report.version if sheet.report else None
        for row in sheet.rows:
            indicator, pk = row.indicator, row.indicator.pk
            field = self.fields[f"value_{pk}"] = value_field(indicator.value_type, indicator.name)
            field.widget.attrs.update(_live_check_attrs(row, sheet.threshold))
            self.initial[f"value_{pk}"] = _initial_value(indicator.value_type, row.realisation)
            if indicator.value_type == ValueType.PERCENTAGE:
                self.fields[f"numerator_{pk}"] = _number(label=_("teller"), rule=FRACTION_RULE)
                self.fields[f"denominator_{pk}"] = _number(label=_("noemer"), rule=FRACTION_RULE)
                if row.realisation is not None:
                    self.initial[f"numerator_{pk}"] = row.realisation.numerator
                    self.initial[f"denominator_{pk}"] = row.realisation.denominator
            self.fields[f"explanation_{pk}"] = forms.CharField(
                label=_("Toelichting"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
            if row.realisation is not None:
                self.initial[f"explanation_{pk}"] = row.realisation.explanation
        for index, line in enumerate(sheet.hours):
            self.fields[f"hours_{index}"] = _number(label=_("Gerealiseerde uren"), rule=HOURS_RULE)
            self.initial[f"hours_{index}"] = line.realised
        for line in sheet.costs:
            mid = line.municipality.pk
            for name, label, current in (
                ("costs", _("Directe kosten"), line.realised_costs),
                ("revenue", _("Directe baten"), line.realised_revenue),
            ):
                self.fields[f"{name}_{mid}"] = _number(label=label, rule=MONEY_RULE, step="0.01")
                self.initial[f"{name}_{mid}"] = current

    def add_error(self, field, error):
        super().add_error(field, error)
        describe_errors(self)

    def clean(self):
        cleaned = super().clean()
        for row in self.sheet.rows:
            pk = row.indicator.pk
            if row.indicator.value_type != ValueType.PERCENTAGE:
                continue
            numerator, denominator = cleaned.get(f"numerator_{pk}"), cleaned.get(f"denominator_{pk}")
            problem = fraction_problem(numerator, denominator)
            if problem:
                self.add_error(f"value_{pk}", problem[1])
            elif numerator is not None:
                # The percentage follows from the fraction; combined reports weigh by the denominators.
                cleaned[f"value_{pk}"] = percentage_of(numerator, denominator)
        return cleaned

    def entered(self) -> ReportInput:
        """What was typed, in the shape the services take."""
        data = self.cleaned_data
        values = {}
        for row in self.sheet.rows:
            pk, value_type = row.indicator.pk, row.indicator.value_type
            value, text = _as_value(value_type, data.get(f"value_{pk}"))
            values[pk] = EnteredValue(
                value=value,
                numerator=data.get(f"numerator_{pk}"),
                denominator=data.get(f"denominator_{pk}"),
                text=text,
                explanation=(data.get(f"explanation_{pk}") or "").strip(),
            )
        hours = {
            (line.municipality.pk, line.category): data.get(f"hours_{index}")
            for index, line in enumerate(self.sheet.hours)
        }
        costs = {
            line.municipality.pk: (
                data.get(f"costs_{line.municipality.pk}"),
                data.get(f"revenue_{line.municipality.pk}"),
            )
            for line in self.sheet.costs
        }
        return ReportInput(values=values, hours=hours, costs=costs)

    def bound_rows(self):
        """Per indicator row: its sheet row with its bound fields, for the template."""
        for row in self.sheet.rows:
            pk = row.indicator.pk
            yield {
                "row": row,
                "value": self[f"value_{pk}"],
                "numerator": self[f"numerator_{pk}"] if f"numerator_{pk}" in self.fields else None,
                "denominator": self[f"denominator_{pk}"] if f"denominator_{pk}" in self.fields else None,
                "explanation": self[f"explanation_{pk}"],
            }

    def bound_hours(self):
        for index, line in enumerate(self.sheet.hours):
            yield line, self[f"hours_{index}"]

    def bound_costs(self):
        for line in self.sheet.costs:
            mid = line.municipality.pk
            yield line, self[f"costs_{mid}"], self[f"revenue_{mid}"]


class ReviewForm(forms.Form):
    """Approve, or return with a comment on the whole report and/or per value."""

    comment = forms.CharField(
        label=_("Opmerking bij de hele rapportage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The version the officer read: a report changed since then is not approved or returned unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.fields["version"].initial = sheet.report.version if sheet.report else None
        for row in sheet.rows:
            self.fields[f"comment_{row.indicator.pk}"] = forms.CharField(
                label=_("Opmerking bij %(indicator)s") % {"indicator": row.indicator.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
            )

    def bound_rows(self):
        for row in self.sheet.rows:
            yield row, self[f"comment_{row.indicator.pk}"]

    def add_error(self, field, error):
        super().add_error(field, error)
        describe_errors(self)

    def value_comments(self) -> dict[int, str]:
        return {
            row.indicator.pk: self.cleaned_data.get(f"comment_{row.indicator.pk}", "")
            for row in self.sheet.rows
        }

    def comment_field(self, indicator_id: int):
        return self[f"comment_{indicator_id}"]


class ReasonForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden om de goedgekeurde rapportage te heropenen"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("Nieuwe opmerking"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(CrispyMixin, forms.ModelForm):
    """A reporting period of one framework; optionally for one of its agreements only."""

    class Meta:
        model = ReportingPeriod
        fields = ["name", "slug", "kind", "year", "number", "opens_on", "deadline", "agreement"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.instance.framework = framework
        self.fields["agreement"].queryset = framework.agreements.select_related("organisation")
        self.fields["number"].help_text = _("1 of 2 voor een halfjaar, 1 tot 4 voor een kwartaal.")

    def clean(self):
        cleaned = super().clean()
        kind, number, year = cleaned.get("kind"), cleaned.get("number"), cleaned.get("year")
        limits = {ReportingPeriod.Kind.HALF_YEAR: 2, ReportingPeriod.Kind.QUARTER: 4}
        if kind in limits and not (number and 1 <= number <= limits[kind]):
            self.add_error("number", _("Een halfjaar heeft nummer 1 of 2, een kwartaal 1 tot en met 4."))
        if year and not (self.framework.start_year <= year <= self.framework.end_year):
            self.add_error(
                "year",
                _("Het jaar valt buiten het beleidskader (%(start)s–%(end)s).")
                % {"start": self.framework.start_year, "end": self.framework.end_year},
            )
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _("De deadline ligt vóór de openingsdatum."))
        slug = cleaned.get("slug")
        if slug and self.framework.periods.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            self.add_error("slug", _("Dit beleidskader heeft al een periode met deze sleutel."))
        return cleaned
