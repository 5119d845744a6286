"""`make run` installs what running needs; the test tools come only with `make test` (dry runs, nothing installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned(target: str, tmp_path: Path) -> str:
    """What `make TARGET` would run in a fresh checkout (a venv that does not exist yet)."""
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_installs_only_the_runtime(tmp_path: Path) -> None:
    plan = planned("run", tmp_path)
    assert "pip install" in plan and "-e ." in plan
    assert "[test]" not in plan


def test_make_test_installs_the_test_extras(tmp_path: Path) -> None:
    plan = planned("test", tmp_path)
    assert "-e '.[test]'" in plan and "pytest" in plan
