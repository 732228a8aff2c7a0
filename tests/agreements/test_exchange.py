import copy
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agreements.exchange import ExchangeError, export_framework, import_framework
from agreements.exchange.yaml_io import dump
from agreements.models import Agreement, Assignment, HoursLine, Realisation
from effects.models import PolicyFramework
from partners.models import Municipality, Organisation
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

DEMO_FILES = [
    "haren-wmo-2013-2016.yaml",
    "haren-sociaal-domein-2017-2020.yaml",
    "meierijstad-2021.yaml",
    "welzijn-op-waarde-2016.yaml",
]


def minimal_document() -> dict:
    """A small but complete framework: one effect with one assignment, hours, an indicator and a value."""
    return {
        "formaat": 1,
        "gemeenten": [{"sleutel": "haren", "naam": "Gemeente Haren"}],
        "organisaties": [{"sleutel": "torion", "naam": "Torion", "soort": "welzijnsorganisatie"}],
        "beleidskader": {
            "sleutel": "proef",
            "titel": "Proefkader",
            "gemeenten": ["haren"],
            "startjaar": 2013,
            "eindjaar": 2016,
            "themas": [{"code": "4", "naam": "Zelfredzaamheid"}],
            "perioden": [{"sleutel": "2016", "naam": "2016", "soort": "jaar", "jaar": 2016}],
            "effecten": [
                {
                    "code": "4.3",
                    "thema": "4",
                    "titel": "Inwoners met lichte beperking zijn meer zelfredzaam",
                    "opdrachten": [
                        {
                            "afspraak": "torion-2013",
                            "rol": "T",
                            "activiteiten": ["Huisbezoeken", "Cursussen"],
                            "uren": [{"aantal": 1403}],
                            "geld": [{"soort": "kosten", "bedrag": "PM"}],
                            "indicatoren": [
                                {
                                    "naam": "Aantal huisbezoeken",
                                    "optelling": "cumulatief",
                                    "realisaties": [{"periode": "2016", "waarde": 12}],
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        "afspraken": [
            {
                "sleutel": "torion-2013",
                "organisatie": "torion",
                "gemeenten": ["haren"],
                "titel": "Meerjarenbeschikking 2013-2016 Torion",
                "uurtarief": 73,
            }
        ],
    }


def run_import(document: dict, **kwargs):
    return import_framework(text=dump(document), source="proef.yaml", **kwargs)


def assignment_of(document: dict) -> dict:
    return document["beleidskader"]["effecten"][0]["opdrachten"][0]


def test_valid_document_imports_with_hours_money_and_realisation():
    run_import(minimal_document())
    hours = HoursLine.objects.get()
    assert hours.hours == Decimal("1403")
    assert hours.municipality.slug == "haren"  # the agreement's only municipality
    assignment = Assignment.objects.get()
    assert assignment.money_lines.get().is_pm
    assert Realisation.objects.get().value == 12


def _assert_rejected(document: dict, *expected: str) -> ExchangeError:
    before = row_counts()
    with pytest.raises(ExchangeError) as caught:
        run_import(document)
    message = str(caught.value)
    for part in expected:
        assert part in message
    assert message.startswith("proef.yaml: ")
    assert row_counts() == before, "a rejected import must change nothing"
    return caught.value


def test_malformed_yaml_says_where_and_changes_nothing():
    run_import(minimal_document())
    before = row_counts()
    with pytest.raises(ExchangeError) as caught:
        import_framework(text="formaat: 1\ngemeenten: [haren\n  - x: :\n", source="kapot.yaml")
    assert "kapot.yaml" in str(caught.value)
    assert "geen geldige YAML (regel" in str(caught.value)
    assert row_counts() == before


def test_missing_required_field_is_named_with_its_place():
    document = minimal_document()
    del document["beleidskader"]["effecten"][0]["titel"]
    _assert_rejected(document, "beleidskader.effecten[0]: het verplichte veld 'titel' ontbreekt")


def test_unknown_reference_is_named_with_its_place():
    document = minimal_document()
    assignment_of(document)["afspraak"] = "bestaat-niet"
    _assert_rejected(
        document,
        "beleidskader.effecten[0].opdrachten[0].afspraak: "
        "de afspraak 'bestaat-niet' staat niet onder 'afspraken'",
    )


def test_negative_hours_are_refused():
    document = minimal_document()
    assignment_of(document)["uren"][0]["aantal"] = -5
    _assert_rejected(
        document,
        "beleidskader.effecten[0].opdrachten[0].uren[0].aantal: moet een aantal uren van 0 of meer",
        "gevonden: -5",
    )


def test_text_where_a_number_belongs_is_refused():
    document = minimal_document()
    document["afspraken"][0]["uurtarief"] = "drieënzeventig"
    _assert_rejected(document, "afspraken[0].uurtarief: moet een getal van 0 of meer zijn")


def test_code_written_as_number_gets_a_hint():
    text = dump(minimal_document()).replace("code: '4.3'", "code: 4.3")
    with pytest.raises(ExchangeError) as caught:
        import_framework(text=text, source="proef.yaml")
    assert 'een code is tekst, bijvoorbeeld "1.1"' in str(caught.value)


def test_all_problems_are_listed_at_once():
    document = minimal_document()
    assignment_of(document)["uren"][0]["aantal"] = -1
    document["beleidskader"]["effecten"][0]["prioriteit"] = "D"
    error = _assert_rejected(document, "prioriteit", "uren[0].aantal")
    assert len(error.problems) == 2


def test_a_failure_midway_through_the_references_writes_nothing():
    run_import(minimal_document())
    document = minimal_document()
    document["beleidskader"]["titel"] = "Gewijzigd"
    document["beleidskader"]["effecten"][0]["gerelateerde_effecten"] = ["9.9"]
    _assert_rejected(document, "gerelateerde_effecten[0]: het effect '9.9' bestaat niet")
    assert PolicyFramework.objects.get().title == "Proefkader"


def test_reimport_of_the_same_file_creates_no_duplicates_and_no_history():
    run_import(minimal_document())
    before = row_counts()
    report = run_import(minimal_document())
    assert not report.changed
    assert row_counts() == before


def test_reimport_updates_in_place_with_one_history_row_per_change():
    run_import(minimal_document())
    hours = HoursLine.objects.get()
    document = minimal_document()
    assignment_of(document)["uren"][0]["aantal"] = 1500
    report = run_import(document)
    hours_after = HoursLine.objects.get()
    assert hours_after.pk == hours.pk
    assert hours_after.hours == 1500
    assert hours_after.history.count() == 2
    assert sum(report.updated.values()) == 1


def test_removed_items_are_removed_on_reimport():
    document = minimal_document()
    run_import(document)
    assignment_of(document)["activiteiten"] = ["Huisbezoeken"]
    run_import(document)
    assert list(Assignment.objects.get().activities.values_list("description", flat=True)) == ["Huisbezoeken"]


def test_reimport_without_realisations_keeps_reported_values():
    run_import(minimal_document())
    document = minimal_document()
    del assignment_of(document)["indicatoren"][0]["realisaties"]
    del document["beleidskader"]["perioden"]
    run_import(document)
    assert Realisation.objects.count() == 1


def test_dry_run_reports_but_writes_nothing():
    before = row_counts()
    report = run_import(minimal_document(), dry_run=True)
    assert report.created["opdrachten"] == 1
    assert row_counts() == before


def test_several_municipalities_require_a_municipality_on_hours():
    document = minimal_document()
    document["gemeenten"].append({"sleutel": "oss", "naam": "Gemeente Oss"})
    document["afspraken"][0]["gemeenten"] = ["haren", "oss"]
    _assert_rejected(document, "uren[0]: noem de gemeente")
    assignment_of(document)["uren"] = [
        {"gemeente": "haren", "aantal": 100},
        {"gemeente": "oss", "aantal": 50, "categorie": "administratie"},
    ]
    del assignment_of(document)["geld"]
    run_import(document)
    assert sorted(HoursLine.objects.values_list("municipality__slug", "hours")) == [
        ("haren", Decimal("100")),
        ("oss", Decimal("50")),
    ]


def test_an_agreement_key_of_another_framework_is_refused():
    run_import(minimal_document())
    document = minimal_document()
    document["beleidskader"]["sleutel"] = "ander-kader"
    _assert_rejected(document, "de afspraak 'torion-2013' bestaat al onder een ander beleidskader")


def _wipe_domain_data():
    Agreement.objects.all().delete()
    PolicyFramework.objects.all().delete()
    Organisation.objects.all().delete()
    Municipality.objects.all().delete()


@pytest.mark.parametrize("name", DEMO_FILES)
def test_export_import_export_is_byte_identical(name, demo_file):
    import_framework(text=demo_file(name).read_text(encoding="utf-8"), source=name)
    framework = PolicyFramework.objects.get()
    first = export_framework(framework)
    _wipe_domain_data()
    assert PolicyFramework.objects.count() == 0
    import_framework(text=first, source="export.yaml")
    second = export_framework(PolicyFramework.objects.get())
    assert second == first


def test_export_command_writes_file_and_lists_frameworks(tmp_path):
    run_import(minimal_document())
    target = tmp_path / "proef.yaml"
    call_command("export_kader", "proef", "-o", str(target), stderr=StringIO())
    assert "sleutel: proef" in target.read_text(encoding="utf-8")
    out = StringIO()
    call_command("export_kader", "--list", stdout=out)
    assert out.getvalue().splitlines() == ["proef\tProefkader\t2013-2016\tGemeente Haren"]


def test_import_command_reports_errors_in_dutch(tmp_path):
    document = minimal_document()
    assignment_of(document)["uren"][0]["aantal"] = "veel"
    path = tmp_path / "fout.yaml"
    path.write_text(dump(document), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_kader", str(path))
    assert "er is niets opgeslagen" in str(caught.value)
    assert f"{path}: beleidskader.effecten[0].opdrachten[0].uren[0].aantal" in str(caught.value)


def test_unknown_framework_on_export_is_a_clear_error():
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("export_kader", "onbekend")


def test_document_is_not_mutated_by_import():
    document = minimal_document()
    snapshot = copy.deepcopy(document)
    run_import(document)
    assert document == snapshot
