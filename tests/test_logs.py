"""Message text stays out of the logs of the loggers that would print it."""

from __future__ import annotations

import logging

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
