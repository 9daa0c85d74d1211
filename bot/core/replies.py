"""Replies a channel sends without Rasa, worded in domain.yml like every other reply."""

from __future__ import annotations

from typing import Any

from bot.content.responses import domain_responses
from bot.core.form_answers import asks_for_the_lines
from bot.core.safety.reply import crisis_slot_values, filled, render_crisis_reply
from bot.core.safety.screen import screen_message


def domain_text(name: str) -> str:
    """The first variation's text of a response in domain.yml."""
    return domain_responses()[name][0]["text"]


def domain_buttons(name: str) -> list[dict[str, str]]:
    """The first variation's buttons of a response in domain.yml."""
    return list(domain_responses()[name][0].get("buttons", []))


def crisis_help_text(country: str | None) -> str:
    """utter_crisis_help for a country: the general crisis line, emergency number and text option (the
    variation with the lines alone, for the widget's "Need help now?" panel and when Rasa cannot answer)."""
    return filled(domain_responses()["utter_crisis_help"][-1]["text"], crisis_slot_values("general", country))


def _crisis_reply(text: str | None, country: str | None, response: str = "utter_crisis") -> dict[str, Any] | None:
    """The crisis reply (or ``response``, another of the crisis sequence) when the screen finds the message needs
    it, else None."""
    assessment = screen_message(text)
    return render_crisis_reply(assessment.category, country, response) if assessment.is_crisis else None


def warm_up() -> None:
    """Load the safety screen (patterns, spaCy, the risk classifier) before the first message, so that the first
    crisis a side screens itself is not held up by the loading."""
    screen_message("hello")


def crisis_reply(text: str | None, country: str | None, recent: bool = False) -> dict[str, Any] | None:
    """The crisis reply (text and buttons) when the screen finds the message needs it, else None: what a side
    sends itself when Rasa is slow to answer a crisis. ``recent``: this conversation had one in the last minutes
    ("I'm not safe" after it), so the escalation (the emergency number first, away from the means, someone with
    them), as Rasa would say, not the first reply again."""
    reply = _crisis_reply(text, country, "utter_crisis_escalate" if recent else "utter_crisis")
    return {"text": reply["text"], "buttons": reply["buttons"]} if reply else None


def fail_safe_reply(text: str | None, country: str | None) -> dict[str, Any]:
    """What to send when Rasa did not answer: the crisis reply if the message needs it."""
    reply = crisis_reply(text, country)
    if reply:
        return reply
    if text and asks_for_the_lines(text):
        return {"text": crisis_help_text(country)}  # "help now": the lines, Rasa or not
    return {"text": filled(domain_text("utter_trouble"), crisis_slot_values("general", country))}


def group_reply(text: str | None, country: str | None) -> str | None:
    """Where the bot does not hold a conversation (a group chat, an edited message): the crisis reply when the
    screen finds the message needs it, the lines for "help now" or a possible risk, else None."""
    reply = _crisis_reply(text, country)
    if reply:
        return str(reply["text"])
    if text and (asks_for_the_lines(text) or screen_message(text).is_possible_risk):
        return crisis_help_text(country)
    return None


def refusal_help(text: str | None, country: str | None) -> str:
    """What a refused chat request still shows (no session, a malformed or oversized body): the crisis
    reply when the message, screened all the same, needs it; else the crisis line."""
    reply = _crisis_reply(text, country)
    return reply["text"] if reply else crisis_help_text(country)
