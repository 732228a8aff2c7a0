"""pk_url: the same address as reverse(), for every id-only pattern the pages link in long lists."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from partners.links import pk_url


@pytest.mark.parametrize(
    ("name", "pks"),
    [
        ("agreements:assignment-detail", (7,)),
        ("agreements:effect-detail", (123456,)),
        ("agreements:smartgoal-detail", (1,)),
        ("agreements:report-entry", (12, 34)),
        ("agreements:report-entry", (34, 12)),
    ],
)
def test_pk_url_is_reverse(name, pks):
    assert pk_url(name, *pks) == reverse(name, args=pks)


def test_pk_url_follows_the_script_prefix():
    set_script_prefix("/gemeente/")
    try:
        assert pk_url("agreements:assignment-detail", 5) == "/gemeente/opdrachten/5/"
    finally:
        clear_script_prefix()
    assert pk_url("agreements:assignment-detail", 5) == "/opdrachten/5/"


def test_pk_url_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        pk_url("agreements:assignment-detail", "5/../../admin")
