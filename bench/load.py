#!/usr/bin/env python3
"""Load benchmark at regional scale (issue 7): gunicorn on a throwaway PostgreSQL with generated data.

    .venv/bin/python bench/load.py                  # regio, concurrency 1 and 8; writes docs/performance.md
    .venv/bin/python bench/load.py --no-write       # the same, only printed
    .venv/bin/python bench/load.py --growth         # demo, regio and 3x regio at concurrency 1: growth table

One command does everything: start a PostgreSQL cluster in a temporary directory (dev.py's
postgres_cluster), migrate, `generate_scale`, sign the benchmark users in by writing their sessions straight
into the database (staff with a confirmed TOTP device, so no second step is needed), start gunicorn with 2
workers and production settings (DEBUG off) on 127.0.0.1 over plain http, drive it, stop everything.

The driver is our own (threads and http.client), not locust: on a 2-core machine the load generator shares
the processors with gunicorn and PostgreSQL, and a few sleeping threads cost less than locust's gevent
runner; it also sends an exact number of requests per page and keeps every response time, so p50 and p95
are exact rather than bucketed. Each page is driven on its own: first a warm-up, then a fixed number of
requests by `concurrency` threads without pauses (closed loop), capped in time.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from machine import machine as machine_facts  # bench/machine.py: this script's folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
BEGIN, END = "<!-- bench/load.py: begin -->", "<!-- bench/load.py: end -->"
HTML_P95_MS = {1: 150, 8: 600}
PDF_P95_MS = 1000
MAX_QUERIES = 20
AUDIT_WRITE = 'INSERT INTO "partners_auditevent"'
WORKERS = 2  # gunicorn sync workers, as the issue sets
TIME_CAP_SECONDS = 90  # per page and concurrency: a slow page stops early rather than run for ever
USERS = 8  # virtual users, each with its own municipality, officer and organisation user


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str  # "officer" or "organisation": whose session the request carries
    method: str = "GET"
    is_pdf: bool = False


PAGES = [
    Page("framework", "Beleidskader (overzicht)", "officer"),
    Page("effect", "Effect", "officer"),
    Page("assignment", "Opdracht", "officer"),
    Page("portal", "Organisatie: start (portaal)", "organisation"),
    Page("entry", "Rapportage invullen (GET)", "organisation"),
    Page("entry_post", "Rapportage opslaan als concept (POST)", "organisation", method="POST"),
    Page("review", "Te beoordelen rapportages", "officer"),
    Page("jaarverslag", "Jaarverslag (HTML)", "officer"),
    Page("jaarverslag_effect", "Jaarverslag één effect (HTML)", "officer"),
    Page("opdrachtformulier", "Opdrachtformulier één effect (PDF)", "officer", is_pdf=True),
]


# --- the child: sessions and addresses, in a Django process on the benchmark database ---------------------


def prepare() -> dict:
    """Per virtual user: session keys (officer, organisation user) and the address of every page."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from agreements.models import Assignment, PeriodReport
    from effects.models import PolicyFramework
    from partners.models import User

    backend = "django.contrib.auth.backends.ModelBackend"

    def session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if apps.is_installed("django_otp"):
            # Signed in with the second factor: django-otp keeps the verified device in the session.
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench", defaults={"confirmed": True}
            )
            session["otp_device_id"] = device.persistent_id
        session.create()
        return session.session_key

    users = []
    frameworks = list(PolicyFramework.objects.filter(slug__startswith="schaal-").order_by("slug"))
    for index in range(USERS):
        framework = frameworks[index % len(frameworks)]
        municipality = framework.municipalities.get()
        number = frameworks.index(framework) + 1
        officer = User.objects.get(username=f"beleid-{number:02d}-1")
        period = framework.periods.get(is_closed=False)
        # A concept report of this municipality's open period, and a user of the organisation it belongs to.
        drafts = PeriodReport.objects.filter(
            period=period, status=PeriodReport.Status.DRAFT, assignment__agreement__framework=framework
        ).order_by("assignment__agreement__organisation__slug", "pk")
        report = drafts[(index // len(frameworks)) % drafts.count()]
        organisation = report.assignment.agreement.organisation
        organisation_user = User.objects.filter(memberships__organisation=organisation).order_by("username")[
            0
        ]
        # The effect with the most assignments: the longest opdrachtformulier of one effect.
        effect = framework.effects.annotate(n=Count("assignments")).order_by("-n", "sort_key")[0]
        assignment = Assignment.objects.filter(effect=effect).order_by("pk")[0]
        query = urllib.parse.urlencode(
            {"framework": framework.slug, "year": framework.end_year - 1, "municipalities": municipality.slug}
        )
        entry = f"/rapportages/{report.assignment_id}/{period.pk}/"
        users.append(
            {
                "officer": session_for(officer),
                "organisation": session_for(organisation_user),
                "urls": {
                    "framework": f"/kaders/{framework.pk}/",
                    "effect": f"/effecten/{effect.pk}/",
                    "assignment": f"/opdrachten/{assignment.pk}/",
                    "portal": "/portaal/",
                    "entry": entry,
                    "entry_post": entry,
                    "review": "/beoordelen/",
                    "jaarverslag": f"/rapporten/jaarverslag/?{query}",
                    "jaarverslag_effect": f"/rapporten/jaarverslag/?{query}&"
                    + urllib.parse.urlencode({"effect": effect.code}),
                    "opdrachtformulier": "/rapporten/opdrachtformulier/?"
                    + urllib.parse.urlencode(
                        {"framework": framework.slug, "effect": effect.code, "formaat": "pdf"}
                    ),
                },
            }
        )
    return {"users": users, "cookie": settings.SESSION_COOKIE_NAME}


# --- the driver --------------------------------------------------------------------------------------------


class Browser:
    """One keep-alive connection to 127.0.0.1 with a session cookie (and the CSRF cookie once it has one)."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port, self.cookies = port, dict(cookies)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                # gunicorn's sync workers close the connection after each response: reconnect once.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content


ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
SELECTED = re.compile(r'<option value="([^"]*)"[^>]*\bselected', re.I)


def form_fields(page: str) -> dict[str, str]:
    """The entry form's fields with their current values: enough to post the form back unchanged."""
    form = next((part for part in page.split("<form")[1:] if 'name="value_' in part), "")
    form = form.split("</form>", 1)[0]
    fields: dict[str, str] = {}
    for attributes in INPUT.findall(form):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("name") and attrs.get("type") not in ("submit", "file", "checkbox", "radio"):
            fields[attrs["name"]] = attrs.get("value", "")
    for attributes, inner in TEXTAREA.findall(form):
        name = dict(ATTRIBUTE.findall(attributes)).get("name")
        if name:
            fields[name] = inner.strip()
    for attributes, inner in SELECT.findall(form):
        name = dict(ATTRIBUTE.findall(attributes)).get("name")
        if name:
            selected = SELECTED.search(inner)
            fields[name] = selected.group(1) if selected else ""
    return {name: html.unescape(value) for name, value in fields.items()}


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0  # processor seconds of gunicorn and PostgreSQL during the measured requests

    def percentile(self, p: float) -> float:
        ordered = sorted(self.times)
        if not ordered:
            return float("nan")
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]


def drive(
    port: int, plan: dict, page: Page, concurrency: int, requests: int, warmup: int, cpu=lambda: 0.0
) -> Result:
    """`requests` requests of one page by `concurrency` threads, each as its own virtual user."""
    result, lock = Result(), threading.Lock()
    counter = iter(range(requests))
    users = plan["users"]
    deadline = [0.0]

    def post_body(browser: Browser, url: str, n: int) -> dict:
        status, content = browser.request("GET", url)
        fields = form_fields(content.decode("utf-8", "replace"))
        fields.pop("version", None)  # no optimistic-lock check: the virtual users share reports
        explanation = next((name for name in fields if name.startswith("explanation_")), None)
        if explanation:
            fields[explanation] = f"Belastingtest, opslag {n}."
        fields["action"] = "save"
        return fields

    def worker(index: int) -> None:
        user = users[index % len(users)]
        browser = Browser(port, {plan["cookie"]: user[page.role]})
        url = user["urls"][page.key]
        body = None
        try:
            for n in range(warmup):
                if page.method == "POST":
                    body = post_body(browser, url, n)
                browser.request(page.method, url, body)
        except Exception as error:  # noqa: BLE001 - reported with the page's errors
            with lock:
                result.errors.append(f"warm-up: {error!r}")
        barrier.wait()
        while True:
            with lock:
                n = next(counter, None)
            if n is None or time.perf_counter() > deadline[0]:
                return
            if body is not None:
                # One changed toelichting per save: a real change, one value and one history row written.
                first = next((k for k in body if k.startswith("explanation_")), None)
                if first:
                    body = {**body, first: f"Belastingtest, opslag {index}-{n}."}
            started = time.perf_counter()
            try:
                status, content = browser.request(page.method, url, body)
            except Exception as error:  # noqa: BLE001 - every failure counts as an error of this page
                status, content = 0, repr(error).encode()
            elapsed = time.perf_counter() - started
            expected = 302 if page.method == "POST" else 200
            with lock:
                result.times.append(elapsed)
                result.sizes.append(len(content))
                if status != expected:
                    alert = re.search(rb'class="alert[^"]*"[^>]*>(.*?)</div>', content, re.S)
                    detail = alert.group(1).decode("utf-8", "replace").strip()[:200] if alert else ""
                    result.errors.append(f"{status} {url} {detail}".strip())

    barrier = threading.Barrier(concurrency + 1)
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + TIME_CAP_SECONDS + 60  # set before anyone passes the barrier
    cpu_before = cpu()
    barrier.wait()
    started = time.perf_counter()
    deadline[0] = started + TIME_CAP_SECONDS
    for thread in threads:
        while thread.is_alive():  # a join with a timeout lets Ctrl-C through
            thread.join(0.5)
    result.wall = time.perf_counter() - started
    result.cpu = cpu() - cpu_before
    return result


def warm_up(port: int, plan: dict, page: Page) -> None:
    """One GET of the page in every worker at once, unmeasured: a long-running server has loaded its
    templates, fonts and PDF machinery long before; at concurrency 1 the driver's own warm-up request
    reaches only one of the workers."""
    user = plan["users"][0]

    def get() -> None:
        Browser(port, {plan["cookie"]: user[page.role]}).request("GET", user["urls"][page.key])

    threads = [threading.Thread(target=get, daemon=True) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)


def _proc_stat(pid: int) -> tuple[int, int]:
    """(parent pid, processor ticks of the process and of its children that have exited)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), sum(int(value) for value in fields[11:15])


def _own_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def processor_seconds(roots: list[int]) -> float:
    """Processor seconds used so far by these processes and their children: the server's own work per
    request, which other programs on the machine do not inflate the way they inflate response times."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            parent, ticks = _proc_stat(pid)
            if pid in roots:
                total += ticks
            elif parent in roots:
                total += _own_ticks(pid)
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def postmaster_pid(url: str) -> int | None:
    port = urllib.parse.urlparse(url).port
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "postgres" in command and f"-p {port}" in command and "-D" in command:
                return int(entry.name)
    return None


# --- the database, the server ---------------------------------------------------------------------------


def _dev():
    sys.path.insert(0, str(ROOT))
    import dev

    return dev


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_env(url: str) -> dict:
    """Production settings (DEBUG off), but plain http on 127.0.0.1."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Persistent database connections, as a production installation would configure.
        "DJANGO_CONN_MAX_AGE": "60",
    }


def manage(env: dict, *args: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} faalde.")
    if not quiet:
        print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "", flush=True)
    return result.stdout


def create_database(url: str) -> None:
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port, user=parsed.username, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {parsed.path.lstrip('/')}")
        cursor.execute(f"CREATE DATABASE {parsed.path.lstrip('/')}")
    connection.close()


def vacuum(url: str) -> None:
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port, user=parsed.username, dbname=parsed.path.lstrip("/")
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()


def set_up(url: str, size: str) -> tuple[dict, dict, float]:
    """Migrate, generate, and prepare the sessions; returns the environment, the plan and generation time."""
    env = django_env(url)
    create_database(url)
    print("+ migrate", flush=True)
    manage(env, "migrate", "--no-input", quiet=True)
    print(f"+ generate_scale --size {size}", flush=True)
    started = time.perf_counter()
    for line in manage(env, "generate_scale", "--size", size, quiet=True).strip().splitlines():
        print(f"    {line}", flush=True)
    generated = time.perf_counter() - started
    # Vacuum now, so that autovacuum does not start on the freshly loaded tables during the measurements.
    vacuum(url)
    # No collectstatic: the pages are measured without their static files, and the PDF reads its
    # stylesheet and fonts from static/ on disk.
    result = subprocess.run(
        [PYTHON, __file__, "--prepare"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit("Sessies klaarzetten faalde.")
    return env, json.loads(result.stdout.strip().splitlines()[-1]), generated


class Server:
    """gunicorn with 2 sync workers on a free port of 127.0.0.1."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(WORKERS),
                "--timeout",
                "60",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("gunicorn start niet.")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def query_counts(env: dict, plan: dict) -> dict[str, int]:
    """Queries per page, counted in a Django process (the test client) with the same sessions."""
    result = subprocess.run(
        [PYTHON, __file__, "--count-queries"],
        cwd=ROOT,
        env=env,
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


def count_queries(plan: dict) -> dict[str, int]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = plan["users"][0]
    counts = {}
    for page in PAGES:
        if page.method != "GET":
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[plan["cookie"]] = user[page.role]
        client.get(user["urls"][page.key])
        with CaptureQueriesContext(connection) as queries:
            client.get(user["urls"][page.key])
        # What the page reads: a PDF download also writes its audit row (partners.audit), not counted.
        counts[page.key] = sum(
            1 for query in queries.captured_queries if not query["sql"].startswith(AUDIT_WRITE)
        )
    return counts


# --- reporting ------------------------------------------------------------------------------------------


def machine() -> dict:
    postgres = subprocess.run(
        [str(_dev()._postgres_bin() / "postgres"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {**machine_facts(), "postgres": postgres}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def target_for(page: Page, concurrency: int) -> float | None:
    if page.is_pdf:
        return PDF_P95_MS if concurrency == 1 else None
    return HTML_P95_MS.get(concurrency)


def load_table(results: dict, counts: dict) -> list[str]:
    lines = [
        "| pagina | gelijktijdig | verzoeken | fouten | p50 (ms) | p95 (ms) | doel p95 | per seconde | "
        "CPU per verzoek (ms) | queries | grootte (kB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (key, concurrency), result in results.items():
        page = next(p for p in PAGES if p.key == key)
        target = target_for(page, concurrency)
        p95 = result.percentile(95) * 1000
        verdict = ""
        if target is not None:
            verdict = f"< {target} ms (" + ("ja" if p95 < target else "**nee**") + ")"
        queries = counts.get(key)
        query_text = (
            "" if queries is None else str(queries) + ("" if queries <= MAX_QUERIES else " (**>20**)")
        )
        errors = str(len(result.errors)) if not result.errors else f"**{len(result.errors)}**"
        size = statistics.median(result.sizes) / 1024 if result.sizes else 0
        lines.append(
            f"| {page.label} | {concurrency} | {len(result.times)} | {errors} "
            f"| {ms(result.percentile(50))} | {ms(result.percentile(95))} | {verdict} "
            f"| {len(result.times) / result.wall:.1f} | {ms(result.cpu / max(1, len(result.times)))} "
            f"| {query_text} | {size:.0f} |"
        )
    return lines


def machine_table(info: dict, load: str, extra: dict) -> list[str]:
    rows = {
        "processor": info["cpu"],
        "kernen (nproc)": info["cores"],
        "geheugen": info["ram"],
        "besturingssysteem": info["os"],
        "Python": info["python"],
        "PostgreSQL": info["postgres"],
        "gemeten op": info["date"],
        "belasting (load average, 1 min)": load,
        **extra,
    }
    return ["| | |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows.items())]


def write_section(name: str, body: list[str]) -> None:
    """Replace (or add) one named part of the load section in docs/performance.md; the rest stays."""
    text = PERFORMANCE_MD.read_text(encoding="utf-8") if PERFORMANCE_MD.exists() else ""
    begin, end = f"<!-- bench/load.py {name}: begin -->", f"<!-- bench/load.py {name}: end -->"
    block = "\n".join([begin, *body, end])
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    PERFORMANCE_MD.write_text(text, encoding="utf-8")


# --- the runs ----------------------------------------------------------------------------------------------


def requests_for(page: Page, concurrency: int, quick: bool) -> int:
    base = 12 if page.is_pdf else 40
    base = base // 2 if quick else base
    return base if concurrency == 1 else base * 2


def run_load(size: str, concurrencies: list[int], quick: bool) -> tuple[dict, dict, float, str]:
    dev = _dev()
    bindir = dev._postgres_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL-serverprogramma's (initdb, pg_ctl) niet gevonden.")
    load_before = os.getloadavg()[0]
    with dev.postgres_cluster(bindir) as url:
        env, plan, generated = set_up(url, size)
        counts = query_counts(env, plan)
        server = Server(env)
        roots = [server.process.pid, *filter(None, [postmaster_pid(url)])]
        results = {}
        try:
            for concurrency in concurrencies:
                for page in PAGES:
                    requests = requests_for(page, concurrency, quick)
                    warm_up(server.port, plan, page)
                    result = drive(
                        server.port,
                        plan,
                        page,
                        concurrency,
                        requests,
                        warmup=1,
                        cpu=lambda: processor_seconds(roots),
                    )
                    results[(page.key, concurrency)] = result
                    print(
                        f"{page.label:45} c={concurrency} n={len(result.times):3} "
                        f"fouten={len(result.errors)} p50={ms(result.percentile(50)):>6} ms "
                        f"p95={ms(result.percentile(95)):>6} ms {len(result.times) / result.wall:5.1f}/s "
                        f"cpu={ms(result.cpu / max(1, len(result.times))):>5} ms",
                        flush=True,
                    )
                    for error in sorted(set(result.errors))[:3]:
                        print(f"    {error}", flush=True)
        finally:
            server.stop()
    load = f"{load_before:.1f} bij het begin, {os.getloadavg()[0]:.1f} aan het eind"
    return results, counts, generated, load


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="regio", help="grootte voor generate_scale (standaard regio)")
    parser.add_argument(
        "--growth", action="store_true", help="ook demo en 3x (bij 1 gelijktijdig): de groeitabel"
    )
    parser.add_argument("--quick", action="store_true", help="de helft van het aantal verzoeken")
    parser.add_argument("--no-write", action="store_true", help="docs/performance.md niet bijwerken")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        print(json.dumps(prepare()))
        return
    if options.count_queries:
        print(json.dumps(count_queries(json.loads(sys.stdin.read()))))
        return
    if options.growth:
        growth(options)
        return
    results, counts, generated, load = run_load(options.size, [1, 8], options.quick)
    print("\n".join(load_table(results, counts)))
    if not options.no_write:
        write_load(options.size, results, counts, generated, load)


def write_load(size: str, results: dict, counts: dict, generated: float, load: str) -> None:
    lines = load_table(results, counts)
    info = machine()
    body = [
        f"### Gemeten: grootte {size}, gunicorn met 2 workers, PostgreSQL",
        "",
        *lines,
        "",
        *machine_table(info, load, {"generate_scale": f"{generated:.0f} s (inclusief opstart van Django)"}),
    ]
    write_section("belasting", body)
    print(f"\nBijgewerkt: {PERFORMANCE_MD.relative_to(ROOT)}")


GROWTH_SIZES = ["demo", "regio", "3x"]


def growth(options) -> None:
    measured = {}
    for size in GROWTH_SIZES:
        print(f"\n=== {size} ===", flush=True)
        # The size of the load table is measured in full (1 and 8 at once); the others at 1, shorter.
        full = size == options.size
        results, counts, generated, load = run_load(size, [1, 8] if full else [1], quick=not full)
        measured[size] = (results, counts, generated)
        if full and not options.no_write:
            write_load(options.size, results, counts, generated, load)
    header = [f"{s}: p50 (ms)" for s in GROWTH_SIZES] + [f"{s}: CPU (ms)" for s in GROWTH_SIZES]
    header += [f"{s}: kB" for s in GROWTH_SIZES]
    lines = ["| pagina | " + " | ".join(header) + " | queries |", "|" + " --- |" * (2 + len(header))]
    for page in PAGES:
        times, cpus, sizes, queries = [], [], [], []
        for size in GROWTH_SIZES:
            results, counts, _generated = measured[size]
            result = results[(page.key, 1)]
            times.append(ms(result.percentile(50)))
            cpus.append(ms(result.cpu / max(1, len(result.times))))
            sizes.append(f"{statistics.median(result.sizes) / 1024:.0f}" if result.sizes else "")
            queries.append(str(counts.get(page.key, "")))
        cells = " | ".join([*times, *cpus, *sizes])
        lines.append(f"| {page.label} | {cells} | {' / '.join(queries)} |")
    generated = ", ".join(f"{s} {measured[s][2]:.0f} s" for s in GROWTH_SIZES)
    lines += ["", f"generate_scale: {generated}."]
    print("\n".join(lines))
    if not options.no_write:
        write_section("groei", ["### Groei: demo → regio → 3x regio (1 gelijktijdig, mediaan)", "", *lines])
        print(f"\nBijgewerkt: {PERFORMANCE_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
