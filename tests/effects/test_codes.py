from effects.codes import natural_sort_key
from tests.factories import PolicyFrameworkFactory, SocietalEffectFactory


def test_codes_sort_naturally():
    codes = ["1.10", "4.3", "1.2", "1.1", "10.1", "2", "1.a", "1.b"]
    assert sorted(codes, key=natural_sort_key) == ["1.1", "1.2", "1.10", "1.a", "1.b", "2", "4.3", "10.1"]


def test_effects_are_ordered_by_natural_code(db):
    framework = PolicyFrameworkFactory()
    for code in ["1.10", "1.2", "4.3", "1.1"]:
        SocietalEffectFactory(framework=framework, code=code)
    assert [e.code for e in framework.effects.all()] == ["1.1", "1.2", "1.10", "4.3"]
