"""Edit screens with optimistic locking and ordered sub-lists, shared by every app.

A page edits one object (a ModelForm) plus lists inside it (inline formsets with an ORDER field).
Saving locks the row, compares the version the user loaded, writes everything in one transaction
and raises the version. A conflict re-renders the page with the user's input and what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.history import EditConflict, Tracked, lock_for_update
from partners.permissions import access_for


class TrimmedDecimalInput(forms.NumberInput):
    """Shows 3700 rather than 3700.0000: stored decimals keep their places, people see the number."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize()
            value = format(value, "f")
        return super().format_value(value)


def tidy_fields(form: forms.BaseForm) -> None:
    """Decimal fields show trimmed numbers; inputs in table rows get Bootstrap's small control style."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField) and type(field.widget) is forms.NumberInput:
            field.widget = TrimmedDecimalInput(attrs=field.widget.attrs)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version the user loaded, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tidy_fields(self)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class NewRowOrderField(forms.IntegerField):
    """The position of a new row: the number the page fills in does not by itself make a new row."""

    def has_changed(self, initial, data) -> bool:
        return False


class OrderedInlineFormSet(BaseInlineFormSet):
    """Inline formset whose rows are ordered by position and can be moved and deleted."""

    ordering_widget = forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 1})

    def get_ordering_widget(self):
        return self.ordering_widget

    def add_fields(self, form, index):
        super().add_fields(form, index)
        tidy_fields(form)
        if "ORDER" in form.fields and (index is None or index >= self.initial_form_count()):
            # A blank new row only gets an order number: that alone is no change, so it is skipped.
            order = form.fields["ORDER"]
            form.fields["ORDER"] = NewRowOrderField(label=order.label, required=False, widget=order.widget)

    def clean(self):
        super().clean()
        # Django quietly drops an existing row whose id is not in this list (another object's id, or a
        # row removed meanwhile); refuse it instead, so nothing is saved on a false promise. A new row
        # that carries an id (the page's count of existing rows was changed) would be saved as a copy
        # of that row, or break a unique constraint: refuse it too.
        pk_name = self.model._meta.pk.name
        new_with_id = any(getattr(form, "cleaned_data", {}).get(pk_name) for form in self.extra_forms)
        if new_with_id or any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                _("Een regel op deze pagina hoort niet (meer) bij deze lijst. Laad de pagina opnieuw."),
                code="foreign_row",
            )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, form in enumerate(self.forms):
            if "ORDER" in form.fields and not self.is_bound:
                form.initial.setdefault("ORDER", index + 1)
            if "ORDER" in form.fields:
                form.fields["ORDER"].label = gettext_lazy("Volgorde")
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = gettext_lazy("Verwijderen")


class UniqueYearFormSet(OrderedInlineFormSet):
    """Rows with a year that may appear once (targets per year)."""

    def clean(self):
        super().clean()
        years = [
            form.cleaned_data.get("year")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("year")
        ]
        duplicates = sorted({year for year in years if years.count(year) > 1})
        if duplicates:
            raise forms.ValidationError(
                _("Elk jaar mag maar één keer voorkomen; dubbel: %(years)s."),
                params={"years": ", ".join(map(str, duplicates))},
            )


def ordered_formset(
    parent,
    model,
    form=None,
    fields="__all__",
    extra=1,
    can_order=True,
    formset=OrderedInlineFormSet,
    **kwargs,
):
    """inlineformset_factory with ordering (by position), deletion and Dutch labels."""
    return forms.inlineformset_factory(
        parent,
        model,
        form=form or forms.ModelForm,
        formset=formset,
        fields=fields,
        extra=extra,
        can_order=can_order,
        can_delete=True,
        **kwargs,
    )


def save_ordered(formset: BaseInlineFormSet) -> None:
    """Save a formset's rows with position = their order on screen; write only rows that changed."""
    if not formset.can_order:
        formset.save()
        return
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for index, form in enumerate(formset.ordered_forms):
        obj = form.instance
        moved = obj.position != index
        obj.position = index
        if obj.pk is None or form.has_changed() or moved:
            obj.save()
    formset.save_m2m()


@transaction.atomic
def save_locked(
    *, form: VersionedModelForm, formsets: Sequence[BaseInlineFormSet] = (), tracked: Iterable[Tracked] = ()
) -> models.Model:
    """Save an edit screen as one change: lock, check the version, save form and lists, raise the version."""
    instance = form.instance
    current = lock_for_update(type(instance), instance.pk, form.cleaned_data["version"], tracked)
    obj = form.save(commit=False)
    obj.version = current.version + 1
    obj.save()
    form.save_m2m()
    for formset in formsets:
        save_ordered(formset)
    return obj


class EditScreen:
    """A thin view for one edit page: permission, form + formsets, conflict screen, redirect.

    Subclasses say which object (through a scoped selector), which form and which lists.
    """

    template_name = "includes/edit_page.html"
    form_class: type[VersionedModelForm]
    tracked: Sequence[Tracked] = ()
    title = ""

    def get_object(self, request: HttpRequest, pk: int) -> models.Model:
        raise NotImplementedError

    def may_edit(self, request: HttpRequest, obj: models.Model) -> bool:
        raise NotImplementedError

    def role_may_edit(self, access) -> bool:
        """Checked before the object is looked up: edit screens are for municipal staff by default."""
        return access.is_municipal

    def formset_classes(self, obj) -> list[tuple[str, str, type, dict]]:
        """(prefix, Dutch heading, formset class, extra kwargs) per list on the page."""
        return []

    def form_kwargs(self, obj) -> dict:
        return {}

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def extra_context(self, obj) -> dict:
        return {}

    def build(self, request, obj, data=None):
        form = self.form_class(data, instance=obj, **self.form_kwargs(obj))
        formsets = [
            (heading, cls(data, instance=obj, prefix=prefix, **kwargs))
            for prefix, heading, cls, kwargs in self.formset_classes(obj)
        ]
        return form, formsets

    def render(self, request, obj, form, formsets, conflict=None, status=200) -> HttpResponse:
        context = {
            "object": obj,
            "title": self.title or str(obj),
            "form": form,
            "formsets": formsets,
            "conflict": conflict,
            "cancel_url": self.success_url(obj),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context, status=status)

    def __call__(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.role_may_edit(access_for(request.user)):
            raise PermissionDenied(_("U mag dit niet wijzigen."))
        obj = self.get_object(request, pk)
        if not self.may_edit(request, obj):
            raise PermissionDenied(_("U mag dit niet wijzigen."))
        if request.method != "POST":
            form, formsets = self.build(request, obj)
            return self.render(request, obj, form, formsets)
        form, formsets = self.build(request, obj, request.POST)
        if not (form.is_valid() and all(formset.is_valid() for _h, formset in formsets)):
            messages.error(request, _("Niet opgeslagen: controleer de gemarkeerde velden."))
            return self.render(request, obj, form, formsets, status=400)
        try:
            saved = save_locked(form=form, formsets=[fs for _h, fs in formsets], tracked=self.tracked)
        except EditConflict as conflict:
            data = request.POST.copy()
            data["version"] = conflict.current.version
            form, formsets = self.build(request, obj, data)
            form.is_valid()
            messages.error(
                request,
                _(
                    "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd. Uw invoer staat "
                    "hieronder nog; vergelijk met de wijzigingen en sla opnieuw op."
                ),
            )
            return self.render(request, obj, form, formsets, conflict=conflict, status=409)
        messages.success(request, _("Opgeslagen."))
        return redirect(self.success_url(saved))


def edit_view(screen_class: type[EditScreen]) -> Callable:
    """A Django view function for an EditScreen (one instance per request keeps it stateless)."""

    def view(request, pk):
        return screen_class()(request, pk)

    view.__name__ = screen_class.__name__
    return view
