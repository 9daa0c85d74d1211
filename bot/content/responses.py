"""The bot's words from domain.yml, for code that answers without Rasa (channel fail-safes)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.content.loader import FAST_SAFE_LOADER, PROJECT_ROOT


@lru_cache(maxsize=1)
def domain_responses() -> dict[str, list[dict[str, Any]]]:
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=FAST_SAFE_LOADER)["responses"]


def variation_for(name: str, slots: dict[str, Any]) -> dict[str, Any]:
    """The first variation whose conditions all hold for ``slots`` (a slot not given is None), else the one
    without a condition: the variation Rasa's response generator would choose."""
    variations = domain_responses()[name]
    return next((v for v in variations if v.get("condition")
                 and all(slots.get(c.get("name")) == c.get("value") for c in v["condition"])), None) \
        or next(v for v in variations if not v.get("condition"))


@lru_cache(maxsize=1)
def domain_intents() -> frozenset[str]:
    """The intent names declared in domain.yml."""
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return frozenset(str(i) for i in yaml.load(handle, Loader=FAST_SAFE_LOADER)["intents"])
