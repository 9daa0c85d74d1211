"""Reminder times and when a reminder is due."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.reminders import due_local_date, parse_time, valid_timezone


@pytest.mark.parametrize(("text", "expected"), [
    ("remind me at 8pm", "20:00"), ("remind me at 8:30 pm", "20:30"), ("daily reminder at 20:00", "20:00"),
    ("9 am please", "09:00"), ("12am", "00:00"), ("12pm", "12:00"), ("at noon", "12:00"),
    ("remind me tonight at 9", "21:00"), ("reminder 7.45", "07:45"), ("remind me", None), ("at 25:00", None),
])
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def test_timezone_falls_back_when_unknown() -> None:
    assert valid_timezone("Europe/Dublin", "UTC") == "Europe/Dublin"
    assert valid_timezone("Mars/Olympus", "UTC") == "UTC"
    assert valid_timezone(None, "UTC") == "UTC"


NOON_UTC = dt.datetime(2026, 11, 25, 12, 0)


@pytest.mark.parametrize(("local_time", "timezone", "last_sent", "due"), [
    ("12:00", "UTC", None, dt.date(2026, 11, 25)),
    ("11:00", "UTC", None, dt.date(2026, 11, 25)),          # missed an hour ago: still sent
    ("09:00", "UTC", None, None),                           # missed three hours ago: not sent late
    ("12:30", "UTC", None, None),                           # not yet
    ("12:00", "UTC", dt.date(2026, 11, 25), None),          # already sent today
    ("07:00", "America/New_York", None, dt.date(2026, 11, 25)),  # 07:00 in New York is 12:00 UTC
    ("13:00", "Europe/Berlin", None, dt.date(2026, 11, 25)),
    ("23:00", "Pacific/Auckland", None, None),
])
def test_due(local_time: str, timezone: str, last_sent: dt.date | None, due: dt.date | None) -> None:
    assert due_local_date(local_time, timezone, last_sent, NOON_UTC) == due
