"""The WSGI entry point hands what it loaded to the permanent generation (gc.freeze), in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_loading_the_application_freezes_what_it_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = "import gc, config.wsgi; print(gc.get_freeze_count(), callable(config.wsgi.application))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    frozen, callable_app = result.stdout.split()
    assert int(frozen) > 10_000
    assert callable_app == "True"
