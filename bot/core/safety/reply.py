"""The facts every crisis text is filled with: which service, number and text option a person is shown.

The words live in ``domain.yml`` (``utter_crisis`` per category, ``utter_crisis_help`` for "help now",
the follow-ups); the numbers live in ``data/content/crisis_resources.yml``. Every crisis text is filled
from the directory for the conversation's country at the moment it is sent: by Rasa's response generator
(:mod:`bot.rasa.nlg`) and by the channels' fail-safe (:func:`render_crisis_reply`). Never from
slots, which can be empty, stale or typed by a user. Nothing here touches the database or the action server.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bot.config import clinic_contact, default_country
from bot.content.crisis import load_directory
from bot.content.responses import domain_responses, variation_for
from bot.content.wording import wording

# Template variables the crisis facts fill; a value with one of these names from anywhere else is ignored.
CRISIS_FACTS = ("help_service", "help_phone", "help_text", "help_hours", "emergency_number", "child_service",
                "child_phone", "child_line_separate", "country_name", "country_code")
CLINIC_FACTS = ("clinic_name", "clinic_phone", "clinic_hours")


# Codes people and pages use that are not the ISO code.
CODE_ALIASES = {"UK": "GB", "EL": "GR"}


def _as_code(code: Any) -> str:
    """A country code as given, upper case, aliases resolved ("UK" is GB) and invisible format characters dropped
    ("GB\u200b" is GB)."""
    candidate = "".join(ch for ch in str(code or "") if unicodedata.category(ch) != "Cf").strip().upper()
    return CODE_ALIASES.get(candidate, candidate)


def known_country(code: Any) -> str:
    """An ISO code from the directory for the conversation's country.

    No country known: the configured default (``BOT_COUNTRY``). A country the directory does not list
    (DE, ZA, ...): the international fallback (find a line for your country), never another country's
    numbers."""
    directory = load_directory()
    candidate = _as_code(code)
    if candidate in directory.countries:
        return candidate
    if candidate:
        return directory.default_country
    fallback = default_country()
    return fallback if fallback in directory.countries else directory.default_country


def reply_country(code: Any) -> str:
    """The code to look the crisis facts up by: the conversation's country as an ISO code, listed or not
    (an unlisted one gets the international lines with its own emergency number where that is certain:
    112 in Austria, "your local emergency number" in Japan), else the configured default."""
    candidate = _as_code(code)
    return candidate if re.fullmatch(r"[A-Z]{2}", candidate) else known_country(None)


# Replies whose service is another kind's: someone else's overdose is Poison Help's (or the overdose line's).
RESOURCE_KIND = {"abuse_at_home": "abuse",
                 "overdose_other": "overdose", "missing_person": "third_party", "child_abuse_reported": "third_party",
                 "third_party_now": "third_party"}


def resource_kind(category: str | None) -> str:
    """The kind whose service a reply of ``category`` names (no category: the general one)."""
    category = category or "general"
    return RESOURCE_KIND.get(category, category)


def hours_said(hours: str) -> str:
    """How a reply says when a line is open, from its directory entry's ``hours``: "free and open 24/7" only for a
    line listed as free and open day and night ("24/7, free"), never for the international directory."""
    first, _, rest = hours.partition(",")
    if first.strip() != "24/7":
        return str(wording("crisis_lines", "hours_other"))
    return str(wording("crisis_lines", "hours_free" if "free" in rest else "hours_always"))


def crisis_slot_values(category: str | None, country_code: str | None, young: bool = False) -> dict[str, Any]:
    """The facts for the crisis reply for one category in one country (``young``: the writer has said they are a
    child, and the country's line for young people is named first where it is there for this kind of crisis)."""
    country = load_directory().country(reply_country(country_code))
    category = category or "general"
    resource = country.resource_for(resource_kind(category))
    child_line = country.resource_for("child_abuse")
    if young and resource_kind(category) in child_line.young_people:
        resource = child_line
    return {
        "help_service": resource.name,
        "help_phone": resource.phone or resource.url,
        "help_hours": hours_said(resource.hours),
        "help_text": resource.text if young and resource.text and resource is child_line
        else country.text_option_for(resource_kind(category)),
        "emergency_number": country.emergency,
        # the line for children and young people, named beside the main one where the writer may be a child
        "child_service": (child := country.resource_for("child_abuse")).name,
        "child_phone": child.phone or child.url,
        # a country whose line for children is the same as the one named (New Zealand's 1737): named once
        "child_line_separate": child.id != resource.id,
        "country_name": country.name,
        # an unlisted country whose emergency number is certain keeps its own code (the lines shown are the
        # international ones with that number), so the widget's panel shows the same
        "country_code": code if (code := reply_country(country_code)) in load_directory().emergency_elsewhere
        else country.code,
    }


def capitalised_at_sentence_start(text: str, facts: dict[str, Any]) -> str:
    """``text`` with each fact that begins a sentence in it capitalised: "{help_service} is there 24/7" filled for
    a country the directory does not list reads "Your local crisis line is there 24/7", not "your local ..."."""
    for value in facts.values():
        if isinstance(value, str) and value[:1].islower():
            text = re.sub(rf"(^|[.!?]\s+){re.escape(value)}", lambda m, v=value: m.group(1) + v[0].upper() + v[1:],
                          text)
    return text


def filled(template: str, facts: dict[str, Any]) -> str:
    """``template`` with ``facts`` filled in, a fact that begins a sentence capitalised."""
    return capitalised_at_sentence_start(template.format(**facts), facts)


def clinic_values() -> dict[str, str]:
    """The clinic's contact for "talk to a person" replies (empty strings when not configured)."""
    contact = clinic_contact()
    return {"clinic_name": contact.name or "your clinic", "clinic_phone": contact.phone or "",
            "clinic_hours": contact.hours or "their opening hours"}


def render_crisis_reply(category: str | None, country_code: str | None,
                        response: str = "utter_crisis") -> dict[str, Any]:
    """The crisis reply (or ``response``, another reply of the crisis sequence: "utter_crisis_escalate") as Rasa would
    send it (``text`` and ``buttons``), without Rasa."""
    facts = crisis_slot_values(category, country_code)
    # The sides cannot tell bleeding, a gun or a height from the words as the response generator does: every
    # yes-or-no condition of the response is taken as no, which is the general variation.
    conditions: dict[str, Any] = {c["name"]: False for v in domain_responses()[response] for c in v.get("condition", ())
                                  if isinstance(c.get("value"), bool)}
    conditions.update({"crisis_category": category, "child_line_separate": facts["child_line_separate"]})
    chosen = variation_for(response, conditions)
    return {"text": filled(chosen["text"], facts),
            "buttons": chosen.get("buttons", []),
            "resource_id": load_directory().country(facts["country_code"]).resource_for(resource_kind(category)).id}
