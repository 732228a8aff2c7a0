"""Copy a policy framework or an agreement to a new period ("volgend jaar"), as a concept to edit.

What is planned is copied (goals, assignments, hours, money, indicators and their targets, with every
year shifted by the same offset); what happened is not (realisations, measured values, reporting
periods, the workflow trail). Rows are written per model in bulk, each with its own 'created' history
row, so the number of queries does not grow with the size of the framework.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementBudgetLine,
    AgreementSection,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    SubsidyAmount,
    SubsidyLine,
)
from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectPartner,
    FrameworkSection,
    PolicyFramework,
    ProgrammeBudgetLine,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)

SLUG_LENGTH = 80
CHANGE_REASON_LENGTH = 100


class _Copier:
    """Writes copies of rows and remembers old id -> new id per model.

    Every foreign key to a model that was copied earlier in the same run points to the copy; all
    other foreign keys (municipalities, organisations, or effects when only an agreement is copied)
    keep pointing where they pointed.
    """

    def __init__(self, *, user, offset: int, reason: str, years: range | None = None):
        self.user = user
        self.offset = offset
        self.years = years
        self.reason = reason[:CHANGE_REASON_LENGTH]
        self.now = timezone.now()
        self.copied: dict[type[models.Model], dict[int, int]] = defaultdict(dict)

    def new_id(self, model: type[models.Model], old_id: int | None) -> int | None:
        return self.copied.get(model, {}).get(old_id, old_id)

    def shift(self, year: int | None) -> int | None:
        return None if year is None else year + self.offset

    def shift_into_range(self, year: int | None) -> int | None:
        """Shift a year and keep it inside the new period (for periods of agreements)."""
        year = self.shift(year)
        if year is None or self.years is None:
            return year
        return min(max(year, self.years.start), self.years.stop - 1)

    def copy(self, model: type[models.Model], rows: Iterable[models.Model], **changes) -> list:
        """Insert one copy per row with history; a change is a value or a function of the source row."""
        rows = list(rows)
        if not rows:
            return []
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        copies = []
        for row in rows:
            values = {f.attname: getattr(row, f.attname) for f in fields}
            for f in fields:
                if f.is_relation and f.related_model in self.copied:
                    values[f.attname] = self.new_id(f.related_model, values[f.attname])
            if "version" in values:
                values["version"] = 1
            for name, change in changes.items():
                values[name] = change(row) if callable(change) else change
            copies.append(model(**values))
        created = bulk_create_with_history(
            copies, model, default_user=self.user, default_change_reason=self.reason, default_date=self.now
        )
        self.copied[model].update({row.pk: copy.pk for row, copy in zip(rows, created, strict=True)})
        return created

    def copy_links(self, model: type[models.Model], name: str, sources: Iterable[int] | models.QuerySet):
        """Give the copies of `sources` the many-to-many links of their originals (re-pointed to copies).

        The links go into the 'created' history row of each copy, as if they were saved with it.
        """
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = (
            through.objects.filter(**{f"{source}__in": sources})
            .order_by("pk")
            .values_list(f"{source}_id", f"{target}_id")
        )
        links = through.objects.bulk_create(
            [
                through(
                    **{
                        f"{source}_id": self.new_id(model, s),
                        f"{target}_id": self.new_id(field.related_model, t),
                    }
                )
                for s, t in pairs
            ]
        )
        if not links:
            return
        history = dict(
            model.history.filter(
                id__in={getattr(link, f"{source}_id") for link in links},
                history_type="+",
                history_date=self.now,
            ).values_list("id", "history_id")
        )
        snapshot = getattr(model.history.model, name).model
        through_fields = [f.attname for f in through._meta.concrete_fields]
        snapshot.objects.bulk_create(
            [
                snapshot(
                    history_id=history[getattr(link, f"{source}_id")],
                    **{attname: getattr(link, attname) for attname in through_fields},
                )
                for link in links
            ]
        )


# -- names and periods of the copies ------------------------------------------------------------


def next_period(start_year: int, end_year: int) -> tuple[int, int]:
    """The period of the same length that starts the year after end_year."""
    return end_year + 1, end_year + 1 + (end_year - start_year)


def _period_text(start_year: int, end_year: int) -> str:
    return str(start_year) if start_year == end_year else f"{start_year}-{end_year}"


def replace_years(text: str, old: tuple[int | None, int | None], new: tuple[int, int]) -> str | None:
    """text with the old period ("2013-2016", or its first year) named as the new one; None if absent."""
    old_start, old_end = old
    if old_start is None:
        return None
    old_end = old_start if old_end is None else old_end
    new_start, new_end = new
    if old_end != old_start:
        span = re.compile(rf"(?<!\d){old_start}(\s*[-–/]\s*){old_end}(?!\d)")
        if span.search(text):
            return span.sub(lambda match: f"{new_start}{match.group(1)}{new_end}", text)
    year = re.compile(rf"(?<!\d){old_start}(?!\d)")
    if not year.search(text):
        return None
    replacement = str(new_start) if old_end != old_start else _period_text(new_start, new_end)
    return year.sub(replacement, text)


def _suffixed(slug: str, number: int) -> str:
    if number == 1:
        return slug[:SLUG_LENGTH]
    suffix = f"-{number}"
    return slug[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


def unique_slugs(model: type[models.Model], wanted: list[str]) -> list[str]:
    """The wanted slugs, each made unique (in the table and among themselves) with -2, -3, ..."""
    limit = len(wanted) + 1
    while True:
        candidates = {_suffixed(slug, n) for slug in wanted for n in range(1, limit + 1)}
        taken = set(model.objects.filter(slug__in=candidates).values_list("slug", flat=True))
        chosen: list[str] = []
        for slug in wanted:
            free = next(
                (
                    _suffixed(slug, n)
                    for n in range(1, limit + 1)
                    if _suffixed(slug, n) not in taken and _suffixed(slug, n) not in chosen
                ),
                None,
            )
            if free is None:
                break
            chosen.append(free)
        else:
            return chosen
        limit *= 4


def _slug_for(slug: str, old: tuple[int | None, int | None], new: tuple[int, int]) -> str:
    return replace_years(slug, old, new) or f"{slug}-{_period_text(*new)}"


def _agreement_period(agreement: Agreement) -> tuple[int | None, int | None]:
    """The agreement's own years, or else those of its framework."""
    if agreement.start_year is not None:
        return agreement.start_year, agreement.end_year
    if agreement.framework_id:
        return agreement.framework.start_year, agreement.framework.end_year
    return None, None


def framework_copy_defaults(framework: PolicyFramework) -> dict:
    """What the copy form proposes: the next period of the same length, with title and key to match."""
    new = next_period(framework.start_year, framework.end_year)
    old = (framework.start_year, framework.end_year)
    return {
        "title": replace_years(framework.title, old, new) or framework.title,
        "slug": unique_slugs(PolicyFramework, [_slug_for(framework.slug, old, new)])[0],
        "start_year": new[0],
        "end_year": new[1],
    }


def agreement_copy_defaults(agreement: Agreement) -> dict:
    """What the copy form proposes for an agreement; without any years only title and key."""
    old = _agreement_period(agreement)
    if old[0] is None:
        return {"title": agreement.title, "slug": unique_slugs(Agreement, [agreement.slug])[0]}
    new = next_period(old[0], old[1] if old[1] is not None else old[0])
    return {
        "title": replace_years(agreement.title, old, new) or agreement.title,
        "slug": unique_slugs(Agreement, [_slug_for(agreement.slug, old, new)])[0],
        "start_year": new[0],
        "end_year": new[1],
    }


# -- the copies ---------------------------------------------------------------------------------


def _check_period(start_year: int, end_year: int) -> None:
    if end_year < start_year:
        raise ValidationError(_("Het eindjaar ligt voor het startjaar."))


def _copy_agreements(copier: _Copier, sources: list[Agreement], headers: dict[int, dict]) -> list[Agreement]:
    """The one path that copies agreements with all they hold; headers: new slug, title and years per id.

    Assignments keep their effect or SMART goal unless the copier copied those too.
    """
    copies = copier.copy(
        Agreement,
        sources,
        slug=lambda agreement: headers[agreement.pk]["slug"],
        title=lambda agreement: headers[agreement.pk]["title"],
        start_year=lambda agreement: headers[agreement.pk]["start_year"],
        end_year=lambda agreement: headers[agreement.pk]["end_year"],
        status=Agreement.Status.DRAFT,
        document_date=None,
    )
    ids = [agreement.pk for agreement in sources]
    copier.copy_links(Agreement, "municipalities", ids)
    for model in (AgreementSection, SubsidyLine, AgreementBudgetLine, Assignment):
        copier.copy(model, model.objects.filter(agreement__in=ids).order_by("pk"))
    copier.copy(
        SubsidyAmount,
        SubsidyAmount.objects.filter(line__agreement__in=ids).order_by("pk"),
        year=lambda amount: copier.shift(amount.year),
    )
    for model in (Activity, AgreedResult, HoursLine, MoneyLine, PerformanceIndicator):
        copier.copy(model, model.objects.filter(assignment__agreement__in=ids).order_by("pk"))
    # Reporting periods are not copied: a target for a period becomes a target for its (shifted) year.
    copier.copy(
        PerformanceTarget,
        PerformanceTarget.objects.filter(indicator__assignment__agreement__in=ids).order_by("pk"),
        year=lambda target: copier.shift(target.year),
        period_id=None,
        change_reason="",
    )
    return copies


@transaction.atomic
def copy_framework(
    *, framework: PolicyFramework, new_slug: str, new_title: str, start_year: int, end_year: int, user
) -> PolicyFramework:
    """Copy a framework with its goals, indicators, targets and agreements to a new period, as concept."""
    _check_period(start_year, end_year)
    copier = _Copier(
        user=user,
        offset=start_year - framework.start_year,
        years=range(start_year, end_year + 1),
        reason=_("Gekopieerd van %(slug)s") % {"slug": framework.slug},
    )
    [copy] = copier.copy(
        PolicyFramework,
        [framework],
        slug=new_slug,
        title=new_title,
        start_year=start_year,
        end_year=end_year,
        status=PolicyFramework.Status.DRAFT,
        document_date=None,
    )
    copier.copy_links(PolicyFramework, "municipalities", [framework.pk])
    for model in (FrameworkSection, Theme, SocietalEffect):
        copier.copy(model, model.objects.filter(framework=framework).order_by("pk"))
    effects = SocietalEffect.objects.filter(framework=framework).values("pk")
    copier.copy_links(SocietalEffect, "related_effects", effects)
    for model in (TargetGroupFigure, EffectPartner):
        copier.copy(model, model.objects.filter(effect__framework=framework).order_by("pk"))
    copier.copy(
        SmartGoal,
        SmartGoal.objects.filter(framework=framework).order_by("pk"),
        planned_years=lambda goal: sorted(
            {copier.shift(year) for year in goal.planned_years or [] if isinstance(year, int)}
            & set(copier.years)
        ),
    )
    copier.copy_links(SmartGoal, "effects", SmartGoal.objects.filter(framework=framework).values("pk"))
    copier.copy(EffectIndicator, EffectIndicator.objects.filter(framework=framework).order_by("pk"))
    copier.copy(
        EffectIndicatorTarget,
        EffectIndicatorTarget.objects.filter(indicator__framework=framework).order_by("pk"),
        year=lambda target: copier.shift(target.year),
        change_reason="",
    )
    copier.copy(
        ProgrammeBudgetLine,
        ProgrammeBudgetLine.objects.filter(framework=framework).order_by("pk"),
        year=lambda line: copier.shift(line.year),
    )
    agreements = list(
        Agreement.objects.filter(framework=framework).select_related("framework").order_by("pk")
    )
    _copy_agreements(copier, agreements, _shifted_headers(copier, agreements, start_year, end_year))
    return PolicyFramework.objects.get(pk=copy.pk)


def _shifted_headers(copier: _Copier, agreements: list[Agreement], start_year: int, end_year: int) -> dict:
    """New slug, title and years of each agreement of a copied framework: its years move with the offset."""
    named = []
    for agreement in agreements:
        years = (copier.shift_into_range(agreement.start_year), copier.shift_into_range(agreement.end_year))
        new = (years[0], years[1] or years[0]) if years[0] is not None else (start_year, end_year)
        named.append((agreement, _agreement_period(agreement), new, years))
    slugs = unique_slugs(
        Agreement, [_slug_for(agreement.slug, old, new) for agreement, old, new, _y in named]
    )
    return {
        agreement.pk: {
            "slug": slug,
            "title": replace_years(agreement.title, old, new) or agreement.title,
            "start_year": years[0],
            "end_year": years[1],
        }
        for (agreement, old, new, years), slug in zip(named, slugs, strict=True)
    }


@transaction.atomic
def copy_agreement(
    *, agreement: Agreement, new_slug: str, new_title: str, start_year: int, end_year: int, user
) -> Agreement:
    """Copy one agreement with its assignments to a new period, as concept, under the same goals."""
    _check_period(start_year, end_year)
    old_start = _agreement_period(agreement)[0]
    copier = _Copier(
        user=user,
        offset=start_year - old_start if old_start is not None else 0,
        reason=_("Gekopieerd van %(slug)s") % {"slug": agreement.slug},
    )
    header = {"slug": new_slug, "title": new_title, "start_year": start_year, "end_year": end_year}
    [copy] = _copy_agreements(copier, [agreement], {agreement.pk: header})
    return Agreement.objects.get(pk=copy.pk)
