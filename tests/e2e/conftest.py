"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One browser per test session, a fresh context and page per test. When a test fails, a screenshot and the
HTML of every page it opened land in test-artifacts/ at the repository root. Without Chromium (or
Playwright, or axe-core for the accessibility checks) these tests fail in CI and are skipped elsewhere.
"""

from __future__ import annotations

import functools
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from agreements.models import Agreement
from agreements.services import (
    EnteredValue,
    ReportInput,
    save_report,
    start_amendment,
    submit_report,
    transition_agreement,
)
from tests.conftest import PASSWORD
from tests.helpers import totp_code, totp_device

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from fixtures
# and tests unless told that this is safe here (it is: the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
# Installed by `python3 dev.py test` (npm install --prefix .cache/axe axe-core@4).
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Enough time for a PDF or a slow CI machine; a missing element still fails within seconds of this.
TIMEOUT_MS = 15_000


def missing(reason: str):
    """A missing browser or tool: an error in CI, where these tests must run; elsewhere a skip."""
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        pytest.fail(f"{reason} (CI=true: de browsertests moeten draaien)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright voor Python is niet geïnstalleerd (pip install -e .[dev])")
    if not CHROMIUM.exists():
        missing(f"Chromium niet gevonden op {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, request):
    """A new page in its own browser context (own cookies), for tests with more than one user."""
    contexts = []
    request.node.e2e_pages = []

    def open_() -> object:
        # A desktop screen: the main menu collapses behind a button below 1400 pixels.
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": 1440, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        # The pages run under the site's real Content-Security-Policy: what it refuses is a broken page.
        page.on(
            "console",
            lambda message: (
                refused.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        request.node.e2e_pages.append(page)
        return page

    refused: list[str] = []
    yield open_
    for context in contexts:
        context.close()
    assert not refused, "Geweigerd door de Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def page(open_page):
    return open_page()


# -- signing in ------------------------------------------------------------------------------------


def login(page, user, password: str = PASSWORD) -> None:
    """Sign in through the real login form; answer the two-factor step when the site asks for it."""
    page.goto("/account/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    # A user without an app lands on the set-up page; once totp_device() made one, the site asks for
    # its code on the step page instead. Hence a second round.
    for _round in range(2):
        if "tweede-stap" not in page.url:
            break
        page.locator("input[name=otp_token]").fill(totp_code(totp_device(user)))
        with page.expect_navigation():
            page.locator("form:has(input[name=otp_token]) [type=submit]").first.click()
    assert "/account/login/" not in page.url and "tweede-stap" not in page.url, f"niet ingelogd: {page.url}"


# -- accessibility ---------------------------------------------------------------------------------


@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, of the given impacts."""
    if not AXE.exists():
        missing(f"axe-core niet gevonden op {AXE} (python3 dev.py test installeert het met npm)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern
        # (a <script> tag would be refused).
        page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [violation for violation in result["violations"] if violation["impact"] in impacts]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [url]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')!r}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … en nog {len(violation['nodes']) - 5}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """No serious or critical axe violation on the page as it is now; the violations listed otherwise."""
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


# -- artifacts on failure --------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    pages = getattr(item, "e2e_pages", [])
    if report.when == "call" and report.failed and pages:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", item.nodeid.split("tests/e2e/")[-1])[:150]
        saved = []
        for number, page in enumerate(pages):
            if page.is_closed():
                continue
            base = ARTIFACTS / (f"{stem}-{number}" if len(pages) > 1 else stem)
            try:
                page.screenshot(path=f"{base}.png", full_page=True)
                Path(f"{base}.html").write_text(page.content(), encoding="utf-8")
                Path(f"{base}.url").write_text(page.url + "\n", encoding="utf-8")
            except Exception as error:  # a crashed page must not hide the test's own failure
                saved.append(f"{base}: niet opgeslagen ({error})")
                continue
            saved.append(f"{base}.png, {base}.html ({page.url})")
        text = "\n".join(saved)
        report.sections.append(("browser-artefacten", text))
        print(f"\nbrowser-artefacten van {item.nodeid}:\n{text}")
    return report


# -- data for the page walks -----------------------------------------------------------------------


@pytest.fixture
def site(portal):
    """The portal with one of everything a page shows: a submitted report (GGD), a concept (Torion),
    an amendment, a notification and, per role, a queued PDF (tests/e2e/pages.py)."""
    world = portal.world
    save_report(
        assignment=world.assignment,
        period=portal.open_period,
        user=world.users["organisation"],
        entered=ReportInput(values={portal.count.pk: EnteredValue(value=Decimal(40))}, hours={}, costs={}),
        version=None,
    )
    submit_report(
        assignment=world.ggd_assignment,
        period=portal.open_period,
        user=world.users["other_organisation"],
        entered=ReportInput(
            values={portal.ggd_indicator.pk: EnteredValue(value=Decimal(12))}, hours={}, costs={}
        ),
        version=None,
    )
    adopted = world.ggd_assignment.agreement_id
    for status in (Agreement.Status.SUBMITTED, Agreement.Status.AGREED, Agreement.Status.ADOPTED):
        agreement = Agreement.objects.get(pk=adopted)
        transition_agreement(agreement=agreement, to_status=status, user=world.users["officer"])
    agreement = Agreement.objects.get(pk=adopted)
    start_amendment(agreement=agreement, user=world.users["officer"], reason="Bijstelling uren")
    return portal


@pytest.fixture(scope="session")
def checked_markup() -> dict:
    """Markup already run through axe in this session (by hash), with the page it came from."""
    return {}
