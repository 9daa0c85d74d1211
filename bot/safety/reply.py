"""The crisis reply's facts: which service, number and text option a person is shown.

The words of the reply live in ``domain.yml`` (``utter_crisis``, one variation per category); the
numbers live in ``data/content/crisis_resources.yml``. Rasa fills the reply from slots; the channels'
fail-safe (used when Rasa does not answer) fills the same templates with :func:`render_crisis_reply`.
Nothing here touches the database or the action server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.content.crisis import load_directory
from bot.content.loader import PROJECT_ROOT
from bot.settings import default_country

# Slots the crisis reply reads (each is also an entity the NLU component emits).
CRISIS_SLOTS = ("help_service", "help_phone", "help_text", "emergency_number", "country_name")


def crisis_slot_values(category: str | None, country_code: str | None) -> dict[str, str]:
    """Slot values for the crisis reply for one category in one country."""
    directory = load_directory()
    country = directory.country(country_code or default_country())
    category = category or "general"
    resource = country.resource_for(category)
    return {
        "help_service": resource.name,
        "help_phone": resource.phone or resource.url,
        "help_text": country.text_option_for(category),
        "emergency_number": country.emergency,
        "country_name": country.name,
    }


@lru_cache(maxsize=1)
def _crisis_templates(domain_path: Path = PROJECT_ROOT / "domain.yml") -> list[dict[str, Any]]:
    with open(domain_path, encoding="utf-8") as handle:
        domain = yaml.safe_load(handle)
    return domain["responses"]["utter_crisis"]


def render_crisis_reply(category: str | None, country_code: str | None) -> dict[str, Any]:
    """The crisis reply as Rasa would send it (``text`` and ``buttons``), without Rasa."""
    values = crisis_slot_values(category, country_code)
    templates = _crisis_templates()
    chosen = next(
        (t for t in templates for c in t.get("condition", []) if c.get("value") == category),
        None,
    ) or next(t for t in templates if not t.get("condition"))
    resource = load_directory().country(country_code or default_country()).resource_for(category or "general")
    return {"text": chosen["text"].format(**values), "buttons": chosen.get("buttons", []),
            "resource_id": resource.id}
