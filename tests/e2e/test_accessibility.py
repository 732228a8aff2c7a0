"""WCAG 2.1 AA on every main page (tests/e2e/pages.py) of the policy officer and the organisation user, and
on the sign-in pages. One test per role signs in once and walks its pages; all problems are reported
together, with the violations axe-core found (rule, help text, elements)."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import login
from tests.e2e.pages import check_pages, municipal_pages, organisation_pages, page_problems
from tests.helpers import totp_device


def test_officer_pages_meet_wcag_aa(page, site, checked_markup):
    urls = municipal_pages(site, "officer")
    login(page, site.world.users["officer"])
    problems = check_pages(page, urls, checked_markup)
    assert not problems, "\n".join(problems)


def test_organisation_pages_meet_wcag_aa(page, site, checked_markup):
    urls = organisation_pages(site)
    login(page, site.world.users["organisation"])
    problems = check_pages(page, urls, checked_markup)
    assert not problems, "\n".join(problems)


def test_sign_in_pages_meet_wcag_aa(page, world):
    """The login form, and the second step: setting up the app, then entering its code."""
    officer = world.users["officer"]
    problems = check_pages(page, ["/account/login/"], {})
    page.locator("input[name=username]").fill(officer.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    if "tweede-stap" in page.url:
        problems += page_problems(page, {})
        totp_device(officer)
        page.reload()
        problems += page_problems(page, {})
    assert not problems, "\n".join(problems)
