"""The permission matrix: for every URL pattern of the project, what each role gets on GET and on an empty
POST, for an object of its own (Haren, Torion, the officer's) and for a foreign one (Assen, GGD, the
other officer's).

A row of outcomes has one column per role, in the order of ROLES:

    anonymous  officer  alderman  admin  superuser  other_officer  organisation  other_organisation

`officer`, `alderman` and `admin` (functional admin) work for Haren, `other_officer` for Assen;
`organisation` is a Torion user, `other_organisation` a GGD user; `superuser` is a Django superuser
without a membership. An outcome is a status code ("200", "400", "403", "404", "405"), "302" for a redirect
anywhere but a sign-in page, "L" for the redirect to the sign-in page (with ?next=) and "A" for the redirect
to the admin's sign-in page.

The own side is what Haren and Torion own; the foreign side belongs to Assen and to GGD together (GGD's
agreement with Assen), so it is the own side seen in a mirror: Assen's officer and GGD's user are at home
there, Haren's staff and Torion are strangers. Per-user objects (report jobs, notices) belong to `officer`
on the own side and to `other_officer` on the foreign side.

A new URL pattern makes tests/security/test_url_matrix.py fail until it has an entry here: `page()` for a
pattern whose arguments are objects of a side, `fixed()` for one without, `Entry` with named targets for
anything else (a POST body, a query string, more objects). Write down what the design says each role
should get (read the view and its per-view tests), not what the code happens to answer. A model registered
in the admin needs its line in ADMIN_MODELS.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from agreements.models import AgreementAmendment, PerformanceIndicator, PeriodReport, ReportingPeriod
from agreements.services import add_attachment
from agreements.snapshots import plan_snapshot
from effects.models import EffectIndicator, SmartGoal
from partners.models import Notification
from reporting.models import ReportJob
from tests.factories import AgreementFactory, AssignmentFactory, OrganisationFactory
from tests.helpers import totp_device

ROLES = (
    "anonymous",
    "officer",
    "alderman",
    "admin",
    "superuser",
    "other_officer",
    "organisation",
    "other_organisation",
)
LOGIN, ADMIN_LOGIN, REDIRECT = "L", "A", "302"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def row(text: str) -> dict[str, str]:
    """One row of outcomes, a column per role in the order of ROLES."""
    outcomes = text.split()
    assert len(outcomes) == len(ROLES), text
    return dict(zip(ROLES, outcomes, strict=True))


def same(outcome: str, anonymous: str | None = None) -> str:
    """A row with one outcome for every role (anonymous may differ)."""
    return " ".join([anonymous or outcome] + [outcome] * (len(ROLES) - 1))


# -- objects --------------------------------------------------------------------------------------------


@dataclass
class Side:
    """The objects of one side: own (Haren, Torion, the officer) or foreign (Assen, GGD, Assen's officer)."""

    user: object  # whose report job, notice and authenticator app are on this side
    device: object
    municipality: object
    framework: object
    effect: object
    goal: object
    effect_indicator: object
    organisation: object
    agreement: object
    assignment: object
    indicator: object
    period: object
    attachment: object
    amendment: object
    job: object
    notification: object


@dataclass
class Objects:
    own: Side
    foreign: Side
    # A Haren period for GGD's agreement only: Torion sees it, but its assignment does not report in it.
    mixed_period: object

    def side(self, name: str) -> Side:
        return self.own if name == "own" else self.foreign


def _job(user, params: str) -> ReportJob:
    job = ReportJob.objects.create(
        user=user, name="uitvoeringsplan", params=params, status=ReportJob.Status.DONE, filename="plan.pdf"
    )
    job.file.save("plan.pdf", ContentFile(PDF))
    return job


def _open_period(framework, slug: str, agreement=None) -> ReportingPeriod:
    today = timezone.localdate()
    return ReportingPeriod.objects.create(
        framework=framework,
        agreement=agreement,
        year=2020,
        slug=slug,
        name=f"Periode {slug}",
        kind="jaar",
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=20),
    )


def _attachment(assignment, period, user):
    upload = SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/pdf")
    return add_attachment(assignment=assignment, period=period, user=user, upload=upload)


def build_objects(portal) -> Objects:
    """Everything a URL of the project points at, once for Haren/Torion and once for Assen/GGD."""
    world = portal.world
    users = world.users
    assen, ggd = world.assen, world.ggd
    ggd.municipalities.add(assen)
    assen_effect = world.other_framework.effects.get()
    assen_goal = SmartGoal.objects.create(framework=world.other_framework, title="Assen sport meer")
    assen_goal.effects.add(assen_effect)
    assen_agreement = AgreementFactory(
        organisation=ggd, framework=world.other_framework, municipalities=[assen]
    )
    assen_assignment = AssignmentFactory(agreement=assen_agreement, effect=assen_effect)
    assen_period = _open_period(world.other_framework, "assen-2020")
    # A concept report on each side (its review, reopen and history pages need one), with an attachment.
    PeriodReport.objects.create(assignment=world.assignment, period=portal.open_period)
    PeriodReport.objects.create(assignment=assen_assignment, period=assen_period)
    own = Side(
        user=users["officer"],
        device=totp_device(users["officer"]),
        municipality=world.haren,
        framework=world.framework,
        effect=world.effect,
        goal=world.goal,
        effect_indicator=world.indicator,
        organisation=world.torion,
        agreement=world.agreement,
        assignment=world.assignment,
        indicator=portal.count,
        period=portal.open_period,
        attachment=_attachment(world.assignment, portal.open_period, users["organisation"]),
        amendment=AgreementAmendment.objects.create(
            agreement=world.agreement,
            reason="Bijstelling",
            created_by=users["officer"],
            snapshot=plan_snapshot(world.agreement),
        ),
        job=_job(users["officer"], "framework=haren-kader"),
        notification=Notification.objects.create(recipient=users["officer"], subject="Voor Haren"),
    )
    foreign = Side(
        user=users["other_officer"],
        device=totp_device(users["other_officer"]),
        municipality=assen,
        framework=world.other_framework,
        effect=assen_effect,
        goal=assen_goal,
        effect_indicator=EffectIndicator.objects.create(
            framework=world.other_framework, smart_goal=assen_goal, name="Sporters in Assen"
        ),
        # GGD works for Haren too, so Haren sees it: Assen's own welfare organisation is foreign to Haren.
        organisation=OrganisationFactory(slug="welzijn-assen", municipalities=[assen]),
        agreement=assen_agreement,
        assignment=assen_assignment,
        indicator=PerformanceIndicator.objects.create(assignment=assen_assignment, name="Voorlichtingen"),
        period=assen_period,
        attachment=_attachment(assen_assignment, assen_period, users["other_organisation"]),
        amendment=AgreementAmendment.objects.create(
            agreement=assen_agreement,
            reason="Bijstelling Assen",
            created_by=users["other_officer"],
            snapshot=plan_snapshot(assen_agreement),
        ),
        job=_job(users["other_officer"], "framework=assen-kader"),
        notification=Notification.objects.create(recipient=users["other_officer"], subject="Voor Assen"),
    )
    ggd_agreement = world.ggd_assignment.agreement
    return Objects(own, foreign, mixed_period=_open_period(world.framework, "ggd-2020", ggd_agreement))


# -- entries --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One URL of a pattern (for one object) and the outcome per role of a GET and of an (empty) POST."""

    url: Callable[[Objects], str]
    get: str
    post: str
    data: Callable[[Objects], dict] = field(default=lambda objects: {})


@dataclass(frozen=True)
class Entry:
    route: str
    targets: dict[str, Target]


def _reverse(name: str, attrs: tuple[str, ...], side: str, query: str) -> Callable[[Objects], str]:
    def url(objects: Objects) -> str:
        args = [getattr(objects.side(side), attr).pk for attr in attrs]
        return reverse(name, args=args) + query

    return url


def page(
    route: str,
    name: str,
    *attrs: str,
    get: str,
    post: str | None = None,
    foreign_get: str | None = None,
    foreign_post: str | None = None,
    query: str = "",
    more: dict[str, Target] | None = None,
) -> Entry:
    """A pattern whose arguments are the pks of the side's objects `attrs` (none: a list page), and
    `more` targets if any.

    A POST the view does not handle separately answers as its GET (post defaults to get).
    """
    targets = {"own": Target(_reverse(name, attrs, "own", query), get, post or get)}
    if attrs:
        assert foreign_get, route
        targets["foreign"] = Target(
            _reverse(name, attrs, "foreign", query), foreign_get, foreign_post or foreign_get
        )
    return Entry(route, {**targets, **(more or {})})


def fixed(route: str, url: str, get: str, post: str | None = None) -> Entry:
    """A pattern with no object: one URL, the same for everyone."""
    return Entry(route, {"own": Target(lambda objects: url, get, post or get)})


def report_target(url: str, row: str) -> Target:
    """A report selection: the view reads it from the query string, so a POST answers as the GET."""
    return Target(lambda objects: url, row, row)


def _bulk_url(name: str) -> Callable[[Objects], str]:
    def url(objects: Objects) -> str:
        path = reverse(f"agreements:{name}", args=[objects.own.period.pk])
        return f"{path}?organisatie={objects.foreign.agreement.organisation_id}"

    return url


def _report_url(name: str, side: str, period: str = "period") -> Callable[[Objects], str]:
    def url(objects: Objects) -> str:
        period_pk = objects.mixed_period.pk if period == "mixed" else objects.side(side).period.pk
        return reverse(f"agreements:{name}", args=[objects.side(side).assignment.pk, period_pk])

    return url


def report_page(
    route: str,
    name: str,
    *,
    get: str,
    post: str,
    foreign_get: str,
    foreign_post: str,
    mixed_post: str | None = None,
) -> Entry:
    """A pattern of one assignment's report for one period; `mixed` pairs Torion's assignment with a
    period it does not report in (Haren's period for GGD's agreement only): 404 unless said otherwise."""
    return Entry(
        route,
        {
            "own": Target(_report_url(name, "own"), get, post),
            "foreign": Target(_report_url(name, "foreign"), foreign_get, foreign_post),
            "mixed": Target(
                _report_url(name, "own", "mixed"),
                get if get == METHOD_NOT_ALLOWED else NOT_FOUND,
                mixed_post or NOT_FOUND,
            ),
        },
    )


# Rows used by many patterns. Columns: anonymous, officer, alderman, admin, superuser, other_officer,
# organisation, other_organisation.
EVERYONE = "L    200  200  200  200  200  200  200"
STAFF = "L    200  200  200  200  200  403  403"
NOT_FOUND = "L    404  404  404  404  404  404  404"
# A view that takes POST only (or GET only), asked with the other method; sign in first.
METHOD_NOT_ALLOWED = "L    405  405  405  405  405  405  405"
# Municipal pages of one object of the goal chain: Haren's staff read, organisations never.
READ = "L    200  200  200  200  404  403  403"
READ_FOREIGN = "L    404  404  404  200  200  403  403"
# Edit and new pages of the goal chain: only the policy officer (and the superuser) change it.
EDIT = "L    200  403  403  200  404  403  403"
EDIT_POST = "L    400  403  403  400  404  403  403"
EDIT_FOREIGN = "L    404  404  404  200  200  403  403"
EDIT_FOREIGN_POST = "L    404  404  404  400  400  403  403"
# The goal chain's objects by URL prefix, URL name and attribute of the world's sides.
CHAIN_OBJECTS = (
    ("kaders", "framework", "framework"),
    ("effecten", "effect", "effect"),
    ("smart-doelen", "smartgoal", "goal"),
    ("indicatoren", "indicator", "effect_indicator"),
)


def chain_edit_page(route: str, name: str, attr: str) -> Entry:
    """An edit or new page of the goal chain (of an object `attr` of each side)."""
    return page(
        route, name, attr, get=EDIT, post=EDIT_POST, foreign_get=EDIT_FOREIGN, foreign_post=EDIT_FOREIGN_POST
    )


# An agreement, its assignments and reports: Haren's staff and Torion read, GGD and Assen get 404.
AGREEMENT = "L    200  200  200  200  404  200  404"
AGREEMENT_FOREIGN = "L    404  404  404  200  200  404  200"
# Its plan: the officer edits, whoever reads it gets 403.
PLAN_EDIT = "L    200  403  403  200  404  403  404"
PLAN_EDIT_POST = "L    400  403  403  400  404  403  404"
PLAN_EDIT_FOREIGN = "L    404  404  404  200  200  404  403"
PLAN_EDIT_FOREIGN_POST = "L    404  404  404  400  400  404  403"
# Per-user objects (report jobs, notices): their own user only, for everyone else as if they did not exist.
OFFICERS_OWN = "L    200  404  404  404  404  404  404"
OFFICERS_OWN_POST = "L    302  404  404  404  404  404  404"
OTHER_OFFICERS_OWN = "L    404  404  404  404  200  404  404"
OTHER_OFFICERS_OWN_POST = "L    404  404  404  404  302  404  404"

# Columns of every row: anonymous, officer, alderman, admin, superuser, other_officer, organisation,
# other_organisation.
ENTRIES_LIST: list[Entry] = [
    # -- root, sign-in, language ----------------------------------------------------------------------
    # Home sends every role to where its work starts (a user without a role gets 403: tests/partners).
    fixed("", "/", get=same(REDIRECT, LOGIN)),
    fixed("account/login/", "/account/login/", get=same("200")),
    # Signing out is POST only (Django 5); it ends the session and goes to the sign-in page.
    fixed("account/logout/", "/account/logout/", get=same("405"), post=same(REDIRECT)),
    # An empty POST is a form with errors, shown again with 200 (Django's auth views).
    fixed("account/password_change/", "/account/password_change/", get=same("200", LOGIN)),
    fixed(
        "account/password_change/done/",
        "/account/password_change/done/",
        get=same("200", LOGIN),
        post=METHOD_NOT_ALLOWED,
    ),
    fixed("account/password_reset/", "/account/password_reset/", get=same("200")),
    fixed("account/password_reset/done/", "/account/password_reset/done/", get=same("200"), post=same("405")),
    # A wrong link says so (200) and changes nothing.
    fixed("account/reset/<uidb64>/<token>/", "/account/reset/MQ/onzin-token/", get=same("200")),
    fixed("account/reset/done/", "/account/reset/done/", get=same("200"), post=same("405")),
    # GET only redirects; POST sets the language cookie (nothing in the database).
    fixed("i18n/setlang/", "/i18n/setlang/", get=same(REDIRECT)),
    # -- partners -------------------------------------------------------------------------------------
    Entry(
        "gemeente-wisselen/",
        {
            # POST only, checked before sign-in; a municipality the user does not work for is 404.
            "own": Target(
                lambda o: reverse("partners:switch-municipality"),
                get=same("405"),
                post="L    302  302  302  302  404  404  404",
                data=lambda o: {"municipality": o.own.municipality.pk},
            ),
            "foreign": Target(
                lambda o: reverse("partners:switch-municipality"),
                get=same("405"),
                post="L    404  404  404  302  302  404  404",
                data=lambda o: {"municipality": o.foreign.municipality.pk},
            ),
            "none": Target(lambda o: reverse("partners:switch-municipality"), same("405"), NOT_FOUND),
        },
    ),
    # The second sign-in step. force_login counts as having passed it (tests/conftest.py), so staff are
    # sent on; an organisation user without an app is sent to set one up.
    fixed("account/tweede-stap/", "/account/tweede-stap/", get=same(REDIRECT, LOGIN)),
    # Setting up (another) app: every signed-in user may; an empty code is a form error.
    fixed(
        "account/tweede-stap/instellen/",
        "/account/tweede-stap/instellen/",
        get=same("200", LOGIN),
        post=same("400", LOGIN),
    ),
    page("organisaties/", "partners:organisation-list", get=STAFF),
    page(
        "organisaties/<int:pk>/",
        "partners:organisation-detail",
        "organisation",
        get=READ,
        foreign_get=READ_FOREIGN,
    ),
    page("meldingen/", "partners:notification-list", get=EVERYONE),
    Entry(
        "meldingen/gelezen/",
        {
            # POST only; marks one notice (pk) of the user's own read, or all of them without a pk.
            "own": Target(
                lambda o: reverse("partners:notification-read"),
                get=METHOD_NOT_ALLOWED,
                post=OFFICERS_OWN_POST,
                data=lambda o: {"pk": o.own.notification.pk},
            ),
            "foreign": Target(
                lambda o: reverse("partners:notification-read"),
                get=METHOD_NOT_ALLOWED,
                post=OTHER_OFFICERS_OWN_POST,
                data=lambda o: {"pk": o.foreign.notification.pk},
            ),
            "all": Target(
                lambda o: reverse("partners:notification-read"), METHOD_NOT_ALLOWED, same("302", LOGIN)
            ),
        },
    ),
    # -- effects: the goal chain ----------------------------------------------------------------------
    page("kaders/", "effects:framework-list", get=STAFF),
    page("effecten/", "effects:effect-list", get=STAFF),
    page("smart-doelen/", "effects:smartgoal-list", get=STAFF),
    *[
        chain_edit_page(f"{prefix}/<int:pk>/bewerken/", f"effects:{name}-edit", attr)
        for prefix, name, attr in CHAIN_OBJECTS
    ],
    *[
        page(
            f"{prefix}/<int:pk>/geschiedenis/",
            f"effects:{name}-history",
            attr,
            get=READ,
            foreign_get=READ_FOREIGN,
        )
        for prefix, name, attr in CHAIN_OBJECTS
    ],
    *[
        chain_edit_page(f"kaders/<int:framework_pk>/{part}/nieuw/", f"effects:{name}-create", "framework")
        for part, name in (("effecten", "effect"), ("smart-doelen", "smartgoal"))
    ],
    # -- agreements: the chain as pages, lists, search ------------------------------------------------
    page(
        "kaders/<int:pk>/", "agreements:framework-overview", "framework", get=READ, foreign_get=READ_FOREIGN
    ),
    page("effecten/<int:pk>/", "agreements:effect-detail", "effect", get=READ, foreign_get=READ_FOREIGN),
    page("smart-doelen/<int:pk>/", "agreements:smartgoal-detail", "goal", get=READ, foreign_get=READ_FOREIGN),
    page("afspraken/", "agreements:agreement-list", get=EVERYONE),
    page("opdrachten/", "agreements:assignment-list", get=EVERYONE),
    page("zoeken/", "agreements:search", get=STAFF, query="?q=Opdracht"),
    page(
        "afspraken/<int:pk>/",
        "agreements:agreement-detail",
        "agreement",
        get=AGREEMENT,
        foreign_get=AGREEMENT_FOREIGN,
    ),
    page(
        "opdrachten/<int:pk>/",
        "agreements:assignment-detail",
        "assignment",
        get=AGREEMENT,
        foreign_get=AGREEMENT_FOREIGN,
    ),
    # -- agreements: copy, edit, history, workflow ----------------------------------------------------
    chain_edit_page("kaders/<int:pk>/kopieren/", "agreements:framework-copy", "framework"),
    *[
        page(
            route,
            name,
            attr,
            get=PLAN_EDIT,
            post=PLAN_EDIT_POST,
            foreign_get=PLAN_EDIT_FOREIGN,
            foreign_post=PLAN_EDIT_FOREIGN_POST,
        )
        for route, name, attr in (
            ("afspraken/<int:pk>/kopieren/", "agreements:agreement-copy", "agreement"),
            ("afspraken/<int:pk>/bewerken/", "agreements:agreement-edit", "agreement"),
            ("opdrachten/<int:pk>/bewerken/", "agreements:assignment-edit", "assignment"),
            ("prestatie-indicatoren/<int:pk>/bewerken/", "agreements:indicator-edit", "indicator"),
        )
    ],
    *[
        page(route, name, attr, get=AGREEMENT, foreign_get=AGREEMENT_FOREIGN)
        for route, name, attr in (
            ("afspraken/<int:pk>/geschiedenis/", "agreements:agreement-history", "agreement"),
            ("opdrachten/<int:pk>/geschiedenis/", "agreements:assignment-history", "assignment"),
            ("prestatie-indicatoren/<int:pk>/geschiedenis/", "agreements:indicator-history", "indicator"),
            ("afspraken/wijzigingen/<int:pk>/", "agreements:amendment-detail", "amendment"),
        )
    ],
    # The organisation takes the first step (indienen) itself: an empty step is a form error for both.
    page(
        "afspraken/<int:pk>/status/",
        "agreements:agreement-transition",
        "agreement",
        get=METHOD_NOT_ALLOWED,
        post="L    400  403  403  400  404  400  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  400  400  404  400",
    ),
    page(
        "afspraken/<int:pk>/wijziging/",
        "agreements:amendment-start",
        "agreement",
        get=METHOD_NOT_ALLOWED,
        post=PLAN_EDIT_POST,
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post=PLAN_EDIT_FOREIGN_POST,
    ),
    # -- agreements: the organisation's portal and its reports ----------------------------------------
    # Municipal staff are sent on to the review queue.
    page("portaal/", "agreements:portal-home", get="L    302  302  302  302  302  200  200"),
    # Excel is for organisation users only; GGD works in Haren too, so Haren's period is GGD's as well.
    # `ggd` asks for GGD's workbook by its organisation id (?organisatie=): only GGD's own users get it.
    page(
        "portaal/<int:period_pk>/excel/",
        "agreements:bulk-template",
        "period",
        get="L    403  403  403  403  403  200  200",
        post=METHOD_NOT_ALLOWED,
        foreign_get="L    403  403  403  403  403  404  200",
        foreign_post=METHOD_NOT_ALLOWED,
        more={
            "ggd": Target(
                _bulk_url("bulk-template"), "L    403  403  403  403  403  404  200", METHOD_NOT_ALLOWED
            )
        },
    ),
    page(
        "portaal/<int:period_pk>/excel/inlezen/",
        "agreements:bulk-upload",
        "period",
        get="L    403  403  403  403  403  200  200",
        post="L    403  403  403  403  403  400  400",
        foreign_get="L    403  403  403  403  403  404  200",
        foreign_post="L    403  403  403  403  403  404  400",
        more={
            "ggd": Target(
                _bulk_url("bulk-upload"),
                get="L    403  403  403  403  403  404  200",
                post="L    403  403  403  403  403  404  400",
            )
        },
    ),
    # Everyone who may see the report reads it; only its own organisation posts values (an empty form
    # saves nothing and goes back to the report).
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/",
        "report-entry",
        get=AGREEMENT,
        post="L    403  403  403  403  404  302  404",
        foreign_get=AGREEMENT_FOREIGN,
        foreign_post="L    404  404  404  403  403  404  302",
    ),
    # Only a submitted report is reviewed: this one is a concept, so the officer's POST is refused as a
    # conflict with its status (409), after the permission checks.
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/beoordelen/",
        "report-review",
        get=METHOD_NOT_ALLOWED,
        post="L    409  403  403  409  404  403  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  409  409  404  403",
    ),
    # Reopening needs a reason: an empty one is a form error.
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/heropenen/",
        "report-reopen",
        get=METHOD_NOT_ALLOWED,
        post="L    400  403  403  400  404  403  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  400  400  404  403",
    ),
    # Both sides comment on a report.
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/opmerking/",
        "report-comment",
        get=METHOD_NOT_ALLOWED,
        post="L    400  403  403  400  404  400  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  400  400  404  400",
    ),
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/geschiedenis/",
        "report-history",
        get=AGREEMENT,
        post=AGREEMENT,
        foreign_get=AGREEMENT_FOREIGN,
        foreign_post=AGREEMENT_FOREIGN,
    ),
    # Only the organisation adds evidence; an empty upload is refused with 400. The view finds the
    # assignment, and the period among the ones its agreement reports over (a period of another agreement
    # is not found, as on the report's own pages), then asks who may add.
    report_page(
        "rapportages/<int:assignment_pk>/<int:period_pk>/bijlagen/",
        "attachment-add",
        get=METHOD_NOT_ALLOWED,
        post="L    403  403  403  403  404  400  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  403  403  404  400",
    ),
    page(
        "bijlagen/<int:pk>/",
        "agreements:attachment-download",
        "attachment",
        get=AGREEMENT,
        post=METHOD_NOT_ALLOWED,
        foreign_get=AGREEMENT_FOREIGN,
        foreign_post=METHOD_NOT_ALLOWED,
    ),
    page(
        "bijlagen/<int:pk>/verwijderen/",
        "agreements:attachment-delete",
        "attachment",
        get=METHOD_NOT_ALLOWED,
        post="L    403  403  403  403  404  302  404",
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post="L    404  404  404  403  403  404  302",
    ),
    # -- agreements: the municipality's side of reporting ---------------------------------------------
    page("beoordelen/", "agreements:review-queue", get="L    200  403  403  200  200  403  403"),
    # Officers and functional admins keep the periods; aldermen read them.
    page(
        "kaders/<int:pk>/periodes/",
        "agreements:period-list",
        "framework",
        get=READ,
        post="L    400  403  400  400  404  403  403",
        foreign_get=READ_FOREIGN,
        foreign_post=EDIT_FOREIGN_POST,
    ),
    page("periodes/<int:pk>/", "agreements:period-status", "period", get=READ, foreign_get=READ_FOREIGN),
    page(
        "periodes/<int:pk>/bewerken/",
        "agreements:period-edit",
        "period",
        get="L    200  403  200  200  404  403  403",
        post="L    400  403  400  400  404  403  403",
        foreign_get=EDIT_FOREIGN,
        foreign_post=EDIT_FOREIGN_POST,
    ),
    # An empty POST is refused (only closed=0 or closed=1); organisation users are refused before the method.
    page(
        "periodes/<int:pk>/open-dicht/",
        "agreements:period-toggle",
        "period",
        get="L    405  405  405  405  405  403  403",
        post="L    400  403  400  400  404  403  403",
        foreign_get="L    405  405  405  405  405  403  403",
        foreign_post="L    404  404  404  400  400  403  403",
    ),
    # -- reporting ------------------------------------------------------------------------------------
    page("rapporten/", "reporting:index", get=EVERYONE),
    page("rapporten/taken/", "reporting:job-list", get=EVERYONE, post=METHOD_NOT_ALLOWED),
    *[
        page(
            route,
            name,
            "job",
            get=OFFICERS_OWN,
            post=METHOD_NOT_ALLOWED,
            foreign_get=OTHER_OFFICERS_OWN,
            foreign_post=METHOD_NOT_ALLOWED,
        )
        for route, name in (
            ("rapporten/taken/<int:pk>/", "reporting:job-detail"),
            ("rapporten/taken/<int:pk>/status/", "reporting:job-status"),
            ("rapporten/taken/<int:pk>/download/", "reporting:job-download"),
        )
    ],
    # Retrying a job that did not fail is refused with a message on the job's page.
    page(
        "rapporten/taken/<int:pk>/opnieuw/",
        "reporting:job-retry",
        "job",
        get=METHOD_NOT_ALLOWED,
        post=OFFICERS_OWN_POST,
        foreign_get=METHOD_NOT_ALLOWED,
        foreign_post=OTHER_OFFICERS_OWN_POST,
    ),
    # A selection the user may not see is a form error (400), like any invalid choice; a report that is
    # not for the role is 403. The view takes its selection from the query string, whatever the method.
    Entry(
        "rapporten/<slug:name>/",
        {
            "own": report_target(
                "/rapporten/uitvoeringsplan/?framework=haren-kader", "L    200  200  200  200  400  403  403"
            ),
            "foreign": report_target(
                "/rapporten/uitvoeringsplan/?framework=assen-kader", "L    400  400  400  200  200  403  403"
            ),
            "own-csv": report_target(
                "/rapporten/uitvoeringsplan/?framework=haren-kader&formaat=csv",
                "L    200  200  200  200  400  403  403",
            ),
            "own-organisation": report_target(
                "/rapporten/prestatieplan/?organisation=torion", "L    200  200  200  200  400  200  400"
            ),
            "foreign-organisation": report_target(
                "/rapporten/prestatieplan/?organisation=ggd", "L    200  200  200  200  200  400  200"
            ),
            "unknown": Target(lambda o: "/rapporten/bestaat-niet/", NOT_FOUND, NOT_FOUND),
        },
    ),
    # -- Django admin: staff only; no role of the application is staff --------------------------------
    #            anon off  ald  adm  sup  oOff org  oOrg
    fixed("admin/", "/admin/", get="A    A    A    A    200  A    A    A"),
    # The sign-in page itself; a signed-in superuser is sent on to the index.
    fixed(
        "admin/login/",
        "/admin/login/",
        get="200  200  200  200  302  200  200  200",
        post=same("200"),
    ),
    # Signing out is POST only; the admin sends whoever is not staff to its index first.
    fixed(
        "admin/logout/",
        "/admin/logout/",
        get="302  302  302  302  405  302  302  302",
        post=same(REDIRECT),
    ),
    fixed("admin/password_change/", "/admin/password_change/", get="A    A    A    A    200  A    A    A"),
    fixed(
        "admin/password_change/done/",
        "/admin/password_change/done/",
        get="A    A    A    A    200  A    A    A",
        post="A    A    A    A    405  A    A    A",
    ),
    # Without its parameters the autocomplete refuses even the superuser.
    fixed(
        "admin/autocomplete/",
        "/admin/autocomplete/",
        get="A    A    A    A    403  A    A    A",
        post="A    A    A    A    405  A    A    A",
    ),
    fixed(
        "admin/jsi18n/",
        "/admin/jsi18n/",
        get="A    A    A    A    200  A    A    A",
        post="A    A    A    A    405  A    A    A",
    ),
    Entry(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        {
            "own": Target(
                lambda o: reverse(
                    "admin:view_on_site",
                    args=[ContentType.objects.get_for_model(o.own.framework).pk, o.own.framework.pk],
                ),
                get="A    A    A    A    302  A    A    A",
                post="A    A    A    A    302  A    A    A",
            )
        },
    ),
    fixed(
        "admin/(?P<app_label>auth|otp_totp|axes|partners|effects|agreements|reporting)/$",
        "/admin/partners/",
        get="A    A    A    A    200  A    A    A",
    ),
    # Anything else under admin/: sign in first, then 404.
    fixed("admin/(?P<url>.*)$", "/admin/bestaat-niet/", get="A    A    A    A    404  A    A    A"),
    *[
        Entry(
            f"admin/otp_totp/totpdevice/<int:pk>/{part}/",
            {
                "own": Target(
                    lambda o, part=part: reverse(
                        f"admin:otp_totp_totpdevice_{part}",
                        args=[o.own.device.pk],
                    ),
                    get="A    A    A    A    200  A    A    A",
                    post="A    A    A    A    200  A    A    A",
                )
            },
        )
        for part in ("config", "qrcode")
    ],
    Entry(
        "admin/partners/user/<id>/password/",
        {
            "own": Target(
                lambda o: reverse("admin:auth_user_password_change", args=[o.own.user.pk]),
                get="A    A    A    A    200  A    A    A",
                post="A    A    A    A    200  A    A    A",
            )
        },
    ),
]


ENTRIES: dict[str, Entry] = {entry.route: entry for entry in ENTRIES_LIST}
assert len(ENTRIES) == len(ENTRIES_LIST), "a route is in the matrix twice"

# Django admin pages per registered model: covered as a group, one prefix per model, so registering a new
# model still needs a line here. Every pattern of the group sends a user who is not staff to the admin's
# sign-in page; the superuser opens the list (the pages themselves: tests/test_admin.py).
ADMIN_MODELS = (
    "auth/group",
    "otp_totp/totpdevice",
    "axes/accessattempt",
    "partners/municipality",
    "partners/organisation",
    "partners/contactperson",
    "partners/membership",
    "partners/user",
    "partners/notification",
    "partners/auditevent",
    "effects/policyframework",
    "effects/frameworksection",
    "effects/theme",
    "effects/programmebudgetline",
    "effects/societaleffect",
    "effects/targetgroupfigure",
    "effects/effectpartner",
    "effects/smartgoal",
    "effects/effectindicator",
    "effects/effectindicatortarget",
    "effects/effectindicatorvalue",
    "agreements/agreement",
    "agreements/agreementtransition",
    "agreements/agreementamendment",
    "agreements/agreementsection",
    "agreements/subsidyline",
    "agreements/subsidyamount",
    "agreements/agreementbudgetline",
    "agreements/assignment",
    "agreements/activity",
    "agreements/agreedresult",
    "agreements/hoursline",
    "agreements/moneyline",
    "agreements/reportingperiod",
    "agreements/performanceindicator",
    "agreements/performancetarget",
    "agreements/realisation",
    "agreements/periodreport",
    "agreements/remindersent",
    "reporting/reportjob",
)
# The patterns ModelAdmin (and simple-history's admin) make for a model, with a URL to try each.
ADMIN_MODEL_PATTERNS = {
    "": "",
    "add/": "add/",
    "<path:object_id>/": "1/",
    "<path:object_id>/change/": "1/change/",
    "<path:object_id>/delete/": "1/delete/",
    "<path:object_id>/history/": "1/history/",
    "([^/]+)/history/([^/]+)/$": "1/history/1/",
}
# The model's list (GET) for every role. Its other pages, and a POST to any of them, ask the same question
# first (is the user staff?): the officer, the most trusted role of the application, stands for all
# there ("-": not tried).
ADMIN_MODEL_ROW = row("A    A    A    A    200  A    A    A")
ADMIN_PAGE_ROW = row("-    A    -    -    -    -    -    -")


def admin_model_route(route: str) -> tuple[str, str] | None:
    """(model prefix, pattern) when the route is one of the standard admin pages of a listed model."""
    match = re.fullmatch(r"admin/([a-z_]+/[a-z_]+)/(.*)", route, flags=re.DOTALL)
    if match and match.group(1) in ADMIN_MODELS and match.group(2) in ADMIN_MODEL_PATTERNS:
        return match.group(1), match.group(2)
    return None


# -- the URL patterns of the project ---------------------------------------------------------------------


def _walk(resolver: URLResolver, namespace: str = "site", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(full route, namespace) of every URL pattern under the resolver, nested includes walked."""
    for pattern in resolver.url_patterns:
        # Joined as Django joins ResolverMatch.route: a nested regex loses its leading ^.
        route = prefix + str(pattern.pattern).removeprefix("^") if prefix else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, pattern.namespace or namespace, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route, namespace


def routes(resolver: URLResolver) -> list[str]:
    """Every URL pattern under the resolver, as its full route."""
    return [route for route, _namespace in _walk(resolver)]


def areas() -> dict[str, str]:
    """The matrix's routes by the namespace they are in ("site": the root, sign-in and language pages)."""
    found = dict(_walk(get_resolver()))
    return {route: found.get(route, "site") for route in ENTRIES}


def missing_entries(resolver: URLResolver) -> list[str]:
    """The routes of the resolver that the matrix says nothing about: each needs an entry."""
    return sorted(
        {route for route in routes(resolver) if route not in ENTRIES and admin_model_route(route) is None}
    )


def unknown_entries(resolver: URLResolver) -> list[str]:
    """Entries of the matrix for routes the resolver no longer has."""
    existing = set(routes(resolver))
    stale = {route for route in ENTRIES if route not in existing}
    stale |= {
        f"admin/{model}/{pattern}"
        for model in ADMIN_MODELS
        for pattern in ("", "add/")
        if f"admin/{model}/{pattern}" not in existing
    }
    return sorted(stale)


AREAS = areas()
