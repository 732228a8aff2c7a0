"""The demo installation: the seed documents, reporting periods, marked demo values and demo users."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agreements.exchange import import_framework
from agreements.models import PerformanceIndicator, PeriodReport, Realisation, ReportingPeriod
from effects.models import IndicatorDefinition, PolicyFramework
from partners.models import Membership, Municipality, Organisation, User

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
# The two Haren documents first: they are the demo the README walks through.
DEMO_FILES = [
    "haren-wmo-2013-2016.yaml",
    "haren-sociaal-domein-2017-2020.yaml",
    "meierijstad-2021.yaml",
    "welzijn-op-waarde-2016.yaml",
]
DEMO_FRAMEWORK = "haren-wmo-2013-2016"
DEMO_PASSWORD = "demo-wachtwoord"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    municipality: str | None = None
    organisation: str | None = None
    is_staff: bool = False


DEMO_USERS = [
    DemoUser("beleid", "Margot", "Beleid", Membership.Role.POLICY_OFFICER, municipality="haren"),
    DemoUser("torion", "Tanja", "Torion", Membership.Role.ORGANISATION_USER, organisation="torion"),
    DemoUser("ggd", "Gerrit", "GGD", Membership.Role.ORGANISATION_USER, organisation="ggd"),
    DemoUser("wethouder", "Michiel", "Wethouder", Membership.Role.ALDERMAN, municipality="haren"),
    DemoUser(
        "beheer", "Bea", "Beheer", Membership.Role.FUNCTIONAL_ADMIN, municipality="haren", is_staff=True
    ),
    DemoUser("meierijstad", "Mila", "Meierij", Membership.Role.POLICY_OFFICER, municipality="meierijstad"),
]

NUMERIC_TYPES = {
    IndicatorDefinition.ValueType.COUNT,
    IndicatorDefinition.ValueType.PERCENTAGE,
    IndicatorDefinition.ValueType.GRADE,
}


def _demo_number(seed: str, value_type: str) -> Decimal:
    """A stable pseudo-random value for a demo realisation: the same every time the demo loads."""
    number = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    if value_type == IndicatorDefinition.ValueType.PERCENTAGE:
        return Decimal(55 + number % 45)
    if value_type == IndicatorDefinition.ValueType.GRADE:
        return Decimal(60 + number % 30) / 10
    return Decimal(5 + number % 120)


def _ensure_periods(framework: PolicyFramework, today: datetime.date) -> list[ReportingPeriod]:
    """Half-year periods for the whole framework; all closed except the last one, which is open now."""
    periods = []
    halves = [(year, half) for year in framework.years for half in (1, 2)]
    for index, (year, half) in enumerate(halves):
        is_last = index == len(halves) - 1
        end_month = 6 if half == 1 else 12
        opens_on = datetime.date(year, end_month, 15)
        deadline = (
            today + datetime.timedelta(days=30)
            if is_last
            else datetime.date(year + (half == 2), 2 if half == 2 else 8, 1)
        )
        values = {
            "name": f"{year} – {'eerste' if half == 1 else 'tweede'} halfjaar",
            "kind": ReportingPeriod.Kind.HALF_YEAR,
            "year": year,
            "number": half,
            "opens_on": opens_on,
            "deadline": deadline,
            "is_closed": not is_last,
        }
        period, created = ReportingPeriod.objects.get_or_create(
            framework=framework, slug=f"{year}-h{half}", defaults=values
        )
        # Save only a real change, so a second run writes no history.
        if not created and any(getattr(period, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(period, name, value)
            period.save()
        periods.append(period)
    return periods


def _ensure_demo_realisations(framework: PolicyFramework, periods: list[ReportingPeriod]) -> int:
    """Approved demo values for the numeric indicators in every closed period, marked as demo."""
    indicators = PerformanceIndicator.objects.filter(
        assignment__effect__framework=framework, value_type__in=NUMERIC_TYPES
    )
    existing = set(
        Realisation.objects.filter(indicator__in=indicators).values_list("indicator_id", "period_id")
    )
    created = 0
    for indicator in indicators:
        for period in periods:
            if period.is_closed and (indicator.pk, period.pk) not in existing:
                Realisation.objects.create(
                    indicator=indicator,
                    period=period,
                    value=_demo_number(f"{indicator.name}|{period.slug}", indicator.value_type),
                    explanation="Demowaarde: niet afkomstig uit het brondocument.",
                    status=Realisation.Status.APPROVED,
                    is_demo=True,
                )
                created += 1
    return created


def _ensure_demo_reports(framework: PolicyFramework, periods: list[ReportingPeriod]) -> int:
    """Reports holding the demo values: approved, for every assignment with values in a closed period."""
    closed = [period for period in periods if period.is_closed]
    with_values = set(
        Realisation.objects.filter(
            period__in=closed, is_demo=True, indicator__assignment__effect__framework=framework
        )
        .values_list("indicator__assignment", "period")
        .distinct()
    )
    existing = set(PeriodReport.objects.filter(period__in=closed).values_list("assignment", "period"))
    created = 0
    for assignment_id, period_id in sorted(with_values - existing):
        PeriodReport.objects.create(
            assignment_id=assignment_id, period_id=period_id, status=PeriodReport.Status.APPROVED
        )
        created += 1
    return created


def _ensure_users() -> list[User]:
    users = []
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(username=demo.username)
        values = {
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "email": f"{demo.username}@demo.prestatieafspraken.local",
            "is_staff": demo.is_staff,
            "is_superuser": demo.is_staff,
        }
        # Save only a real change, so a second run writes no history.
        changed = created or any(getattr(user, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(user, name, value)
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
        Membership.objects.get_or_create(
            user=user,
            role=demo.role,
            municipality=Municipality.objects.get(slug=demo.municipality) if demo.municipality else None,
            organisation=Organisation.objects.get(slug=demo.organisation) if demo.organisation else None,
        )
        users.append(user)
    return users


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> list[str]:
    """Load (or refresh) the whole demo; running it twice leaves the same data. Returns a log."""
    today = today or datetime.date.today()
    log = []
    for name in DEMO_FILES:
        path = DEMO_DIR / name
        report = import_framework(text=path.read_text(encoding="utf-8"), source=str(path))
        log.append(report.summary())
    framework = PolicyFramework.objects.get(slug=DEMO_FRAMEWORK)
    periods = _ensure_periods(framework, today)
    created = _ensure_demo_realisations(framework, periods)
    reports = _ensure_demo_reports(framework, periods)
    log.append(
        f"Rapportageperiodes: {len(periods)}; nieuwe demorealisaties: {created}; "
        f"nieuwe goedgekeurde demorapportages: {reports}."
    )
    users = _ensure_users()
    log.append("Demogebruikers: " + ", ".join(user.username for user in users))
    return log
