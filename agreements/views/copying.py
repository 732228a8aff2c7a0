"""Copy a framework or an agreement to a new period ("Kopiëren naar nieuwe periode")."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.copying import (
    agreement_copy_defaults,
    copy_agreement,
    copy_framework,
    framework_copy_defaults,
)
from agreements.permissions import can_edit_agreement
from agreements.selectors import agreements_for
from effects.models import PolicyFramework
from effects.permissions import can_edit_framework
from effects.selectors import frameworks_for
from partners.permissions import login_required_403, municipal_required

YEAR_BOUNDS = {"min_value": 1900, "max_value": 2200}


class CopyForm(forms.Form):
    """Title, key and period of the copy; the key must be free, the years in order."""

    title = forms.CharField(label=gettext_lazy("Nieuwe titel"), max_length=255)
    slug = forms.SlugField(
        label=gettext_lazy("Nieuwe sleutel"),
        max_length=80,
        help_text=gettext_lazy(
            "Korte unieke naam in de adresbalk en in exportbestanden, bijv. haren-2017-2020."
        ),
    )
    start_year = forms.IntegerField(label=gettext_lazy("Startjaar"), **YEAR_BOUNDS)
    end_year = forms.IntegerField(label=gettext_lazy("Eindjaar"), **YEAR_BOUNDS)

    def __init__(self, *args, model: type[models.Model], **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.model.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Deze sleutel is al in gebruik; kies een andere."))
        return slug

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("Het eindjaar ligt voor het startjaar."))
        return cleaned


def _copy_page(request, *, source, template, defaults, service, source_arg, success_url):
    """GET: the form with the next period; POST: validate, copy in one transaction, go to the copy."""
    form = CopyForm(request.POST if request.method == "POST" else None, initial=defaults, model=type(source))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = service(
                **{source_arg: source},
                new_slug=data["slug"],
                new_title=data["title"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                user=request.user,
            )
        except IntegrityError:
            # Someone took the key between the check and the copy; the copy was rolled back.
            if not type(source).objects.filter(slug=data["slug"]).exists():
                raise
            form.add_error("slug", _("Deze sleutel is al in gebruik; kies een andere."))
        else:
            messages.success(
                request,
                _("Gekopieerd naar %(title)s (%(period)s). De kopie is een concept: pas hem aan waar nodig.")
                % {"title": copy.title, "period": f"{data['start_year']}–{data['end_year']}"},
            )
            return redirect(success_url(copy))
    if request.method == "POST":
        messages.error(request, _("Niet gekopieerd: controleer de gemarkeerde velden."))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"source": source, "form": form}, status=status)


@municipal_required
def framework_copy(request, pk):
    framework = get_object_or_404(frameworks_for(request.user).prefetch_related("municipalities"), pk=pk)
    if not can_edit_framework(request.user, framework):
        raise PermissionDenied(_("U mag dit beleidskader niet kopiëren."))
    return _copy_page(
        request,
        source=framework,
        template="agreements/framework_copy.html",
        defaults=framework_copy_defaults(framework) if request.method != "POST" else {},
        service=copy_framework,
        source_arg="framework",
        success_url=PolicyFramework.get_absolute_url,
    )


@login_required_403
def agreement_copy(request, pk):
    agreement = get_object_or_404(
        agreements_for(request.user)
        .select_related("organisation", "framework")
        .prefetch_related("municipalities"),
        pk=pk,
    )
    if not can_edit_agreement(request.user, agreement):
        raise PermissionDenied(_("U mag deze afspraak niet kopiëren."))
    return _copy_page(
        request,
        source=agreement,
        template="agreements/agreement_copy.html",
        defaults=agreement_copy_defaults(agreement) if request.method != "POST" else {},
        service=copy_agreement,
        source_arg="agreement",
        success_url=lambda copy: reverse("agreements:agreement-detail", args=[copy.pk]),
    )
