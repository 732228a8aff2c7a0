import io

import openpyxl
import pytest
from django import forms
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from reporting.documents import REPORTS, ReportSpec
from reporting.forms import ReportForm
from reporting.management.commands.report import Command, _form, _option
from reporting.models import ReportJob
from tests.reporting.jobspecs import build, register_test_reports


@pytest.fixture(autouse=True)
def test_reports(monkeypatch):
    register_test_reports(monkeypatch)


def report(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def csv_of(tmp_path, *args, framework="haren-kader") -> str:
    path = tmp_path / "out.csv"
    report("testrapport", "--framework", framework, *args, "--format", "csv", "-o", str(path))
    return path.read_text(encoding="utf-8-sig")


def test_list_shows_every_report_with_its_selection_options(world):
    out = report("--list")
    assert "testrapport\tTestrapport" in out
    assert "--framework\tBeleidskader (verplicht): " in out
    assert "haren-kader" in out and "assen-kader" in out  # the command runs as the system: all frameworks
    assert "--municipalities\tGemeente(n) (optioneel)" in out
    assert "--with-total\tMet totaal (optioneel)" in out


def test_pdf_is_written_straight_without_a_background_job(world, tmp_path):
    path = tmp_path / "rapport.pdf"

    out = report("testrapport", "--framework", "haren-kader", "--municipalities", "haren", "-o", str(path))

    assert f"Geschreven: {path}" in out
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Gemeenten in de selectie" in text
    assert "Gemeente Haren" in text
    assert "Beleidsnota Haren" in text
    assert ReportJob.objects.count() == 0


def test_the_command_runs_as_the_system_and_sees_every_municipality(world, tmp_path):
    assert "Gemeente Assen" in csv_of(tmp_path, "--municipalities", "assen", framework="assen-kader")


def test_a_multiple_choice_option_is_repeated_or_comma_separated(world, tmp_path):
    repeated = csv_of(tmp_path, "--municipalities", "haren", "--municipalities", "assen")
    commas = csv_of(tmp_path, "--municipalities", "haren,assen")
    assert repeated == commas
    assert "Gemeente Haren;1" in commas and "Gemeente Assen;1" in commas


def test_a_yes_no_field_is_a_flag(world, tmp_path):
    assert "Totaal" not in csv_of(tmp_path, "--municipalities", "haren,assen")
    assert "Totaal;2" in csv_of(tmp_path, "--municipalities", "haren,assen", "--with-total")


def test_xlsx_holds_numbers_as_numbers(world, tmp_path):
    path = tmp_path / "rapport.xlsx"
    report(
        "testrapport",
        "--framework",
        "haren-kader",
        "--municipalities",
        "haren",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Gemeente Haren" in values
    assert 1 in values


def test_html_is_the_standalone_print_page(world, tmp_path):
    path = tmp_path / "rapport.html"
    report(
        "testrapport",
        "--framework",
        "haren-kader",
        "--municipalities",
        "haren",
        "--format",
        "html",
        "-o",
        str(path),
    )
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "Gemeente Haren" in html
    assert 'href="css/report.css"' not in html  # the stylesheet is inside the file
    assert "@page" in html and ".rt" in html


def test_one_table_as_csv_and_a_clear_error_for_an_unknown_table(world, tmp_path):
    text = csv_of(tmp_path, "--municipalities", "haren", "--table", "gemeenten-in-de-selectie")
    assert "Gemeente Haren;1" in text
    with pytest.raises(
        CommandError, match="Tabel 'bestaat-niet' bestaat niet in dit rapport; kies uit: gemeenten"
    ):
        csv_of(tmp_path, "--table", "bestaat-niet")


def test_without_output_the_file_gets_the_reports_own_name(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report("testrapport", "--framework", "haren-kader", "--format", "csv")
    assert (tmp_path / "testrapport-haren-kader.csv").exists()


def test_one_table_without_output_gets_the_name_the_download_gives_it(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report(
        "testrapport", "--framework", "haren-kader", "--format", "csv", "--table", "gemeenten-in-de-selectie"
    )
    assert (tmp_path / "testrapport-haren-kader-gemeenten-in-de-selectie.csv").exists()


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_table_is_only_for_xlsx_and_csv(world, tmp_path, fmt):
    with pytest.raises(CommandError, match="--table kan alleen bij --format xlsx of csv."):
        report(
            "testrapport",
            "--framework",
            "haren-kader",
            "--format",
            fmt,
            "--table",
            "x",
            "-o",
            str(tmp_path / "x"),
        )
    assert not (tmp_path / "x").exists()


def test_output_dash_writes_to_the_screen(world, capsysbinary):
    report(
        "testrapport", "--framework", "haren-kader", "--municipalities", "haren", "--format", "csv", "-o", "-"
    )
    assert "Gemeente Haren;1" in capsysbinary.readouterr().out.decode("utf-8-sig")


def test_invalid_options_give_the_forms_dutch_errors_and_exit_code_1(world, tmp_path):
    with pytest.raises(CommandError) as raised:
        report(
            "testrapport",
            "--framework",
            "bestaat-niet",
            "--municipalities",
            "nergens",
            "-o",
            str(tmp_path / "x"),
        )
    message = str(raised.value)
    assert "--framework: Kies een beleidskader uit de lijst." in message
    assert "--municipalities: Kies gemeenten uit de lijst." in message
    assert raised.value.returncode == 1
    assert not (tmp_path / "x").exists()


def test_a_missing_required_option_is_named(world):
    with pytest.raises(CommandError, match="--framework: Dit veld is verplicht."):
        report("testrapport")


def test_an_unknown_report_names_the_reports_there_are(world):
    with pytest.raises(CommandError, match="Rapport 'jaarboek' bestaat niet. Kies uit: .*testrapport"):
        report("jaarboek")


def test_an_option_of_another_report_is_refused(world, monkeypatch):
    class YearForm(ReportForm):
        year = forms.IntegerField(label="Jaar")

    monkeypatch.setitem(REPORTS, "jaar", ReportSpec("jaar", "Jaar", "", YearForm, build))
    with pytest.raises(CommandError, match="Optie --year hoort niet bij rapport 'testrapport'"):
        report("testrapport", "--framework", "haren-kader", "--year", "2020")


def test_a_single_choice_option_may_be_given_once(world):
    with pytest.raises(CommandError, match="Optie --framework mag maar één keer."):
        report("testrapport", "--framework", "haren-kader", "--framework", "assen-kader")


def test_every_field_of_every_registered_report_is_an_option(db):
    """Also the real reports: a field named like one of the command's own options would be lost."""
    parser = Command().create_parser("manage.py", "report")
    options = {string for action in parser._actions for string in action.option_strings}
    for spec in REPORTS.values():
        for name in _form(spec).fields:
            assert _option(name) in options, (spec.name, name)
            action = next(a for a in parser._actions if _option(name) in a.option_strings)
            assert action.dest == f"field__{name}", (spec.name, name)
