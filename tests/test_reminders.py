"""Reminder times and when a reminder is due."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.reminders import (
    LIST_AGAIN,
    due_local_date,
    due_once,
    in_half_of,
    parse_shift,
    parse_time,
    read_request,
    selects_reminder,
    shifted,
    states_a_timezone,
    valid_timezone,
    zone_label,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("remind me at 8pm", "20:00"), ("remind me at 8:30 pm", "20:30"), ("daily reminder at 20:00", "20:00"),
    ("9 am please", "09:00"), ("12am", "00:00"), ("12pm", "12:00"), ("at noon", "12:00"),
    ("remind me tonight at 9", "21:00"), ("reminder 7.45", "07:45"), ("remind me", None), ("at 25:00", None),
    # a bare early hour is the afternoon (a daily message at 03:00 would wake someone), unless said otherwise
    ("remind me at 3", "15:00"), ("change it to 4:30", "16:30"), ("at 5am", "05:00"), ("at 03:00", "03:00"),
    ("at 5 in the morning", "05:00"), ("when I wake up at 5", "05:00"),
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


@pytest.mark.parametrize(("text", "operation", "kind", "local_time", "minutes"), [
    ("chnage breathing to 6pm", "change", "coping", "18:00", None),
    ("remind me at 8pm", "set", None, "20:00", None),
    ("could you add a pill reminder for 10 at night", "set", "medication", "22:00", None),
    ("please remind me about my tablets at half seven in the morning", "set", "medication", "07:30", None),
    ("nudge me to journal at 21:15, set a reminder", "set", "coping", "21:15", None),
    ("remind me in 25 minutes to check in", "set", "checkin", None, 25),
    ("remind me in an hour", "set", None, None, 60),
    ("which reminders are set?", "list", None, None, None),
    ("when will you remind me?", "list", None, None, None),
    ("move it to 6:45am", "change", None, "06:45", None),
    ("can the medication one be at nine pm instead", "change", "medication", "21:00", None),
    ("turn off the pill reminder", "stop", "medication", None, None),
    ("get rid of all my reminders", "stop", None, None, None),
    ("switch off both the pill and the check-in reminders", "stop", None, None, None),
    ("remind me every day to take my quetiapine at 10pm", "set", "medication", "22:00", None),
    ("reminder for my antidepressants at 7am pls", "set", "medication", "07:00", None),
    ("remove the 10pm reminder", "stop", None, "22:00", None),
    # a work shift is no change of a reminder; shifting one is
    ("nudge me at 6am before my shift to take my tablets", "set", "medication", "06:00", None),
    ("shift it to 9pm", "change", None, "21:00", None),
])
def test_reminder_requests_are_read_from_the_words(text: str, operation: str, kind: str | None,
                                                   local_time: str | None, minutes: int | None) -> None:
    request = read_request(text, None)
    assert (request.operation, request.kind, request.local_time, request.in_minutes) == (
        operation, kind, local_time, minutes)


def test_the_words_outrank_the_classifier() -> None:
    # "what reminders do I have?" never deletes them, whatever the intent classifier thought.
    assert read_request("what reminders have I got", "stop_reminders").operation == "list"
    assert read_request("ok", "list_reminders").operation == "list"


def test_a_daily_one_at_a_time_asks_for_a_reminder_in_so_many_words() -> None:
    # after "I can only set daily reminders": "fine, a daily one at 7pm then" is the request, not a time told
    request = read_request("Fine, a daily one at 7pm then", "inform")
    assert (request.operation, request.worded, request.local_time) == ("set", True, "19:00")
    assert not read_request("I take them every day at 8", "inform").worded


@pytest.mark.parametrize(("text", "zone"), [
    ("my time zone is Europe/Berlin", "Europe/Berlin"), ("timezone: new york", "America/New_York"),
    ("my timezone is tokyo", "Asia/Tokyo"), ("my time zone is somewhere nice", None),
])
def test_time_zone_by_name_or_city(text: str, zone: str | None) -> None:
    request = read_request(text, None)
    assert request.timezone == zone
    assert request.operation == "timezone"


def test_one_off_reminder_is_due_once() -> None:
    at = dt.datetime(2026, 11, 25, 12, 0)
    assert due_once(at, None, dt.datetime(2026, 11, 25, 11, 59)) is None
    assert due_once(at, None, dt.datetime(2026, 11, 25, 12, 1)) == dt.date(2026, 11, 25)
    assert due_once(at, dt.date(2026, 11, 25), dt.datetime(2026, 11, 25, 12, 1)) is None


@pytest.mark.parametrize("text", [
    "remind me about my therapy appointment on friday at 3", "can you remind me i have the dentist tomorrow",
    "set a reminder for my psychiatrist appt on the 14th", "remind me about the meeting on monday",
])
def test_a_reminder_of_an_appointment_or_a_date_is_not_taken_for_a_checkin_reminder(text: str) -> None:
    request = read_request(text, None)
    assert request.unsupported and request.kind is None


@pytest.mark.parametrize("text", [
    "and a check-in reminder on sundays, say 6pm", "remind me to take my meds on friday at 9",
    "can the check-in one be once a month instead?",
])
def test_a_reminder_for_a_day_or_repeating_weekly_is_not_taken_for_a_daily_one(text: str) -> None:
    assert read_request(text, None).unsupported


@pytest.mark.parametrize(("text", "every"), [
    ("remove the sunday one", False), ("stop all my reminders", True), ("no more reminders please", True),
    ("turn off the pill reminder", False), ("cancel the check-in reminder", False),
    ("stop my daily check-in reminder", False),
])
def test_stopping_every_reminder_needs_words_for_all_of_them(text: str, every: bool) -> None:
    assert read_request(text, None).every_kind is every


@pytest.mark.parametrize("text", [
    "remind me to take my meds before my appointment at 4", "remind me to check in every evening at 9",
    "remind me at 8pm",
])
def test_a_reminder_of_a_kind_the_bot_sends_is_supported(text: str) -> None:
    assert not read_request(text, None).unsupported


@pytest.mark.parametrize(("text", "zone"), [("my time zone is GMT+2", "Etc/GMT-2"),
                                           ("my timezone is utc-5", "Etc/GMT+5")])
def test_a_utc_offset_is_a_time_zone_not_a_reminder_time(text: str, zone: str) -> None:
    request = read_request(text, None)
    assert (request.operation, request.timezone, request.local_time) == ("timezone", zone, None)
    assert zone_label(request.timezone) == text.split()[-1].upper().replace("GMT", "UTC")  # as people write it


@pytest.mark.parametrize(("text", "zone"), [("I'm on Lisbon time", "Europe/Lisbon"),
                                           ("use Tokyo time for my reminders please", "Asia/Tokyo"),
                                           ("we're on new york time here", "America/New_York")])
def test_a_place_s_time_is_a_time_zone(text: str, zone: str) -> None:
    request = read_request(text, None)
    assert (request.operation, request.timezone) == ("timezone", zone) and states_a_timezone(text)


@pytest.mark.parametrize("text", ["i'm in a bad place at the time", "i am in no mood this time"])
def test_time_words_without_a_place_are_no_time_zone(text: str) -> None:
    assert not states_a_timezone(text)


@pytest.mark.parametrize(("text", "first", "more"), [
    ("remind me to take my meds at 8am and 8pm", "08:00", ("20:00",)),
    ("twice a day 8am and 8pm for my pills", "08:00", ("20:00",)),
    ("remind me to take meds at 8am, 2pm and 10pm", "08:00", ("14:00", "22:00")),
    ("remind me at 8pm", "20:00", ()),
])
def test_several_times_in_one_request_are_a_reminder_each(text: str, first: str, more: tuple[str, ...]) -> None:
    request = read_request(text, None)
    assert (request.operation, request.local_time, request.more_times) == ("set", first, more)


@pytest.mark.parametrize(("text", "time"), [("remind me 2 check in at 10pm", "22:00"),
                                           ("remind me to take my meds 4 times... no just at 8am", "08:00"),
                                           ("remind me to take 2 pills at 9", "09:00")])
def test_the_clearest_time_wins_over_a_stray_number(text: str, time: str) -> None:
    assert parse_time(text) == time


def test_a_one_off_reminder_is_listed_in_its_own_time_zone() -> None:
    from bot.core.reminders import list_text

    listed = list_text([{"kind": "medication", "local_time": "12:50", "timezone": "America/New_York",
                         "once_at": dt.datetime(2026, 12, 3, 12, 50)}])
    assert "07:50" in listed and "12:50" not in listed


@pytest.mark.parametrize(("text", "errand"), [("remind me in 1 minute to drink water", True),
                                              ("remind me to call my mum at 6pm", True),
                                              ("remind me to take my meds at 9", False),
                                              ("remind me to go for a walk at 5", False),
                                              ("remind me in 10 minutes", False)])
def test_an_errand_is_none_of_the_three_kinds(text: str, errand: bool) -> None:
    assert read_request(text, "set_reminder").errand is errand


@pytest.mark.parametrize(("text", "time"), [("at nine fifteen, not nine", "09:15"), ("9am not 8am", "09:00"),
                                            ("the evening one should be at nine fifteen, not nine", "21:15"),
                                            ("remind me at seven thirty pm", "19:30")])
def test_the_time_said_is_the_one_not_the_one_said_not_to_be(text: str, time: str) -> None:
    request = read_request(text, None)
    assert request.local_time == time and request.more_times == ()


def test_the_place_someone_is_in_gives_the_time_zone_of_its_city_or_of_its_country() -> None:
    from bot.core.reminders import place_timezone
    assert place_timezone("im in sydney btw", "AU") == "Australia/Sydney"
    assert place_timezone("I'm in New York", "US") == "America/New_York"
    assert place_timezone("I live in Edinburgh, so it should be British time.", "GB") == "Europe/London"
    assert place_timezone("I'm in Canada", "CA") is None  # six zones: the city, or the person, says which


@pytest.mark.parametrize(("text", "zone"), [
    ("I'm on EST", "America/New_York"), ("my time zone is PST", "America/Los_Angeles"),
    ("use pacific time for my reminders", "America/Los_Angeles"), ("we're on CET", "Europe/Paris"),
    ("I live in central London", "Europe/London"),  # "central" alone is no zone (Canada/Central is an old link)
    ("remind me at 8pm eastern time", "America/New_York"),
])
def test_zone_abbreviations_and_regional_names_are_read(text: str, zone: str) -> None:
    from bot.core.reminders import parse_timezone
    assert parse_timezone(text) == zone


@pytest.mark.parametrize("text", ["I'm on EST", "my time zone is PST", "we are on central time"])
def test_saying_which_abbreviated_zone_one_is_on_is_a_time_zone_request(text: str) -> None:
    from bot.core.reminders import read_request
    request = read_request(text, None)
    assert request.operation == "timezone" and request.timezone is not None


@pytest.mark.parametrize("text", ["I fly back to London on the 20th. When I'm home, will my reminders switch to UK?",
                                  "will my reminders change when the clocks go back?",
                                  "what happens to my reminders at the weekend?"])
def test_a_guessed_stop_never_removes_reminders(text: str) -> None:
    """Only words that ask for it remove reminders: a question the classifier heard as a stop shows them."""
    assert read_request(text, "stop_reminders").operation in ("list", "change")


def test_words_that_ask_for_it_still_remove_them() -> None:
    assert read_request("please stop all my reminders", "stop_reminders").operation == "stop"


@pytest.mark.parametrize(("text", "minutes"), [("push it back half an hour", 30), ("can you make it an hour later", 60),
                                               ("bring it forward 15 mins", -15), ("delay it by 45 min", 45),
                                               ("2 hrs earlier pls", -120), ("a quarter of an hour later", 15),
                                               ("move it forward an hour", None), ("remind me in 10 minutes", None),
                                               ("later today maybe", None)])
def test_moving_a_reminder_by_an_amount_needs_an_amount_and_a_direction(text: str, minutes: int | None) -> None:
    assert parse_shift(text) == minutes
    request = read_request(text, None)
    if minutes is not None:
        assert request.operation == "change" and request.shift == minutes and request.local_time is None


def test_a_moved_time_wraps_around_midnight_and_a_bare_hour_keeps_its_half_of_the_day() -> None:
    assert shifted("23:45", 30) == "00:15" and shifted("00:10", -15) == "23:55"
    assert in_half_of("10:00", "21:00") == "22:00" and in_half_of("10:00", "08:00") == "10:00"
    assert not read_request("make that 10", None).half_said and read_request("make it 10 tonight", None).half_said


@pytest.mark.parametrize(("text", "selects"), [("the 1pm one", True), ("the evening one", True), ("meds", True),
                                               ("both", True), ("never mind", False), ("what?", False)])
def test_an_answer_to_which_reminder_names_one(text: str, selects: bool) -> None:
    assert selects_reminder(text) is selects


@pytest.mark.parametrize(("text", "zone"), [("Europe/London", "Europe/London"),
                                            ("America/New_York.", "America/New_York"), ("and/or", None)])
def test_a_zone_name_alone_is_a_time_zone(text: str, zone: str | None) -> None:
    assert states_a_timezone(text) is (zone is not None)
    assert read_request(text, None).timezone == zone


@pytest.mark.parametrize(("text", "lists"), [("what's set", True), ("what have i got", True), ("list em", True),
                                             ("what have you got down for me?", True),
                                             ("what have i got to lose", False)])
def test_asking_for_the_list_again_in_a_few_words(text: str, lists: bool) -> None:
    assert bool(LIST_AGAIN.match(text.lower())) is lists


def test_a_time_said_again_without_its_half_of_the_day_is_not_a_second_reminder() -> None:
    request = read_request("remind me in the evening as well, at six o'clock", None)
    assert request.local_time == "18:00" and request.more_times == ()
    assert read_request("remind me at 9am and 9pm", None).more_times == ("21:00",)


@pytest.mark.parametrize(("text", "on_day", "unsupported"), [
    ("remind me to take my meds at 6 tonight", 0, False),
    ("remind me at 7 this evening to do my breathing", 0, False),
    ("remind me tomorrow at 9am to take my pills", 1, False),
    ("tmrw at 8 remind me to check in", 1, False),
    ("remind me to check in at 8pm every night", None, False),
    ("remind me to check in at 8pm", None, False),
    ("remind me at 9 tomorrow about my appointment", 1, True),  # an appointment is not a kind the bot reminds of
    ("remind me on friday at 9 to take meds", None, True),
])
def test_tonight_and_tomorrow_ask_for_a_one_off_reminder(text: str, on_day: int | None, unsupported: bool) -> None:
    request = read_request(text, "set_reminder")
    assert (request.operation, request.on_day, request.unsupported) == ("set", on_day, unsupported)


@pytest.mark.parametrize(("text", "operation"), [
    ("can you show me my reminders, don't delete anything", "list"),
    ("can I see all my reminders please, I don't want to cancel any", "list"),
    ("show my reminders but don't remove them", "list"),
    ("delete my reminders", "stop"), ("don't remind me anymore", "stop"),
])
def test_a_removal_said_not_to_happen_never_removes(text: str, operation: str) -> None:
    assert read_request(text, "stop_reminders").operation == operation


@pytest.mark.parametrize(("text", "part"), [
    ("every evening", ("the evening", "19:00")),
    ("b4 bed... i mean before i go to sleep", ("bedtime", "22:00")),
    ("with breakfast", ("the morning", "09:00")),
    ("remind me to check in at 8 in the evening", None),   # a clock time is said: it is the time
    ("remind me in 20 minutes, it's the evening", None),
    ("remind me to check in", None),
])
def test_a_part_of_the_day_has_a_time_picked_for_it(text: str, part: tuple[str, str] | None) -> None:
    from bot.core.reminders import part_of_day_time

    assert part_of_day_time(text) == part


@pytest.mark.parametrize(("text", "part"), [
    ("actually make it before bed", ("bedtime", "22:00")),
    ("change my breathing one to every evening", ("the evening", "19:00")),
    ("change the evening one", None),          # names the reminder, not its new time
    ("change the evening one to 9pm", None),   # a clock time: that is the time
])
def test_a_change_to_a_part_of_the_day_is_read_after_what_it_becomes(text: str, part: tuple[str, str] | None) -> None:
    from bot.core.reminders import part_of_day_target

    assert part_of_day_target(text) == part


def test_a_part_of_the_day_said_not_to_be_is_not_picked() -> None:
    from bot.core.reminders import part_of_day_time

    assert part_of_day_time("not in the mornings") is None
