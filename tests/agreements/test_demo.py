import datetime

import pytest

from agreements.demo import DEMO_USERS, load_demo
from agreements.models import Agreement, Assignment, HoursLine, Realisation, SubsidyLine
from effects.models import EffectIndicator, PolicyFramework, SmartGoal
from partners.models import Membership, User
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def demo():
    load_demo(today=TODAY)


def test_haren_2013_holds_all_sixteen_effects_in_code_order(demo):
    framework = PolicyFramework.objects.get(slug="haren-wmo-2013-2016")
    codes = list(framework.effects.values_list("code", flat=True))
    assert codes == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4",
        "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4",
    ]  # fmt: skip
    effect = framework.effects.get(code="1.1")
    assert effect.priority == "A"
    assert effect.target_groups.get(label="Aantal mensen met een uitkering").count == 168
    assert {(p.name, p.role) for p in effect.partners.all()} >= {("Torion", "P")}


def test_torion_is_trekker_of_4_3_with_1403_direct_hours(demo):
    assignment = Assignment.objects.get(
        effect__code="4.3",
        effect__framework__slug="haren-wmo-2013-2016",
        agreement__organisation__slug="torion",
    )
    assert assignment.role == "T"
    assert assignment.hours_lines.get().hours == 1403
    assert assignment.activities.exists() and assignment.results.exists()


def test_hours_note_is_kept_next_to_the_number(demo):
    line = HoursLine.objects.get(hours=866)
    assert "regulier jongerenwerk" in line.note


def test_haren_2017_holds_five_er_goals_and_every_smart_goal_of_chapter_7(demo):
    framework = PolicyFramework.objects.get(slug="haren-sociaal-domein-2017-2020")
    assert framework.effects.count() == 5
    assert SmartGoal.objects.filter(framework=framework).count() == 39
    goal = SmartGoal.objects.get(title="Eind 2020 is het aantal sporters met 1% toegenomen")
    assert goal.effects.get().title == "Meer inwoners zijn actief"
    assert goal.investment_line == SmartGoal.InvestmentLine.FUTURE
    # Every goal serves an ER-doel and every investment line is used.
    assert not SmartGoal.objects.filter(framework=framework, effects=None).exists()
    lines = set(SmartGoal.objects.filter(framework=framework).values_list("investment_line", flat=True))
    assert lines == {"toekomst", "samenleving", "bedrijfsvoering"}
    assert framework.budget_lines.count() == 10


def test_haren_2017_monitoring_table_has_2015_and_2016_columns(demo):
    indicator = EffectIndicator.objects.get(
        framework__slug="haren-sociaal-domein-2017-2020", name__startswith="Aantal bijstandsgerechtigden"
    )
    assert dict(indicator.values.values_list("year", "value")) == {2015: 295, 2016: 253}
    assert EffectIndicator.objects.filter(is_bbv=True).count() >= 15


def test_welzijn_op_waarde_works_for_six_municipalities(demo):
    agreement = Agreement.objects.get(slug="wow-2016-subsidie")
    assert agreement.municipalities.count() == 6
    oss = SubsidyLine.objects.get(agreement=agreement, municipality__slug="oss", service="Jeugdhulp")
    assert oss.amounts.get(year=2016).amount == 2888667


def test_meierijstad_deelopdrachten_hang_under_the_agreement(demo):
    assert Assignment.objects.filter(agreement__slug="meierijstad-2021-cooperatie-sociaal-werk").count() == 15


def test_demo_users_exist_for_every_role(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)
    assert Realisation.objects.filter(is_demo=True).exists()
    assert not Realisation.objects.filter(is_demo=False).exists()


def test_loading_the_demo_twice_leaves_the_same_rows_and_history(demo):
    before = row_counts()
    load_demo(today=TODAY)
    after = row_counts()
    assert after == before
