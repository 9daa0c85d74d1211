"""Everyday dialogue over REST on the running stack: medication questions and reminders.

Phrasings come from tests/e2e/everyday_phrasings.yml, written apart from the training data."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.stack import Stack, texts

pytestmark = pytest.mark.rasa

PHRASINGS: dict[str, list[str]] = yaml.safe_load((Path(__file__).parent / "everyday_phrasings.yml").read_text())
MEDICATION_ANSWER = ("prescriber", "note this question")
BERLIN = {"metadata": {"timezone": "Europe/Berlin"}}


def consented(stack: Stack) -> str:
    sender = f"everyday-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "hi")
    assert "keep your check-ins" in texts(stack.say(sender, "/give_consent"))
    return sender


def say(stack: Stack, sender: str, message: str, **extra: Any) -> str:
    reply = texts(stack.say(sender, message, **extra))
    assert "None" not in reply and reply.strip(), reply
    return reply


# Share of held-out phrasings each behaviour must get right (measured: see the issue note); a check per
# phrasing would make one unusual wording fail the build, a share still catches any regression.
MIN_SHARE = 0.8


def share_ok(stack: Stack, group: str, check: Any) -> None:
    failures = []
    for message in PHRASINGS[group]:
        problem = check(message)
        if problem:
            failures.append((message, problem))
    share = 1 - len(failures) / len(PHRASINGS[group])
    print(f"{group}: {share:.0%} of {len(PHRASINGS[group])} held-out phrasings")
    for message, problem in failures:
        print(f"  missed: {message!r} -> {problem[:160]!r}")
    assert share >= MIN_SHARE, failures


def test_medication_questions_get_the_prescriber_answer(stack: Stack) -> None:
    def check(question: str) -> str | None:
        reply = say(stack, f"med-{uuid.uuid4().hex[:10]}", question)
        ok = all(part in reply for part in MEDICATION_ANSWER) and "911" in reply  # and the urgent route
        return None if ok else reply
    share_ok(stack, "medication", check)


def test_a_medication_question_is_noted_for_the_appointment_and_shown_later(stack: Stack) -> None:
    sender = consented(stack)
    say(stack, sender, "should I stop my lithium now that I feel good?")
    assert "Noted for your next appointment" in say(stack, sender, "/note_for_appointment")
    assert "should I stop my lithium" in say(stack, sender, "my questions for the doctor")


def test_without_consent_nothing_is_noted(stack: Stack) -> None:
    sender = f"med-{uuid.uuid4().hex[:10]}"
    say(stack, sender, "can i double my sertraline if i missed one?")
    assert "store my check-ins" in say(stack, sender, "/note_for_appointment")


def test_reminders_of_several_kinds_listed_changed_and_removed(stack: Stack) -> None:
    sender = consented(stack)
    reply = say(stack, sender, "can you also remind me to take my meds at 9am?", **BERLIN)
    assert "medication reminder every day at 09:00 (Europe/Berlin)" in reply
    assert "check-in reminder every day at 20:00" in say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    listed = say(stack, sender, "what reminders do I have?", **BERLIN)
    assert "09:00" in listed and "20:00" in listed  # listing never deletes them
    assert "check-in reminder is now every day at 19:30" in say(stack, sender, "change it to 7:30pm", **BERLIN)
    assert "medication reminder is off" in say(stack, sender, "stop the medication reminder", **BERLIN)
    listed = say(stack, sender, "show my reminders", **BERLIN)
    assert "19:30" in listed and "09:00" not in listed
    assert "once" in say(stack, sender, "remind me in 10 minutes", **BERLIN)


def test_without_a_time_zone_the_bot_says_which_it_used_and_takes_the_persons(stack: Stack) -> None:
    sender = consented(stack)
    reply = say(stack, sender, "remind me to check in at 8pm")
    assert "20:00 (UTC)" in reply and "time zone" in reply
    assert "Europe/London" in say(stack, sender, "my time zone is Europe/London")
    assert "Europe/London" in say(stack, sender, "what reminders do I have?")


def test_reminders_need_consent_and_say_so_truly(stack: Stack) -> None:
    sender = f"everyday-{uuid.uuid4().hex[:10]}"
    reply = say(stack, sender, "remind me to take my pills at 9pm")
    assert "Is that okay" in reply and "you asked me not to" not in reply


def test_listing_phrasings_list_and_keep(stack: Stack) -> None:
    def check(message: str) -> str | None:
        sender = consented(stack)
        say(stack, sender, "remind me to check in at 8pm", **BERLIN)
        reply = say(stack, sender, message, **BERLIN)
        kept = "20:00" in say(stack, sender, "what reminders do I have?", **BERLIN)
        return None if "20:00" in reply and kept else reply
    share_ok(stack, "list_reminders", check)


def test_medication_reminder_phrasings(stack: Stack) -> None:
    def check(message: str) -> str | None:
        reply = say(stack, consented(stack), message, **BERLIN)
        return None if "medication reminder" in reply else reply
    share_ok(stack, "set_medication_reminder", check)


def test_checkin_reminder_phrasings(stack: Stack) -> None:
    def check(message: str) -> str | None:
        reply = say(stack, consented(stack), message, **BERLIN)
        return None if "check-in reminder every day at" in reply else reply
    share_ok(stack, "set_checkin_reminder", check)


def test_change_phrasings(stack: Stack) -> None:
    def check(message: str) -> str | None:
        sender = consented(stack)
        say(stack, sender, "remind me to check in at 8pm", **BERLIN)
        say(stack, sender, "remind me to take my meds at 9am", **BERLIN)
        reply = say(stack, sender, message, **BERLIN)
        return None if "is now every day at" in reply else reply
    share_ok(stack, "change_reminder_time", check)


def stop_check(stack: Stack, left: str, gone: tuple[str, ...]) -> Any:
    """After a check-in (20:00) and a medication (09:00) reminder, ``message`` leaves ``left`` only."""
    def check(message: str) -> str | None:
        sender = consented(stack)
        say(stack, sender, "remind me to check in at 8pm", **BERLIN)
        say(stack, sender, "remind me to take my meds at 9am", **BERLIN)
        say(stack, sender, message, **BERLIN)
        listed = say(stack, sender, "what reminders do I have?", **BERLIN)
        return None if left in listed and not any(g in listed for g in gone) else listed
    return check


def test_stop_one_kind_phrasings(stack: Stack) -> None:
    share_ok(stack, "stop_medication_reminder", stop_check(stack, "20:00", ("09:00",)))


def test_stop_all_phrasings(stack: Stack) -> None:
    share_ok(stack, "stop_all_reminders", stop_check(stack, "don't have any reminders", ("09:00", "20:00")))


def test_any_clear_yes_deletes(stack: Stack) -> None:
    def check(message: str) -> str | None:
        sender = consented(stack)
        say(stack, sender, "remind me to check in at 8pm", **BERLIN)
        assert "sure" in say(stack, sender, "delete my data").lower()
        reply = say(stack, sender, message)
        listed = say(stack, sender, "what reminders do I have?", **BERLIN)
        return None if "sure" not in reply.lower() and "don't have any reminders" in listed else reply
    share_ok(stack, "delete_confirm_yes", check)
