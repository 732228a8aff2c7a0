"""Form errors are tied to their fields (WCAG 1.3.1, 3.3.1): the input has aria-invalid="true" and an
aria-describedby id whose element holds the Dutch message; the page with the errors passes axe-core.
Three kinds of form: the report entry grid, a crispy form, and a row in an edit screen's formset."""

from decimal import Decimal

from playwright.sync_api import expect

from effects.models import EffectIndicatorValue
from tests.e2e.conftest import assert_accessible, login


def assert_error_described(page, field, text: str) -> None:
    """The field is marked invalid and one of its aria-describedby ids holds the error text."""
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    texts = [page.locator(f"[id='{ident}']").text_content() or "" for ident in described]
    assert any(text in found for found in texts), (described, texts)


def test_report_form_errors_are_tied_to_their_fields(page, portal):
    login(page, portal.world.users["organisation"])
    page.goto(f"/rapportages/{portal.world.assignment.pk}/{portal.open_period.pk}/")
    page.locator(f"#id_value_{portal.percentage.pk}").fill("140")
    page.locator("#id_hours_0").fill("-3")
    page.get_by_role("button", name="Opslaan als concept").click()

    percentage = page.locator(f"#id_value_{portal.percentage.pk}")
    assert_error_described(page, percentage, "Een percentage ligt tussen 0")
    assert_error_described(page, page.locator("#id_hours_0"), "Vul een aantal uren in van 0 of meer")
    assert_accessible(page)


def test_crispy_form_errors_are_tied_to_their_fields(page, portal):
    login(page, portal.world.users["officer"])
    page.goto(f"/kaders/{portal.world.framework.pk}/periodes/")
    form = page.locator("form", has=page.locator("[name=deadline]"))
    form.locator("[name=name]").fill("2020 eerste kwartaal")
    form.locator("[name=slug]").fill("2020-k1")
    form.locator("[name=kind]").select_option("kwartaal")
    form.locator("[name=year]").fill("2020")
    form.locator("[name=number]").fill("5")
    form.locator("[name=opens_on]").fill("2020-04-01")
    form.locator("[name=deadline]").fill("2020-03-01")
    form.locator("[type=submit]").first.click()

    assert_error_described(page, page.locator("[name=number]"), "een kwartaal 1 tot en met 4")
    assert_error_described(page, page.locator("[name=deadline]"), "vóór de openingsdatum")
    assert_accessible(page)


def test_formset_row_errors_are_tied_to_their_fields(page, world):
    # Once a value is measured, changing a target asks for a reason: the error sits in the target's row.
    EffectIndicatorValue.objects.create(indicator=world.indicator, year=2019, value=Decimal(48))
    login(page, world.users["officer"])
    page.goto(f"/indicatoren/{world.indicator.pk}/bewerken/")
    page.locator("input[name$='-0-value']").fill("55")
    page.get_by_role("button", name="Opslaan").click()

    reason = page.locator("[name$='-0-change_reason']")
    assert_error_described(page, reason, "Geef de reden van deze wijziging")
    assert_accessible(page)
