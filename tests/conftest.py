import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from agreements.models import (
    Activity,
    HoursLine,
    PerformanceIndicator,
    PerformanceTarget,
    ReportingPeriod,
)
from effects.models import EffectIndicator, EffectIndicatorTarget, SmartGoal
from partners.models import Membership
from tests.factories import (
    AgreementFactory,
    AssignmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PolicyFrameworkFactory,
    SmartGoalFactory,
    SocietalEffectFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import totp_device

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
PASSWORD = "een-lang-wachtwoord"


@pytest.fixture(autouse=True)
def _force_login_includes_second_step(monkeypatch):
    """In tests, force_login stands for a complete sign-in: password and, where the user needs it, the
    authenticator code. The sign-in steps themselves are tested through the real pages
    (tests/partners/test_sign_in.py, tests/e2e)."""
    force_login = Client.force_login

    def force_login_with_second_step(self, user, backend=None):
        force_login(self, user, backend)
        municipal = user.memberships.exclude(role=Membership.Role.ORGANISATION_USER).exists()
        if user.is_staff or user.is_superuser or municipal:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_step)


@pytest.fixture
def demo_file():
    """Path of a demo exchange file by name, e.g. demo_file("meierijstad-2021.yaml")."""
    return lambda name: DEMO_DIR / name


@dataclass
class World:
    """Two municipalities, each with a framework; users for every role. Haren is 'ours'."""

    haren: object
    assen: object
    framework: object
    other_framework: object
    effect: object
    goal: object
    indicator: object
    torion: object
    ggd: object
    agreement: object
    assignment: object
    ggd_assignment: object
    users: dict

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def grow(self, n: int) -> None:
        """Add n more of everything under the same framework, to show page costs do not grow."""
        start = self.framework.effects.count()
        for i in range(start, start + n):
            effect = SocietalEffectFactory(framework=self.framework, code=f"9.{i + 1}")
            goal = SmartGoalFactory(framework=self.framework)
            goal.effects.add(effect, self.effect)
            EffectIndicator.objects.create(framework=self.framework, effect=effect, name=f"Extra {i}")
            indicator = EffectIndicator.objects.create(
                framework=self.framework, smart_goal=goal, name=f"Doel {i}"
            )
            EffectIndicatorTarget.objects.create(indicator=indicator, year=2020, value=i)
            for parent in ({"effect": effect}, {"smart_goal": goal}, {"effect": self.effect}):
                assignment = AssignmentFactory(agreement=self.agreement, **parent)
                Activity.objects.create(assignment=assignment, description=f"Activiteit {i}")
                HoursLine.objects.create(assignment=assignment, municipality=self.haren, hours=10 + i)
                PerformanceIndicator.objects.create(assignment=assignment, name=f"Aantal {i}")


@pytest.fixture
def world(db) -> World:
    haren = MunicipalityFactory(slug="haren", name="Gemeente Haren")
    assen = MunicipalityFactory(slug="assen", name="Gemeente Assen")
    framework = PolicyFrameworkFactory(slug="haren-kader", title="Beleidsnota Haren", municipalities=[haren])
    other_framework = PolicyFrameworkFactory(slug="assen-kader", title="Kader Assen", municipalities=[assen])
    theme = ThemeFactory(framework=framework, code="2", name="Participeren")
    effect = SocietalEffectFactory(
        framework=framework, code="2", theme=theme, title="Meer inwoners zijn actief"
    )
    SocietalEffectFactory(framework=other_framework, code="1", title="Effect van Assen")
    goal = SmartGoal.objects.create(
        framework=framework,
        title="Eind 2020 is het aantal sporters met 1% toegenomen",
        investment_line=SmartGoal.InvestmentLine.FUTURE,
        planned_years=[2020],
    )
    goal.effects.add(effect)
    indicator = EffectIndicator.objects.create(
        framework=framework, smart_goal=goal, name="Percentage sporters", value_type="percentage"
    )
    EffectIndicatorTarget.objects.create(indicator=indicator, year=2020, value=51)
    torion = OrganisationFactory(slug="torion", name="Torion", municipalities=[haren])
    ggd = OrganisationFactory(slug="ggd", name="GGD", municipalities=[haren])
    agreement = AgreementFactory(organisation=torion, framework=framework, municipalities=[haren])
    ggd_agreement = AgreementFactory(organisation=ggd, framework=framework, municipalities=[haren])
    assignment = AssignmentFactory(agreement=agreement, effect=effect, role="T")
    Activity.objects.create(assignment=assignment, description="Huisbezoeken", position=0)
    Activity.objects.create(assignment=assignment, description="Cursussen", position=1)
    HoursLine.objects.create(assignment=assignment, municipality=haren, hours=1403)
    ggd_assignment = AssignmentFactory(agreement=ggd_agreement, effect=effect, role="P")
    users = {
        "officer": MembershipFactory(role=Membership.Role.POLICY_OFFICER, municipality=haren).user,
        "alderman": MembershipFactory(role=Membership.Role.ALDERMAN, municipality=haren).user,
        "admin": MembershipFactory(role=Membership.Role.FUNCTIONAL_ADMIN, municipality=haren).user,
        "other_officer": MembershipFactory(role=Membership.Role.POLICY_OFFICER, municipality=assen).user,
    }
    for role, organisation in (("organisation", torion), ("other_organisation", ggd)):
        user = UserFactory()
        Membership.objects.create(
            user=user, role=Membership.Role.ORGANISATION_USER, organisation=organisation
        )
        users[role] = user
    return World(
        haren, assen, framework, other_framework, effect, goal, indicator, torion, ggd, agreement,
        assignment, ggd_assignment, users,
    )  # fmt: skip


@dataclass
class Portal:
    """The world with reporting periods and performance indicators: Torion reports on its assignment."""

    world: World
    open_period: object
    closed_period: object
    future_period: object
    count: object  # aantal, hoger is beter, cumulatief, year target 100
    percentage: object  # percentage, hoger is beter, target 80
    text: object  # tekst
    ggd_indicator: object

    def client(self, role: str) -> Client:
        return self.world.client(role)


@pytest.fixture
def portal(world) -> Portal:
    today = datetime.date.today()
    period = functools.partial(ReportingPeriod.objects.create, framework=world.framework, year=2020)
    closed_period = period(
        slug="2020-h1",
        name="2020 eerste halfjaar",
        kind="halfjaar",
        number=1,
        is_closed=True,
        opens_on=datetime.date(2020, 6, 15),
        deadline=datetime.date(2020, 8, 1),
    )
    open_period = period(
        slug="2020-h2",
        name="2020 tweede halfjaar",
        kind="halfjaar",
        number=2,
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=20),
    )
    future_period = ReportingPeriod.objects.create(
        framework=world.framework,
        year=2021,
        slug="2021",
        name="2021",
        kind="jaar",
        opens_on=today + datetime.timedelta(days=100),
        deadline=today + datetime.timedelta(days=150),
    )
    indicator = functools.partial(PerformanceIndicator.objects.create, assignment=world.assignment)
    count = indicator(
        name="Aantal huisbezoeken",
        value_type="aantal",
        direction="hoger_is_beter",
        aggregation="cumulatief",
        position=0,
    )
    PerformanceTarget.objects.create(indicator=count, year=2020, value=100)
    percentage = indicator(
        name="Percentage tevreden cliënten",
        value_type="percentage",
        direction="hoger_is_beter",
        position=1,
    )
    PerformanceTarget.objects.create(indicator=percentage, year=2020, value=80)
    text = indicator(name="Belangrijkste ontwikkeling", value_type="tekst", position=2)
    ggd_indicator = PerformanceIndicator.objects.create(
        assignment=world.ggd_assignment, name="Aantal voorlichtingen", value_type="aantal"
    )
    return Portal(
        world, open_period, closed_period, future_period, count, percentage, text, ggd_indicator
    )  # fmt: skip


@pytest.fixture
def query_count():
    """Number of queries a client GET runs: query_count(client, url)."""

    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    return count


def pytest_configure(config):
    # Password hashing is deliberately slow; tests create many users, so hash them cheaply here.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
