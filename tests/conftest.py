from pathlib import Path

import pytest

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


@pytest.fixture
def demo_file():
    """Path of a demo exchange file by name, e.g. demo_file("meierijstad-2021.yaml")."""
    return lambda name: DEMO_DIR / name
