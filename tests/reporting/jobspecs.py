"""Two tiny reports for the job and command tests, so they do not depend on the real report builders."""

from django import forms

from reporting.documents import REPORTS, ReportDocument, ReportSpec
from reporting.forms import ReportForm, framework_field, municipality_field
from reporting.tables import INTEGER, Column, DataTable


class SelectionForm(ReportForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["framework"] = framework_field(user)
        self.fields["municipalities"] = municipality_field(user, required=False)
        self.fields["with_total"] = forms.BooleanField(label="Met totaal", required=False)


def build(user, cleaned: dict) -> ReportDocument:
    framework = cleaned["framework"]
    table = DataTable(
        "Gemeenten in de selectie", [Column("name", "Gemeente"), Column("n", "Aantal", INTEGER)]
    )
    municipalities = list(cleaned["municipalities"])
    for municipality in municipalities:
        table.add(municipality.name, 1)
    if cleaned["with_total"]:
        table.add("Totaal", len(municipalities), total=True)
    return ReportDocument(
        name="testrapport",
        running_title="Testrapport",
        title=f"Testrapport {framework.title}",
        template="reporting/includes/table.html",
        context={"table": table, "show_caption": True},
        tables=[table],
        framework=framework.title,
        subtitle=framework.slug,
    )


FAILING = {"fail": True}


def build_failing(user, cleaned: dict) -> ReportDocument:
    if FAILING["fail"]:
        raise RuntimeError("de printer is kapot")
    return build(user, cleaned)


def register_test_reports(monkeypatch) -> None:
    """Register 'testrapport' (large: always a background PDF) and 'kapot' (fails until FAILING is off)."""
    FAILING["fail"] = True
    spec = ReportSpec(
        name="testrapport",
        label="Testrapport",
        description="Een klein rapport voor de tests.",
        form_class=SelectionForm,
        build=build,
        for_organisations=False,
        is_large=lambda cleaned: True,
    )
    failing = ReportSpec(
        name="kapot",
        label="Kapot rapport",
        description="Mislukt tot de test het herstelt.",
        form_class=SelectionForm,
        build=build_failing,
        is_large=lambda cleaned: True,
    )
    monkeypatch.setitem(REPORTS, spec.name, spec)
    monkeypatch.setitem(REPORTS, failing.name, failing)
