"""Evidence attachments of a period report: upload, download (only for who may see the report), delete."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements import selectors
from agreements.attachments import rules_text
from agreements.forms_attachments import AttachmentForm
from agreements.permissions import may_enter_report
from agreements.services import add_attachment, remove_attachment
from agreements.services.reports import report_url
from partners import audit
from partners.models import AuditEvent
from partners.permissions import login_required_403


def _refused(request, back_url: str, problems: list[str], *, title: str):
    context = {"title": title, "problems": problems, "back_url": back_url, "rules": rules_text()}
    return render(request, "agreements/attachment_error.html", context, status=400)


@login_required_403
@require_POST
def attachment_add(request, assignment_pk, period_pk):
    assignment = get_object_or_404(
        selectors.assignments_for(request.user).select_related("agreement"), pk=assignment_pk
    )
    # A period of another framework or agreement: not found, as on the report page itself.
    period = get_object_or_404(selectors.report_periods_for(request.user, assignment.agreement), pk=period_pk)
    if not may_enter_report(request.user, assignment):
        raise PermissionDenied(_("U mag bij deze opdracht geen bijlagen toevoegen."))
    back_url = report_url(assignment, period)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        return _refused(request, back_url, problems, title=_("De bijlage is niet toegevoegd"))
    try:
        attachment = add_attachment(
            assignment=assignment, period=period, user=request.user, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        return _refused(request, back_url, error.messages, title=_("De bijlage is niet toegevoegd"))
    messages.success(request, _("De bijlage ‘%(name)s’ is toegevoegd.") % {"name": attachment.name})
    return redirect(back_url + "#bijlagen")


@login_required_403
@require_GET
def attachment_download(request, pk):
    attachment = get_object_or_404(selectors.attachments_for(request.user), pk=pk)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Het bestand van deze bijlage is niet gevonden.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    # Never let the browser second-guess the type or run anything from the file.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    audit.record(AuditEvent.Action.ATTACHMENT_DOWNLOADED, request=request, obj=attachment)
    return response


@login_required_403
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        selectors.attachments_for(request.user).select_related("report__assignment__agreement"), pk=pk
    )
    report = attachment.report
    if not may_enter_report(request.user, report.assignment):
        raise PermissionDenied(_("U mag bij deze opdracht geen bijlagen verwijderen."))
    back_url = report_url(report)
    try:
        remove_attachment(attachment=attachment, user=request.user)
    except ValidationError as error:
        return _refused(request, back_url, error.messages, title=_("De bijlage is niet verwijderd"))
    messages.success(request, _("De bijlage ‘%(name)s’ is verwijderd.") % {"name": attachment.name})
    return redirect(back_url + "#bijlagen")
