"""The three journeys of the product, in a real browser, clicked through as a person would.

The data are the shared `world`/`portal` fixtures rather than the demo: they load in well under a second
(the demo takes many), and the pages stay small, so the jaarverslag renders inline instead of going to
the report worker.
"""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from agreements.models import PeriodReport, Realisation
from tests.e2e.conftest import assert_accessible, login

PERCENTAGE_ERROR = "Een percentage ligt tussen 0 en 100. Gebruik hoogstens twee decimalen."


def test_officer_changes_a_smart_goal_target_and_finds_it_in_the_history(page, world):
    login(page, world.users["officer"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Beleidskaders")

    page.get_by_role("link", name="Beleidsnota Haren").click()
    page.get_by_role("link", name="2 Meer inwoners zijn actief").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2 Meer inwoners zijn actief")
    page.get_by_role("link", name=world.goal.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.goal.title)
    expect(page.locator("main")).to_contain_text("2020: 51")

    page.get_by_role("link", name="Percentage sporters").click()
    year_2020 = page.locator("tr.formset-row", has=page.locator("input[name$='-year'][value='2020']"))
    target = year_2020.locator("input[name$='-value']")
    expect(target).to_have_value("51")
    target.fill("55")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(world.goal.title)
    expect(page.locator("main")).to_contain_text("2020: 55")
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Geschiedenis")
    change = page.locator("tr", has=page.locator(".diff-old", has_text=re.compile(r"^51(,0+)?$")))
    expect(change.locator(".diff-new")).to_have_text(re.compile(r"^55(,0+)?$"))
    expect(page.locator("main li", has=change)).to_contain_text(world.users["officer"].username)


def _report_link(page, world):
    return page.get_by_role("link", name=world.assignment.display_title).first


def test_report_with_a_mistake_is_corrected_returned_resubmitted_and_approved(open_page, portal):
    world = portal.world
    organisation, officer = open_page(), open_page()
    count, percentage, text = portal.count.pk, portal.percentage.pk, portal.text.pk

    # The organisation fills in the report and makes a mistake: a percentage of 140.
    login(organisation, world.users["organisation"])
    expect(organisation.get_by_role("heading", level=1)).to_have_text("Rapportages")
    _report_link(organisation, world).click()
    organisation.locator(f"#id_value_{count}").fill("100")
    organisation.locator(f"#id_value_{percentage}").fill("140")
    organisation.locator(f"#id_value_{text}").fill("Meer huisbezoeken in de wijk")
    organisation.locator("#id_hours_0").fill("700")
    organisation.locator(f"#id_costs_{world.haren.pk}").fill("1250.50")
    organisation.get_by_role("button", name="Indienen").click()

    field = organisation.locator(f"#id_value_{percentage}")
    expect(organisation.get_by_role("alert").first).to_contain_text("Niet opgeslagen")
    expect(field).to_have_attribute("aria-invalid", "true")
    error_id = field.get_attribute("aria-describedby").split()[0]
    expect(organisation.locator(f"[id='{error_id}']")).to_have_text(PERCENTAGE_ERROR)
    expect(field).to_have_value("140")
    expect(organisation.locator(f"#id_value_{count}")).to_have_value("100")
    expect(organisation.locator(f"#id_value_{text}")).to_have_value("Meer huisbezoeken in de wijk")
    expect(organisation.locator("#id_hours_0")).to_have_value("700")
    expect(organisation.locator(f"#id_costs_{world.haren.pk}")).to_have_value("1250.50")
    assert not PeriodReport.objects.exists()

    field.fill("85")
    organisation.get_by_role("button", name="Indienen").click()
    expect(organisation.get_by_role("status").first).to_contain_text("De rapportage is ingediend")

    # The officer returns the percentage with a comment.
    login(officer, world.users["officer"])
    officer.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beoordelen").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Te beoordelen rapportages")
    officer.get_by_role("row", name=re.compile("Torion")).get_by_role("link").first.click()
    officer.get_by_label("Opmerking bij Percentage tevreden cliënten").fill("85% lijkt hoog: graag de bron.")
    officer.get_by_role("button", name="Terugsturen").click()
    expect(officer.get_by_role("status").first).to_contain_text("teruggestuurd")

    # The organisation sees it, corrects the value and submits again.
    organisation.goto("/")
    returned = organisation.get_by_role("region", name="Teruggestuurd voor correctie")
    returned.get_by_role("link").first.click()
    expect(organisation.get_by_role("note").first).to_contain_text("85% lijkt hoog: graag de bron.")
    assert_accessible(organisation)
    organisation.locator(f"#id_value_{percentage}").fill("82")
    organisation.locator(f"#id_explanation_{percentage}").fill("Bron: cliëntonderzoek 2020.")
    organisation.get_by_role("button", name="Indienen").click()
    expect(organisation.get_by_role("status").first).to_contain_text("De rapportage is ingediend")

    # The officer approves; the steps are all on the page.
    officer.reload()
    officer.get_by_role("button", name="Goedkeuren").click()
    expect(officer.get_by_role("status").first).to_contain_text("goedgekeurd")
    steps = officer.locator("#verloop li")
    expect(steps).to_have_count(4)
    for number, kind in enumerate(["ingediend", "teruggestuurd", "ingediend", "goedgekeurd"]):
        expect(steps.nth(number)).to_contain_text(kind)
    expect(steps.nth(0)).to_contain_text(world.users["organisation"].username)
    expect(steps.nth(1)).to_contain_text(world.users["officer"].username)
    assert_accessible(officer)

    report = PeriodReport.objects.get()
    assert report.status == PeriodReport.Status.APPROVED
    assert Realisation.objects.get(indicator=portal.percentage, period=portal.open_period).value == 82


def test_alderman_downloads_the_annual_report_as_a_valid_pdf(page, world, tmp_path):
    login(page, world.users["alderman"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapporten").click()
    form = page.get_by_role("region", name="Jaarverslag / voortgangsrapportage")
    form.get_by_label("Beleidskader").select_option(label="Beleidsnota Haren")
    form.get_by_label("Jaar").fill("2020")
    form.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jaarverslag 2020")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert download.suggested_filename.endswith(".pdf")
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Jaarverslag 2020"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Jaarverslag 2020" in text and "Beleidsnota Haren" in text
