"""The bot's words from domain.yml, for code that answers without Rasa (channel fail-safes)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.content.loader import PROJECT_ROOT


@lru_cache(maxsize=1)
def domain_responses() -> dict[str, list[dict[str, Any]]]:
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["responses"]


def variation_for(name: str, slot_value: str | None) -> dict[str, Any]:
    """The variation whose condition names ``slot_value``, else the one without a condition."""
    variations = domain_responses()[name]
    return next((v for v in variations for c in v.get("condition") or [] if c.get("value") == slot_value),
                None) or next(v for v in variations if not v.get("condition"))


@lru_cache(maxsize=1)
def domain_intents() -> frozenset[str]:
    """The intent names declared in domain.yml."""
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return frozenset(str(i) for i in yaml.safe_load(handle)["intents"])
