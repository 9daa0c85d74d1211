"""Shared helpers for actions: the store (created on first use) and the user's consent."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.wording import wording
from bot.core.form_replies import (
    ANSWER,
    BACK,
    DISMISS,
    GREETING,
    QUESTION,
    SKIP,
    WAIT,
    asks_something,
    is_keyboard_mash,
    is_test_word,
    just_acknowledges,
    kind_of_reply,
)
from bot.core.safety.aftercare import aftercare_active, user_turns_after
from bot.store import Store, StoreUnavailable

logger = logging.getLogger(__name__)
_store: Store | None = None


def get_store() -> Store:
    """The action server's store; created on first use, never at import time."""
    global _store
    if _store is None:
        _store = Store.from_settings()
    return _store


def set_store(store: Store | None) -> None:
    """Replace the store (tests, or a server that builds its own)."""
    global _store
    _store = store


def consent_answer(tracker: Tracker) -> bool | None:
    """The person's answer about storage: True, False, or None when they have not answered yet."""
    slot = tracker.get_slot("consent")
    if slot is not None:
        return bool(slot)
    try:
        return get_store().people.get_consent(tracker.sender_id)
    except StoreUnavailable:
        return None


def has_consent(tracker: Tracker) -> bool:
    """Whether the user agreed to storage: the slot first, then the database."""
    return consent_answer(tracker) is True


def in_aftercare(tracker: Tracker) -> bool:
    """Whether the conversation is in a crisis reply's aftercare (bot/core/safety/aftercare.py): no stage
    prompts, no questionnaire offers, no business as usual."""
    crisis_at = tracker.get_slot("crisis_at")
    events = [(e.get("event", ""), float(e.get("timestamp") or 0)) for e in tracker.events]
    return aftercare_active(crisis_at, user_turns_after(crisis_at, events))


def slot_before_latest_message(tracker: Tracker, name: str) -> Any:
    """The value ``name`` had before the latest user message (a from_intent mapping may have changed it)."""
    events = tracker.events
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    value = None
    for event in events[:latest_user]:
        if event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def bot_replies_before_latest(tracker: Tracker) -> list[Dict[str, Any]]:
    """The bot's messages between the person's previous message and the latest one, oldest first (what the latest
    message answers)."""
    events = tracker.events
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    replies: list[Dict[str, Any]] = []
    for event in reversed(events[:latest]):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            replies.insert(0, event)
    return replies


# The new text of a correction ("change the last one to my sister jess", "change that to: ask Dave to keep my keys").
NEW_ANSWER = re.compile(r"\b(?:change|make) (?:the last one|that|it|my last answer)(?: to)?\W*:?\s+"
                        r"(?!be\b|(?:please|pls|plz|now|back|again|thanks|for me)\W*$)(.+?)(?:\s+instead)?$",
                        re.IGNORECASE)


def form_reply(slot: str, value: Any, order: Sequence[str], dispatcher: CollectingDispatcher,
               skippable: bool = False, free_text: bool = False) -> Dict[str, Any] | None:
    """What a form keeps for a reply that is not an answer, or None when it is one.

    A request to explain ("what do you mean?", "examples?") gets the step's examples (utter_help_<slot>)
    and the same question again; "go back" clears this step and the one before, so the form asks that;
    in a ``skippable`` step, "skip" leaves it empty (the plans' empty answer) and the form goes on; in a
    ``free_text`` step, "ok", "cool" or "yes" alone, or a keyboard mash ("asdfghjkl"), is no answer: the examples
    and the same question."""
    kind = kind_of_reply(str(value or ""))
    if free_text and kind == ANSWER and (just_acknowledges(str(value or "")) or is_keyboard_mash(str(value or ""))
                                         or re.fullmatch(r"\s*\d{1,2}([.,]\d+)?\s*(/\s*10)?\s*", str(value or ""))):
        # "ok", "asdfgh", or a number alone ("8": a check-in answer typed into a plan) is no answer; a phone number or
        # a line's short number ("988", "116 123") is one (the people or the professionals to call)
        kind = QUESTION
    if kind == SKIP and skippable:
        return {slot: wording("plans", "empty_answer")}
    if kind == QUESTION:
        dispatcher.utter_message(response=f"utter_help_{slot}")
        return {slot: None}
    if kind == WAIT:
        dispatcher.utter_message(response="utter_take_your_time")
        return {slot: None}
    if kind == GREETING:
        dispatcher.utter_message(response="utter_hello_in_form")  # "hello" mid check-in: hello back, the step again
        return {slot: None}
    if free_text and kind == ANSWER and is_test_word(str(value or "")):
        kind = DISMISS  # "banana", "potato": typed to test the bot, never stored as a plan's answer
    if kind == DISMISS and free_text:
        dispatcher.utter_message(response="utter_not_an_answer")  # skip or stop offered, then the same step
        return {slot: None}
    if kind == ANSWER and free_text and asks_something(str(value or "")):
        # "wait, who sees this plan?": a question of their own, never stored as the answer; then the same step
        dispatcher.utter_message(response="utter_question_kept_out")
        return {slot: None}
    if kind == BACK:
        index = list(order).index(slot)
        if re.search(r"\b(first|start|over|again|restart|top|beginning)\b", str(value or "").lower()):
            # "can I change my first answer?", "start over": back to the first step
            return {step: None for step in order[:index + 1]}
        if index == 0:
            return {slot: None}
        instead = NEW_ANSWER.search(str(value or "").strip()) if free_text else None
        changed = instead.group(1).strip(" .!") if instead else ""
        if changed:
            # "no wait, change the last one to my sister jess": the answer before replaced, this step asked again
            dispatcher.utter_message(text=wording("plans", "changed_answer").format(value=changed))
            return {slot: None, order[index - 1]: changed}
        return {slot: None, order[index - 1]: None}
    return None
