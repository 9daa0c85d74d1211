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


@pytest.mark.parametrize("question", PHRASINGS["medication"])
def test_medication_questions_get_the_prescriber_answer(stack: Stack, question: str) -> None:
    reply = say(stack, f"med-{uuid.uuid4().hex[:10]}", question)
    for part in MEDICATION_ANSWER:
        assert part in reply, (question, reply)
    assert "911" in reply  # the emergency route for an urgent problem


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


@pytest.mark.parametrize("message", PHRASINGS["list_reminders"])
def test_listing_phrasings_list_and_keep(stack: Stack, message: str) -> None:
    sender = consented(stack)
    say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    assert "20:00" in say(stack, sender, message, **BERLIN), message
    assert "20:00" in say(stack, sender, "what reminders do I have?", **BERLIN)


@pytest.mark.parametrize("message", PHRASINGS["set_medication_reminder"])
def test_medication_reminder_phrasings(stack: Stack, message: str) -> None:
    sender = consented(stack)
    assert "medication reminder" in say(stack, sender, message, **BERLIN), message


@pytest.mark.parametrize("message", PHRASINGS["set_checkin_reminder"])
def test_checkin_reminder_phrasings(stack: Stack, message: str) -> None:
    sender = consented(stack)
    assert "check-in reminder every day at" in say(stack, sender, message, **BERLIN), message


@pytest.mark.parametrize("message", PHRASINGS["change_reminder_time"])
def test_change_phrasings(stack: Stack, message: str) -> None:
    sender = consented(stack)
    say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    reply = say(stack, sender, message, **BERLIN)
    assert "is now every day at" in reply, (message, reply)


@pytest.mark.parametrize("message", PHRASINGS["stop_medication_reminder"])
def test_stop_one_kind_phrasings(stack: Stack, message: str) -> None:
    sender = consented(stack)
    say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    say(stack, sender, "remind me to take my meds at 9am", **BERLIN)
    say(stack, sender, message, **BERLIN)
    listed = say(stack, sender, "what reminders do I have?", **BERLIN)
    assert "20:00" in listed and "09:00" not in listed, (message, listed)


@pytest.mark.parametrize("message", PHRASINGS["stop_all_reminders"])
def test_stop_all_phrasings(stack: Stack, message: str) -> None:
    sender = consented(stack)
    say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    say(stack, sender, "remind me to take my meds at 9am", **BERLIN)
    say(stack, sender, message, **BERLIN)
    assert "don't have any reminders" in say(stack, sender, "what reminders do I have?", **BERLIN), message


@pytest.mark.parametrize("message", PHRASINGS["delete_confirm_yes"])
def test_any_clear_yes_deletes(stack: Stack, message: str) -> None:
    sender = consented(stack)
    say(stack, sender, "remind me to check in at 8pm", **BERLIN)
    assert "sure" in say(stack, sender, "delete my data").lower()
    reply = say(stack, sender, message)
    assert "sure" not in reply.lower(), (message, reply)
    assert "don't have any reminders" in say(stack, sender, "what reminders do I have?", **BERLIN), message
