"""Property-based tests: random and malformed input to every form and upload of the app.

Each form is read from its own page (as a browser would send it), then hypothesis changes a few fields
to hostile values (huge and negative numbers, decimal commas, NUL bytes, very long and unicode text,
lists where one value is expected, tampered formset management fields, stale versions, foreign ids,
SQL- and HTML-like text) and adds random keys. The rules, for every example:

- never a 500: the test client raises the view's exception, and nothing here catches it;
- a refusal (any status but a redirect) leaves every table of the domain exactly as it was;
- what is accepted is written whole: every new or changed row passes full_clean and has its history row.

Every example runs in a savepoint that is rolled back, so examples do not see each other's writes.
A database wrapper refuses NUL characters in query parameters the way PostgreSQL does, so a path that
would fail there fails on SQLite too. Set FUZZ_EXAMPLES to run more examples per form; with CI set the
examples are derandomized, so a run can be repeated exactly.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import html
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.template.base import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from agreements.models import Agreement, PeriodReport, ReportAttachment
from agreements.services import add_attachment, approve_report
from agreements.storage import private_storage
from partners.notifications import notifications_for
from reporting.documents import REPORTS
from reporting.models import ReportJob
from tests.agreements.test_portal import entry_data, entry_url

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
# The tests that draw one of several forms or pages per example get more examples.
MANY = hypothesis_settings(FUZZ, max_examples=EXAMPLES * 4)
SNAPSHOT_APPS = ("partners", "effects", "agreements", "reporting")
REDIRECT = 302
# Written on purpose by reads and refusals: a failed sign-in, a downloaded report.
AUDIT_LOG = frozenset({"partners.AuditEvent"})
REFUSALS = {200, 400, 403, 404, 409}


# -- what a browser would send: the forms of a page ------------------------------------------------


@dataclass
class Input:
    name: str
    kind: str
    value: str = ""
    checked: bool = False


@dataclass
class HtmlForm:
    action: str
    method: str
    inputs: list[Input] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    typed: dict[str, list[str]] = field(default_factory=dict)  # what a user fills in on an empty form

    def baseline(self) -> dict[str, list[str]]:
        """The values the browser sends for this form as the page shows it, without a button."""
        data: dict[str, list[str]] = {}
        for item in self.inputs:
            if item.kind in ("checkbox", "radio", "option") and not item.checked:
                continue
            if item.kind == "file" or item.name == "csrfmiddlewaretoken":
                continue
            data.setdefault(item.name, []).append(item.value)
        return {**data, **self.typed}

    def names(self) -> list[str]:
        return sorted({item.name for item in self.inputs if item.name != "csrfmiddlewaretoken"})

    def choices(self, name: str) -> list[str]:
        return [
            item.value
            for item in self.inputs
            if item.name == name and item.kind in ("option", "checkbox", "radio")
        ]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: str | None = None
        self.select_multiple = False
        self.select_options: list[Input] = []
        self.textarea: Input | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = HtmlForm(action=attrs.get("action", ""), method=attrs.get("method", "get").lower())
            self.forms.append(self.form)
        if self.form is None or (tag != "option" and "name" not in attrs):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form.inputs.append(
                Input(attrs["name"], kind, attrs.get("value", default), checked="checked" in attrs)
            )
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select, self.select_options = attrs["name"], []
            self.select_multiple = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            option = Input(self.select, "option", attrs.get("value", ""), checked="selected" in attrs)
            self.select_options.append(option)
            self.form.inputs.append(option)
        elif tag == "textarea":
            self.textarea = Input(attrs["name"], "textarea")
            self.form.inputs.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            if self.textarea is not None and self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None
        elif tag == "select":
            # A single select with nothing selected sends its first option; a multiple one sends none.
            selected = any(option.checked for option in self.select_options)
            if self.select_options and not selected and not self.select_multiple:
                self.select_options[0].checked = True
            self.select = None


def page_forms(response) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_on(client: Client, page: str, action: str | None = None, method: str = "post") -> HtmlForm:
    """The form of `page` that sends to `action` (the page itself when None)."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    target = urlsplit(action or page).path
    for form in page_forms(response):
        if form.method == method and urlsplit(form.action or page).path == target:
            return form
    raise AssertionError(f"no {method} form to {target} on {page}")


# -- hostile values ---------------------------------------------------------------------------------

NASTY = [
    "", " ", "\x00", "a\x00b", "12\x00", "\x00" * 8, "-1", "0", "-0", "00012", "1e308", "-1e308", "1e-30",
    "1E5", "NaN", "nan", "Infinity", "-Infinity", "9" * 40, "-" + "9" * 40, "99999999999999999999.99",
    "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616", "1,5", "1.234,56",
    "1,234.56", "€ 12", "12 %", "0x10", "1_000", "١٢٣", "²", "½", "12abc", " 12 ", "True", "None", "null",
    "[]", "{}", "' OR '1'='1", "1; DROP TABLE agreements_agreement; --", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "{{ 7|add:7 }}", "{% debug %}", "%s%s%n", "../../etc/passwd",
    "2020-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "-2020-01-01", "31-12-2020", "2020-13-01",
    "x" * 300, "é" * 5000, "\u202e\u200b\ufeff", "\U0001f642" * 100, "\r\n", "\t", "x" * 100_000,
]  # fmt: skip
ID_LIKE = ["0", "-1", "1", "2", "3", "5", "8", "13", "999", "2147483647", "2147483648", "1.0", "01", "1 "]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def values(choices: list[str] = ()) -> st.SearchStrategy[str]:
    """One hostile (or, now and then, plausible) value for a field with these choices."""
    options = [
        st.sampled_from(NASTY),
        TEXT,
        st.builds(lambda before, after: f"{before}\x00{after}", TEXT, TEXT),  # PostgreSQL refuses NUL
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: str(d).replace(".", ",")),
        st.sampled_from(ID_LIKE),
        st.dates().map(str),
    ]
    if choices:
        options.append(st.sampled_from(choices))
    return st.one_of(options)


SPECIAL_SUFFIXES = (
    "TOTAL_FORMS",
    "INITIAL_FORMS",
    "MIN_NUM_FORMS",
    "MAX_NUM_FORMS",
    "-id",
    "DELETE",
    "ORDER",
)


@st.composite
def post_data(draw, form: HtmlForm, extra_names: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The form's own values with a few fields changed, dropped or doubled, plus random keys."""
    data = form.baseline()
    names = form.names()
    special = [name for name in names if name == "version" or name.endswith(SPECIAL_SUFFIXES)]
    pick = st.sampled_from(names)
    if special:
        pick = st.one_of(st.sampled_from(special), pick)
    targets = draw(st.lists(pick, unique=True, max_size=min(4, len(names)))) if names else []
    for name in targets:
        choices = form.choices(name)
        current = data.get(name, [""])[0]
        if current.isascii() and current.isdigit():
            # A count of rows or a version one off: a tampered management form, a stale page.
            choices = [*choices, str(int(current) - 1), str(int(current) + 1), "0"]
        how = draw(st.sampled_from(["drop", "value", "values", "choice"]))
        if how == "drop":
            data.pop(name, None)
        elif how == "value" or (how == "choice" and not choices):
            data[name] = [draw(values(choices))]
        elif how == "values":
            data[name] = draw(st.lists(values(choices), min_size=2, max_size=3))
        else:
            data[name] = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3, unique=True))
    prefixes = sorted({name.rsplit("-", 1)[0] for name in names if name.endswith("-TOTAL_FORMS")})
    suffixes = sorted({name.rsplit("-", 1)[1] for name in names if name.count("-") >= 2})
    keys = [TEXT.filter(bool), st.sampled_from([*names, *extra_names] or ["x"])]
    if prefixes and suffixes:
        keys.append(
            st.builds(
                lambda prefix, index, suffix: f"{prefix}-{index}-{suffix}",
                st.sampled_from(prefixes),
                st.integers(-1, 2000),
                st.sampled_from(suffixes),
            )
        )
    extra = draw(st.dictionaries(st.one_of(keys), st.lists(values(), min_size=1, max_size=3), max_size=3))
    data.update(extra)
    if form.buttons:
        button = draw(st.one_of(st.none(), st.sampled_from(form.buttons)))
        if button is not None:
            data[button[0]] = [button[1]]
    return data


def send(client: Client, url: str, data: dict[str, list[str]], *, urlencoded: bool):
    """POST as a form is sent: url-encoded, or multipart as the test client does by default."""
    if urlencoded:
        body = urlencode(data, doseq=True)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, data)


# -- the database before and after -----------------------------------------------------------------


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key]


@functools.cache
def _tables() -> list[tuple[str, str]]:
    """(model label, SQL that reads every row, primary key first) per model of the domain apps."""
    tables = []
    quote = connection.ops.quote_name
    for app in SNAPSHOT_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [model._meta.pk.column] + [model._meta.get_field(c).column for c in _columns(model)]
            sql = f"SELECT {', '.join(map(quote, names))} FROM {quote(model._meta.db_table)}"
            tables.append((model._meta.label, sql))
    return tables


def snapshot() -> dict[str, dict]:
    """Every row of the domain apps (history tables included), by model and primary key.

    Plain SQL: it runs twice per example, and the ORM would be most of the test's time.
    """
    tables = {}
    with connection.cursor() as cursor:
        for label, sql in _tables():
            cursor.execute(sql)
            tables[label] = {row[0]: row[1:] for row in cursor.fetchall()}
    return tables


def _history_of(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def assert_unchanged(before: dict, after: dict, what: str, logs=frozenset()) -> None:
    changed = [label for label in after if after[label] != before.get(label) and label not in logs]
    assert not changed, f"{what}: refused, but these tables changed: {changed}"


def assert_whole(before: dict, after: dict) -> None:
    """Every new or changed row is valid (full_clean) and each change and deletion has its history row."""
    for label, rows in after.items():
        model = apps.get_model(label)
        if label.split(".")[1].startswith("Historical"):
            continue
        old = before.get(label, {})
        if old == rows:
            continue
        changed = {pk for pk, row in rows.items() if old.get(pk) != row}
        deleted = set(old) - set(rows)
        for obj in model._base_manager.filter(pk__in=changed):
            try:
                obj.full_clean()
            except ValidationError as error:
                raise AssertionError(f"saved {label} #{obj.pk} is not valid: {error.message_dict}") from error
        history = _history_of(model)
        if history is None:
            continue
        new_history = [
            row for pk, row in after[history._meta.label].items() if pk not in before[history._meta.label]
        ]
        id_index = _columns(history).index(model._meta.pk.attname)
        recorded = {row[id_index] for row in new_history}
        assert changed <= recorded, f"{label} rows {sorted(changed - recorded)} changed without history"
        assert deleted <= recorded, f"{label} rows {sorted(deleted - recorded)} deleted without history"


def check(response, before: dict, what: str, refusals=REFUSALS, logs=frozenset()) -> None:
    """The fuzz rules for one response: a known status; a refusal writes nothing; a success is whole."""
    after = snapshot()
    status = response.status_code
    event(f"status {status}")  # --hypothesis-show-statistics: how many examples got through
    assert status == REDIRECT or status in refusals, f"{what}: status {status}"
    if status == REDIRECT:
        assert_whole(before, after)
    else:
        assert_unchanged(before, after, what, logs)


# -- PostgreSQL's refusal of NUL characters, on any database ----------------------------------------


def _refuse_nul(execute, sql, params, many, context):
    rows = params if many else [params]
    for row in rows or ():
        for value in (row.values() if isinstance(row, dict) else row) or ():
            if isinstance(value, str) and "\x00" in value:
                # What psycopg2 raises before the query is sent, so no transaction is broken.
                raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


@contextlib.contextmanager
def rolled_back():
    """One example: its writes are undone afterwards, and NUL characters fail as on PostgreSQL."""
    with connection.execute_wrapper(_refuse_nul), transaction.atomic():
        yield
        transaction.set_rollback(True)


# -- the forms ----------------------------------------------------------------------------------------


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def submitted(portal) -> None:
    """Torion submits its report for the open period (the officer is told)."""
    data = entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "Ziekte"})
    assert portal.client("organisation").post(entry_url(portal), data).status_code == REDIRECT


def approved(portal) -> None:
    submitted(portal)
    report = PeriodReport.objects.get(assignment=portal.world.assignment, period=portal.open_period)
    approve_report(report=report, user=portal.world.users["officer"], version=report.version)


def saved(portal) -> None:
    assert portal.client("organisation").post(entry_url(portal), entry_data(portal)).status_code == REDIRECT


def adopted(portal) -> None:
    Agreement.objects.filter(pk=portal.world.agreement.pk).update(status=Agreement.Status.ADOPTED)


def attached(portal) -> None:
    add_attachment(
        assignment=portal.world.assignment,
        period=portal.open_period,
        user=portal.world.users["organisation"],
        upload=SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4\n%%EOF\n"),
    )


def failed_job(portal) -> None:
    ReportJob.objects.create(
        user=portal.world.users["officer"],
        name="uitvoeringsplan",
        params=f"framework={portal.world.framework.slug}",
        status=ReportJob.Status.FAILED,
        error="Mislukt",
    )


@dataclass(frozen=True)
class Case:
    """One form: who posts it, the page that shows it, where it goes, and what must be there first."""

    role: str
    page: Callable
    action: Callable | None = None
    prepare: Callable | None = None
    # Forms that no page shows to this user: the fields a browser would send.
    fields: Callable | None = None
    # An empty form (something new): what a user types in, so that examples get through too.
    typed: Callable | None = None
    refusals: frozenset[int] = frozenset(REFUSALS)
    # Tables a refusal writes to on purpose (the audit log of a failed sign-in).
    logs: frozenset[str] = frozenset()


def _first_notice(portal) -> str:
    return str(notifications_for(portal.world.users["officer"]).first().pk)


CASES = {
    # effects: the goal chain
    "framework-edit": Case("officer", lambda p: url("effects:framework-edit", p.world.framework.pk)),
    "effect-edit": Case("officer", lambda p: url("effects:effect-edit", p.world.effect.pk)),
    "smartgoal-edit": Case("officer", lambda p: url("effects:smartgoal-edit", p.world.goal.pk)),
    "effect-indicator-edit": Case("officer", lambda p: url("effects:indicator-edit", p.world.indicator.pk)),
    "effect-create": Case(
        "officer",
        lambda p: url("effects:effect-create", p.world.framework.pk),
        typed=lambda p: {"code": ["7.1"], "title": ["Minder eenzaamheid"]},
    ),
    "smartgoal-create": Case(
        "officer",
        lambda p: url("effects:smartgoal-create", p.world.framework.pk),
        typed=lambda p: {
            "title": ["Eind 2020 doen 50 mensen mee"],
            "effects": [str(p.world.effect.pk)],
            "investment_line": ["toekomst"],
        },
    ),
    # agreements: plans, copies and the workflow
    "agreement-edit": Case("officer", lambda p: url("agreements:agreement-edit", p.world.agreement.pk)),
    "assignment-edit": Case("officer", lambda p: url("agreements:assignment-edit", p.world.assignment.pk)),
    "indicator-edit": Case("officer", lambda p: url("agreements:indicator-edit", p.count.pk)),
    "framework-copy": Case("officer", lambda p: url("agreements:framework-copy", p.world.framework.pk)),
    "agreement-copy": Case("officer", lambda p: url("agreements:agreement-copy", p.world.agreement.pk)),
    "agreement-transition": Case(
        "officer",
        lambda p: url("agreements:agreement-detail", p.world.agreement.pk),
        lambda p: url("agreements:agreement-transition", p.world.agreement.pk),
    ),
    "amendment-start": Case(
        "officer",
        lambda p: url("agreements:agreement-detail", p.world.agreement.pk),
        lambda p: url("agreements:amendment-start", p.world.agreement.pk),
        prepare=adopted,
    ),
    # reporting by the organisation and review by the municipality
    "report-entry": Case(
        "organisation", lambda p: url("agreements:report-entry", p.world.assignment.pk, p.open_period.pk)
    ),
    "report-review": Case(
        "officer",
        lambda p: url("agreements:report-entry", p.world.assignment.pk, p.open_period.pk),
        lambda p: url("agreements:report-review", p.world.assignment.pk, p.open_period.pk),
        prepare=submitted,
    ),
    "report-reopen": Case(
        "officer",
        lambda p: url("agreements:report-entry", p.world.assignment.pk, p.open_period.pk),
        lambda p: url("agreements:report-reopen", p.world.assignment.pk, p.open_period.pk),
        prepare=approved,
    ),
    "report-comment": Case(
        "organisation",
        lambda p: url("agreements:report-entry", p.world.assignment.pk, p.open_period.pk),
        lambda p: url("agreements:report-comment", p.world.assignment.pk, p.open_period.pk),
        prepare=saved,
    ),
    "attachment-delete": Case(
        "organisation",
        lambda p: url("agreements:report-entry", p.world.assignment.pk, p.open_period.pk),
        lambda p: url("agreements:attachment-delete", ReportAttachment.objects.get().pk),
        prepare=attached,
    ),
    "period-add": Case(
        "officer",
        lambda p: url("agreements:period-list", p.world.framework.pk),
        typed=lambda p: {
            "name": ["2020 eerste kwartaal"],
            "slug": ["2020-k1"],
            "kind": ["kwartaal"],
            "year": ["2020"],
            "number": ["1"],
            "opens_on": ["2020-04-01"],
            "deadline": ["2020-05-01"],
        },
    ),
    "period-edit": Case("officer", lambda p: url("agreements:period-edit", p.open_period.pk)),
    "period-toggle": Case(
        "officer",
        lambda p: url("agreements:period-list", p.world.framework.pk),
        lambda p: url("agreements:period-toggle", p.open_period.pk),
    ),
    # partners and the rest of the shell
    "notification-read": Case(
        "officer",
        lambda p: url("partners:notification-list"),
        lambda p: url("partners:notification-read"),
        prepare=submitted,
        fields=lambda p: {"pk": [_first_notice(p)], "page": ["1"]},
    ),
    "switch-municipality": Case(
        "officer",
        lambda p: url("partners:switch-municipality"),
        fields=lambda p: {"municipality": [str(p.world.haren.pk)], "next": ["/kaders/"]},
    ),
    "job-retry": Case(
        "officer",
        lambda p: url("reporting:job-detail", ReportJob.objects.get().pk),
        lambda p: url("reporting:job-retry", ReportJob.objects.get().pk),
        prepare=failed_job,
    ),
    "set-language": Case(
        "officer", lambda p: url("effects:framework-list"), lambda p: reverse("set_language")
    ),
    "login": Case(
        "anonymous",
        lambda p: reverse("login"),
        refusals=frozenset({*REFUSALS, 429}),
        logs=AUDIT_LOG,
    ),
}


@pytest.fixture(autouse=True)
def templates_without_context_capture(monkeypatch):
    """The test client copies the context of every template it renders: most of an edit page's time.

    These tests read the HTML, not response.context, so they render as in production.
    """
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.fixture
def private_root(tmp_path, settings, monkeypatch) -> Path:
    """Attachments go to a temporary private root."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(ReportAttachment._meta.get_field("file"), "storage", private_storage())
    return tmp_path / "private"


@pytest.fixture
def fuzz_state() -> dict:
    """Per test (not per example): the prepared state, the client and the form read from its page."""
    return {}


def _setup(case: Case, portal, state: dict) -> tuple[Client, str, HtmlForm]:
    if not state:
        if case.prepare:
            case.prepare(portal)
        client = portal.client(case.role)
        target = case.action(portal) if case.action else case.page(portal)
        if case.fields:
            form = HtmlForm(action=target, method="post")
            for name, items in case.fields(portal).items():
                form.inputs += [Input(name, "hidden", value) for value in items]
        else:
            form = form_on(client, case.page(portal), case.action(portal) if case.action else None)
        if case.typed:
            form.typed = case.typed(portal)
        state.update(client=client, target=target, form=form)
    return state["client"], state["target"], state["form"]


@pytest.mark.parametrize("name", list(CASES))
@FUZZ
@given(data=st.data(), urlencoded=st.booleans())
def test_random_input_to_a_form_never_fails_and_a_refusal_writes_nothing(
    name, portal, private_root, fuzz_state, data, urlencoded
):
    case = CASES[name]
    client, target, form = _setup(case, portal, fuzz_state)
    posted = data.draw(post_data(form), label="post")
    with rolled_back():
        before = snapshot()
        response = send(client, target, posted, urlencoded=urlencoded)
        check(response, before, name, refusals=case.refusals, logs=case.logs)


@FUZZ
@given(name=st.sampled_from(["framework-edit", "report-entry", "period-add"]), body=st.binary(max_size=300))
def test_a_body_that_is_not_utf8_or_not_a_form_at_all_is_no_error(portal, fuzz_state, name, body):
    client, target, _form = _setup(CASES[name], portal, fuzz_state.setdefault(name, {}))
    with rolled_back():
        before = snapshot()
        for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"):
            response = client.post(target, body, content_type=content_type)
            check(response, before, name)


@FUZZ
@given(data=st.data())
def test_a_report_posted_after_the_session_expired_is_offered_again_whatever_it_held(portal, data):
    """The anonymous POST is kept in the session and put back in the form after signing in."""
    page = url("agreements:report-entry", portal.world.assignment.pk, portal.open_period.pk)
    form = form_on(portal.client("organisation"), page)
    posted = data.draw(post_data(form))
    with rolled_back():
        before = snapshot()
        client = Client()
        response = send(client, page, posted, urlencoded=data.draw(st.booleans()))
        assert response.status_code == REDIRECT and "/account/login/" in response["Location"]
        assert_unchanged(before, snapshot(), "anonymous report")
        client.force_login(portal.world.users["organisation"])
        signed_in = snapshot()
        assert client.get(page).status_code == 200
        assert_unchanged(signed_in, snapshot(), "report offered again")


# -- GET forms: report selections and list filters ------------------------------------------------

REPORT_ROLES = [("officer", name) for name in REPORTS] + [
    ("organisation", name) for name, spec in REPORTS.items() if spec.for_organisations
]


@MANY
@given(data=st.data())
def test_random_report_selection_gives_the_report_or_the_form_with_errors(portal, fuzz_state, data):
    role, report = data.draw(st.sampled_from(REPORT_ROLES), label="role and report")
    state = fuzz_state.setdefault((role, report), {})
    if not state:
        client = portal.client(role)
        form = form_on(client, url("reporting:index"), url("reporting:report", report), method="get")
        state.update(client=client, form=form)
    client, form = state["client"], state["form"]
    params = data.draw(post_data(form, extra_names=("formaat", "tabel")))
    # A PDF is made by WeasyPrint (seconds): the formats are fuzzed, but not towards a PDF.
    fmt = data.draw(st.sampled_from(["html", "csv", "xlsx", "", "PDF", "pdf ", "../x", "\x00"]))
    params["formaat"] = [fmt]
    if data.draw(st.booleans()):
        params["tabel"] = [data.draw(values())]
    with rolled_back():
        before = snapshot()
        response = client.get(url("reporting:report", report), params)
        assert response.status_code in {200, 400, 404}, response.status_code
        assert_unchanged(before, snapshot(), report, logs=AUDIT_LOG)
        if response.status_code == 400:
            assert "invalid-feedback" in response.content.decode()


LIST_PAGES = {
    "framework-list": ("officer", lambda p: url("effects:framework-list")),
    "effect-list": ("officer", lambda p: url("effects:effect-list")),
    "smartgoal-list": ("officer", lambda p: url("effects:smartgoal-list")),
    "organisation-list": ("officer", lambda p: url("partners:organisation-list")),
    "agreement-list": ("officer", lambda p: url("agreements:agreement-list")),
    "assignment-list": ("organisation", lambda p: url("agreements:assignment-list")),
    "review-queue": ("officer", lambda p: url("agreements:review-queue")),
    "period-status": ("officer", lambda p: url("agreements:period-status", p.open_period.pk)),
    "search": ("officer", lambda p: url("agreements:search")),
    "notification-list": ("officer", lambda p: url("partners:notification-list")),
    "bulk-upload-page": ("organisation", lambda p: url("agreements:bulk-upload", p.open_period.pk)),
    "bulk-template": ("organisation", lambda p: url("agreements:bulk-template", p.open_period.pk)),
}
LIST_PARAMS = ("q", "page", "per_page", "sort", "_export", "organisatie", "status", "kind", "role", "show")


@MANY
@given(data=st.data())
def test_random_filters_sorting_and_pages_on_a_list_give_the_list(portal, fuzz_state, data):
    name = data.draw(st.sampled_from(sorted(LIST_PAGES)), label="page")
    role, page = LIST_PAGES[name]
    client = fuzz_state.get(role) or fuzz_state.setdefault(role, portal.client(role))
    params = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(LIST_PARAMS), TEXT.filter(bool)),
            st.lists(values(["csv", "xlsx", "-name", "title"]), min_size=1, max_size=2),
            max_size=4,
        )
    )
    with rolled_back():
        before = snapshot()
        response = client.get(page(portal), params)
        assert response.status_code in {200, 404}, response.status_code
        assert_unchanged(before, snapshot(), name, logs=AUDIT_LOG)


# -- uploads: evidence attachments ----------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
ODT_TYPE = b"application/vnd.oasis.opendocument.text"


def zipped(*members: tuple[str, bytes], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, content) in enumerate(members):
            stored = stored_first and index == 0
            archive.writestr(
                name, content, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


XLSX = zipped(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))
DOCX = zipped(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<document/>"))
ODT = zipped(("mimetype", ODT_TYPE), ("content.xml", b"<office:document-content/>"), stored_first=True)
XLSM = zipped(("xl/workbook.xml", b"<workbook/>"), ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0"))
# The mimetype member compressed, as some writers do: its bytes are then inflated to check them.
ODT_DEFLATED = zipped(("mimetype", ODT_TYPE), ("content.xml", b"<office:document-content/>"))
VALID = [PDF, PNG, JPEG, XLSX, DOCX, ODT, ODT_DEFLATED]


def corrupted(content: bytes, positions: list[int]) -> bytes:
    """The file with some bytes inverted: inside a zip member that breaks the compressed data."""
    data = bytearray(content)
    for position in positions:
        data[position % len(data)] ^= 0xFF
    return bytes(data)


CORRUPTIONS = st.lists(st.integers(0, 10**6), min_size=1, max_size=8)


def zip_bomb(megabytes: int, member: str = "xl/workbook.xml") -> bytes:
    """A small zip that unpacks to many megabytes of zeros."""
    return zipped(("[Content_Types].xml", b"<Types/>"), (member, b"\x00" * (megabytes * 1024 * 1024)))


CONTENTS = st.one_of(
    st.binary(max_size=600),
    st.sampled_from(VALID),
    st.builds(lambda content, cut: content[:cut], st.sampled_from(VALID), st.integers(0, 200)),
    st.builds(lambda content, tail: content + tail, st.sampled_from(VALID), st.binary(max_size=200)),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\xff\xd8\xff"]),
        st.binary(),
    ),
    st.builds(
        zip_bomb, st.integers(1, 30), st.sampled_from(["xl/workbook.xml", "word/document.xml", "mimetype"])
    ),
    st.just(XLSM),
    st.just(b""),
    st.builds(corrupted, st.sampled_from([XLSX, DOCX, ODT, ODT_DEFLATED]), CORRUPTIONS),
)
NAMES = st.one_of(
    st.sampled_from(
        [
            "bewijs.pdf",
            "BEWIJS.PDF",
            "foto.JPEG",
            "lijst.xlsx",
            "brief.docx",
            "tekst.odt",
            "plaatje.png",
            "../../etc/passwd.pdf",
            "..\\..\\windows\\win.ini.pdf",
            "a/b/c/d.pdf",
            "/abs/olute.pdf",
            ".pdf",
            "pdf",
            "bestand",
            "bewijs.pdf.exe",
            "bewijs.exe.pdf",
            "con.pdf",
            "na\x00am.pdf",
            "na\nam.pdf",
            "\u202egpj.exe.pdf",
            "x" * 1000 + ".pdf",
            "y" * 300,
            "z." + "p" * 300,
            "🙂" * 200 + ".png",
            "<script>.pdf",
            "' OR 1=1 --.pdf",
            " .pdf",
            "...pdf",
            "....",
            "nul",
            "a" * 10_000 + "/b.pdf",
        ]
    ),
    st.builds(
        lambda stem, ext: stem + ext,
        TEXT,
        st.sampled_from([".pdf", ".png", ".jpg", ".xlsx", ".docx", ".odt", ".exe", ".html", ".svg", ""]),
    ),
)


# Why an attachment or a workbook is refused, as the page says it.
ATTACHMENT_REFUSALS = [
    "Het bestand is leeg",
    "Kies een bestand om toe te voegen",
    "Er is geen bestand ontvangen",
    "Dit soort bestand kan niet worden toegevoegd",
    "De naam van het bestand eindigt op",
    "een bijlage mag hoogstens",
]
BULK_REFUSALS = [
    "Er is niets opgeslagen",
    "Dit is geen Excel-werkmap",
    "Het bestand is te groot",
    "Het verstuurde bestand is leeg",
    "Er is geen bestand verstuurd",
    "Dit veld is verplicht",
]


BOUNDARY = "----fuzzgrens"


def multipart(fields: dict[str, list[str]], name: str, content: bytes, claimed: str, raw: bool) -> bytes:
    """A multipart body as a browser sends it, but with any file name: the test client would strip
    its path. A browser writes quotes and line breaks in the name as %22, %0D and %0A; `raw` does not."""
    if not raw:
        name = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    parts = [
        f'Content-Disposition: form-data; name="{key}"\r\n\r\n{value}'.encode()
        for key, values in fields.items()
        for value in values
    ]
    head = (
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: {claimed}\r\n\r\n'
    )
    parts.append(head.encode("utf-8", "surrogateescape") + content)
    body = b"".join(b"--" + BOUNDARY.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + BOUNDARY.encode() + b"--\r\n"


def post_file(client, target, fields, name, content, claimed="application/octet-stream", raw=False):
    body = multipart(fields, name, content, claimed, raw)
    return client.post(target, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


# Django's own page for a request it cannot parse (no 400.html in the project: see the report).
# Django's own refusal of a request it cannot parse, shown with templates/400.html.
DJANGO_BAD_REQUEST = '<h1 class="h3">Verzoek niet begrepen</h1>'


def stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


CLAIMED = st.sampled_from(["application/pdf", "text/html", "image/png", "", "x/y; charset=\x00"])


# Files that are what their name says, with any stem: so that examples get through too.
MATCHING = st.builds(
    lambda stem, pair: (stem + pair[0], pair[1]),
    st.one_of(st.just("bewijs"), TEXT),
    st.sampled_from(
        [(".pdf", PDF), (".png", PNG), (".jpg", JPEG), (".xlsx", XLSX), (".docx", DOCX), (".odt", ODT)]
    ),
)
FILES = st.one_of(st.tuples(NAMES, CONTENTS), MATCHING)


@FUZZ
@given(file=FILES, claimed=CLAIMED, raw=st.booleans())
@example(file=("leeg.pdf", b""), claimed="application/pdf", raw=False)
@example(file=("bom.xlsx", zip_bomb(30)), claimed="", raw=False)
@example(file=("a" * 10_000 + "/b.pdf", PDF), claimed="application/pdf", raw=False)
@example(file=("../../etc/passwd.pdf", PDF), claimed="application/pdf", raw=True)
def test_random_attachment_is_added_whole_or_refused_in_dutch_with_nothing_written(
    portal, private_root, settings, file, claimed, raw
):
    name, content = file
    settings.ATTACHMENT_MAX_BYTES = 64 * 1024  # the limit is checked too, without making 10 MB files
    client = portal.client("organisation")
    target = url("agreements:attachment-add", portal.world.assignment.pk, portal.open_period.pk)
    with rolled_back():
        before, files_before = snapshot(), stored_files(private_root)
        response = post_file(client, target, {}, name, content, claimed, raw)
        check(response, before, "attachment")
        new_files = stored_files(private_root) - files_before
        if response.status_code == REDIRECT:
            attachment = ReportAttachment.objects.order_by("-pk").first()
            assert attachment.pk not in before["agreements.ReportAttachment"]
            assert [path.read_bytes() for path in new_files] == [content]
            assert attachment.size == len(content)
            assert (
                attachment.name.isprintable() and "/" not in attachment.name and "\\" not in attachment.name
            )
        else:
            assert response.status_code == 400
            assert not new_files
            page = response.content.decode()
            if DJANGO_BAD_REQUEST in page:
                # Django refused the body itself: a part header over 1 KB, or a raw line break in it.
                assert raw or len(name.encode()) > 900, page
            else:
                assert "De bijlage is niet toegevoegd" in page
                assert any(message in page for message in ATTACHMENT_REFUSALS), page


# -- uploads: the Excel bulk entry -----------------------------------------------------------------

SHEETS = ("Indicatoren", "Uren", "Kosten", "Uitleg")
CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60),
    st.sampled_from(
        [
            "1,5",
            "1.234",
            "1.234,56",
            "12,345.6",
            "€ 1 234,50",
            "-5",
            "ja",
            "nee",
            "WAAR",
            "=1/0",
            "=A1+1",
            "=SUM(H2:H9)",
            "#N/A",
            "1e400",
            "NaN",
            "x" * 40_000,
            " ",
            "٣",
            "12 %",
        ]
    ),  # fmt: skip
    st.integers(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=6),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
)


# The columns a person fills in, and values that mostly fit them (so that uploads get through too).
VALUE_COLUMNS = {
    "Indicatoren": ["Waarde", "Teller", "Noemer", "Toelichting"],
    "Uren": ["Gerealiseerde uren"],
    "Kosten": ["Directe kosten", "Directe baten"],
}
PLAUSIBLE = st.one_of(
    st.integers(0, 200),
    st.decimals(0, 100, places=2).map(float),
    st.sampled_from(["12,5", "1.234,56", "ja", "nee", "", "Meer vrijwilligers dan verwacht"]),
    CELL_VALUES,
)


@st.composite
def workbook_changes(draw) -> list[tuple]:
    """Changes a person (or a script) could make to the template: cells, headers, sheets, the file key."""
    sheet = st.sampled_from(sorted(VALUE_COLUMNS))
    change = st.one_of(
        sheet.flatmap(
            lambda name: st.tuples(
                st.just("value"),
                st.just(name),
                st.integers(2, 6),
                st.sampled_from(VALUE_COLUMNS[name]),
                PLAUSIBLE,
            )
        ),
        st.tuples(
            st.just("cell"), st.sampled_from(SHEETS[:3]), st.integers(2, 8), st.integers(1, 12), CELL_VALUES
        ),
        st.tuples(
            st.just("cell"), st.sampled_from(SHEETS[:3]), st.integers(1, 1), st.integers(1, 12), CELL_VALUES
        ),
        st.tuples(st.just("cell"), st.just("Uitleg"), st.just(5), st.just(2), CELL_VALUES),
        st.tuples(st.just("delete"), st.sampled_from(SHEETS)),
        st.tuples(
            st.just("rename"), st.sampled_from(SHEETS), st.sampled_from([*SHEETS, "Blad1", "indicatoren"])
        ),
        st.tuples(st.just("duplicate-row"), st.sampled_from(SHEETS[:3]), st.integers(2, 4)),
    )
    return draw(st.lists(change, max_size=6))


def changed_workbook(template: bytes, changes: list[tuple]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for kind, sheet_name, *rest in changes:
        if sheet_name not in workbook.sheetnames:
            continue
        sheet = workbook[sheet_name]
        if rest and isinstance(rest[-1], Decimal):
            rest[-1] = float(rest[-1])
        if kind == "value":
            row, column_name, value = rest
            header = [cell.value for cell in sheet[1]]
            if column_name in header:
                sheet.cell(row, header.index(column_name) + 1).value = value
        elif kind == "cell":
            row, column, value = rest
            sheet.cell(row, column).value = value
        elif kind == "delete" and len(workbook.sheetnames) > 1:
            del workbook[sheet_name]
        elif kind == "rename" and rest[0] not in workbook.sheetnames:
            sheet.title = rest[0]
        elif kind == "duplicate-row":
            source = rest[0]
            sheet.append([cell.value for cell in sheet[source]])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Edits of a worksheet's XML that no spreadsheet program makes, but a script or a damaged file can:
# (pattern, what replaces one occurrence of it).
XML_EDITS = {
    "value": (r"<v>[^<]*</v>", lambda text: f"<v>{html.escape(text)}</v>"),
    "type": (r' t="[a-zA-Z]+"', lambda text: f' t="{html.escape(text)}"'),
    "reference": (r' r="[A-Z]+[0-9]+"', lambda text: f' r="{html.escape(text)}"'),
    "style": (r"<c ", lambda text: f'<c s="{html.escape(text)}" '),
}
XML_PAYLOADS = st.one_of(
    st.sampled_from(
        [
            "n",
            "d",
            "e",
            "b",
            "s",
            "str",
            "inlineStr",
            "x",
            "",
            "A0",
            "ZZZZ1",
            "A99999999",
            "1A",
            "A1:B2",
            "-1",
            "9999",
            "abc",
            "1e999",
            "NaN",
            "2020-13-45T99:99",
            "#DIV/0!",
            "1" * 400,
        ]
    ),  # fmt: skip
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


def edited_sheets(content: bytes, edits: list[tuple[str, int, str]]) -> bytes:
    """The workbook with its worksheets' XML edited: (kind, which occurrence, text) per edit."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for kind, index, payload in edits:
                    pattern, replacement = XML_EDITS[kind]
                    matches = list(re.finditer(pattern, text))
                    if matches:
                        match = matches[index % len(matches)]
                        text = text[: match.start()] + replacement(payload) + text[match.end() :]
                data = text.encode()
            target.writestr(info.filename, data)
    return output.getvalue()


@st.composite
def bulk_files(draw, template: bytes) -> tuple[str, bytes]:
    kinds = ["cells", "cells", "cells", "xml", "corrupted", "truncated", "garbage", "bomb", "empty", "name"]
    how = draw(st.sampled_from(kinds))
    name = "realisaties.xlsx"
    if how == "cells":
        return name, changed_workbook(template, draw(workbook_changes()))
    if how == "xml":
        edit = st.tuples(st.sampled_from(sorted(XML_EDITS)), st.integers(0, 40), XML_PAYLOADS)
        return name, edited_sheets(template, draw(st.lists(edit, min_size=1, max_size=4)))
    if how == "corrupted":
        # Bytes inside the members (the first four fifths), not the directory at the end.
        positions = st.lists(st.integers(0, len(template) * 4 // 5), min_size=1, max_size=8)
        return name, corrupted(template, draw(positions))
    if how == "truncated":
        return name, template[: draw(st.integers(0, len(template) - 1))]
    if how == "garbage":
        return name, draw(
            st.one_of(st.binary(max_size=500), st.sampled_from([PDF, PNG, DOCX, ODT, XLSM, XLSX]))
        )
    if how == "bomb":
        return name, zip_bomb(draw(st.integers(1, 30)))
    if how == "empty":
        return name, b""
    return draw(NAMES), draw(st.sampled_from([template, PDF]))


@FUZZ
@given(data=st.data())
def test_random_excel_upload_is_saved_whole_or_refused_in_dutch_with_nothing_written(
    portal, settings, fuzz_state, data
):
    settings.ATTACHMENT_MAX_BYTES = 256 * 1024
    if not fuzz_state:
        client = portal.client("organisation")
        response = client.get(url("agreements:bulk-template", portal.open_period.pk))
        assert response.status_code == 200
        fuzz_state.update(client=client, template=response.content)
    client, template = fuzz_state["client"], fuzz_state["template"]
    name, content = data.draw(bulk_files(template), label="file")
    own = str(portal.world.torion.pk)
    extras = st.dictionaries(st.sampled_from(["organisatie", "file", "x"]), values([own]), max_size=2)
    extra = data.draw(st.one_of(st.just({}), extras))
    target = url("agreements:bulk-upload", portal.open_period.pk)
    with rolled_back():
        before = snapshot()
        fields = {key: [value] for key, value in extra.items()}
        response = post_file(client, target, fields, name, content)
        check(response, before, "bulk upload")
        if response.status_code == 400:
            page = response.content.decode()
            if DJANGO_BAD_REQUEST in page:
                # Django refused the body itself: a part header over 1 KB.
                assert len(name.encode()) > 900, page
            else:
                assert any(message in page for message in BULK_REFUSALS), page


# -- regressions found by fuzzing -------------------------------------------------------------------


@pytest.mark.parametrize("municipality", ["abc", "²", "1.0", "", "9" * 40])
def test_switching_to_a_municipality_that_is_not_a_number_is_not_found(world, municipality):
    response = world.client("officer").post(
        url("partners:switch-municipality"), {"municipality": municipality}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("data", [{"pk": "²"}, {"pk": "١"}, {"pk": "9" * 40}, {"page": "²"}])
def test_marking_a_notice_read_with_a_malformed_number_is_not_found_or_ignored(world, data):
    response = world.client("officer").post(url("partners:notification-read"), data)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == url("partners:notification-list")


@pytest.mark.parametrize(
    ("next_url", "location"),
    [("a b", "/"), ("a\x00b", "/"), ("home", "/"), ("//example.org/", "/"), ("/kaders/", "/kaders/")],
)
def test_after_switching_only_a_path_on_this_site_is_followed(world, next_url, location):
    switch = url("partners:switch-municipality")
    response = world.client("officer").post(switch, {"municipality": world.haren.pk, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == location


@pytest.mark.parametrize("per_page", ["-1", "0", "1000000", "99999999999999999999"])
def test_a_page_size_in_the_address_is_kept_within_bounds(world, per_page):
    response = world.client("officer").get(url("agreements:agreement-list"), {"per_page": per_page})
    assert response.status_code == 200


def test_deleting_a_theme_on_the_framework_page_leaves_a_history_row_on_its_effects(world):
    client = world.client("officer")
    page = url("effects:framework-edit", world.framework.pk)
    data = form_on(client, page).baseline()
    data["themes-0-DELETE"] = ["on"]
    assert client.post(page, data).status_code == REDIRECT
    world.effect.refresh_from_db()
    assert world.effect.theme is None
    assert world.effect.history.first().theme_id is None


def test_an_odt_whose_compressed_mimetype_is_damaged_is_refused_in_dutch(portal, private_root):
    target = url("agreements:attachment-add", portal.world.assignment.pk, portal.open_period.pk)
    damaged = corrupted(ODT_DEFLATED, [38])  # inflating the mimetype member raises zlib.error
    response = post_file(portal.client("organisation"), target, {}, "tekst.odt", damaged)
    assert response.status_code == 400
    assert "Dit soort bestand kan niet worden toegevoegd" in response.content.decode()
    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize(
    "edit",
    [
        ("value", 0, "n"),  # ValueError: a number cell that holds no number
        ("type", 7, "s"),  # IndexError: a shared string that does not exist
        ("style", 2, ""),  # TypeError: a style reference that is no number
    ],
)
def test_a_workbook_with_a_damaged_sheet_is_refused_in_dutch(portal, edit):
    client = portal.client("organisation")
    template = client.get(url("agreements:bulk-template", portal.open_period.pk)).content
    before = snapshot()
    target = url("agreements:bulk-upload", portal.open_period.pk)
    response = post_file(client, target, {}, "realisaties.xlsx", edited_sheets(template, [edit]))
    assert response.status_code == 400
    assert "Het bestand kan niet worden gelezen als Excel-werkmap" in response.content.decode()
    assert_unchanged(before, snapshot(), "damaged workbook")


def test_a_goal_linked_to_an_effect_id_no_column_holds_is_refused_not_an_error(world):
    client = world.client("officer")
    page = url("effects:smartgoal-create", world.framework.pk)
    data = {"title": "Eind 2020 doen 50 mensen mee", "investment_line": "", "effects": str(2**63)}
    response = client.post(page, data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("text", ["ab\x00cd", "\x00\x00", "Torion\x00"])
def test_a_search_with_a_nul_character_is_no_error(world, text):
    with rolled_back():
        response = world.client("officer").get(url("agreements:search"), {"q": text})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        # A unique year: the copy broke the constraint (IntegrityError, a 500).
        (lambda world: url("effects:indicator-edit", world.indicator.pk), "streefwaarden"),
        # No unique constraint: every activity was silently saved twice.
        (lambda world: url("agreements:assignment-edit", world.assignment.pk), "activiteiten"),
    ],
)
def test_a_list_whose_count_of_existing_rows_was_lowered_is_refused_not_copied(world, page, prefix):
    client = world.client("officer")
    data = form_on(client, page(world)).baseline()
    data[f"{prefix}-INITIAL_FORMS"] = ["0"]
    before = snapshot()
    response = client.post(page(world), data)
    assert response.status_code == 400
    assert "Een regel op deze pagina hoort niet (meer) bij deze lijst" in response.content.decode()
    assert_unchanged(before, snapshot(), prefix)
