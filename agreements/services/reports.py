"""Writes of the portal: saving, submitting and reviewing a period report, opening and closing periods."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from agreements.models import (
    Assignment,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportEvent,
    ReportingPeriod,
)
from agreements.permissions import (
    may_enter_report,
    may_manage_periods,
    may_review_report,
    report_takes_changes,
)
from agreements.progress import assess
from agreements.selectors import earlier_values_this_year
from effects.models import IndicatorDefinition
from partners.links import pk_url
from partners.models import Membership
from partners.notifications import notify, users_with_role

Status = PeriodReport.Status
ValueType = IndicatorDefinition.ValueType


@dataclass(frozen=True)
class EnteredValue:
    """What the organisation typed for one indicator: a number, a fraction or a text, and a toelichting."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    explanation: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and not self.text and not self.explanation

    @property
    def has_value(self) -> bool:
        return self.value is not None or bool(self.text)


@dataclass(frozen=True)
class ReportInput:
    """Entry form: values by indicator id, hours by (municipality id, category), costs by municipality."""

    values: dict[int, EnteredValue]
    hours: dict[tuple[int, str], Decimal | None]
    costs: dict[int, tuple[Decimal | None, Decimal | None]]


def report_url(report_or_assignment, period: ReportingPeriod | None = None) -> str:
    if isinstance(report_or_assignment, PeriodReport):
        assignment_id, period_id = report_or_assignment.assignment_id, report_or_assignment.period_id
    else:
        assignment_id, period_id = report_or_assignment.pk, period.pk
    return pk_url("agreements:report-entry", assignment_id, period_id)


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Iemand anders heeft deze rapportage intussen opgeslagen of de status gewijzigd. "
            "Uw invoer staat nog in het formulier; open de rapportage opnieuw in een ander tabblad "
            "om te vergelijken."
        ),
        code="stale",
    )


def locked_report(assignment: Assignment, period: ReportingPeriod) -> tuple[PeriodReport, bool]:
    """The report row, created when first saved, locked for the rest of the transaction."""
    report, created = PeriodReport.objects.get_or_create(assignment=assignment, period=period)
    return PeriodReport.objects.select_for_update().select_related("period").get(pk=report.pk), created


def check_report_writable(user, report: PeriodReport, today: datetime.date) -> None:
    """Refuse (PermissionDenied or ValidationError) unless the organisation may still change this report."""
    if not may_enter_report(user, report.assignment):
        raise PermissionDenied(_("U mag voor deze opdracht geen realisaties invullen."))
    if not report.is_editable_by_organisation:
        raise ValidationError(
            _("Deze rapportage is %(status)s en kan niet meer worden gewijzigd."),
            params={"status": report.get_status_display()},
            code="locked",
        )
    if not report_takes_changes(report.status, report.period, today):
        raise ValidationError(_("Deze periode is niet open voor rapportage."), code="closed")


def _save_values(report: PeriodReport, entered: ReportInput, user) -> bool:
    indicators = {indicator.pk: indicator for indicator in report.assignment.indicators.all()}
    unknown = set(entered.values) - set(indicators)
    if unknown:
        raise ValidationError(_("Een of meer indicatoren horen niet bij deze opdracht."), code="foreign")
    existing = {
        r.indicator_id: r
        for r in Realisation.objects.filter(
            indicator__in=indicators, period=report.period, municipality__isnull=True
        )
    }
    changed = False
    for indicator_id, value in entered.values.items():
        realisation = existing.get(indicator_id)
        if realisation is None:
            if value.is_empty:
                continue
            realisation = Realisation(indicator_id=indicator_id, period=report.period)
        fields = {
            "value": value.value,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "text": value.text,
            "explanation": value.explanation,
            "is_demo": False,
        }
        if realisation.pk and all(getattr(realisation, name) == new for name, new in fields.items()):
            continue
        for name, new in fields.items():
            setattr(realisation, name, new)
        if realisation.status == Realisation.Status.APPROVED:
            realisation.status = Realisation.Status.DRAFT
        realisation.version += 1 if realisation.pk else 0
        realisation._history_user = user
        realisation.save()
        changed = True
    return changed


def _save_effort(report: PeriodReport, entered: ReportInput, user) -> bool:
    allowed = {m.pk for m in report.assignment.agreement.municipalities.all()}
    municipalities = {m for m, _category in entered.hours} | set(entered.costs)
    if not municipalities <= allowed:
        raise ValidationError(_("Een of meer gemeenten horen niet bij deze afspraak."), code="foreign")
    changed = False
    hours = {(h.municipality_id, h.category): h for h in report.hours.all()}
    for (municipality_id, category), amount in entered.hours.items():
        row = hours.get((municipality_id, category))
        if row is None and amount is None:
            continue
        if row is not None and row.hours == amount:
            continue
        row = row or RealisedHours(report=report, municipality_id=municipality_id, category=category)
        row.hours = amount
        row._history_user = user
        row.save()
        changed = True
    costs = {c.municipality_id: c for c in report.costs.all()}
    for municipality_id, (direct_costs, direct_revenue) in entered.costs.items():
        row = costs.get(municipality_id)
        if row is None and direct_costs is None and direct_revenue is None:
            continue
        if row is not None and (row.direct_costs, row.direct_revenue) == (direct_costs, direct_revenue):
            continue
        row = row or RealisedCost(report=report, municipality_id=municipality_id)
        row.direct_costs, row.direct_revenue = direct_costs, direct_revenue
        row._history_user = user
        row.save()
        changed = True
    return changed


def _bump(report: PeriodReport, user) -> None:
    report.version += 1
    report._history_user = user
    report.save()


@transaction.atomic
def save_report(
    *,
    assignment: Assignment,
    period: ReportingPeriod,
    user,
    entered: ReportInput,
    version: int | None,
    today: datetime.date | None = None,
) -> PeriodReport:
    """Save what was typed as a concept; only real changes are written (and raise the version)."""
    today = today or timezone.localdate()
    report, created = locked_report(assignment, period)
    check_report_writable(user, report, today)
    if not created and version is not None and report.version != version:
        raise _stale()
    changed = _save_values(report, entered, user)
    changed = _save_effort(report, entered, user) or changed
    if changed:
        _bump(report, user)
    return report


def submission_problems(report: PeriodReport) -> dict[int, str]:
    """Per indicator id, why the report cannot be submitted yet: a missing value or toelichting."""
    threshold = report.period.framework.deviation_threshold
    earlier = earlier_values_this_year(report.assignment_id, report.period)
    realisations = {
        r.indicator_id: r
        for r in Realisation.objects.filter(
            indicator__assignment=report.assignment_id, period=report.period, municipality__isnull=True
        )
    }
    problems = {}
    for indicator in report.assignment.indicators.prefetch_related("targets"):
        realisation = realisations.get(indicator.pk)
        if realisation is None or not (realisation.value is not None or realisation.text):
            if realisation is None or not realisation.explanation:
                problems[indicator.pk] = _(
                    "Vul een waarde in, of leg in de toelichting uit waarom die ontbreekt."
                )
            continue
        result = assess(
            indicator,
            report.period,
            realisation.value,
            targets=indicator.targets.all(),
            earlier_this_year=earlier.get(indicator.pk, Decimal(0)),
            threshold_percent=threshold,
        )
        if result.needs_explanation and not realisation.explanation.strip():
            problems[indicator.pk] = _(
                "De waarde blijft meer dan %(threshold)s%% achter bij de streefwaarde: "
                "een toelichting is verplicht."
            ) % {"threshold": f"{threshold.normalize():f}"}
    return problems


class SubmissionRefused(ValidationError):
    """Raised with the problems per indicator id, so the form can show each at its field."""

    def __init__(self, problems: dict[int, str]):
        self.problems = problems
        super().__init__(
            _("De rapportage is nog niet compleet: %(count)s indicator(en) hebben aandacht nodig."),
            params={"count": len(problems)},
            code="incomplete",
        )


@transaction.atomic
def submit_report(
    *,
    assignment: Assignment,
    period: ReportingPeriod,
    user,
    entered: ReportInput,
    version: int | None,
    today: datetime.date | None = None,
) -> PeriodReport:
    """Save and submit the whole report; refused, writing nothing, while a value or toelichting is missing."""
    today = today or timezone.localdate()
    report = save_report(
        assignment=assignment, period=period, user=user, entered=entered, version=version, today=today
    )
    problems = submission_problems(report)
    if problems:
        raise SubmissionRefused(problems)
    now = timezone.now()
    report.status = Status.SUBMITTED
    report.submitted_by, report.submitted_at = user, now
    report.is_late = period.is_past_deadline_on(today)
    report.reviewed_by, report.reviewed_at = None, None
    _bump(report, user)
    _set_value_status(report, Realisation.Status.SUBMITTED, user)
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUBMITTED, by=user, at=now)
    agreement = assignment.agreement
    notify(
        recipients=users_with_role(
            Membership.Role.POLICY_OFFICER,
            municipality_ids=[m.pk for m in agreement.municipalities.all()],
        ),
        subject=_("Rapportage ingediend: %(assignment)s – %(period)s")
        % {"assignment": assignment.display_title, "period": period.name},
        message=_("%(organisation)s heeft de rapportage ingediend%(late)s. Zij wacht op uw beoordeling.")
        % {
            "organisation": agreement.organisation.name,
            "late": _(" (te laat)") if report.is_late else "",
        },
        url=report_url(report),
    )
    return report


def _set_value_status(
    report: PeriodReport, status: str, user, *, comments: dict[int, str] | None = None
) -> None:
    """Every value of the report follows the report's step; returned values carry their own comment.
    One UPDATE and one history insert for all values, whatever their number."""
    comments = comments or {}
    now = timezone.now()
    submitting = status == Realisation.Status.SUBMITTED
    realisations = list(
        Realisation.objects.filter(
            indicator__assignment=report.assignment_id, period=report.period_id, municipality__isnull=True
        )
    )
    for realisation in realisations:
        comment = "" if submitting else comments.get(realisation.indicator_id, "")
        realisation.status = Realisation.Status.RETURNED if comment else status
        realisation.review_comment = comment
        if submitting:
            realisation.submitted_by, realisation.submitted_at = user, now
        else:
            realisation.reviewed_by, realisation.reviewed_at = user, now
        realisation.version += 1
    who = ["submitted_by", "submitted_at"] if submitting else ["reviewed_by", "reviewed_at"]
    bulk_update_with_history(
        realisations,
        Realisation,
        ["status", "review_comment", "version", *who],
        default_user=user,
        default_date=now,
    )


def _review_lock(report: PeriodReport, user, *, expected: str, version: int | None) -> PeriodReport:
    """The report locked; refused if its status is no longer `expected` or it changed since `version`
    (None: the version of the `report` the caller holds)."""
    current = PeriodReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    if not may_review_report(user, current.assignment):
        raise PermissionDenied(_("U mag deze rapportage niet beoordelen."))
    if current.version != (report.version if version is None else version):
        raise _stale()
    if current.status != expected:
        # Unchanged since the caller saw it, but not in the state this step is for (a concept, say).
        raise ValidationError(
            _("Dit kan niet: de rapportage staat op ‘%(status)s’, niet op ‘%(expected)s’.")
            % {"status": current.get_status_display(), "expected": Status(expected).label},
            code="status",
        )
    return current


def _tell_organisation(report: PeriodReport, *, subject: str, message: str) -> None:
    notify(
        recipients=users_with_role(
            Membership.Role.ORGANISATION_USER, organisation_ids=[report.assignment.agreement.organisation_id]
        ),
        subject=subject % {"assignment": report.assignment.display_title, "period": report.period.name},
        message=message,
        url=report_url(report),
    )


@transaction.atomic
def return_report(
    *,
    report: PeriodReport,
    user,
    version: int | None = None,
    comment: str = "",
    value_comments: dict[int, str] | None = None,
) -> PeriodReport:
    """Send a submitted report back for correction, with a comment on the whole and/or per value."""
    comment = (comment or "").strip()
    value_comments = {
        pk: text.strip() for pk, text in (value_comments or {}).items() if text and text.strip()
    }
    current = _review_lock(report, user, expected=Status.SUBMITTED, version=version)
    if not comment and not value_comments:
        raise ValidationError(
            {"comment": _("Schrijf bij het terugsturen wat er moet veranderen (bij de waarde of hieronder).")}
        )
    known = set(current.assignment.indicators.values_list("pk", flat=True))
    if not set(value_comments) <= known:
        raise ValidationError(_("Een of meer indicatoren horen niet bij deze rapportage."), code="foreign")
    now = timezone.now()
    current.status, current.reviewed_by, current.reviewed_at = Status.RETURNED, user, now
    _bump(current, user)
    _set_value_status(current, Realisation.Status.DRAFT, user, comments=value_comments)
    ReportEvent.objects.create(
        report=current, kind=ReportEvent.Kind.RETURNED, by=user, at=now, comment=comment
    )
    _tell_organisation(
        current,
        subject=_("Rapportage teruggestuurd: %(assignment)s – %(period)s"),
        message=comment or _("Er zijn opmerkingen bij %(count)s waarde(n).") % {"count": len(value_comments)},
    )
    return current


@transaction.atomic
def approve_report(
    *, report: PeriodReport, user, version: int | None = None, comment: str = ""
) -> PeriodReport:
    """Approve a submitted report: its values are locked from now on."""
    current = _review_lock(report, user, expected=Status.SUBMITTED, version=version)
    now = timezone.now()
    current.status, current.reviewed_by, current.reviewed_at = Status.APPROVED, user, now
    _bump(current, user)
    _set_value_status(current, Realisation.Status.APPROVED, user)
    comment = (comment or "").strip()
    ReportEvent.objects.create(
        report=current, kind=ReportEvent.Kind.APPROVED, by=user, at=now, comment=comment
    )
    _tell_organisation(
        current,
        subject=_("Rapportage goedgekeurd: %(assignment)s – %(period)s"),
        message=comment or _("De gemeente heeft de rapportage goedgekeurd."),
    )
    return current


@transaction.atomic
def reopen_report(*, report: PeriodReport, user, reason: str) -> PeriodReport:
    """Reopen an approved report for correction; the reason is kept in its history."""
    reason = (reason or "").strip()
    current = _review_lock(report, user, expected=Status.APPROVED, version=None)
    if not reason:
        raise ValidationError(
            {"reason": _("Geef de reden waarom de goedgekeurde rapportage wordt heropend.")}
        )
    now = timezone.now()
    current.status, current.reviewed_by, current.reviewed_at = Status.RETURNED, user, now
    _bump(current, user)
    _set_value_status(current, Realisation.Status.DRAFT, user)
    ReportEvent.objects.create(
        report=current, kind=ReportEvent.Kind.REOPENED, by=user, at=now, comment=reason
    )
    _tell_organisation(current, subject=_("Rapportage heropend: %(assignment)s – %(period)s"), message=reason)
    return current


@transaction.atomic
def comment_on_report(*, report: PeriodReport, user, text: str) -> ReportEvent:
    """Add a message to the report's thread (organisation and officers both write there)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Een lege opmerking wordt niet geplaatst.")})
    if not (may_enter_report(user, report.assignment) or may_review_report(user, report.assignment)):
        raise PermissionDenied(_("U mag hier geen opmerking plaatsen."))
    return ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.COMMENT, by=user, comment=text)


@transaction.atomic
def set_period_closed(*, period: ReportingPeriod, user, closed: bool) -> ReportingPeriod:
    """Open or close a reporting period; opening one whose date has not come opens it today."""
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not may_manage_periods(user, current.framework):
        raise PermissionDenied(_("U mag de periodes van dit beleidskader niet beheren."))
    current.is_closed = closed
    today = timezone.localdate()
    if not closed and current.opens_on and current.opens_on > today:
        current.opens_on = today
    current._history_user = user
    current.save()
    return current
