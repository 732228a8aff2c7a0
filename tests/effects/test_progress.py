"""The status rule: op koers / aandacht / achter against the target, by the indicator's direction."""

from decimal import Decimal

import pytest

from effects.progress import Progress, progress_status

D = Decimal
TEN = D(10)


@pytest.mark.parametrize(
    ("direction", "value", "target", "expected"),
    [
        ("hoger_is_beter", D(100), D(100), Progress.ON_TRACK),
        ("hoger_is_beter", D(120), D(100), Progress.ON_TRACK),
        ("hoger_is_beter", D(90), D(100), Progress.ATTENTION),  # exactly 10 % behind
        ("hoger_is_beter", D("89.9"), D(100), Progress.BEHIND),
        ("lager_is_beter", D(100), D(100), Progress.ON_TRACK),
        ("lager_is_beter", D(110), D(100), Progress.ATTENTION),
        ("lager_is_beter", D(111), D(100), Progress.BEHIND),
        ("niet_hoger", D(95), D(100), Progress.ON_TRACK),
        ("niet_hoger", D(115), D(100), Progress.BEHIND),
        ("geen", D(1), D(100), Progress.UNKNOWN),
        ("hoger_is_beter", None, D(100), Progress.UNKNOWN),
        ("hoger_is_beter", D(5), None, Progress.UNKNOWN),
        ("lager_is_beter", D(1), D(0), Progress.BEHIND),
    ],
)
def test_status_follows_direction_and_threshold(direction, value, target, expected):
    assert progress_status(direction, value, target=target, threshold_percent=TEN) == expected


def test_does_not_rise_without_target_is_measured_against_the_baseline():
    assert progress_status("niet_hoger", D(50), target=None, baseline=D(50), threshold_percent=TEN) == (
        Progress.ON_TRACK
    )
    assert progress_status("niet_hoger", D(60), target=None, baseline=D(50), threshold_percent=TEN) == (
        Progress.BEHIND
    )
    assert progress_status("hoger_is_beter", D(60), target=None, baseline=D(50), threshold_percent=TEN) == (
        Progress.UNKNOWN
    )


def test_threshold_is_the_frameworks_setting():
    assert (
        progress_status("hoger_is_beter", D(80), target=D(100), threshold_percent=D(25)) == Progress.ATTENTION
    )
    assert progress_status("hoger_is_beter", D(80), target=D(100), threshold_percent=D(5)) == Progress.BEHIND
