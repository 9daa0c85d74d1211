"""Message text stays out of the logs of the loggers that would print it."""

from __future__ import annotations

import logging
import os

import pytest

from bot import logs


@pytest.fixture
def leaky(caplog: pytest.LogCaptureFixture) -> logging.Logger:
    logs.install()
    caplog.set_level(logging.INFO)
    return logging.getLogger("rasa_sdk.endpoint")


def test_request_bodies_are_withheld(leaky: logging.Logger, caplog: pytest.LogCaptureFixture) -> None:
    leaky.error('failed: {"latest_message": {"text": "I feel awful about my sister"}}')
    assert "sister" not in caplog.text and "withheld" in caplog.text


def test_exception_messages_are_withheld(leaky: logging.Logger, caplog: pytest.LogCaptureFixture) -> None:
    try:
        int("Several days of feeling hopeless")
    except ValueError:
        leaky.exception("Exception occurred during execution of request")
    assert "hopeless" not in caplog.text
    assert "ValueError" in caplog.text and "test_logs.py" in caplog.text


def test_ordinary_lines_pass(leaky: logging.Logger, caplog: pytest.LogCaptureFixture) -> None:
    leaky.info("Starting action endpoint server...")
    assert "Starting action endpoint server..." in caplog.text


def test_json_logs_are_one_object_per_line_without_message_text() -> None:
    import json
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    script = (
        "import logging, warnings\n"
        "from bot import logs\n"
        "logs.configure()\n"
        "logging.getLogger('bot.sides.web').info('web: no answer from Rasa (%s)', 'TimeoutError')\n"
        "logging.getLogger('rasa.core.processor').error('parse_data {\"text\": \"i want to end it all\"}')\n"
        "warnings.warn('a library warning')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "LOG_FORMAT": "json"}, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["logger"] for line in lines] == ["bot.sides.web", "rasa.core.processor", "py.warnings"]
    assert lines[0]["event"] == "web: no answer from Rasa (TimeoutError)" and lines[0]["level"] == "info"
    assert all(line["timestamp"] for line in lines)
    assert "end it all" not in result.stdout + result.stderr
