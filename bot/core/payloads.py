"""Which ``/intent{...}`` texts may reach Rasa as a button press.

Rasa reads a message that starts with ``/`` as an intent with entities (``/greet{"country": "FR"}``),
skipping the classifiers' verdict. Our buttons use that form, but a person typing it could choose their
own intent and entities, or hide a crisis message behind ``/greet``. So a channel passes a ``/`` message
on unchanged only when it is a button payload our own replies can carry: an intent declared in domain.yml
(never ``crisis``: only the safety screen says that), with no entities but the few that buttons set, each a
short identifier. Anything else has its leading slashes removed and is read as the free text it is,
screened like every other message.
"""

from __future__ import annotations

import json
import re

from bot.content.responses import domain_intents

# Entities our buttons set (actions/coping.py), and the shape of their values.
BUTTON_ENTITIES = {"coping_step"}
NEVER_FROM_A_BUTTON = {"crisis"}
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


def as_user_text(text: str) -> str:
    """``text`` as Rasa should read it: a button payload unchanged, anything else never as intent syntax."""
    if text.startswith("/") and is_button_payload(text):
        return text
    stripped = text.lstrip()
    if stripped.startswith("/"):
        return stripped.lstrip("/").lstrip() or stripped.replace("/", " ").strip() or "."
    return text
