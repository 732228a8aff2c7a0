"""The organisation portal: the organisation's home, and one report per assignment and period.

The report page serves every role: the organisation fills it in, the officer reviews it, others read it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors
from agreements.forms_reports import CommentForm, ReasonForm, ReportForm, ReviewForm
from agreements.models import (
    Assignment,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportAttachment,
)
from agreements.permissions import may_change_report, may_enter_report, may_review_report
from agreements.services import (
    SubmissionRefused,
    approve_report,
    comment_on_report,
    reopen_report,
    return_report,
    save_report,
    submit_report,
)
from agreements.services.reports import report_url
from effects.progress import STATUS_RULE
from partners.history import Tracked, object_history
from partners.permissions import access_for, login_required_403

# A POST that arrives after the session expired is kept here and offered again after signing in.
PENDING_KEY = "pending_report_form"


@login_required_403
def portal_home(request):
    """The organisation's assignments with the open periods, how far each report is, and what came back."""
    access = access_for(request.user)
    if not access.is_organisation_user:
        if access.is_municipal:
            # Officers review reports; aldermen and functional admins read the frameworks.
            return redirect("agreements:review-queue" if access.is_editor else "effects:framework-list")
        raise PermissionDenied
    home = selectors.organisation_home(request.user, timezone.localdate())
    return render(request, "agreements/portal_home.html", {"home": home})


def _sheet(request, assignment_pk: int, period_pk: int) -> selectors.ReportSheet:
    try:
        return selectors.report_sheet(request.user, assignment_pk, period_pk, timezone.localdate())
    except (Assignment.DoesNotExist, selectors.ReportingPeriod.DoesNotExist) as error:
        raise Http404 from error


def _may_edit(user, sheet: selectors.ReportSheet) -> bool:
    return may_change_report(user, sheet.assignment, sheet.status, sheet.period, timezone.localdate())


def _render(request, sheet, *, form=None, review_form=None, reason_form=None, comment_form=None, status=200):
    user = request.user
    can_edit = _may_edit(user, sheet)
    can_review = may_review_report(user, sheet.assignment)
    context = {
        "sheet": sheet,
        "assignment": sheet.assignment,
        "period": sheet.period,
        "report": sheet.report,
        "form": form or (ReportForm(sheet=sheet) if can_edit else None),
        "can_edit": can_edit,
        "can_review": can_review and sheet.status == PeriodReport.Status.SUBMITTED,
        "can_reopen": can_review and sheet.status == PeriodReport.Status.APPROVED,
        "review_form": review_form or ReviewForm(sheet=sheet),
        "reason_form": reason_form or ReasonForm(),
        "comment_form": comment_form or CommentForm(),
        "can_comment": sheet.report is not None and (can_review or may_enter_report(user, sheet.assignment)),
        "attachments": sheet.attachments,
        "can_upload": can_edit,
        "status_rule": STATUS_RULE,
    }
    return render(request, "agreements/report_entry.html", context, status=status)


def _keep_for_after_login(request):
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[PENDING_KEY] = {"path": request.path, "data": data}
    return redirect_to_login(request.path)


def _pending_form(request, sheet) -> ReportForm | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING_KEY]
    data = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        data.setlist(key, values)
    messages.info(
        request,
        _(
            "Uw sessie was verlopen. Wat u had ingevuld staat weer in het formulier, maar is nog niet "
            "opgeslagen: controleer het en klik op Opslaan of Indienen."
        ),
    )
    form = ReportForm(data, sheet=sheet)
    form.is_valid()
    return form


def report_entry(request, assignment_pk, period_pk):
    """GET: the report; POST (organisation): save as concept, or submit the whole report."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _keep_for_after_login(request)
        return redirect_to_login(request.get_full_path())
    sheet = _sheet(request, assignment_pk, period_pk)
    if request.method != "POST":
        form = _pending_form(request, sheet) if _may_edit(request.user, sheet) else None
        return _render(request, sheet, form=form)
    if not may_enter_report(request.user, sheet.assignment):
        raise PermissionDenied(_("U mag voor deze opdracht geen realisaties invullen."))
    form = ReportForm(request.POST, sheet=sheet)
    submit = request.POST.get("action") == "submit"
    if not form.is_valid():
        messages.error(request, _("Niet opgeslagen: verbeter de gemarkeerde velden."))
        return _render(request, sheet, form=form, status=400)
    service = submit_report if submit else save_report
    try:
        service(
            assignment=sheet.assignment,
            period=sheet.period,
            user=request.user,
            entered=form.entered(),
            version=form.cleaned_data.get("version"),
        )
    except SubmissionRefused as refused:
        for indicator_id, problem in refused.problems.items():
            form.add_error(f"explanation_{indicator_id}", problem)
        messages.error(
            request,
            _("Niet ingediend en niet opgeslagen: %(reason)s") % {"reason": " ".join(refused.messages)},
        )
        return _render(request, sheet, form=form, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render(
            request, sheet, form=form, status=409 if getattr(error, "code", None) == "stale" else 400
        )
    if submit:
        messages.success(request, _("De rapportage is ingediend. De gemeente krijgt bericht."))
    else:
        messages.success(request, _("Opgeslagen als concept."))
    return redirect(report_url(sheet.assignment, sheet.period))


def _report_or_404(sheet) -> PeriodReport:
    if sheet.report is None:
        raise Http404
    return sheet.report


@login_required_403
@require_POST
def report_review(request, assignment_pk, period_pk):
    """The officer approves the report, or returns it with comments."""
    sheet = _sheet(request, assignment_pk, period_pk)
    if not may_review_report(request.user, sheet.assignment):
        raise PermissionDenied(_("U mag deze rapportage niet beoordelen."))
    report = _report_or_404(sheet)
    form = ReviewForm(request.POST, sheet=sheet)
    if not form.is_valid():
        return _render(request, sheet, review_form=form, status=400)
    version = form.cleaned_data["version"]
    try:
        if request.POST.get("action") == "approve":
            approve_report(
                report=report, user=request.user, version=version, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("De rapportage is goedgekeurd; de waarden liggen nu vast."))
        else:
            return_report(
                report=report,
                user=request.user,
                version=version,
                comment=form.cleaned_data["comment"],
                value_comments=form.value_comments(),
            )
            messages.success(request, _("De rapportage is teruggestuurd naar de organisatie."))
    except ValidationError as error:
        form.add_error(None, error)
        code = getattr(error, "code", None)
        if code == "status":
            # Not under review (a concept, say): the page shows no review form to put the reason at.
            messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Niet verwerkt: zie de melding bij de beoordeling."))
        # A conflict with the report's state (changed meanwhile, or not submitted): 409.
        return _render(request, sheet, review_form=form, status=409 if code in ("stale", "status") else 400)
    return redirect(report_url(sheet.assignment, sheet.period))


@login_required_403
@require_POST
def report_reopen(request, assignment_pk, period_pk):
    sheet = _sheet(request, assignment_pk, period_pk)
    if not may_review_report(request.user, sheet.assignment):
        raise PermissionDenied(_("U mag deze rapportage niet heropenen."))
    report = _report_or_404(sheet)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            reopen_report(report=report, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De rapportage is heropend; de organisatie kan haar corrigeren."))
            return redirect(report_url(sheet.assignment, sheet.period))
    return _render(request, sheet, reason_form=form, status=400)


@login_required_403
@require_POST
def report_comment(request, assignment_pk, period_pk):
    sheet = _sheet(request, assignment_pk, period_pk)
    if not (
        may_review_report(request.user, sheet.assignment) or may_enter_report(request.user, sheet.assignment)
    ):
        raise PermissionDenied(_("U mag hier geen opmerking plaatsen."))
    report = _report_or_404(sheet)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment_on_report(report=report, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Opmerking geplaatst."))
        return redirect(report_url(sheet.assignment, sheet.period) + "#verloop")
    return _render(request, sheet, comment_form=form, status=400)


@login_required_403
def report_history(request, assignment_pk, period_pk):
    """Every change to the report, its values, hours, costs and attachments, newest first."""
    sheet = _sheet(request, assignment_pk, period_pk)
    report = _report_or_404(sheet)
    entries = object_history(
        report,
        [
            Tracked(RealisedHours, "report"),
            Tracked(RealisedCost, "report"),
            Tracked(ReportAttachment, "report"),
        ],
        extra=[
            (
                Realisation,
                Realisation.history.filter(indicator__assignment=sheet.assignment.pk, period=sheet.period.pk),
            )
        ],
    )
    return render(
        request,
        "agreements/report_history.html",
        {"sheet": sheet, "entries": entries, "title": _("Geschiedenis van de rapportage")},
    )
