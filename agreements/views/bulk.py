"""Bulk entry through Excel for organisation users: download the pre-filled workbook, upload it back."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agreements import bulk, selectors
from agreements.models import ReportingPeriod
from partners.models import Organisation
from partners.permissions import access_for, login_required_403

ORGANISATION_PARAM = "organisatie"


class BulkUploadForm(forms.Form):
    """The filled-in workbook; its content is checked here, its rows by agreements.bulk.read_upload."""

    file = forms.FileField(
        label=gettext_lazy("Ingevuld Excel-bestand (.xlsx)"),
        help_text=gettext_lazy("Het sjabloon van deze periode, met uw waarden ingevuld."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = f".xlsx,{bulk.XLSX_CONTENT_TYPE}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        bulk.check_xlsx_file(upload)
        return upload


def _scope(request, period_pk: int) -> tuple[ReportingPeriod, Organisation, list[Organisation]]:
    """The period and the organisation the user works for: 403 for non-organisation users, 404 if foreign."""
    if not access_for(request.user).is_organisation_user:
        raise PermissionDenied(_("Alleen medewerkers van een opdrachtnemer vullen realisaties in."))
    period = get_object_or_404(selectors.periods_for(request.user).select_related("framework"), pk=period_pk)
    organisations = list(bulk.entry_organisations(request.user))
    requested = request.POST.get(ORGANISATION_PARAM) or request.GET.get(ORGANISATION_PARAM)
    if requested is None:
        return period, organisations[0], organisations
    chosen = next((o for o in organisations if str(o.pk) == requested.strip()), None)
    if chosen is None:
        raise Http404
    return period, chosen, organisations


def _page_url(name: str, period: ReportingPeriod, organisation: Organisation, organisations: list) -> str:
    url = reverse(f"agreements:{name}", args=[period.pk])
    return f"{url}?{ORGANISATION_PARAM}={organisation.pk}" if len(organisations) > 1 else url


@login_required_403
@require_GET
def bulk_template(request, period_pk):
    period, organisation, _organisations = _scope(request, period_pk)
    today = timezone.localdate()
    data = bulk.load_bulk_data(period=period, organisation=organisation)
    content = bulk.build_workbook(data, user=request.user, today=today)
    response = HttpResponse(content, content_type=bulk.XLSX_CONTENT_TYPE)
    file_name = f"realisaties-{organisation.slug}-{period.slug}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


@login_required_403
@require_http_methods(["GET", "POST"])
def bulk_upload(request, period_pk):
    period, organisation, organisations = _scope(request, period_pk)
    today = timezone.localdate()
    data = bulk.load_bulk_data(period=period, organisation=organisation)
    errors: list[bulk.UploadError] = []
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = bulk.read_upload(upload.read(), data, user=request.user, today=today)
        errors = parsed.errors
        if not errors:
            try:
                saved = bulk.save_upload(
                    data=data, upload=parsed, user=request.user, file_name=upload.name, today=today
                )
            except ValidationError as error:
                # Someone submitted a report or closed the period while the file was read: nothing is saved.
                errors = [bulk.UploadError(message) for message in error.messages]
            else:
                messages.success(request, _success_message(saved))
                return redirect(_page_url("bulk-upload", period, organisation, organisations))
    context = {
        "period": period,
        "organisation": organisation,
        "organisations": organisations,
        "form": form,
        "errors": [str(error) for error in errors],
        "rows": [
            {"assignment": assignment, "status": data.status_label(assignment, today)}
            for assignment in data.assignments
        ],
        "is_open": period.is_open_on(today),
        "template_url": _page_url("bulk-template", period, organisation, organisations),
        "upload_url": _page_url("bulk-upload", period, organisation, organisations),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/bulk_upload.html", context, status=status)


def _success_message(saved: bulk.SavedUpload) -> str:
    changes = saved.changes
    if not saved.reports:
        return _("Het bestand bevat geen wijzigingen: er is niets opgeslagen.")
    return _(
        "Ingelezen: %(values)s waarde(n), %(hours)s urenregel(s) en %(costs)s kostenregel(s) opgeslagen in "
        "%(reports)s rapportage(s). De rapportages blijven concept: dien elke rapportage in op haar "
        "eigen pagina."
    ) % {
        "values": changes.values,
        "hours": changes.hours,
        "costs": changes.costs,
        "reports": len(saved.reports),
    }
