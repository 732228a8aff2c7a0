"""import_framework: validate an exchange file completely, then write it in one transaction."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, models, transaction

from agreements.exchange import schema
from agreements.exchange.checks import ReferenceChecker
from agreements.exchange.errors import ExchangeError, Problem
from agreements.exchange.yaml_io import load
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
    Realisation,
    ReportingPeriod,
    SubsidyAmount,
    SubsidyLine,
)
from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectIndicatorValue,
    EffectPartner,
    FrameworkSection,
    PolicyFramework,
    ProgrammeBudgetLine,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from partners.models import ContactPerson, Municipality, Organisation

# Keys of the exchange format mapped to model fields, for the plain (non-relational) attributes.
INDICATOR_FIELDS = {
    "naam": "name",
    "type": "value_type",
    "eenheid": "unit",
    "richting": "direction",
    "optelling": "aggregation",
    "bron": "source",
    "bron_toelichting": "source_detail",
    "frequentie": "frequency",
    "groep": "group",
    "toelichting": "description",
}
INDICATOR_DEFAULTS = {"type": "aantal", "richting": "geen", "optelling": "laatste_waarde"}
ASSIGNMENT_FIELDS = {
    "code": "code",
    "titel": "title",
    "kernfunctie": "core_function",
    "omschrijving": "description",
    "uitgangspunten": "policy_principles",
    "opdracht": "task",
    "verandert_er_iets": "change_note",
    "randvoorwaarden": "preconditions",
    "opmerkingen_gemeente": "municipal_remarks",
    "opmerkingen_opdrachtnemer": "contractor_remarks",
}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _amount(value: Any) -> tuple[Decimal | None, bool]:
    """An amount or number of hours that may be PM: (number, is_pm)."""
    if value == "PM":
        return None, True
    return _decimal(value), False


def _plain(item: dict, mapping: dict[str, str], defaults: dict[str, str] | None = None) -> dict:
    defaults = defaults or {}
    return {name: _text(item.get(key, defaults.get(key))) for key, name in mapping.items()}


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), counted per kind of object."""

    framework_slug: str
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        def listing(counter: Counter) -> str:
            return ", ".join(f"{count} {name}" for name, count in sorted(counter.items())) or "niets"

        prefix = "Proefimport (niets opgeslagen)" if self.dry_run else "Geïmporteerd"
        return (
            f"{prefix}: beleidskader '{self.framework_slug}'.\n"
            f"  nieuw: {listing(self.created)}\n"
            f"  gewijzigd: {listing(self.updated)}\n"
            f"  verwijderd: {listing(self.deleted)}\n"
            f"  ongewijzigd: {self.unchanged} objecten"
        )


class _Writer:
    """Brings the database in line with the document, writing only what differs."""

    def __init__(self, document: dict, report: ImportReport):
        self.document = document
        self.report = report
        self.municipalities: dict[str, Municipality] = {}
        self.organisations: dict[str, Organisation] = {}
        self.agreements: dict[str, Agreement] = {}
        self.periods: dict[str, ReportingPeriod] = {}
        self.effects: dict[str, SocietalEffect] = {}
        self.kept_assignments: set[int] = set()
        self.created_objects: set[tuple[type, int]] = set()
        self.deferred_deletes: list[models.Model] = []

    # -- generic helpers ---------------------------------------------------------------

    def _label(self, obj: models.Model) -> str:
        return str(obj._meta.verbose_name_plural)

    def save(self, obj: models.Model, values: dict, m2m: dict[str, Iterable] | None = None):
        """Create obj, or update the fields that differ; set many-to-many relations that differ."""
        label = self._label(obj)
        created = obj.pk is None
        if created:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self.created_objects.add((type(obj), obj.pk))
            self.report.created[label] += 1
            changed = True
        else:
            differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
            for name, value in differing.items():
                setattr(obj, name, value)
            if differing:
                if hasattr(obj, "version"):
                    obj.version += 1
                obj.save()
            changed = bool(differing)
        for name, related in (m2m or {}).items():
            wanted = {item.pk for item in related}
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                changed = True
        if not created and (type(obj), obj.pk) not in self.created_objects:
            if changed:
                self.report.updated[label] += 1
            elif values or m2m:
                self.report.unchanged += 1
        return obj

    def delete(self, objects: Iterable[models.Model]) -> None:
        for obj in objects:
            self.report.deleted[self._label(obj)] += 1
            obj.delete()

    def sync_positional(self, model: type[models.Model], parent: dict, rows: list[dict]) -> list:
        """Match list items by position: update in place, add new ones, remove the surplus."""
        existing = list(model.objects.filter(**parent).order_by("position", "pk"))
        saved = []
        for index, values in enumerate(rows):
            obj = existing[index] if index < len(existing) else model(**parent)
            saved.append(self.save(obj, {**values, "position": index}))
        self.delete(existing[len(rows) :])
        return saved

    def sync_keyed(
        self,
        model: type[models.Model],
        parent: dict,
        items: list[dict],
        key_of_item: Callable[[dict], Any],
        key_of_obj: Callable[[models.Model], Any],
        write: Callable[[models.Model, dict, int], models.Model],
        defer_delete: bool = False,
    ) -> list:
        """Match items by a natural key (with an ordinal for repeats); remove objects not in the file."""
        existing: dict[Any, models.Model] = {}
        seen: Counter = Counter()
        for obj in model.objects.filter(**parent).order_by("pk"):
            key = key_of_obj(obj)
            existing[(key, seen[key])] = obj
            seen[key] += 1
        used: Counter = Counter()
        saved = []
        for index, item in enumerate(items):
            key = key_of_item(item)
            obj = existing.pop((key, used[key]), None) or model(**parent)
            used[key] += 1
            saved.append(write(obj, item, index))
        if defer_delete:
            self.deferred_deletes.extend(existing.values())
        else:
            self.delete(existing.values())
        return saved

    # -- the document, top down ------------------------------------------------------------

    def run(self) -> None:
        document = self.document
        for item in document["gemeenten"]:
            obj = Municipality.objects.filter(slug=item["sleutel"]).first() or Municipality(
                slug=item["sleutel"]
            )
            self.municipalities[item["sleutel"]] = self.save(
                obj, {"name": _text(item["naam"]), "cbs_code": _text(item.get("cbs_code"))}
            )
        for item in document.get("organisaties", []):
            self._organisation(item)
        framework = self._framework(document["beleidskader"])
        for item in document.get("afspraken", []):
            self._agreement_header(item, framework)
        stale = Agreement.objects.filter(framework=framework).exclude(slug__in=self.agreements)
        self._effects_and_goals(document["beleidskader"], framework)
        for item in document.get("afspraken", []):
            agreement = self.agreements[item["sleutel"]]
            self._assignments(
                item.get("opdrachten", []),
                {"agreement": agreement, "effect": None, "smart_goal": None},
            )
        self.delete(
            Assignment.objects.filter(
                models.Q(effect__framework=framework)
                | models.Q(smart_goal__framework=framework)
                | models.Q(agreement__framework=framework)
            ).exclude(pk__in=self.kept_assignments)
        )
        self.delete(stale)
        # Periods go last: realisations of a removed period are gone by now.
        self.delete(self.deferred_deletes)

    def _organisation(self, item: dict) -> None:
        obj = Organisation.objects.filter(slug=item["sleutel"]).first() or Organisation(slug=item["sleutel"])
        values = {
            "name": _text(item["naam"]),
            "short_name": _text(item.get("korte_naam")),
            "kind": item.get("soort", Organisation.Kind.OTHER),
            "notes": _text(item.get("toelichting")),
        }
        municipalities = [self.municipalities[key] for key in item.get("gemeenten", [])]
        organisation = self.save(obj, values, {"municipalities": municipalities})
        self.organisations[item["sleutel"]] = organisation
        self.sync_positional(
            ContactPerson,
            {"organisation": organisation},
            [
                {
                    "name": _text(contact["naam"]),
                    "function": _text(contact.get("functie")),
                    "email": _text(contact.get("email")),
                    "phone": _text(contact.get("telefoon")),
                }
                for contact in item.get("contactpersonen", [])
            ],
        )

    def _framework(self, item: dict) -> PolicyFramework:
        obj = PolicyFramework.objects.filter(slug=item["sleutel"]).first() or PolicyFramework(
            slug=item["sleutel"]
        )
        values = {
            "title": _text(item["titel"]),
            "subtitle": _text(item.get("ondertitel")),
            "document_kind": item.get("soort", PolicyFramework.DocumentKind.ASSIGNMENT_FORM),
            "start_year": item["startjaar"],
            "end_year": item["eindjaar"],
            "status": item.get("status", PolicyFramework.Status.DRAFT),
            "document_date": _date(item.get("datum")),
            "ambition": _text(item.get("ambitie")),
            "mission": _text(item.get("missie")),
            "vision": _text(item.get("visie")),
            "description": _text(item.get("toelichting")),
            "deviation_threshold": _decimal(item.get("afwijkingsdrempel", 10)),
        }
        municipalities = [self.municipalities[key] for key in item["gemeenten"]]
        framework = self.save(obj, values, {"municipalities": municipalities})
        self.sync_positional(
            FrameworkSection,
            {"framework": framework},
            [{"title": _text(s["titel"]), "body": _text(s["tekst"])} for s in item.get("secties", [])],
        )
        self.themes = {
            theme.code: theme
            for theme in self.sync_keyed(
                Theme,
                {"framework": framework},
                item.get("themas", []),
                lambda theme: theme["code"],
                lambda obj: obj.code,
                lambda obj, theme, _index: self.save(
                    obj,
                    {
                        "code": theme["code"],
                        "name": _text(theme["naam"]),
                        "description": _text(theme.get("omschrijving")),
                    },
                ),
            )
        }
        # Periods and realisations are what organisations report in the application: a file without
        # the key leaves them alone, so re-importing a plan never wipes reported values.
        if "perioden" in item:
            periods = self.sync_keyed(
                ReportingPeriod,
                {"framework": framework},
                item["perioden"],
                lambda period: period["sleutel"],
                lambda obj: obj.slug,
                lambda obj, period, _index: self.save(
                    obj,
                    {
                        "slug": period["sleutel"],
                        "name": _text(period["naam"]),
                        "kind": period["soort"],
                        "year": period["jaar"],
                        "number": period.get("nummer"),
                        "opens_on": _date(period.get("opent_op")),
                        "deadline": _date(period.get("deadline")),
                        "is_closed": bool(period.get("gesloten", False)),
                    },
                ),
                defer_delete=True,
            )
        else:
            periods = list(framework.periods.all())
        self.periods = {period.slug: period for period in periods}
        rows = []
        for line in item.get("programmabegroting", []):
            amount, is_pm = _amount(line["bedrag"])
            rows.append(
                {
                    "year": line["jaar"],
                    "code": _text(line.get("code")),
                    "name": _text(line["naam"]),
                    "amount": amount,
                    "is_pm": is_pm,
                    "description": _text(line.get("toelichting")),
                }
            )
        self.sync_positional(ProgrammeBudgetLine, {"framework": framework}, rows)
        return framework

    def _agreement_header(self, item: dict, framework: PolicyFramework) -> None:
        obj = Agreement.objects.filter(slug=item["sleutel"]).first() or Agreement(slug=item["sleutel"])
        values = {
            "framework_id": framework.pk,
            "organisation_id": self.organisations[item["organisatie"]].pk,
            "title": _text(item["titel"]),
            "kind": item.get("soort", Agreement.Kind.DECISION),
            "start_year": item.get("startjaar"),
            "end_year": item.get("eindjaar"),
            "status": item.get("status", Agreement.Status.DRAFT),
            "document_date": _date(item.get("datum")),
            "hourly_rate": _decimal(item.get("uurtarief")),
            "fte": _decimal(item.get("formatie_fte")),
            "description": _text(item.get("toelichting")),
        }
        municipalities = [self.municipalities[key] for key in item["gemeenten"]]
        agreement = self.save(obj, values, {"municipalities": municipalities})
        agreement.municipality_keys = item["gemeenten"]
        self.agreements[item["sleutel"]] = agreement
        self.sync_positional(
            AgreementSection,
            {"agreement": agreement},
            [{"title": _text(s["titel"]), "body": _text(s["tekst"])} for s in item.get("secties", [])],
        )
        lines = self.sync_positional(
            SubsidyLine,
            {"agreement": agreement},
            [
                {
                    "municipality_id": self._municipality_id(line.get("gemeente")),
                    "kind": line["soort"],
                    "service": _text(line["dienst"]),
                    "fte": _decimal(line.get("formatie_fte")),
                    "description": _text(line.get("toelichting")),
                }
                for line in item.get("subsidie", [])
            ],
        )
        for line, source in zip(lines, item.get("subsidie", []), strict=True):
            rows = []
            for amount_item in source.get("bedragen", []):
                amount, is_pm = _amount(amount_item.get("bedrag"))
                rows.append(
                    {
                        "year": amount_item["jaar"],
                        "amount": amount,
                        "is_pm": is_pm,
                        "text": _text(amount_item.get("tekst")),
                    }
                )
            self.sync_positional(SubsidyAmount, {"line": line}, rows)
        rows = []
        for line in item.get("begroting", []):
            amount, is_pm = _amount(line["bedrag"])
            rows.append(
                {
                    "side": line["zijde"],
                    "group": _text(line.get("groep")),
                    "description": _text(line["omschrijving"]),
                    "amount": amount,
                    "is_pm": is_pm,
                }
            )
        self.sync_positional(AgreementBudgetLine, {"agreement": agreement}, rows)

    def _municipality_id(self, key: str | None) -> int | None:
        return self.municipalities[key].pk if key else None

    def _effects_and_goals(self, item: dict, framework: PolicyFramework) -> None:
        effect_items = item.get("effecten", [])
        self.sync_keyed(
            SocietalEffect,
            {"framework": framework},
            effect_items,
            lambda effect: effect["code"],
            lambda obj: obj.code,
            self._effect,
        )
        for effect_item in effect_items:
            effect = self.effects[effect_item["code"]]
            related = [self.effects[code] for code in effect_item.get("gerelateerde_effecten", [])]
            self.save(effect, {}, {"related_effects": related})
        self.sync_keyed(
            SmartGoal,
            {"framework": framework},
            item.get("smart_doelen", []),
            lambda goal: goal.get("code") or _text(goal["titel"]),
            lambda obj: obj.code or obj.title,
            self._smart_goal,
        )
        self._indicators(
            EffectIndicator,
            {"framework": framework, "effect": None, "smart_goal": None},
            item.get("monitoring", []),
        )
        for item_effect in effect_items:
            self._assignments(
                item_effect.get("opdrachten", []),
                {"effect": self.effects[item_effect["code"]]},
            )

    def _effect(self, obj: SocietalEffect, item: dict, index: int) -> SocietalEffect:
        theme = self.themes.get(item.get("thema"))
        effect = self.save(
            obj,
            {
                "code": item["code"],
                "theme_id": theme.pk if theme else None,
                "title": _text(item["titel"]),
                "responsible": _text(item.get("verantwoordelijk")),
                "priority": item.get("prioriteit") or "",
                "intended_effect": _text(item.get("beoogd_effect")),
                "description": _text(item.get("toelichting")),
                "guidelines": "\n".join(_text(line) for line in item.get("richtlijnen", [])),
                "municipal_remarks": _text(item.get("opmerkingen_gemeente")),
                "relation_note": _text(item.get("relatie_toelichting")),
            },
        )
        self.effects[effect.code] = effect
        self.sync_positional(
            TargetGroupFigure,
            {"effect": effect},
            [
                {
                    "label": _text(figure["omschrijving"]),
                    "count": _decimal(figure.get("aantal")),
                    "count_text": _text(figure.get("aantal_tekst")),
                    "reference_date": _date(figure.get("peildatum")),
                }
                for figure in item.get("doelgroep", [])
            ],
        )
        self.sync_positional(
            EffectPartner,
            {"effect": effect},
            [
                {
                    "name": _text(partner["naam"]),
                    "organisation_id": (
                        self.organisations[partner["organisatie"]].pk if partner.get("organisatie") else None
                    ),
                    "role": partner.get("rol") or "",
                }
                for partner in item.get("partners", [])
            ],
        )
        self._indicators(
            EffectIndicator,
            {"framework": effect.framework, "effect": effect, "smart_goal": None},
            item.get("indicatoren", []),
        )
        return effect

    def _smart_goal(self, obj: SmartGoal, item: dict, index: int) -> SmartGoal:
        goal = self.save(
            obj,
            {
                "code": _text(item.get("code")),
                "title": _text(item["titel"]),
                "investment_line": item.get("investeringslijn") or "",
                "description": _text(item.get("toelichting")),
                "planned_years": sorted(item.get("jaren", [])),
                "partners_text": _text(item.get("met_wie")),
                "funding_text": _text(item.get("geld")),
                "position": index,
            },
            {"effects": [self.effects[code] for code in item.get("er_doelen", [])]},
        )
        self._indicators(
            EffectIndicator,
            {"framework": goal.framework, "effect": None, "smart_goal": goal},
            item.get("indicatoren", []),
        )
        self._assignments(item.get("opdrachten", []), {"smart_goal": goal})
        return goal

    def _indicators(self, model: type[models.Model], parent: dict, items: list[dict]) -> None:
        def write(obj, item: dict, index: int):
            baseline = item.get("nulmeting", {})
            values = {
                **_plain(item, INDICATOR_FIELDS, INDICATOR_DEFAULTS),
                "baseline_value": _decimal(baseline.get("waarde")),
                "baseline_text": _text(baseline.get("tekst")),
                "baseline_date": _date(baseline.get("peildatum")),
                "position": index,
            }
            if model is EffectIndicator:
                values["is_bbv"] = bool(item.get("bbv", False))
            indicator = self.save(obj, values)
            target_model = EffectIndicatorTarget if model is EffectIndicator else PerformanceTarget
            targets = []
            for target in item.get("streefwaarden", []):
                row = {
                    "year": target["jaar"],
                    "value": _decimal(target.get("waarde")),
                    "text": _text(target.get("tekst")),
                    "change_reason": _text(target.get("reden_wijziging")),
                }
                if target_model is PerformanceTarget:
                    period = self.periods.get(target.get("periode"))
                    row["period_id"] = period.pk if period else None
                targets.append(row)
            self.sync_positional(target_model, {"indicator": indicator}, targets)
            if model is EffectIndicator:
                self._values(indicator, item.get("waarden", []))
            elif "realisaties" in item:
                self._realisations(indicator, item["realisaties"])
            return indicator

        self.sync_keyed(
            model,
            parent,
            items,
            lambda item: _text(item["naam"]),
            lambda obj: obj.name,
            write,
        )

    @staticmethod
    def _measured(item: dict) -> dict:
        return {
            "value": _decimal(item.get("waarde")),
            "numerator": _decimal(item.get("teller")),
            "denominator": _decimal(item.get("noemer")),
            "text": _text(item.get("tekst")),
            "explanation": _text(item.get("toelichting")),
            "is_demo": bool(item.get("demo", False)),
        }

    def _values(self, indicator: EffectIndicator, items: list[dict]) -> None:
        existing = {value.year: value for value in indicator.values.all()}
        for item in items:
            obj = existing.pop(item["jaar"], None) or EffectIndicatorValue(
                indicator=indicator, year=item["jaar"]
            )
            self.save(obj, self._measured(item))
        self.delete(existing.values())

    def _realisations(self, indicator: PerformanceIndicator, items: list[dict]) -> None:
        existing = {(r.period_id, r.municipality_id): r for r in indicator.realisations.all()}
        for item in items:
            period = self.periods[item["periode"]]
            municipality_id = self._municipality_id(item.get("gemeente"))
            obj = existing.pop((period.pk, municipality_id), None) or Realisation(
                indicator=indicator, period=period, municipality_id=municipality_id
            )
            self.save(obj, {**self._measured(item), "status": item.get("status", "concept")})
        self.delete(existing.values())

    def _assignments(self, items: list[dict], parent: dict) -> None:
        def write(obj: Assignment, item: dict, index: int) -> Assignment:
            agreement = self.agreements[item["afspraak"]]
            assignment = self.save(
                obj,
                {
                    **_plain(item, ASSIGNMENT_FIELDS),
                    "role": item.get("rol") or "",
                    "agreement_id": agreement.pk,
                    "position": index,
                },
            )
            self.kept_assignments.add(assignment.pk)
            for model, key in ((Activity, "activiteiten"), (AgreedResult, "resultaten")):
                self.sync_positional(
                    model,
                    {"assignment": assignment},
                    [{"description": _text(text)} for text in item.get(key, [])],
                )
            default_municipality = (
                agreement.municipality_keys[0] if len(agreement.municipality_keys) == 1 else None
            )
            hours = []
            for line in item.get("uren", []):
                number, is_pm = _amount(line["aantal"])
                hours.append(
                    {
                        "municipality_id": self._municipality_id(line.get("gemeente", default_municipality)),
                        "category": _text(line.get("categorie")),
                        "hours": number,
                        "is_pm": is_pm,
                        "hourly_rate": _decimal(line.get("uurtarief")),
                        "note": _text(line.get("toelichting")),
                    }
                )
            self.sync_positional(HoursLine, {"assignment": assignment}, hours)
            money = []
            for line in item.get("geld", []):
                amount, is_pm = _amount(line["bedrag"])
                money.append(
                    {
                        "municipality_id": self._municipality_id(line.get("gemeente", default_municipality)),
                        "kind": line["soort"],
                        "amount": amount,
                        "is_pm": is_pm,
                        "description": _text(line.get("omschrijving")),
                    }
                )
            self.sync_positional(MoneyLine, {"assignment": assignment}, money)
            self._indicators(PerformanceIndicator, {"assignment": assignment}, item.get("indicatoren", []))
            return assignment

        # Several assignments under one parent are told apart by agreement and code.
        self.sync_keyed(
            Assignment,
            parent,
            items,
            lambda item: (self.agreements[item["afspraak"]].pk, _text(item.get("code"))),
            lambda obj: (obj.agreement_id, obj.code),
            write,
        )


def import_framework(*, text: str, source: str, dry_run: bool = False) -> ImportReport:
    """Import one exchange file: all or nothing. Raises ExchangeError listing every problem."""
    document = load(text, source)
    problems = schema.validate(document)
    if problems:
        raise ExchangeError(source, problems)
    problems = ReferenceChecker(document).run()
    if problems:
        raise ExchangeError(source, problems)
    report = ImportReport(framework_slug=document["beleidskader"]["sleutel"], dry_run=dry_run)
    try:
        with transaction.atomic():
            _Writer(document, report).run()
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, DatabaseError) as error:
        raise ExchangeError(source, [Problem((), f"de database weigerde de gegevens: {error}")]) from error
    return report
