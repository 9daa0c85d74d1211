"""The cost of the access and input checks every chat request now goes through."""

from __future__ import annotations

import json
import statistics
import time

import pytest

from bot.core.payloads import as_user_text
from bot.core.requests import parse_chat_request
from bot.sides.sessions import new_session_token, sender_for

pytestmark = pytest.mark.bench


def _timed(function, rounds: int = 2000) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def test_cost_of_the_request_checks(report: dict[str, str], summary: list[str]) -> None:
    key = b"bench-session-key"
    token = new_session_token(key)
    ordinary = json.dumps({"message": "I slept badly and my mood is about a 4 today",
                           "metadata": {"country": "GB", "timezone": "Europe/London"}}).encode()
    large = json.dumps({"message": "Today I tidied the kitchen and watched the rain. " * 1000}).encode()
    rows = []
    for name, check in [
        ("session token check (HMAC-SHA256)", lambda: sender_for(token, key, 3600)),
        ("request parsing and limits, ordinary message", lambda: parse_chat_request(ordinary)),
        ("request parsing and limits, 50 KB message", lambda: parse_chat_request(large)),
        ("typed intent syntax check", lambda: as_user_text('/greet{"country":"FR"}')),
    ]:
        p50, p95 = _timed(check)
        rows.append(f"| {name} | {p50:.1f} | {p95:.1f} |")
    report["30-security"] = "\n".join([
        "## Identity and input checks: what they cost",
        "",
        "Per request, in-process, this machine (microseconds). Command: `make bench`.",
        "",
        "| check | p50 µs | p95 µs |",
        "|---|---|---|",
        *rows,
        "",
        "Next to a turn's 30-90 ms these are noise; the safety screen of a message longer than the",
        "classifiers read (4,000 characters) runs off the event loop.",
    ])
    summary.append("security checks: " + "; ".join(r.split("|")[1].strip() + " p95 " + r.split("|")[3].strip() + " µs"
                                                   for r in rows[:2]))
    assert rows
