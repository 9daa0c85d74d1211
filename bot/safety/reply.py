"""The crisis reply's facts: which service, number and text option a person is shown.

The words of the reply live in ``domain.yml`` (``utter_crisis``, one variation per category); the
numbers live in ``data/content/crisis_resources.yml``. Rasa fills the reply from slots; the channels'
fail-safe (used when Rasa does not answer) fills the same templates with :func:`render_crisis_reply`.
Nothing here touches the database or the action server.
"""

from __future__ import annotations

from typing import Any

from bot.content.crisis import load_directory
from bot.content.responses import variation_for
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


def render_crisis_reply(category: str | None, country_code: str | None) -> dict[str, Any]:
    """The crisis reply as Rasa would send it (``text`` and ``buttons``), without Rasa."""
    country = load_directory().country(country_code or default_country())
    chosen = variation_for("utter_crisis", category)
    return {"text": chosen["text"].format(**crisis_slot_values(category, country.code)),
            "buttons": chosen.get("buttons", []),
            "resource_id": country.resource_for(category or "general").id}
