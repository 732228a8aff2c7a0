"""Forms of the agreement and assignment edit screens and of the agreement workflow.

Labels come from the models' Dutch verbose names. Choices of municipalities and periods are loaded once
per page and shared by every row, so a long list does not cost one query per row.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementSection,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
)
from effects.forms import INDICATOR_FIELDS, SMALL_TEXT, CrispyMixin
from partners.editing import OrderedInlineFormSet, VersionedModelForm, ordered_formset

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PreloadedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over objects loaded once for the whole page: no query per row to show or check.

    Only the given objects are valid, so an id from elsewhere (another municipality) is a form error.
    """

    objects: dict[str, object] | None = None

    def use(self, objects) -> None:
        objects = list(objects)
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label or ""), *((obj.pk, str(obj)) for obj in objects)]

    def to_python(self, value):
        if self.objects is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        key = str(value.pk if hasattr(value, "pk") else value)
        if key not in self.objects:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.objects[key]


# -- agreement ----------------------------------------------------------------------------------


class AgreementForm(CrispyMixin, VersionedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "start_year",
            "end_year",
            "document_date",
            "hourly_rate",
            "fte",
            "description",
        ]
        widgets = {"document_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hourly_rate", "fte"):
            self.fields[name].widget.attrs["min"] = 0

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Het eindjaar ligt voor het startjaar."))
        for name in ("hourly_rate", "fte"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Dit getal kan niet negatief zijn."))
        return cleaned


AgreementSectionFormSet = ordered_formset(
    Agreement,
    AgreementSection,
    fields=["title", "body"],
    widgets={"body": forms.Textarea(attrs={"rows": 4})},
)


# -- assignment -----------------------------------------------------------------------------------


class AssignmentForm(CrispyMixin, VersionedModelForm):
    class Meta:
        model = Assignment
        fields = [
            "code",
            "title",
            "role",
            "core_function",
            "description",
            "policy_principles",
            "task",
            "change_note",
            "preconditions",
            "municipal_remarks",
            "contractor_remarks",
        ]
        widgets = {
            "title": SMALL_TEXT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "policy_principles": forms.Textarea(attrs={"rows": 3}),
            "task": forms.Textarea(attrs={"rows": 4}),
            "change_note": forms.Textarea(attrs={"rows": 3}),
            "preconditions": forms.Textarea(attrs={"rows": 3}),
            "municipal_remarks": forms.Textarea(attrs={"rows": 3}),
            "contractor_remarks": forms.Textarea(attrs={"rows": 3}),
        }


ActivityFormSet = ordered_formset(
    Assignment,
    Activity,
    fields=["description"],
    widgets={"description": SMALL_TEXT},
)
AgreedResultFormSet = ordered_formset(
    Assignment,
    AgreedResult,
    fields=["description"],
    widgets={"description": SMALL_TEXT},
)


class AmountOrPmForm(forms.ModelForm):
    """A line with a number or PM ("not yet known"), for one of the agreement's municipalities."""

    amount_field = ""
    both_message = ""
    neither_message = ""

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = list(municipalities)
        self.fields["municipality"].use(municipalities)
        if len(municipalities) == 1 and self.instance.pk is None:
            self.initial.setdefault("municipality", municipalities[0].pk)

    def clean(self):
        cleaned = super().clean()
        number, is_pm = cleaned.get(self.amount_field), cleaned.get("is_pm")
        if self.amount_field in self.errors:
            return cleaned
        if number is not None and number < 0:
            self.add_error(self.amount_field, _("Dit getal kan niet negatief zijn."))
        elif number is not None and is_pm:
            self.add_error(self.amount_field, self.both_message)
        elif number is None and not is_pm:
            self.add_error(self.amount_field, self.neither_message)
        return cleaned


class HoursLineForm(AmountOrPmForm):
    amount_field = "hours"
    both_message = _("Vul een aantal in óf kies PM, niet allebei.")
    neither_message = _("Vul een aantal in of kies PM.")

    class Meta:
        model = HoursLine
        fields = ["municipality", "category", "hours", "is_pm", "hourly_rate", "note"]
        field_classes = {"municipality": PreloadedChoiceField}
        widgets = {"note": SMALL_TEXT}

    def clean_hourly_rate(self):
        rate = self.cleaned_data.get("hourly_rate")
        if rate is not None and rate < 0:
            raise ValidationError(_("Dit getal kan niet negatief zijn."))
        return rate


class MoneyLineForm(AmountOrPmForm):
    amount_field = "amount"
    both_message = _("Vul een bedrag in óf kies PM, niet allebei.")
    neither_message = _("Vul een bedrag in of kies PM.")

    class Meta:
        model = MoneyLine
        fields = ["municipality", "kind", "amount", "is_pm", "description"]
        field_classes = {"municipality": PreloadedChoiceField}


HoursLineFormSet = ordered_formset(
    Assignment,
    HoursLine,
    form=HoursLineForm,
    fields=HoursLineForm.Meta.fields,
)
MoneyLineFormSet = ordered_formset(
    Assignment,
    MoneyLine,
    form=MoneyLineForm,
    fields=MoneyLineForm.Meta.fields,
)


class PerformanceIndicatorRowForm(forms.ModelForm):
    class Meta:
        model = PerformanceIndicator
        fields = INDICATOR_FIELDS
        widgets = {"name": SMALL_TEXT, "baseline_date": DATE_INPUT}


class IndicatorRowsFormSet(OrderedInlineFormSet):
    """Indicators of an assignment; one with realisations is not deleted (its values would go with it)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if (
                self.can_delete
                and self._should_delete_form(form)
                and getattr(form.instance, "realisation_count", 0)
            ):
                raise ValidationError(
                    _("‘%(name)s’ heeft al realisaties en kan niet worden verwijderd."),
                    params={"name": form.instance.name},
                )


PerformanceIndicatorFormSet = ordered_formset(
    Assignment,
    PerformanceIndicator,
    form=PerformanceIndicatorRowForm,
    fields=INDICATOR_FIELDS,
    formset=IndicatorRowsFormSet,
)


# -- performance indicator and its targets --------------------------------------------------------


class PerformanceIndicatorForm(CrispyMixin, VersionedModelForm):
    class Meta:
        model = PerformanceIndicator
        fields = [*INDICATOR_FIELDS, "source_detail", "group", "description"]
        widgets = {"name": SMALL_TEXT, "description": SMALL_TEXT, "baseline_date": DATE_INPUT}


class PerformanceTargetForm(forms.ModelForm):
    """A target for a year (or one period of it). Changing it once realisations exist needs a new reason."""

    class Meta:
        model = PerformanceTarget
        fields = ["year", "period", "value", "text", "change_reason"]
        field_classes = {"period": PreloadedChoiceField}
        widgets = {"change_reason": SMALL_TEXT, "text": SMALL_TEXT}

    def __init__(self, *args, periods=(), has_realisations=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].use(periods)
        self.has_realisations = has_realisations

    def clean(self):
        cleaned = super().clean()
        period, year = cleaned.get("period"), cleaned.get("year")
        if period is not None and year and period.year != year:
            self.add_error("period", _("Deze periode valt niet in %(year)s.") % {"year": year})
        changed_target = self.instance.pk and {"value", "text", "year", "period"} & set(self.changed_data)
        if changed_target and self.has_realisations and "change_reason" not in self.changed_data:
            self.add_error(
                "change_reason",
                _("Geef de reden van deze wijziging: er zijn al realisaties voor deze indicator."),
            )
        return cleaned


class PerformanceTargetFormSet(OrderedInlineFormSet):
    """Targets of an indicator: one per year and period; none removed once realisations exist."""

    def clean(self):
        super().clean()
        seen, duplicates = set(), []
        for form in self.forms:
            deleted = self.can_delete and self._should_delete_form(form)
            if deleted and form.instance.pk and form.has_realisations:
                raise ValidationError(
                    _(
                        "Er zijn al realisaties voor deze indicator: verwijder geen streefwaarde, "
                        "maar pas hem aan met een reden."
                    )
                )
            if deleted or not form.cleaned_data:
                continue
            key = (form.cleaned_data.get("year"), form.cleaned_data.get("period"))
            if key in seen:
                duplicates.append(" ".join(str(part) for part in key if part))
            seen.add(key)
        if duplicates:
            raise ValidationError(
                _("Elk jaar (en elke periode) heeft maar één streefwaarde; dubbel: %(keys)s."),
                params={"keys": ", ".join(duplicates)},
            )


PerformanceTargetsFormSet = ordered_formset(
    PerformanceIndicator,
    PerformanceTarget,
    form=PerformanceTargetForm,
    fields=PerformanceTargetForm.Meta.fields,
    formset=PerformanceTargetFormSet,
)


# -- workflow -------------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    """The next status of an agreement, with a comment (required when a step goes back)."""

    to_status = forms.ChoiceField(label=_("nieuwe status"), choices=Agreement.Status.choices)
    comment = forms.CharField(
        label=_("toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij een stap terug."),
    )


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=_("reden van de wijziging"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden van de wijziging.")},
    )
