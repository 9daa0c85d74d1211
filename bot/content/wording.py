"""Sentences the code assembles from stored data (data/content/wording.yml), for a clinician to review."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.content.loader import content_path, load_yaml


@lru_cache(maxsize=1)
def _wording() -> dict[str, Any]:
    return load_yaml(content_path("wording.yml"))


def wording(section: str, *keys: str) -> Any:
    """The text (or table) at ``section``/``keys`` in wording.yml; a missing key names the file to fix."""
    value: Any = _wording()[section]
    for key in keys:
        try:
            value = value[key]
        except KeyError as exc:
            raise KeyError(f"data/content/wording.yml has no {section}/{'/'.join(keys)}") from exc
    return value
