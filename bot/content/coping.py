"""Coping steps from ``data/content/coping.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content.loader import content_path, load_yaml

STAGES = ("awareness", "treatment", "rehabilitation", "maintenance")


@dataclass(frozen=True)
class CopingStep:
    id: str
    stages: tuple[str, ...]
    title: str
    minutes: int
    evidence: str
    source: str
    steps: tuple[str, ...]


@lru_cache(maxsize=4)
def load_coping_steps(path: Path | None = None) -> tuple[CopingStep, ...]:
    raw = load_yaml(path or content_path("coping.yml"))
    return tuple(
        CopingStep(
            id=s["id"],
            stages=tuple(s["stages"]),
            title=s["title"],
            minutes=int(s["minutes"]),
            evidence=s["evidence"],
            source=s["source"],
            steps=tuple(s["steps"]),
        )
        for s in raw["steps"]
    )


def suggest_steps(
    steps: tuple[CopingStep, ...],
    stage: str | None,
    limit: int = 3,
    feedback: dict[str, list[bool]] | None = None,
) -> list[CopingStep]:
    """Steps for a stage (any stage's when unknown), best for this user first.

    A step the user said did not help is never offered again; steps that helped come first (most
    helpful first), then the rest in file order.
    """
    feedback = feedback or {}
    fitting = [
        (index, s) for index, s in enumerate(steps)
        if (stage is None or stage in s.stages) and False not in feedback.get(s.id, [])
    ]
    fitting.sort(key=lambda pair: (-sum(feedback.get(pair[1].id, [])), pair[0]))
    return [s for _, s in fitting[:limit]]


def find_step(steps: tuple[CopingStep, ...], step_id: str | None) -> CopingStep | None:
    return next((s for s in steps if s.id == step_id), None)


# Words that do not tell one coping step from another.
_GENERIC = frozenset("the a an one of for your you with and to on in it that this thing exercise step "
                     "skill quick short what s going me my walk thru through do can u please pls give another "
                     "idea ideas some something try help want need like coping more other again time now "
                     "just really feel feeling i'm im how show tell about".split())


def _stems(text: str) -> set[str]:
    joined = re.sub(r"(?<=\d)[-\s](?=\d)", "", text.lower())  # "5-4-3-2-1" and "54321" are one name
    return {word[:5] for word in re.findall(r"[a-z0-9]+", joined) if word not in _GENERIC and len(word) > 2}


def mentions_step(steps: tuple[CopingStep, ...], text: str) -> bool:
    """Whether the text names any coping step by a word of its title, even loosely ("the breathing one")."""
    said = _stems(text)
    return any(said & _stems(s.title) for s in steps)


def named_step(steps: tuple[CopingStep, ...], text: str, offered: list[str]) -> CopingStep | None:
    """The coping step a message names ("the breathing one", "paced breathing", "box breathing pls"),
    preferring the ones just offered; None when it names none or several equally."""
    said = _stems(text)
    if not said:
        return None
    scores = [(len(said & _stems(f"{s.title} {s.id.replace('-', ' ')}")), s) for s in steps]
    top = max((score for score, _ in scores), default=0)
    if top == 0:
        return None
    best = [s for score, s in scores if score == top]
    best_offered = [s for s in best if s.id in offered]
    if best_offered:
        return min(best_offered, key=lambda s: offered.index(s.id))
    return best[0] if len(best) == 1 else None
