"""Reminders: reading requests ("remind me to take my meds at 9am", "change it to 7:30pm", "what
reminders do I have?") and deciding when one is due. Words are in data/content/reminders.yml."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.content.loader import content_path, load_yaml

KINDS = ("checkin", "medication", "coping")
OPERATIONS = ("set", "list", "change", "stop", "timezone")
# Intents that name an operation, used when the words alone do not decide.
# What each kind of reminder says when it is due (domain.yml).
RESPONSES = {"checkin": "utter_reminder", "medication": "utter_reminder_medication", "coping": "utter_reminder_coping"}
INTENT_OPERATIONS = {"set_reminder": "set", "list_reminders": "list", "change_reminder": "change",
                     "stop_reminders": "stop"}

# A reminder missed while the bot was down is still sent within this window, not hours later.
GRACE = dt.timedelta(hours=2)


@dataclass(frozen=True)
class ReminderRequest:
    operation: str               # one of OPERATIONS
    kind: str | None             # one of KINDS, or None when the message names none
    local_time: str | None       # "HH:MM"
    in_minutes: int | None       # "in 10 minutes": a one-off reminder
    timezone: str | None         # an IANA name the message gave ("my time zone is Europe/London")
    worded: bool = True          # the words ask for a reminder operation ("remind", "change it to"...)
    unsupported: bool = False    # a day, a date, weekly, or an appointment: not a daily reminder
    errand: bool = False         # "remind me to drink water": none of the three kinds
    every_kind: bool = False     # "stop all my reminders", "no more reminders": every one, not one of them
    more_times: tuple[str, ...] = ()  # "at 8am and 8pm": the times after the first, for a new reminder each
    old_time: str | None = None  # "change the 19:45 one to 20:15": the time of the reminder to change ("HH:MM")
    shift: int | None = None     # "push it back half an hour": minutes to move a reminder by (earlier: negative)
    half_said: bool = True       # the time says which half of the day ("10pm", "22:00", "in the morning"), not "10"
    on_day: int | None = None    # "at 6 tonight" (0), "tomorrow at 9" (1): a one-off reminder on that day, not daily
    picked: str | None = None    # "every evening": the time was picked for this part of the day ("the evening")


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    raw = load_yaml(content_path("reminders.yml"))
    medicine = load_yaml(content_path("medication.yml"))["medicine"]
    words = sorted({*medicine["words"], *medicine["names"]}, key=len, reverse=True)
    kinds = {kind: [re.compile(p) for p in patterns] for kind, patterns in raw["kinds"].items()}
    kinds["medication"].append(re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in words) + r")s?\b"))
    compiled = {
        "kinds": kinds,
        "every_kind": re.compile(raw["every_kind"]),
        "unsupported_dates": re.compile(raw["unsupported"]["dates"]),
        "unsupported_things": re.compile(raw["unsupported"]["things"]),
        "errands": re.compile(raw["unsupported"]["errands"]),
        "operations": {op: [re.compile(p) for p in raw["operations"][op]] for op in OPERATIONS},
        "hour_words": {str(k): int(v) for k, v in raw["hour_words"].items()},
        "shift": {key: re.compile(pattern) for key, pattern in raw["shift"].items()},
        "names": {str(k): str(v) for k, v in raw["names"].items()},
        "list_line_daily": str(raw["list_line_daily"]),
        "list_line_once": str(raw["list_line_once"]),
        "part_of_day": [(str(part["name"]), str(part["time"]), re.compile(part["words"]))
                        for part in raw["part_of_day"]],
    }
    return compiled


# Old zone names kept as links by the tz database: their last part names a region ("US/Eastern",
# "Canada/Central", "Brazil/East"), not a city.
LEGACY_AREAS = frozenset({"US", "Canada", "Mexico", "Brazil", "Chile"})


@lru_cache(maxsize=1)
def _zones_by_place() -> dict[str, str]:
    """'europe/london' and 'london' -> 'Europe/London'; 'new york' -> 'America/New_York'."""
    places: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        places.setdefault(name.lower(), name)
        if name.split("/", 1)[0] not in LEGACY_AREAS:  # "Canada/Central" is no place called "central"
            places.setdefault(name.rsplit("/", 1)[1].lower().replace("_", " "), name)
    for name in ("UTC", "GMT"):
        places[name.lower()] = "UTC"
    return places


UTC_OFFSET = re.compile(r"\b(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")


def parse_timezone(text: str) -> str | None:
    """An IANA time zone named in the text, by its full name, its city ("London", "New York") or a whole-hour
    offset ("GMT+2" -> Etc/GMT-2, whose sign is POSIX's, the other way round)."""
    lowered = text.lower()
    offset = UTC_OFFSET.search(lowered)
    if offset and not offset.group(3) and int(offset.group(2)) <= 12:
        hours = int(offset.group(2))
        return "UTC" if hours == 0 else f"Etc/GMT{'-' if offset.group(1) == '+' else '+'}{hours}"
    places = _zones_by_place()
    abbreviations = _zones("zone_abbreviations")
    for word in re.findall(r"[a-z]+", lowered):
        if word in abbreviations and (len(word) <= 4 or re.search(rf"\b{word} (standard |daylight )?time\b", lowered)):
            return abbreviations[word]  # "EST", "Pacific time" ("central" alone is no zone: "central London")
    for match in re.finditer(r"[a-z_]+(?:/[a-z_]+)+", lowered):
        if match.group(0) in places:
            return places[match.group(0)]
    words = re.findall(r"[a-z]+", lowered)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            place = " ".join(words[start:start + size])
            if place in places and place not in ("time", "my", "me"):
                return places[place]
    return None


def place_timezone(text: str, country: str | None) -> str | None:
    """The time zone of the place someone says they are in: a city's own ("I'm in Sydney" -> Australia/Sydney),
    else the zone of ``country`` when it has only one ("I live in Edinburgh" with GB -> Europe/London)."""
    return parse_timezone(text) or (_zones("country_zones").get(country.lower()) if country else None)


@lru_cache(maxsize=2)
def _zones(key: str) -> dict[str, str]:
    """A map in reminders.yml to time zones ("country_zones", "zone_abbreviations"), lower-cased keys, valid
    zones only."""
    raw = load_yaml(content_path("reminders.yml")).get(key, {})
    return {str(name).lower(): str(zone) for name, zone in raw.items() if valid_timezone(str(zone), "")}


def states_a_timezone(text: str) -> bool:
    """Whether the message gives a time zone the bot can read ("I'm on Lisbon time", "my clock is on UTC+1", or a
    zone's name alone, "Europe/London", as the bot's own example writes it)."""
    if ZONE_NAME_ALONE.match(text.strip()) and parse_timezone(text.strip().lower()):
        return True
    request = read_request(text, None)
    return request.operation == "timezone" and request.timezone is not None


ZONE_NAME_ALONE = re.compile(r"^[A-Za-z]+(?:/[A-Za-z_+-]+){1,2}\W*$")


def zone_label(name: str) -> str:
    """A time zone as people write it: "Etc/GMT-2" (POSIX's sign, the other way round) is "UTC+2"."""
    offset = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", name or "")
    if offset:
        return f"UTC{'+' if offset.group(1) == '-' else '-'}{offset.group(2)}"
    return name


def kind_name(kind: str) -> str:
    """How a kind of reminder is named in replies ("check-in", "coping practice")."""
    return _vocabulary()["names"][kind]


def list_text(reminders: list[dict[str, Any]]) -> str:
    """One line per reminder, as data/content/reminders.yml words it."""
    words = _vocabulary()
    lines = []
    for r in reminders:
        template = words["list_line_once"] if r["once_at"] else words["list_line_daily"]
        lines.append(template.format(kind=words["names"].get(r["kind"], r["kind"]).capitalize(),
                                     time=_shown_time(r), timezone=zone_label(r["timezone"])))
    return "\n".join(lines)


def _shown_time(reminder: dict[str, Any]) -> str:
    """A reminder's time in its own time zone: a one-off one is stored in UTC ("once_at")."""
    once = reminder.get("once_at")
    if not once:
        return str(reminder["local_time"])
    when = once if isinstance(once, dt.datetime) else dt.datetime.fromisoformat(str(once))
    zone = valid_timezone(reminder.get("timezone"), "UTC")
    return when.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone)).strftime("%H:%M")


def response_for(kind: str) -> str:
    return RESPONSES.get(kind, RESPONSES["checkin"])


def parse_in_minutes(text: str) -> int | None:
    """'in 10 minutes' -> 10, 'in an hour' -> 60, 'in 2 hours' -> 120 (at most a day)."""
    lowered = text.lower()
    match = re.search(r"\bin (\d{1,4}|a|an|one|half an?) ?(min(?:ute)?s?|hours?|hrs?|h)\b", lowered)
    if not match:
        return None
    amount = {"a": 1, "an": 1, "one": 1}.get(match.group(1))
    if match.group(1).startswith("half"):
        return 30
    number = amount if amount is not None else int(match.group(1))
    minutes = number * 60 if match.group(2).startswith("h") else number
    return minutes if 0 < minutes <= 24 * 60 else None


# A duration with no "in" before it, as a one-off is moved ("make it 3 hours instead"): the amount, for "in ...".
DURATION_ALONE = re.compile(r"^.*?\b((?:\d{1,4}|a|an|one|half an?) ?(?:min(?:ute)?s?|hours?|hrs?|h))\b.*$")
SHIFT_AMOUNTS = {"a": 60, "an": 60, "one": 60, "two": 120, "three": 180, "half an": 30, "half a": 30, "a half": 30,
                 "quarter of an": 15, "quarter of a": 15, "a quarter of an": 15, "a quarter of a": 15}


def parse_shift(text: str) -> int | None:
    """'push it back half an hour' -> 30, 'an hour earlier' -> -60, 'bring it forward 15 mins' -> -15; None
    without both an amount and a direction (at most a day)."""
    lowered = text.lower()
    words = _vocabulary()["shift"]
    later, earlier = words["later"].search(lowered), words["earlier"].search(lowered)
    amount = words["amount"].search(lowered)
    if amount is None or bool(later) == bool(earlier):
        return None
    if amount.group(3):  # "half an hour", "quarter hour"
        minutes = 30 if amount.group(3) == "half" else 15
    else:
        number, hours = amount.group(1), amount.group(2).startswith("h")
        in_hours = int(number) * 60 if number.isdigit() else SHIFT_AMOUNTS[number]
        minutes = in_hours if hours else in_hours // 60  # "an hour" is 60, "5 mins" 5, "a minute" 1
    if not 0 < minutes <= 24 * 60:
        return None
    return minutes if later else -minutes


def shifted(local_time: str, minutes: int) -> str:
    """'21:00' moved by 30 -> '21:30' (across midnight: the time of day)."""
    hour, minute = (int(part) for part in local_time[:5].split(":"))
    total = (hour * 60 + minute + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


# Which half of the day a time is in, said: "10pm", "22:00", "08:30", "in the morning", "tonight".
HALF_SAID = re.compile(r"\b\d{1,2}(?:[:.h]\d{2})?\s*[ap]\.?m\b|\b(?:0\d|1[3-9]|2[0-3])(?:[:.h]\d{2})?\b|"
                       r"\b(?:morning|afternoon|evening|tonight|night|nite|noon|midday|midnight|lunchtime|bedtime|"
                       r"breakfast|am|pm)\b")


def in_half_of(local_time: str, before: str) -> str:
    """"make that 10" when the reminder was at 21:00: 22:00, the same half of the day as before (a time that
    said its half, or a morning one, is left as it is)."""
    hour, old_hour = int(local_time[:2]), int(before[:2])
    if old_hour >= 12 and hour < 12:
        return f"{hour + 12:02d}{local_time[2:]}"
    return local_time


_CLOCK_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight"
# A time said not to be the one ("at nine fifteen, not nine", "9am not 8"): the old time, not a new one.
NOT_THIS_TIME = re.compile(rf"\b(?:not|rather than|instead of)(?: at)? (?:\d{{1,2}}(?:[:.]\d{{2}})?(?: ?[ap]\.?m\.?)?"
                           rf"|(?:{_CLOCK_WORDS})(?: ?[ap]\.?m\.?| o'?clock)?)(?![\w:])")
# Correcting the time of a reminder just set or changed ("sorry, I mean 9 in the morning", "wait i meant 9 at
# night", "make it 7:30", "no, 10pm").
CORRECTS_TIME = re.compile(r"\b(i mean|i meant|meant|mean|not|make it|make that|instead|actually|sorry|oops|wait|"
                           r"should be|i said)\b|^\W*no\b")


# "at 6 tonight", "this evening at 7", "tomorrow at 9am": once, on that day; "every night", "daily" repeat.
TODAY = re.compile(r"\b(tonight|tonite|this (morning|afternoon|evening)|today|later today)\b")
TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr|tomoz|tommorow|tomorow|tomorrow (morning|afternoon|evening|night))\b")
REPEATS = re.compile(r"\b(every|each|daily|nightly|always|from now on|every ?day|everyday|regularly)\b")


def day_of_a_one_off(lowered: str) -> int | None:
    """0 for a reminder asked for today only ("at 6 tonight"), 1 for tomorrow, None for a daily one."""
    if REPEATS.search(lowered):
        return None
    if TOMORROW.search(lowered):
        return 1
    return 0 if TODAY.search(lowered) else None


# "show my reminders, don't delete anything", "list them all without deleting", "I don't want to cancel any": a removal
# said not to happen, taken out before the words are read (it removed every reminder)
NOT_REMOVING = re.compile(r"\b(don'?t|dont|do not|without|not|never|no need to|no)\s+(\w+\s+){0,3}?(delet|remov|cancel|"
                          r"clear|wip|eras|scrap|drop|get rid|turn (them |it )?off|switch (them |it )?off)\w*"
                          r"(\s+(any|anything|them|it|any of them|all|everything|of them|one|ones))*\b")


def corrects_time(text: str) -> bool:
    """A message that corrects a time just given ("sorry, I mean 9 in the morning, not 8")."""
    return bool(CORRECTS_TIME.search(text.lower().replace("\u2019", "'")))


def read_request(text: str, intent: str | None) -> ReminderRequest:
    """What a reminder message asks for. The words decide; the intent only breaks a tie."""
    lowered = NOT_REMOVING.sub(" ", text.lower().replace("\u2019", "'"))
    vocabulary = _vocabulary()
    without_offset = UTC_OFFSET.sub(" ", lowered)  # "GMT+2" names a zone, not 2 o'clock
    without_offset = NOT_THIS_TIME.sub(" ", without_offset)  # "9 in the morning, not 8": 8 is the old time
    local_time, in_minutes = parse_time(without_offset), parse_in_minutes(without_offset)
    shift = parse_shift(without_offset) if in_minutes is None else None
    if in_minutes is None and shift is None and any(p.search(lowered) for p in vocabulary["operations"]["change"]):
        in_minutes = parse_in_minutes("in " + DURATION_ALONE.sub(r"\1", without_offset)) \
            if DURATION_ALONE.search(without_offset) else None  # "make it 3 hours instead" (a one-off moved)
    if in_minutes is not None or shift is not None:
        local_time = None  # "push it back 1 hour" is not 1 o'clock
    timed = local_time is not None or in_minutes is not None
    kind = next((k for k, patterns in vocabulary["kinds"].items() if any(p.search(lowered) for p in patterns)),
                None)
    matched = {op for op, patterns in vocabulary["operations"].items() if any(p.search(lowered) for p in patterns)}
    if ZONE_NAME_ALONE.match(text.strip()) and parse_timezone(lowered.strip()):
        matched.add("timezone")  # "Europe/London" alone
    timezone = parse_timezone(lowered) if "timezone" in matched else None
    if "timezone" in matched and not timed:
        operation = "timezone"  # the action says so when no zone could be read
    elif "stop" in matched:
        operation = "stop"
    elif "change" in matched and (timed or shift is not None or part_of_day_target(lowered) is not None):
        operation = "change"
    elif "list" in matched and not timed:
        operation = "list"
    elif "set" in matched or timed:
        operation = "set"
    else:
        operation = INTENT_OPERATIONS.get(intent or "", "set")
        if operation == "stop":
            # Reminders are removed only when the words ask for it: the classifier's guess alone ("when I'm home,
            # will my reminders switch to UK time?") shows them, or asks what to change
            operation = "change" if "change" in matched else "list"
    if operation == "stop" and operation_words_every_kind(lowered, vocabulary):
        kind = None
    old_time = None
    if operation == "change" and in_minutes is None:
        # "change the 19:45 one to 20:15", "move my 8am meds reminder to 9am": the time after the last "to" is the
        # new one, a time before it names the reminder ("change my reminder to take meds to 9pm" names none)
        *before, after = re.split(r"\b(?:to|till|until)\b", without_offset)
        new, old = parse_time(after), parse_time(" ".join(before)) if before else None
        if new and old and new != old:
            local_time, old_time = new, old
    unsupported = operation in ("set", "change") and bool(
        vocabulary["unsupported_dates"].search(lowered)
        or (kind is None and operation == "set" and vocabulary["unsupported_things"].search(lowered)))
    # "stop reminding me" means all of them; "remove the sunday one", "cancel that reminder" means one
    single = re.search(r"\bone\b|\b(the|that|this|my|a) ([\w-]+ ){0,2}reminder\b(?!s)", lowered)
    every = operation == "stop" and (operation_words_every_kind(lowered, vocabulary) or not single)
    more = _more_times(without_offset, local_time, kind, vocabulary) if operation == "set" and local_time else ()
    on_day = day_of_a_one_off(lowered) if operation == "set" and local_time and not more else None
    if on_day is not None:  # "tomorrow at 9": a one-off reminder the bot can set, unless another day is named too
        unsupported = bool(vocabulary["unsupported_dates"].search(TOMORROW.sub(" ", lowered))
                           or (kind is None and vocabulary["unsupported_things"].search(lowered)))
    errand = operation in ("set", "change") and kind is None and bool(vocabulary["errands"].search(lowered))
    return ReminderRequest(operation, kind, local_time, in_minutes, timezone, worded=bool(matched),
                           unsupported=unsupported, errand=errand, every_kind=every, more_times=more,
                           old_time=old_time, shift=shift if operation == "change" else None,
                           half_said=bool(HALF_SAID.search(without_offset)), on_day=on_day)


def _more_times(lowered: str, first: str, kind: str | None, vocabulary: dict[str, Any]) -> tuple[str, ...]:
    """"remind me to take my meds at 8am and 8pm": the times after the first, each in its own part of the
    message; a part naming another kind of reminder ("and check in at 9") is not the same request."""
    times: list[str] = []
    for part in re.split(r"\s*(?:,|&|\band\b|\bthen\b|\balso\b|\bplus\b)\s*", lowered)[1:]:
        other_kind = next((k for k, patterns in vocabulary["kinds"].items() if any(p.search(part) for p in patterns)),
                          None)
        at = parse_time(part)
        if at and not HALF_SAID.search(part) and in_half_of(at, "12:00") == first:
            continue  # "in the evening as well, at six o'clock": the same 18:00, said again without its half
        if at and at != first and at not in times and other_kind in (None, kind):
            times.append(at)
    return tuple(times)


# "and checkin at 10pm", "also at 9 at night": one more, right after a reminder was set
ADDS_ANOTHER = re.compile(r"\W*(and|also|plus|oh and|another)\b|.*\b(as well|also|too)\b")


# Right after a reminder was set, changed or removed: "what's set", "what have i got", "list em", "which ones are
# there now": the list.
LIST_AGAIN = re.compile(r"^\W*(so |ok |okay |and |now )?(what'?s (set|left|on there|there)|"
                        r"what (ones )?(have|do) (i|you) (got|have)( (down )?for me)?( now| left| set)?|"
                        r"list (em|them|'em|those)|show (me )?(em|them|'em)|"
                        r"which ones?( are there| are left| do i have| have i got)?( now)?|what'?s on my list)\W*$")


# "London", "new york city": a place named alone, as the answer to "tell me your city or time zone"
PLACE_WORDS = 4
# "cancel that", "delete it", "scrap that one" right after a reminder was set
THAT_ONE_GONE = re.compile(r"^\W*((no|oh|actually|wait|hmm+|sorry)\W+)*(please |pls )?"
                           r"(cancel|stop|delete|remove|scrap|drop|undo|get rid of) (that|it|this)( one)?"
                           r"( please| pls| then| now)?\W*$")


# The part of the day a reminder is named by ("the evening one"); actions/reminders.py has their hours.
PERIOD_WORDS = re.compile(r"\b(morning|afternoon|lunchtime|evening|night|nighttime|bedtime)\b")


def selects_reminder(text: str) -> bool:
    """An answer to "which one?": a time, a kind, a part of the day, or all of them ("the 1pm one", "meds",
    "the evening one", "both")."""
    lowered = text.lower().replace("\u2019", "'")
    request = read_request(lowered, None)
    return bool(request.local_time or request.kind or PERIOD_WORDS.search(lowered)
                or operation_words_every_kind(lowered, _vocabulary()))


def operation_words_every_kind(lowered: str, vocabulary: dict[str, Any]) -> bool:
    """'all my reminders', 'both': the request is about every kind, whatever kinds it names."""
    return bool(vocabulary["every_kind"].search(lowered))


def parse_time(text: str) -> str | None:
    """'8pm', '8:30 pm', '20:00', '9 am', 'noon', 'half eight', 'quarter past ten tonight' -> 'HH:MM'."""
    lowered = text.lower()
    if re.search(r"\bnoon\b|\bmidday\b", lowered):
        return "12:00"
    worded = _worded_time(lowered)
    if worded is not None:
        return worded
    # The clearest time wins over a stray number ("remind me 2 check in at 10pm", "4 times... no, at 8am"):
    # with am/pm or minutes first, then one after "at", then any.
    matches = list(re.finditer(r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?=\W|$)", lowered))
    if not matches:
        return None

    def clarity(found: re.Match[str]) -> int:
        after_at = bool(re.search(r"\b(at|by|for|around|about)\s*$", lowered[:found.start()]))
        return 2 * bool(found.group(3) or found.group(2)) + after_at

    match = max(matches, key=clarity)  # the first of the clearest
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if not half and match.group(2) is None and re.search(r"\b(tonight|evening|night)\b", lowered) and hour < 12:
        hour += 12
    elif not half and 1 <= hour <= 5 and not match.group(1).startswith("0") and not re.search(
            r"\b(morning|early|am|a\.m\.?|wake|waking|breakfast|dawn)\b", lowered):
        hour += 12  # "at 3" for a daily reminder is the afternoon, not a message in the night
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def part_of_day_time(text: str) -> tuple[str, str] | None:
    """'every evening' -> ('evening', '19:00'); 'before bed' -> ('bedtime', '22:00'): the time a reminder asked
    for by a part of the day is set for. None when a clock time is said, or no part of the day."""
    lowered = text.lower().replace("\u2019", "'")
    if parse_time(lowered) is not None or parse_in_minutes(lowered) is not None:
        return None
    for name, time, words in _vocabulary()["part_of_day"]:
        found = words.search(lowered)
        if found and not NOT_THEN.search(lowered[max(0, found.start() - 14):found.start()]):
            return name, time  # (never the part said not to be: "not in the mornings")
    return None


NOT_THEN = re.compile(r"\b(?:not|never|no|n't|anything but|except)\b(?: (?:in|at|on|during|before|after))?"
                      r"(?: the)?\W*$")


# Where a change says what the reminder becomes: "make it before bed", "change my breathing one to every evening".
CHANGED_TO = re.compile(r"\b(?:to|make it|make that|move it|instead|into|switch it)\b"
                        r"(?!.*\b(?:to|make it|make that)\b)(.*)$")


def part_of_day_target(text: str) -> tuple[str, str] | None:
    """The part of the day a change moves a reminder to ("make it before bed" -> ('bedtime', '22:00')), read after
    the words that say what it becomes ("change the evening one" names the reminder, not its new time)."""
    found = CHANGED_TO.search(text.lower().replace("\u2019", "'"))
    return part_of_day_time(found.group(1)) if found and found.group(1).strip() else None


def _evening(lowered: str) -> bool:
    return bool(re.search(r"\b(tonight|evening|night|nite|pm|afternoon)\b", lowered))


WORDED_MINUTES = {"fifteen": 15, "thirty": 30, "forty five": 45, "o five": 5, "ten": 10, "twenty": 20, "forty": 40,
                  "fifty": 50}


def _worded_time(lowered: str) -> str | None:
    """'half eight', 'half past seven in the evening', 'quarter to nine', 'at seven', 'ten o'clock'."""
    words = _vocabulary()["hour_words"]
    hour_pattern = r"(\d{1,2}|" + "|".join(words) + r")"
    forms = [
        (r"\bhalf past " + hour_pattern + r"\b", 30, 0),
        (r"\bquarter past " + hour_pattern + r"\b", 15, 0),
        (r"\bquarter to " + hour_pattern + r"\b", 45, -1),
        (r"\bhalf " + hour_pattern + r"\b", 30, 0),
        (r"\b" + hour_pattern + r" o'?clock\b", 0, 0),
        # "nine fifteen", "seven thirty", "eight forty-five"
        (r"\b(" + "|".join(words) + r") (fifteen|thirty|forty[- ]five|o five|ten|twenty|forty|fifty)\b", None, 0),
        (r"\bat (" + "|".join(words) + r")\b", 0, 0),
    ]
    for pattern, minute, shift in forms:
        match = re.search(pattern, lowered)
        if not match:
            continue
        if minute is None:
            minute = WORDED_MINUTES[match.group(2).replace("-", " ")]
        token = match.group(1)
        hour = int(token) if token.isdigit() else words[token]
        hour = (hour + shift) % 12 or 12 if shift else hour
        if hour > 12:
            return f"{hour:02d}:{minute:02d}" if hour < 24 else None
        if _evening(lowered) and hour < 12:
            hour += 12
        elif re.search(r"\b(morning|am)\b", lowered) and hour == 12:
            hour = 0
        return f"{hour:02d}:{minute:02d}"
    return None


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


def due_once(once_at: dt.datetime, last_sent_on: dt.date | None, now_utc: dt.datetime) -> dt.date | None:
    """A one-off reminder (``once_at`` in UTC) is due from its time until GRACE after it, once."""
    if last_sent_on is not None or now_utc < once_at or now_utc - once_at > GRACE:
        return None
    return now_utc.date()
