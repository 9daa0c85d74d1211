"""Which ``/intent{...}`` texts may reach Rasa as a button press.

Rasa reads a message that starts with ``/`` as an intent with entities (``/greet{"country": "FR"}``),
skipping the classifiers' verdict. Our buttons use that form, but a person typing it could choose their
own intent and entities, or hide a crisis message behind ``/greet``. So a channel passes a ``/`` message
on unchanged only when it is a button payload our own replies can carry: an intent declared in domain.yml
(never ``crisis``: only the safety screen says that), with no entities but the few that buttons set, each a
short identifier. Anything else has its leading slashes removed and is read as the free text it is,
screened like every other message.

A payload that records something (consent, a rating, a yes to deleting) counts only while the bot offers
it: typing "/give_consent" before the consent question was ever asked is text. Menu commands (the Telegram
menu, the widget's greeting) only start something, and may be sent at any time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection

from bot.content.responses import domain_intents

# Entities our buttons set (actions/coping.py), and the shape of their values.
BUTTON_ENTITIES = {"coping_step"}
NEVER_FROM_A_BUTTON = {"crisis"}
# Payloads anyone may send at any time (they start something, show something or ask before acting, and
# store nothing): the Telegram menu's commands (bot/sides/telegram.py), the widget's first message, and
# buttons of replies the sides give themselves when Rasa is down (the crisis lines).
MENU_INTENTS = frozenset({"greet", "start_checkin", "ask_coping", "ask_stage", "show_safety_plan",
                          "what_can_you_do", "request_data_export", "request_data_deletion", "stop",
                          "crisis_help", "ask_human", "make_safety_plan", "start_phq9", "start_gad7",
                          "start_stage_check"})
_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][A-Za-z0-9_]{0,63})(?P<entities>\{.{0,256}\})?", re.S)
_IDENTIFIER = re.compile(r"[A-Za-z0-9_\-]{1,64}")


def is_button_payload(text: str) -> bool:
    """Whether ``text`` is exactly a payload one of our buttons could send."""
    match = _PAYLOAD.fullmatch(text)
    if not match or match["intent"] in NEVER_FROM_A_BUTTON or match["intent"] not in domain_intents():
        return False
    if not match["entities"]:
        return True
    try:
        entities = json.loads(match["entities"])
    except ValueError:
        return False
    return isinstance(entities, dict) and all(
        name in BUTTON_ENTITIES and isinstance(value, str) and _IDENTIFIER.fullmatch(value)
        for name, value in entities.items()
    )


def is_offered(text: str, offered: Collection[str]) -> bool:
    """Whether the payload ``text`` is a menu command or one of the ``offered`` button payloads."""
    match = _PAYLOAD.fullmatch(text)
    if match and match["intent"] in MENU_INTENTS and not match["entities"]:
        return True
    return text in offered


def as_user_text(text: str, offered: Collection[str] | None = None) -> str:
    """``text`` as Rasa should read it: a button payload unchanged (with ``offered``, only a menu command or
    a payload among the buttons the bot is showing), anything else never as intent syntax."""
    if text.startswith("/") and is_button_payload(text) and (offered is None or is_offered(text, offered)):
        return text
    stripped = text.lstrip()
    if stripped.startswith("/"):
        return stripped.lstrip("/").lstrip() or stripped.replace("/", " ").strip() or "."
    return text
