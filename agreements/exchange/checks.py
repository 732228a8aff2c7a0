"""Reference and rule checks that a JSON Schema cannot express; every problem names its place."""

from collections import Counter
from typing import Any

from agreements.exchange.errors import Problem
from agreements.models import Agreement

Path = tuple[str | int, ...]


def _duplicates(items: list[dict], key: str, path: Path, what: str) -> list[Problem]:
    counts = Counter(item.get(key) for item in items)
    return [
        Problem((*path, index, key), f"{what} '{item[key]}' staat meer dan eens in het bestand")
        for index, item in enumerate(items)
        if counts[item.get(key)] > 1
    ]


def _years_in_order(item: dict, path: Path) -> list[Problem]:
    start, end = item.get("startjaar"), item.get("eindjaar")
    if start is not None and end is not None and end < start:
        return [Problem((*path, "eindjaar"), f"het eindjaar {end} ligt voor het startjaar {start}")]
    return []


class ReferenceChecker:
    """Collects every broken reference and rule violation in one pass over the document."""

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.problems: list[Problem] = []
        self.municipalities = {m["sleutel"] for m in document.get("gemeenten", [])}
        self.organisations = {o["sleutel"] for o in document.get("organisaties", [])}
        self.agreements = {a["sleutel"]: a for a in document.get("afspraken", [])}
        framework = document["beleidskader"]
        self.periods = {p["sleutel"] for p in framework.get("perioden", [])}
        self.effect_codes = {e["code"] for e in framework.get("effecten", [])}
        self.theme_codes = {t["code"] for t in framework.get("themas", [])}

    def run(self) -> list[Problem]:
        document = self.document
        self.problems += _duplicates(document["gemeenten"], "sleutel", ("gemeenten",), "de gemeente")
        organisations = document.get("organisaties", [])
        self.problems += _duplicates(organisations, "sleutel", ("organisaties",), "de organisatie")
        for index, organisation in enumerate(organisations):
            self._municipalities(organisation.get("gemeenten", []), ("organisaties", index, "gemeenten"))
        self._framework(document["beleidskader"])
        agreements = document.get("afspraken", [])
        self.problems += _duplicates(agreements, "sleutel", ("afspraken",), "de afspraak")
        for index, agreement in enumerate(agreements):
            self._agreement(agreement, ("afspraken", index))
        return self.problems

    def _municipalities(self, keys: list[str], path: Path) -> None:
        for index, key in enumerate(keys):
            if key not in self.municipalities:
                self.problems.append(
                    Problem((*path, index), f"de gemeente '{key}' staat niet onder 'gemeenten'")
                )

    def _framework(self, framework: dict) -> None:
        path: Path = ("beleidskader",)
        self.problems += _years_in_order(framework, path)
        self._municipalities(framework["gemeenten"], (*path, "gemeenten"))
        self.problems += _duplicates(framework.get("themas", []), "code", (*path, "themas"), "het thema")
        self.problems += _duplicates(
            framework.get("perioden", []), "sleutel", (*path, "perioden"), "de periode"
        )
        effects = framework.get("effecten", [])
        self.problems += _duplicates(effects, "code", (*path, "effecten"), "het effect")
        for index, effect in enumerate(effects):
            self._effect(effect, (*path, "effecten", index))
        goals = framework.get("smart_doelen", [])
        identities = Counter(goal.get("code") or goal["titel"] for goal in goals)
        for index, goal in enumerate(goals):
            goal_path = (*path, "smart_doelen", index)
            identity = goal.get("code") or goal["titel"]
            if identities[identity] > 1:
                self.problems.append(
                    Problem(
                        goal_path,
                        f"het SMART-doel '{identity}' staat meer dan eens in het bestand; "
                        "geef de doelen een code",
                    )
                )
            for position, code in enumerate(goal.get("er_doelen", [])):
                if code not in self.effect_codes:
                    self.problems.append(
                        Problem(
                            (*goal_path, "er_doelen", position),
                            f"het ER-doel '{code}' bestaat niet",
                        )
                    )
            for position, year in enumerate(goal.get("jaren", [])):
                if not framework["startjaar"] <= year <= framework["eindjaar"]:
                    self.problems.append(
                        Problem(
                            (*goal_path, "jaren", position),
                            f"het jaar {year} valt buiten de looptijd "
                            f"{framework['startjaar']}-{framework['eindjaar']}",
                        )
                    )
            self._indicators(goal.get("indicatoren", []), (*goal_path, "indicatoren"), None)
            self._assignments(goal.get("opdrachten", []), (*goal_path, "opdrachten"))
        self._indicators(framework.get("monitoring", []), (*path, "monitoring"), None)

    def _effect(self, effect: dict, path: Path) -> None:
        if "thema" in effect and effect["thema"] not in self.theme_codes:
            self.problems.append(Problem((*path, "thema"), f"het thema '{effect['thema']}' bestaat niet"))
        for index, code in enumerate(effect.get("gerelateerde_effecten", [])):
            if code not in self.effect_codes:
                self.problems.append(
                    Problem((*path, "gerelateerde_effecten", index), f"het effect '{code}' bestaat niet")
                )
        for index, partner in enumerate(effect.get("partners", [])):
            key = partner.get("organisatie")
            if key is not None and key not in self.organisations:
                self.problems.append(
                    Problem(
                        (*path, "partners", index, "organisatie"),
                        f"de organisatie '{key}' staat niet onder 'organisaties'",
                    )
                )
        self._indicators(effect.get("indicatoren", []), (*path, "indicatoren"), None)
        self._assignments(effect.get("opdrachten", []), (*path, "opdrachten"))

    def _agreement(self, agreement: dict, path: Path) -> None:
        self.problems += _years_in_order(agreement, path)
        if agreement["organisatie"] not in self.organisations:
            self.problems.append(
                Problem(
                    (*path, "organisatie"),
                    f"de organisatie '{agreement['organisatie']}' staat niet onder 'organisaties'",
                )
            )
        self._municipalities(agreement["gemeenten"], (*path, "gemeenten"))
        for index, line in enumerate(agreement.get("subsidie", [])):
            years = Counter(amount["jaar"] for amount in line.get("bedragen", []))
            for position, amount in enumerate(line.get("bedragen", [])):
                if years[amount["jaar"]] > 1:
                    self.problems.append(
                        Problem(
                            (*path, "subsidie", index, "bedragen", position, "jaar"),
                            f"het jaar {amount['jaar']} staat dubbel",
                        )
                    )
            key = line.get("gemeente")
            if key is not None and key not in agreement["gemeenten"]:
                self.problems.append(
                    Problem(
                        (*path, "subsidie", index, "gemeente"),
                        f"de gemeente '{key}' hoort niet bij deze afspraak",
                    )
                )
        other = (
            Agreement.objects.filter(slug=agreement["sleutel"])
            .exclude(framework__slug=self.document["beleidskader"]["sleutel"])
            .first()
        )
        if other is not None:
            self.problems.append(
                Problem(
                    (*path, "sleutel"),
                    f"de afspraak '{agreement['sleutel']}' bestaat al onder een ander beleidskader",
                )
            )
        self._assignments(agreement.get("opdrachten", []), (*path, "opdrachten"))

    def _assignments(self, assignments: list[dict], path: Path) -> None:
        for index, assignment in enumerate(assignments):
            here = (*path, index)
            agreement = self.agreements.get(assignment["afspraak"])
            if agreement is None:
                self.problems.append(
                    Problem(
                        (*here, "afspraak"),
                        f"de afspraak '{assignment['afspraak']}' staat niet onder 'afspraken'",
                    )
                )
                continue
            for kind in ("uren", "geld"):
                for position, line in enumerate(assignment.get(kind, [])):
                    self._line_municipality(line, agreement, (*here, kind, position))
            self._indicators(assignment.get("indicatoren", []), (*here, "indicatoren"), agreement)

    def _line_municipality(self, line: dict, agreement: dict, path: Path) -> None:
        key = line.get("gemeente")
        if key is None:
            if len(agreement["gemeenten"]) != 1:
                self.problems.append(
                    Problem(path, "noem de gemeente: de afspraak geldt voor meer dan één gemeente")
                )
        elif key not in agreement["gemeenten"]:
            self.problems.append(
                Problem((*path, "gemeente"), f"de gemeente '{key}' hoort niet bij de afspraak")
            )

    def _indicators(self, indicators: list[dict], path: Path, agreement: dict | None) -> None:
        for index, indicator in enumerate(indicators):
            here = (*path, index)
            if agreement is None:
                target_years = Counter(target["jaar"] for target in indicator.get("streefwaarden", []))
                for position, target in enumerate(indicator.get("streefwaarden", [])):
                    if target_years[target["jaar"]] > 1:
                        self.problems.append(
                            Problem(
                                (*here, "streefwaarden", position, "jaar"),
                                f"er staat meer dan één streefwaarde voor {target['jaar']}",
                            )
                        )
            for position, target in enumerate(indicator.get("streefwaarden", [])):
                if "periode" in target and target["periode"] not in self.periods:
                    self.problems.append(
                        Problem(
                            (*here, "streefwaarden", position, "periode"),
                            f"de periode '{target['periode']}' staat niet onder 'perioden'",
                        )
                    )
            years = Counter(value["jaar"] for value in indicator.get("waarden", []))
            for position, value in enumerate(indicator.get("waarden", [])):
                value_path = (*here, "waarden", position)
                self._fraction(value, value_path)
                if years[value["jaar"]] > 1:
                    self.problems.append(
                        Problem((*value_path, "jaar"), f"het jaar {value['jaar']} staat dubbel")
                    )
            if indicator.get("realisaties") and agreement is None:
                self.problems.append(
                    Problem(
                        (*here, "realisaties"),
                        "realisaties horen bij prestatie-indicatoren van een opdracht; "
                        "gebruik 'waarden' voor effect- en monitoringsindicatoren",
                    )
                )
                continue
            seen = Counter(
                (item["periode"], item.get("gemeente")) for item in indicator.get("realisaties", [])
            )
            for position, item in enumerate(indicator.get("realisaties", [])):
                item_path = (*here, "realisaties", position)
                self._fraction(item, item_path)
                if item["periode"] not in self.periods:
                    self.problems.append(
                        Problem(
                            (*item_path, "periode"),
                            f"de periode '{item['periode']}' staat niet onder 'perioden'",
                        )
                    )
                key = item.get("gemeente")
                if key is not None and key not in agreement["gemeenten"]:
                    self.problems.append(
                        Problem(
                            (*item_path, "gemeente"),
                            f"de gemeente '{key}' hoort niet bij de afspraak",
                        )
                    )
                if seen[(item["periode"], key)] > 1:
                    self.problems.append(
                        Problem(item_path, "deze periode en gemeente hebben meer dan één realisatie")
                    )

    def _fraction(self, item: dict, path: Path) -> None:
        if ("teller" in item) != ("noemer" in item):
            self.problems.append(Problem(path, "vul zowel 'teller' als 'noemer' in, of geen van beide"))
