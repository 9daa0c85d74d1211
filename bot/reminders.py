"""Daily check-in reminders: understanding "remind me at 8pm" and deciding when one is due."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A reminder missed while the bot was down is still sent within this window, not hours later.
GRACE = dt.timedelta(hours=2)


def parse_time(text: str) -> str | None:
    """'8pm', '8:30 pm', '20:00', '9 am', 'noon' -> 'HH:MM' (24-hour), else None."""
    lowered = text.lower()
    if re.search(r"\bnoon\b|\bmidday\b", lowered):
        return "12:00"
    match = re.search(r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?=\W|$)", lowered)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if not half and match.group(2) is None and re.search(r"\b(tonight|evening|night)\b", lowered) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def valid_timezone(name: str | None, fallback: str) -> str:
    try:
        ZoneInfo(name or "")
        return str(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def due_local_date(local_time: str, timezone: str, last_sent_on: dt.date | None,
                   now_utc: dt.datetime) -> dt.date | None:
    """The local date to mark as sent when a reminder is due now, else None."""
    now_local = now_utc.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(timezone))
    hour, minute = (int(x) for x in local_time.split(":"))
    scheduled = now_local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if now_local < scheduled or now_local - scheduled > GRACE:
        return None
    if last_sent_on == now_local.date():
        return None
    return now_local.date()
