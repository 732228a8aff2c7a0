"""The report entry form with the keyboard alone: from the skip link to a submitted report, and at every
step the focused element shows that it has focus (WCAG 2.1.1, 2.4.1, 2.4.7)."""

from playwright.sync_api import expect

from agreements.models import PeriodReport, Realisation
from tests.e2e.conftest import login

FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    id: element.id,
    name: element.getAttribute('name') || '',
    text: (element.textContent || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    onScreen: box.width > 1 && box.height > 1,
  };
}"""

MOST_TABS = 40


def focused(page) -> dict:
    focus = page.evaluate(FOCUS)
    assert focus["outline"] or focus["shadow"], f"focus niet zichtbaar op {focus}"
    assert focus["onScreen"], f"element met focus is niet te zien: {focus}"
    return focus


def tab_to(page, element_id: str, *, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the element has focus; each stop must show its focus."""
    for _press in range(MOST_TABS):
        page.keyboard.press(key)
        if focused(page)["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} niet bereikt met {MOST_TABS}× {key}")


def test_report_form_is_filled_and_submitted_with_the_keyboard_alone(page, portal):
    world = portal.world
    count, percentage, text = portal.count.pk, portal.percentage.pk, portal.text.pk
    login(page, world.users["organisation"])
    page.goto(f"/rapportages/{world.assignment.pk}/{portal.open_period.pk}/")

    # The first Tab reaches the skip link, which appears; Enter moves focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()

    tab_to(page, f"id_value_{count}")
    page.keyboard.type("100")
    tab_to(page, f"id_value_{percentage}")
    page.keyboard.type("85")
    # Back with Shift+Tab, to the toelichting of the count, and type one there.
    tab_to(page, f"id_explanation_{count}", key="Shift+Tab")
    page.keyboard.type("Meer aanmeldingen via de huisarts.")
    tab_to(page, f"id_value_{text}")
    page.keyboard.type("Meer vrijwilligers")
    tab_to(page, "id_hours_0")
    page.keyboard.type("700")
    tab_to(page, f"id_costs_{world.haren.pk}")
    page.keyboard.type("1200.50")

    for _press in range(MOST_TABS):
        page.keyboard.press("Tab")
        if focused(page)["text"] == "Indienen":
            break
    else:
        raise AssertionError("knop Indienen niet bereikt met Tab")
    page.keyboard.press("Space")

    expect(page.get_by_role("status").first).to_contain_text("De rapportage is ingediend")
    report = PeriodReport.objects.get()
    assert report.status == PeriodReport.Status.SUBMITTED
    counted = Realisation.objects.get(indicator=portal.count, period=portal.open_period)
    assert (counted.value, counted.explanation) == (100, "Meer aanmeldingen via de huisarts.")
