#!/usr/bin/env python3
"""The two set-up commands of the README, with nothing but Python 3.11 needed to start them.

    python3 dev.py demo   install, migrate the SQLite database, load the demo, serve on 127.0.0.1:8000
                          (with the report worker that makes long PDFs in the background)
    python3 dev.py test   install, lint, and run the whole test suite on SQLite and on PostgreSQL

The test command starts a throwaway PostgreSQL cluster (initdb + pg_ctl on a temporary directory and a
free port) when the PostgreSQL server binaries are present, and stops it afterwards. In CI (CI=true)
missing PostgreSQL is an error; on a developer machine it is a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed-from"


def run(*args: str | Path, env: dict | None = None, check: bool = True) -> int:
    print("+", " ".join(str(arg) for arg in args), flush=True)
    result = subprocess.run([str(arg) for arg in args], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def install() -> None:
    """Create .venv and install the project with its dev tools; skipped when pyproject is unchanged."""
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(digest)


@contextlib.contextmanager
def background(*args: str | Path):
    """A process beside the foreground one, stopped (SIGTERM, then SIGKILL) when the block ends."""
    print("+", " ".join(str(arg) for arg in args), "&", flush=True)
    process = subprocess.Popen([str(arg) for arg in args], cwd=ROOT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def demo() -> None:
    install()
    run(PYTHON, "manage.py", "migrate", "--no-input")
    run(PYTHON, "manage.py", "load_demo")
    # Long PDFs are made in the background, as in production: the report worker runs beside the server.
    with background(PYTHON, "manage.py", "run_report_worker"), contextlib.suppress(KeyboardInterrupt):
        run(PYTHON, "manage.py", "runserver", "127.0.0.1:8000")


def _postgres_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster(bindir: Path):
    """A throwaway cluster owned by the current user (or by 'postgres' when running as root)."""
    workdir = Path(tempfile.mkdtemp(prefix="prestatie-pg-"))
    datadir = workdir / "data"
    prefix: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: hand the directory to the postgres system user.
        shutil.chown(workdir, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    log = workdir / "postgres.log"

    def pg(*args: str | Path) -> None:
        subprocess.run([*prefix, *map(str, args)], check=True, stdout=subprocess.DEVNULL)

    try:
        pg(bindir / "initdb", "-D", datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        pg(
            bindir / "pg_ctl",
            "-D",
            datadir,
            "-l",
            log,
            "-w",
            "start",
            "-o",
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off",
        )
        yield f"postgres://postgres@127.0.0.1:{port}/prestatieafspraken"
    finally:
        if datadir.exists():
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "fast", "stop"],
                stdout=subprocess.DEVNULL,
            )
        time.sleep(0.2)
        shutil.rmtree(workdir, ignore_errors=True)


AXE_DIR = ROOT / ".cache" / "axe"


def install_axe() -> None:
    """axe-core (npm) for the accessibility checks of the browser tests; skipped when already there."""
    if (AXE_DIR / "node_modules" / "axe-core" / "axe.min.js").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        message = "npm niet gevonden: axe-core niet geïnstalleerd, toegankelijkheidstests overgeslagen."
        if os.environ.get("CI"):
            print(f"FOUT: {message}", flush=True)
            sys.exit(1)
        print(f"LET OP: {message}", flush=True)
        return
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    run(npm, "install", "--prefix", AXE_DIR, "--no-save", "--no-audit", "--no-fund", "axe-core@4")


def test(pytest_args: list[str]) -> None:
    install()
    install_axe()
    # Both cores by default; pass your own pytest arguments to run a subset.
    pytest_args = pytest_args or ["-n", "auto", "--dist", "loadfile"]
    run(PYTHON, "-m", "ruff", "check", ".")
    run(PYTHON, "-m", "ruff", "format", "--check", ".")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    print("\n=== Tests op SQLite ===", flush=True)
    sqlite_status = run(PYTHON, "-m", "pytest", *pytest_args, env=env, check=False)
    bindir = _postgres_bin()
    if bindir is None:
        message = (
            "PostgreSQL-serverprogramma's (initdb, pg_ctl) niet gevonden: tests op PostgreSQL overgeslagen."
        )
        if os.environ.get("CI"):
            print(f"FOUT: {message}", flush=True)
            sys.exit(1)
        print(f"LET OP: {message}", flush=True)
        sys.exit(sqlite_status)
    print(f"\n=== Tests op PostgreSQL ({bindir}) ===", flush=True)
    with postgres_cluster(bindir) as url:
        postgres_status = run(
            PYTHON, "-m", "pytest", *pytest_args, env={**env, "DATABASE_URL": url}, check=False
        )
    sys.exit(sqlite_status or postgres_status)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        print(__doc__)
        sys.exit(2)
    if sys.argv[1] == "demo":
        demo()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
