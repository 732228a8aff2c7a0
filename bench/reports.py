#!/usr/bin/env python3
"""Time and peak memory of the PDF reports on the demo database; writes docs/performance.md.

    .venv/bin/python bench/reports.py              # all cases, 3 warm runs each, updates docs/performance.md
    .venv/bin/python bench/reports.py --repeat 1 --no-write

Each case runs in a fresh Python process, so one case's memory peak does not hide in another's. In that
process the report is made once cold (first report after start: templates, fonts and WeasyPrint still to
load) and then `--repeat` times warm, as a web or worker process that has made reports before does.
Peak memory is the process's maximum resident set size (getrusage), Django and WeasyPrint included.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from machine import machine as machine_facts  # bench/machine.py: this script's folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
DEMO_FRAMEWORK = "haren-wmo-2013-2016"
LOAD_SECTION = "## Belasting op regionale schaal"


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    report: str
    params: dict
    target_seconds: float | None = None


CASES = [
    Case(
        "opdrachtformulier",
        "Opdrachtformulier Haren 4.3",
        "opdrachtformulier",
        {"framework": DEMO_FRAMEWORK, "effect": "4.3"},
        0.5,
    ),
    Case("boek", "Boek Haren 2013-2016", "opdrachtformulier", {"framework": DEMO_FRAMEWORK}, 5.0),
    Case(
        "jaarverslag",
        "Jaarverslag Haren 2015",
        "jaarverslag",
        {"framework": DEMO_FRAMEWORK, "year": "2015", "municipalities": ["haren"]},
    ),
    Case(
        "prestatieplan",
        "Prestatieplan Welzijn op Waarde 2016",
        "prestatieplan",
        {"organisation": "welzijn-op-waarde"},
    ),
    Case(
        "uitvoeringsplan",
        "Uitvoeringsplan Haren 2017-2020",
        "uitvoeringsplan",
        {"framework": "haren-sociaal-domein-2017-2020"},
    ),
]
MEMORY_TARGET_MB = 500


# --- the child: one case in a fresh process ---------------------------------------------------------------


def run_case(key: str, repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import resource
    import time

    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from effects.models import PolicyFramework
    from partners.permissions import system_user
    from reporting.documents import REPORTS
    from reporting.pdf import render_pdf

    case = next(case for case in CASES if case.key == key)
    if not PolicyFramework.objects.filter(slug=DEMO_FRAMEWORK).exists():
        return {"missing": "demo"}
    spec = REPORTS.get(case.report)
    if spec is None:
        return {"missing": f"rapport '{case.report}' is niet geregistreerd"}
    data = QueryDict(mutable=True)
    for name, value in case.params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    user = system_user()

    def once() -> dict:
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            form = spec.form_class(data, user=user)
            if not form.is_valid():
                raise SystemExit(f"{case.key}: selectie klopt niet: {form.errors.as_text()}")
            document = spec.build(user, form.cleaned_data)
        built = time.perf_counter()
        content = render_pdf(document)
        done, cpu_done = time.perf_counter(), time.process_time()
        return {
            "build": built - started,
            "pdf": done - built,
            "cpu": cpu_done - cpu_started,
            "queries": len(queries),
            "content": content,
        }

    cold = once()
    warm = [once() for _ in range(repeat)]
    from io import BytesIO

    from pypdf import PdfReader

    content = cold.pop("content")
    for run in warm:
        run.pop("content")
    return {
        "cold": cold,
        "warm": warm,
        "pages": len(PdfReader(BytesIO(content)).pages),
        "bytes": len(content),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # kB on Linux
    }


# --- the parent: run every case, print, write docs/performance.md ------------------------------------------


def child(key: str, repeat: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--case", key, "--repeat", str(repeat)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"Case {key} failed (exit code {result.returncode}).")
    return json.loads(result.stdout.strip().splitlines()[-1])


def load_demo() -> None:
    print("De demo staat niet in de database: migrate en load_demo ...", flush=True)
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True)


def machine() -> dict:
    database = os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3").split("://", 1)[0]
    return {
        **machine_facts(),
        "django": importlib.metadata.version("django"),
        "weasyprint": importlib.metadata.version("weasyprint"),
        "database": database,
    }


def seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def rows(results: dict[str, dict]) -> list[list[str]]:
    table = []
    for case in CASES:
        result = results.get(case.key)
        if result is None or "missing" in result:
            reason = result["missing"] if result else "niet gemeten"
            table.append([case.label, reason, *[""] * (len(HEADER) - 2)])
            continue
        cold, warm = result["cold"], result["warm"] or [result["cold"]]
        warm_total = statistics.median(run["build"] + run["pdf"] for run in warm)
        target = "" if case.target_seconds is None else f"< {seconds(case.target_seconds)} s"
        too_big = result["peak_mb"] >= MEMORY_TARGET_MB
        met = "" if case.target_seconds is None else ("ja" if warm_total < case.target_seconds else "**nee**")
        table.append(
            [
                case.label,
                str(result["pages"]),
                seconds(cold["build"] + cold["pdf"]),
                seconds(statistics.median(run["build"] for run in warm)),
                seconds(statistics.median(run["pdf"] for run in warm)),
                seconds(warm_total),
                seconds(statistics.median(run["cpu"] for run in warm)),
                target + (f" ({met})" if met else ""),
                str(cold["queries"]),
                f"{result['peak_mb']:.0f}" + (" (**te veel**)" if too_big else ""),
            ]
        )
    return table


HEADER = [
    "rapport",
    "pagina's",
    "koud (s)",
    "gegevens (s)",
    "PDF (s)",
    "warm totaal (s)",
    "warm CPU (s)",
    "doel",
    "queries",
    "piekgeheugen (MB)",
]


def markdown_table(table: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def write_markdown(table: list[list[str]], info: dict, repeat: int) -> None:
    text = f"""# Prestaties van de rapporten

Gemeten met `.venv/bin/python bench/reports.py` (zie [bench/README.md](../bench/README.md)) op de
demodatabase. Dit bestand wordt door die opdracht overschreven.

Doelen: één opdrachtformulier onder 0,5 s, het hele boek Haren 2013-2016 onder 5 s, piekgeheugen onder
{MEMORY_TARGET_MB} MB. "Koud" is het eerste rapport na het starten van het proces (sjablonen, lettertypen
en WeasyPrint nog te laden); "warm" is de mediaan van {repeat} volgende keren, zoals een webproces of de
rapportverwerker die al eerder rapporten maakte. De doelen gelden voor warm. "Gegevens" is formulier plus
builder (de databasequeries), "PDF" is WeasyPrint. "CPU" is de processortijd van het proces zelf: die
hangt nauwelijks af van andere programma's op de machine; lag de belasting hoger dan het aantal kernen,
dan zegt CPU meer dan de kloktijd. Piekgeheugen is het maximale residente geheugen van het
hele proces (Python, Django, WeasyPrint), elk rapport in een eigen proces.

{markdown_table(table)}

Een PDF waarvan de selectie groot is (het hele boek, een jaarverslag) maakt de applicatie op de
achtergrond (`run_report_worker`); een los opdrachtformulier komt direct terug.

## Machine

| | |
| --- | --- |
| processor | {info["cpu"]} |
| kernen | {info["cores"]} |
| geheugen | {info["ram"]} |
| besturingssysteem | {info["os"]} |
| Python | {info["python"]} |
| Django | {info["django"]} |
| WeasyPrint | {info["weasyprint"]} |
| database | {info["database"]} |
| gemeten op | {info["date"]} |
| belasting (load average, 1 min) | {info["load"]} |
"""
    # The load benchmark's section (bench/load.py) follows these figures: keep it as it is.
    previous = PERFORMANCE_MD.read_text(encoding="utf-8") if PERFORMANCE_MD.exists() else ""
    if LOAD_SECTION in previous:
        text += "\n" + previous[previous.index(LOAD_SECTION) :]
    PERFORMANCE_MD.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="warme herhalingen per rapport (standaard 3)")
    parser.add_argument("--no-write", action="store_true", help="docs/performance.md niet bijwerken")
    parser.add_argument("--only", nargs="*", help="alleen deze gevallen: " + ", ".join(c.key for c in CASES))
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the child process
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.case, options.repeat)))
        return
    cases = [case for case in CASES if not options.only or case.key in options.only]
    load_before = os.getloadavg()[0]
    results: dict[str, dict] = {}
    for case in cases:
        print(f"{case.label} ...", flush=True)
        result = child(case.key, options.repeat)
        if result.get("missing") == "demo":
            load_demo()
            result = child(case.key, options.repeat)
        results[case.key] = result
    table = [row for case, row in zip(CASES, rows(results), strict=True) if case.key in results]
    info = machine()
    info["load"] = f"{load_before:.1f} bij het begin, {os.getloadavg()[0]:.1f} aan het eind"
    print()
    print(markdown_table(table))
    print(
        f"\n{info['cpu']}, {info['cores']} kernen, {info['ram']}, Python {info['python']}, "
        f"WeasyPrint {info['weasyprint']}, {info['database']}, belasting {info['load']}"
    )
    if not options.no_write and not options.only:
        write_markdown(table, info, options.repeat)
        print(f"\nBijgewerkt: {PERFORMANCE_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
