"""Training data validation and Rasa's story runner over tests/test_stories.yml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MODEL, PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))


def _rasa(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "RASA_TELEMETRY_ENABLED": "false"})


def test_training_data_is_valid(tmp_path: Path) -> None:
    result = _rasa("data", "validate", "--fail-on-warnings", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.rasa
def test_conversation_stories_pass(tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = _rasa("test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
                   "--fail-on-prediction-errors", "--out", str(out), tmp_path=tmp_path)
    failed = out / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details or (result.stdout[-3000:] + result.stderr[-3000:])
