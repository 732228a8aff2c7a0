"""The main pages of every role, and what each of them must have: lang="nl", one h1, a skip link to the
main content as the first link, and no serious or critical axe-core violation (WCAG 2.1 AA)."""

import hashlib

from agreements.models import AgreementAmendment
from reporting import jobs
from tests.e2e.conftest import axe_violations, describe_violations

# What each page must have besides a clean axe run (WCAG 3.1.1, 1.3.1 / 2.4.6, 2.4.1).
PAGE_STRUCTURE = """() => {
  const skip = document.body.querySelector('a[href^="#"]');
  const target = skip && document.getElementById(skip.getAttribute('href').slice(1));
  return {
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    skip: skip ? skip.textContent.trim() : null,
    skipTarget: Boolean(target && target.closest('main')),
    first: Boolean(skip && skip === document.body.querySelector('a[href], button, input, select, textarea')),
  };
}"""
JAARVERSLAG = "framework=haren-kader&year=2020"
PRESTATIEPLAN = "organisation=torion&framework=haren-kader"


def municipal_pages(site, role: str) -> list[str]:
    """Every page of the urls.py files that answers a GET with HTML for this municipal role: what all of
    them read, the officer's edit screens and review queue, the admin's period form."""
    world, portal = site.world, site
    framework, effect, goal = world.framework.pk, world.effect.pk, world.goal.pk
    agreement, assignment = world.agreement.pk, world.assignment.pk
    period = portal.open_period.pk
    ggd_report = f"/rapportages/{world.ggd_assignment.pk}/{period}/"
    job = jobs.enqueue_report(user=world.users[role], name="jaarverslag", params=JAARVERSLAG)
    read = [
        "/",  # the framework list
        f"/kaders/{framework}/",
        f"/kaders/{framework}/geschiedenis/",
        f"/kaders/{framework}/periodes/",
        "/effecten/",
        f"/effecten/{effect}/",
        f"/effecten/{effect}/geschiedenis/",
        "/smart-doelen/",
        f"/smart-doelen/{goal}/",
        f"/smart-doelen/{goal}/geschiedenis/",
        f"/indicatoren/{world.indicator.pk}/geschiedenis/",
        "/afspraken/",
        f"/afspraken/{agreement}/",
        f"/afspraken/{agreement}/geschiedenis/",
        f"/afspraken/wijzigingen/{AgreementAmendment.objects.get().pk}/",
        "/opdrachten/",
        f"/opdrachten/{assignment}/",
        f"/opdrachten/{assignment}/geschiedenis/",
        f"/prestatie-indicatoren/{portal.count.pk}/geschiedenis/",
        "/zoeken/?q=sport",
        "/organisaties/",
        f"/organisaties/{world.torion.pk}/",
        "/meldingen/",
        f"/periodes/{period}/",
        ggd_report,
        f"{ggd_report}geschiedenis/",
        f"/rapportages/{assignment}/{period}/",
        "/rapporten/",
        "/rapporten/jaarverslag/",
        f"/rapporten/jaarverslag/?{JAARVERSLAG}",
        f"/rapporten/prestatieplan/?{PRESTATIEPLAN}",
        "/rapporten/taken/",
        f"/rapporten/taken/{job.pk}/",
    ]
    if role == "admin":
        return [*read, f"/periodes/{period}/bewerken/"]
    if role != "officer":
        return read
    return [
        *read,
        f"/kaders/{framework}/bewerken/",
        f"/kaders/{framework}/kopieren/",
        f"/kaders/{framework}/effecten/nieuw/",
        f"/kaders/{framework}/smart-doelen/nieuw/",
        f"/effecten/{effect}/bewerken/",
        f"/smart-doelen/{goal}/bewerken/",
        f"/indicatoren/{world.indicator.pk}/bewerken/",
        f"/afspraken/{agreement}/bewerken/",
        f"/afspraken/{agreement}/kopieren/",
        f"/opdrachten/{assignment}/bewerken/",
        f"/prestatie-indicatoren/{portal.count.pk}/bewerken/",
        "/beoordelen/",
        f"/periodes/{period}/bewerken/",
        "/account/password_change/",
    ]


def organisation_pages(site) -> list[str]:
    """The organisation user's pages: the portal, its assignments, the report form and its history, the Excel
    upload, notifications, the reports open to organisations and their PDF jobs."""
    world, period = site.world, site.open_period.pk
    assignment = world.assignment.pk
    job = jobs.enqueue_report(user=world.users["organisation"], name="prestatieplan", params=PRESTATIEPLAN)
    return [
        "/",
        "/portaal/",
        "/opdrachten/",
        f"/opdrachten/{assignment}/",
        f"/rapportages/{assignment}/{period}/",
        f"/rapportages/{assignment}/{period}/geschiedenis/",
        f"/portaal/{period}/excel/inlezen/",
        "/meldingen/",
        "/rapporten/",
        "/rapporten/prestatieplan/",
        f"/rapporten/prestatieplan/?{PRESTATIEPLAN}",
        "/rapporten/taken/",
        f"/rapporten/taken/{job.pk}/",
        "/account/password_change/",
    ]


# The page as markup, without what differs per user or test but not per page (the CSRF token, the user's
# name, ids and numbers): two roles that get the same markup need only one axe run.
MARKUP = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(input => input.removeAttribute('value'));
  root.querySelectorAll('header .dropdown-toggle').forEach(toggle => { toggle.textContent = ''; });
  return root.outerHTML.replace(/gebruiker\\d+/g, '').replace(/\\d+/g, '0');
}"""


def page_problems(page, checked: dict) -> list[str]:
    """What is wrong with the page as it is now: structure always, axe when its markup is new."""
    url = page.url.split("/", 3)[-1]
    problems = []
    structure = page.evaluate(PAGE_STRUCTURE)
    if structure["lang"] != "nl":
        problems.append(f"/{url}: <html lang> is {structure['lang']!r}, niet 'nl'")
    if structure["h1"] != 1:
        problems.append(f"/{url}: {structure['h1']} h1-koppen in plaats van één")
    if structure["skip"] != "Naar de inhoud" or not (structure["skipTarget"] and structure["first"]):
        problems.append(f"/{url}: geen werkende skiplink 'Naar de inhoud' als eerste link ({structure})")
    markup = hashlib.sha256(page.evaluate(MARKUP).encode()).hexdigest()
    if markup not in checked:
        checked[markup] = url
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(f"/{url}", violations))
    return problems


def check_pages(page, urls: list[str], checked: dict) -> list[str]:
    """Every problem on every page, as readable lines; empty when all pages pass."""
    problems = []
    for url in urls:
        response = page.goto(url, wait_until="domcontentloaded")
        if response is None or not response.ok:
            problems.append(f"{url}: status {response.status if response else 'geen antwoord'}")
            continue
        problems += page_problems(page, checked)
    return problems
