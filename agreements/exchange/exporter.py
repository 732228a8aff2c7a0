"""export_framework: one framework and everything under and around it, in the canonical exchange form."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from agreements.exchange.importer import ASSIGNMENT_FIELDS, INDICATOR_FIELDS
from agreements.exchange.yaml_io import dump
from agreements.models import Agreement, Assignment, PerformanceIndicator, SubsidyLine
from effects.models import EffectIndicator, PolicyFramework, SocietalEffect
from partners.models import Municipality, Organisation

FORMAT_VERSION = 1


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so files stay short; False and 0 are kept only where they carry meaning."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {}, False)}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal | None, is_pm: bool) -> Decimal | str | None:
    return "PM" if is_pm else value


def _indicator_queryset(model):
    return model.objects.prefetch_related(
        "targets", "values" if model is EffectIndicator else "realisations__period"
    )


class _Exporter:
    def __init__(self, framework: PolicyFramework):
        self.framework = framework
        self.municipality_ids: set[int] = set(framework.municipalities.values_list("pk", flat=True))
        self.organisation_ids: set[int] = set()

    def document(self) -> dict:
        framework_part = self._framework()
        agreements = [self._agreement(agreement) for agreement in self._agreements()]
        organisations = (
            Organisation.objects.filter(pk__in=self.organisation_ids)
            .prefetch_related("municipalities", "contacts")
            .order_by("slug")
        )
        organisation_part = [self._organisation(organisation) for organisation in organisations]
        municipalities = Municipality.objects.filter(pk__in=self.municipality_ids).order_by("slug")
        return _compact(
            {
                "formaat": FORMAT_VERSION,
                "gemeenten": [
                    _compact({"sleutel": m.slug, "naam": m.name, "cbs_code": m.cbs_code})
                    for m in municipalities
                ],
                "organisaties": organisation_part,
                "beleidskader": framework_part,
                "afspraken": agreements,
            }
        )

    # -- framework and goal chain -------------------------------------------------------------

    def _framework(self) -> dict:
        framework = self.framework
        effects = (
            framework.effects.select_related("theme")
            .prefetch_related(
                "target_groups",
                "partners__organisation",
                "related_effects",
                Prefetch("indicators", queryset=_indicator_queryset(EffectIndicator)),
            )
            .order_by("sort_key")
        )
        goals = framework.smart_goals.prefetch_related(
            "effects", Prefetch("indicators", queryset=_indicator_queryset(EffectIndicator))
        )
        monitoring = _indicator_queryset(EffectIndicator).filter(
            framework=framework, effect__isnull=True, smart_goal__isnull=True
        )
        return _compact(
            {
                "sleutel": framework.slug,
                "titel": framework.title,
                "ondertitel": framework.subtitle,
                "gemeenten": sorted(m.slug for m in framework.municipalities.all()),
                "soort": framework.document_kind,
                "startjaar": framework.start_year,
                "eindjaar": framework.end_year,
                "status": framework.status,
                "datum": _date(framework.document_date),
                "ambitie": framework.ambition,
                "missie": framework.mission,
                "visie": framework.vision,
                "toelichting": framework.description,
                "afwijkingsdrempel": framework.deviation_threshold,
                "secties": [{"titel": s.title, "tekst": s.body} for s in framework.sections.all()],
                "themas": [
                    _compact({"code": t.code, "naam": t.name, "omschrijving": t.description})
                    for t in framework.themes.order_by("sort_key")
                ],
                "effecten": [self._effect(effect) for effect in effects],
                "smart_doelen": [self._goal(goal) for goal in goals],
                "monitoring": [self._indicator(indicator) for indicator in monitoring],
                "programmabegroting": [
                    _compact(
                        {
                            "jaar": line.year,
                            "code": line.code,
                            "naam": line.name,
                            "bedrag": _amount(line.amount, line.is_pm),
                            "toelichting": line.description,
                        }
                    )
                    for line in framework.budget_lines.all()
                ],
                "perioden": [
                    _compact(
                        {
                            "sleutel": p.slug,
                            "naam": p.name,
                            "soort": p.kind,
                            "jaar": p.year,
                            "nummer": p.number,
                            "opent_op": _date(p.opens_on),
                            "deadline": _date(p.deadline),
                            "gesloten": p.is_closed,
                        }
                    )
                    for p in framework.periods.order_by("year", "kind", "number", "slug")
                ],
            }
        )

    def _effect(self, effect: SocietalEffect) -> dict:
        for partner in effect.partners.all():
            if partner.organisation_id:
                self.organisation_ids.add(partner.organisation_id)
        return _compact(
            {
                "code": effect.code,
                "thema": effect.theme.code if effect.theme else None,
                "titel": effect.title,
                "verantwoordelijk": effect.responsible,
                "prioriteit": effect.priority,
                "beoogd_effect": effect.intended_effect,
                "toelichting": effect.description,
                "richtlijnen": effect.guideline_list,
                "opmerkingen_gemeente": effect.municipal_remarks,
                "gerelateerde_effecten": sorted(
                    (related.code for related in effect.related_effects.all()),
                    key=lambda code: next(
                        (e.sort_key for e in effect.related_effects.all() if e.code == code), code
                    ),
                ),
                "relatie_toelichting": effect.relation_note,
                "indicatoren": [self._indicator(indicator) for indicator in effect.indicators.all()],
                "doelgroep": [
                    _compact(
                        {
                            "omschrijving": figure.label,
                            "aantal": figure.count,
                            "aantal_tekst": figure.count_text,
                            "peildatum": _date(figure.reference_date),
                        }
                    )
                    for figure in effect.target_groups.all()
                ],
                "partners": [
                    _compact(
                        {
                            "naam": partner.name,
                            "organisatie": partner.organisation.slug if partner.organisation else None,
                            "rol": partner.role,
                        }
                    )
                    for partner in effect.partners.all()
                ],
                "opdrachten": self._assignments(Assignment.objects.filter(effect=effect)),
            }
        )

    def _goal(self, goal) -> dict:
        return _compact(
            {
                "code": goal.code,
                "titel": goal.title,
                "er_doelen": [e.code for e in sorted(goal.effects.all(), key=lambda e: e.sort_key)],
                "investeringslijn": goal.investment_line,
                "toelichting": goal.description,
                "jaren": sorted(goal.planned_years),
                "met_wie": goal.partners_text,
                "geld": goal.funding_text,
                "indicatoren": [self._indicator(indicator) for indicator in goal.indicators.all()],
                "opdrachten": self._assignments(Assignment.objects.filter(smart_goal=goal)),
            }
        )

    @staticmethod
    def _measured(item) -> dict:
        return {
            "waarde": item.value,
            "teller": item.numerator,
            "noemer": item.denominator,
            "tekst": item.text,
            "toelichting": item.explanation,
        }

    def _indicator(self, indicator) -> dict:
        data = {key: getattr(indicator, name) for key, name in INDICATOR_FIELDS.items()}
        data["bbv"] = getattr(indicator, "is_bbv", False)
        data["nulmeting"] = _compact(
            {
                "waarde": indicator.baseline_value,
                "tekst": indicator.baseline_text,
                "peildatum": _date(indicator.baseline_date),
            }
        )
        data["streefwaarden"] = [
            _compact(
                {
                    "jaar": target.year,
                    "periode": target.period.slug if getattr(target, "period", None) else None,
                    "waarde": target.value,
                    "tekst": target.text,
                    "reden_wijziging": target.change_reason,
                }
            )
            for target in indicator.targets.all()
        ]
        if isinstance(indicator, EffectIndicator):
            data["waarden"] = [
                _compact({"jaar": value.year, **self._measured(value), "demo": value.is_demo})
                for value in indicator.values.all()
            ]
        else:
            realisations = sorted(
                indicator.realisations.all(),
                key=lambda r: (
                    r.period.year,
                    r.period.kind,
                    r.period.number or 0,
                    r.period.slug,
                    r.municipality.slug if r.municipality else "",
                ),
            )
            data["realisaties"] = [
                _compact(
                    {
                        "periode": r.period.slug,
                        "gemeente": r.municipality.slug if r.municipality else None,
                        **self._measured(r),
                        "status": r.status,
                        "demo": r.is_demo,
                    }
                )
                for r in realisations
            ]
        return _compact(data)

    # -- agreements and assignments -----------------------------------------------------------

    def _agreements(self):
        return (
            Agreement.objects.filter(framework=self.framework)
            .select_related("organisation")
            .prefetch_related(
                "municipalities",
                "sections",
                "budget_lines",
                Prefetch(
                    "subsidy_lines",
                    queryset=SubsidyLine.objects.select_related("municipality").prefetch_related("amounts"),
                ),
            )
            .order_by("slug")
        )

    def _agreement(self, agreement: Agreement) -> dict:
        self.organisation_ids.add(agreement.organisation_id)
        municipalities = sorted(m.slug for m in agreement.municipalities.all())
        self.municipality_ids.update(m.pk for m in agreement.municipalities.all())
        return _compact(
            {
                "sleutel": agreement.slug,
                "organisatie": agreement.organisation.slug,
                "gemeenten": municipalities,
                "titel": agreement.title,
                "soort": agreement.kind,
                "startjaar": agreement.start_year,
                "eindjaar": agreement.end_year,
                "status": agreement.status,
                "datum": _date(agreement.document_date),
                "uurtarief": agreement.hourly_rate,
                "formatie_fte": agreement.fte,
                "toelichting": agreement.description,
                "secties": [{"titel": s.title, "tekst": s.body} for s in agreement.sections.all()],
                "subsidie": [
                    _compact(
                        {
                            "gemeente": line.municipality.slug if line.municipality else None,
                            "soort": line.kind,
                            "dienst": line.service,
                            "formatie_fte": line.fte,
                            "toelichting": line.description,
                            "bedragen": [
                                _compact(
                                    {
                                        "jaar": amount.year,
                                        "bedrag": _amount(amount.amount, amount.is_pm),
                                        "tekst": amount.text,
                                    }
                                )
                                for amount in line.amounts.all()
                            ],
                        }
                    )
                    for line in agreement.subsidy_lines.all()
                ],
                "begroting": [
                    _compact(
                        {
                            "zijde": line.side,
                            "groep": line.group,
                            "omschrijving": line.description,
                            "bedrag": _amount(line.amount, line.is_pm),
                        }
                    )
                    for line in agreement.budget_lines.all()
                ],
                "opdrachten": self._assignments(
                    Assignment.objects.filter(agreement=agreement, effect=None, smart_goal=None)
                ),
            }
        )

    def _assignments(self, queryset) -> list[dict]:
        assignments = queryset.select_related("agreement").prefetch_related(
            "agreement__municipalities",
            "activities",
            "results",
            "hours_lines__municipality",
            "money_lines__municipality",
            Prefetch(
                "indicators",
                queryset=PerformanceIndicator.objects.prefetch_related(
                    "targets__period", "realisations__period", "realisations__municipality"
                ),
            ),
        )
        return [self._assignment(assignment) for assignment in assignments]

    def _assignment(self, assignment: Assignment) -> dict:
        agreement_municipalities = list(assignment.agreement.municipalities.all())
        only = agreement_municipalities[0].pk if len(agreement_municipalities) == 1 else None

        def municipality(line) -> str | None:
            return None if line.municipality_id == only else line.municipality.slug

        data = {key: getattr(assignment, name) for key, name in ASSIGNMENT_FIELDS.items()}
        return _compact(
            {
                "afspraak": assignment.agreement.slug,
                **{key: data[key] for key in ("code", "titel")},
                "rol": assignment.role,
                **{key: value for key, value in data.items() if key not in ("code", "titel")},
                "activiteiten": [a.description for a in assignment.activities.all()],
                "resultaten": [r.description for r in assignment.results.all()],
                "indicatoren": [self._indicator(i) for i in assignment.indicators.all()],
                "uren": [
                    _compact(
                        {
                            "gemeente": municipality(line),
                            "categorie": line.category,
                            "aantal": _amount(line.hours, line.is_pm),
                            "uurtarief": line.hourly_rate,
                            "toelichting": line.note,
                        }
                    )
                    for line in assignment.hours_lines.all()
                ],
                "geld": [
                    _compact(
                        {
                            "gemeente": municipality(line),
                            "soort": line.kind,
                            "bedrag": _amount(line.amount, line.is_pm),
                            "omschrijving": line.description,
                        }
                    )
                    for line in assignment.money_lines.all()
                ],
            }
        )

    def _organisation(self, organisation: Organisation) -> dict:
        slugs = sorted(m.slug for m in organisation.municipalities.all())
        self.municipality_ids.update(m.pk for m in organisation.municipalities.all())
        return _compact(
            {
                "sleutel": organisation.slug,
                "naam": organisation.name,
                "korte_naam": organisation.short_name,
                "soort": organisation.kind,
                "gemeenten": slugs,
                "toelichting": organisation.notes,
                "contactpersonen": [
                    _compact(
                        {
                            "naam": c.name,
                            "functie": c.function,
                            "email": c.email,
                            "telefoon": c.phone,
                        }
                    )
                    for c in organisation.contacts.all()
                ],
            }
        )


def export_framework(framework: PolicyFramework) -> str:
    """The framework as canonical YAML text: export, import elsewhere, export again gives the same text."""
    return dump(_Exporter(framework).document())


__all__ = ["export_framework", "SocietalEffect"]
