"""Forms for the goal chain; every text a user sees comes from the models' Dutch verbose names."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectPartner,
    PolicyFramework,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from partners.editing import UniqueYearFormSet, VersionedModelForm, ordered_formset
from partners.models import Organisation

SMALL_TEXT = forms.Textarea(attrs={"rows": 2})
# The largest id a (64-bit) id column holds.
MAX_ID = 2**63 - 1


class IdsField(forms.ModelMultipleChoiceField):
    """Checkboxes of objects by id. An id larger than any id column holds is an invalid choice: Django
    guards one such id in a query, but SQLite fails on a list of them (`id IN (...)`)."""

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check refuses it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class CrispyMixin:
    """Render fields with crispy-forms inside the page's own <form> tag."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PolicyFrameworkForm(CrispyMixin, VersionedModelForm):
    class Meta:
        model = PolicyFramework
        fields = [
            "title",
            "subtitle",
            "document_kind",
            "status",
            "start_year",
            "end_year",
            "document_date",
            "ambition",
            "mission",
            "vision",
            "description",
            "deviation_threshold",
        ]
        widgets = {
            "document_date": forms.DateInput(attrs={"type": "date"}),
            "ambition": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Het eindjaar ligt voor het startjaar."))
        return cleaned


ThemeFormSet = ordered_formset(
    PolicyFramework,
    Theme,
    fields=["code", "name", "description"],
    can_order=False,
    widgets={"description": SMALL_TEXT},
)


class UniqueEffectCodeMixin:
    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        duplicate = (
            SocietalEffect.objects.filter(framework=self.instance.framework, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if duplicate:
            raise forms.ValidationError(
                _("Er is al een effect met code %(code)s in dit kader."), params={"code": code}
            )
        return code


class SocietalEffectForm(UniqueEffectCodeMixin, CrispyMixin, VersionedModelForm):
    class Meta:
        model = SocietalEffect
        fields = [
            "code",
            "theme",
            "title",
            "responsible",
            "priority",
            "intended_effect",
            "description",
            "guidelines",
            "municipal_remarks",
            "related_effects",
            "relation_note",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "intended_effect": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "guidelines": forms.Textarea(attrs={"rows": 4}),
            "municipal_remarks": forms.Textarea(attrs={"rows": 3}),
            "relation_note": SMALL_TEXT,
            "related_effects": forms.CheckboxSelectMultiple,
        }
        field_classes = {"related_effects": IdsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.instance.framework
        self.fields["theme"].queryset = framework.themes.all()
        self.fields["related_effects"].queryset = framework.effects.exclude(pk=self.instance.pk)


TargetGroupFormSet = ordered_formset(
    SocietalEffect,
    TargetGroupFigure,
    fields=["label", "count", "count_text", "reference_date"],
    widgets={"reference_date": forms.DateInput(attrs={"type": "date"})},
)


class EffectPartnerForm(forms.ModelForm):
    class Meta:
        model = EffectPartner
        fields = ["name", "organisation", "role"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


EffectPartnerFormSet = ordered_formset(
    SocietalEffect, EffectPartner, form=EffectPartnerForm, fields=["name", "organisation", "role"]
)

INDICATOR_FIELDS = [
    "name",
    "value_type",
    "unit",
    "direction",
    "aggregation",
    "source",
    "frequency",
    "baseline_value",
    "baseline_text",
    "baseline_date",
]


class EffectIndicatorRowForm(forms.ModelForm):
    """An indicator as a row on its effect's or goal's page; it takes the framework of its owner."""

    class Meta:
        model = EffectIndicator
        fields = INDICATOR_FIELDS
        widgets = {"name": SMALL_TEXT, "baseline_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        if framework is not None and self.instance.framework_id is None:
            self.instance.framework = framework


EffectIndicatorFormSet = ordered_formset(
    SocietalEffect, EffectIndicator, form=EffectIndicatorRowForm, fields=INDICATOR_FIELDS
)
GoalIndicatorFormSet = ordered_formset(
    SmartGoal, EffectIndicator, form=EffectIndicatorRowForm, fields=INDICATOR_FIELDS
)


class SmartGoalForm(CrispyMixin, VersionedModelForm):
    planned_years = forms.TypedMultipleChoiceField(
        label=_("geplande jaren"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SmartGoal
        fields = [
            "code",
            "title",
            "effects",
            "investment_line",
            "planned_years",
            "description",
            "partners_text",
            "funding_text",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "partners_text": SMALL_TEXT,
            "funding_text": SMALL_TEXT,
            "effects": forms.CheckboxSelectMultiple,
        }
        field_classes = {"effects": IdsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.instance.framework
        self.fields["effects"].queryset = framework.effects.all()
        self.fields["planned_years"].choices = [(year, str(year)) for year in framework.years]


class EffectIndicatorForm(CrispyMixin, VersionedModelForm):
    class Meta:
        model = EffectIndicator
        fields = [*INDICATOR_FIELDS, "source_detail", "group", "is_bbv", "description"]
        widgets = {
            "name": SMALL_TEXT,
            "description": SMALL_TEXT,
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
        }


class TargetForm(forms.ModelForm):
    """A target for one year. Changing it once values exist needs a (new) reason."""

    class Meta:
        model = EffectIndicatorTarget
        fields = ["year", "value", "text", "change_reason"]
        widgets = {"change_reason": SMALL_TEXT, "text": SMALL_TEXT}

    def __init__(self, *args, has_values=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_values = has_values

    def clean(self):
        cleaned = super().clean()
        changed_target = self.instance.pk and {"value", "text"} & set(self.changed_data)
        if changed_target and self.has_values and "change_reason" not in self.changed_data:
            self.add_error(
                "change_reason",
                _("Geef de reden van deze wijziging: er zijn al waarden gemeten voor deze indicator."),
            )
        return cleaned


TargetFormSet = ordered_formset(
    EffectIndicator,
    EffectIndicatorTarget,
    form=TargetForm,
    fields=["year", "value", "text", "change_reason"],
    formset=UniqueYearFormSet,
)


class NewEffectForm(UniqueEffectCodeMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = SocietalEffect
        fields = ["code", "theme", "title"]
        widgets = {"title": SMALL_TEXT}


class NewSmartGoalForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = SmartGoal
        fields = ["title", "effects", "investment_line"]
        widgets = {"title": SMALL_TEXT, "effects": forms.CheckboxSelectMultiple}
        field_classes = {"effects": IdsField}


def organisations_for_framework(framework: PolicyFramework):
    """Organisations that work for (one of) the framework's municipalities, for partner choices."""
    return Organisation.objects.filter(municipalities__in=framework.municipalities.all()).distinct()
