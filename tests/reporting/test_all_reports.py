"""Acceptance of issue 5: the report command writes all four reports in all four formats."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

SELECTIONS = {
    "opdrachtformulier": ["--framework", "haren-kader"],
    "prestatieplan": ["--organisation", "torion", "--framework", "haren-kader"],
    "uitvoeringsplan": ["--framework", "haren-kader"],
    "jaarverslag": ["--framework", "haren-kader", "--year", "2020"],
}


@pytest.mark.parametrize("name", SELECTIONS)
def test_the_command_writes_every_report_in_every_format(portal, tmp_path, name):
    paths = {}
    for fmt in ("html", "pdf", "xlsx", "csv"):
        paths[fmt] = tmp_path / f"{name}.{fmt}"
        call_command(
            "report", name, *SELECTIONS[name], "--format", fmt, "-o", str(paths[fmt]), stdout=io.StringIO()
        )
    html = paths["html"].read_text(encoding="utf-8")
    assert "<html" in html and "Beleidsnota Haren" in html
    reader = PdfReader(paths["pdf"])
    assert reader.metadata.title and len(reader.pages) >= 1
    assert "pagina 1 van" in reader.pages[0].extract_text() or len(reader.pages) > 1
    workbook = openpyxl.load_workbook(paths["xlsx"])
    assert workbook.sheetnames
    first = workbook[workbook.sheetnames[0]]
    assert first.max_row >= 1 and first["A1"].value
    assert paths["csv"].read_text(encoding="utf-8-sig").strip()
