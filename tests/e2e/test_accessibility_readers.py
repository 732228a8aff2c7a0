"""WCAG 2.1 AA on the main pages of the read-only municipal roles (tests/e2e/pages.py). The functional
admin mostly gets the alderman's markup: those pages are run through axe once (checked_markup)."""

import pytest

from tests.e2e.conftest import login
from tests.e2e.pages import check_pages, municipal_pages


@pytest.mark.parametrize("role", ["alderman", "admin"])
def test_reader_pages_meet_wcag_aa(page, site, role, checked_markup):
    urls = municipal_pages(site, role)
    login(page, site.world.users[role])
    problems = check_pages(page, urls, checked_markup)
    assert not problems, "\n".join(problems)
