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
    also_called: tuple[str, ...] = ()  # how people name it in their own words ("the senses one")


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
            also_called=tuple(s.get("also_called") or ()),
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
                     "just really feel feeling i'm im how show tell about first second third last next before "
                     "after today right away kind sort bit little maybe get got have can could would use make "
                     "rid off turn".split())


def _stems(text: str) -> set[str]:
    joined = re.sub(r"(?<=\d)[-\s](?=\d)", "", text.lower())  # "5-4-3-2-1" and "54321" are one name
    return {word[:5] for word in re.findall(r"[a-z0-9]+", joined) if word not in _GENERIC and len(word) > 2}


def mentions_step(steps: tuple[CopingStep, ...], text: str) -> bool:
    """Whether the text names any coping step by a word of its title, even loosely ("the breathing one")."""
    said = _stems(text)
    return any(said & _stems(s.title) for s in steps)


def is_a_step_title(steps: tuple[CopingStep, ...], text: str) -> bool:
    """Whether the message is little more than a coping step's title ("thought record", "box breathing pls"):
    every word of the title, and at most two words besides."""
    said = _stems(text)
    return any(_stems(s.title) and _stems(s.title) <= said and len(said - _stems(s.title)) <= 2 for s in steps)


def named_steps(steps: tuple[CopingStep, ...], text: str) -> list[CopingStep]:
    """The coping steps a message names best ("breathing" names both breathing steps), in file order."""
    said = _stems(text)
    if not said:
        return []
    scores = [(len(said & _stems(" ".join((s.title, s.id.replace("-", " "), *s.also_called)))), s) for s in steps]
    top = max((score for score, _ in scores), default=0)
    return [s for score, s in scores if score == top] if top else []


def named_step(steps: tuple[CopingStep, ...], text: str, offered: list[str]) -> CopingStep | None:
    """The coping step a message names ("the breathing one", "paced breathing", "box breathing pls"),
    preferring the ones just offered, or by its length among them ("the 3 minute one"); None when it names none or
    several equally."""
    minutes = re.search(r"\b(\d{1,2})[ -]?min(ute)?s?\b", text.lower())
    if minutes:
        timed = [s for s in steps if s.id in offered and s.minutes == int(minutes.group(1))]
        if len(timed) == 1:
            return timed[0]
    best = named_steps(steps, text)
    best_offered = [s for s in best if s.id in offered]
    if best_offered:
        return min(best_offered, key=lambda s: offered.index(s.id))
    return best[0] if len(best) == 1 else None


# "the second one", "the last one on the list", "number 3": a place in the list just offered.
_ORDINALS = {"first": 0, "1st": 0, "one": 0, "1": 0, "second": 1, "2nd": 1, "two": 1, "2": 1, "third": 2,
             "3rd": 2, "three": 2, "3": 2, "last": -1, "bottom": -1, "top": 0, "middle": 1}
ORDINAL_CHOICE = re.compile(r"^\W*(?:(?:ok|okay|um+|hmm+|yes|yeah|i'?ll (?:do|try|take|go with)|let'?s (?:do|try)|"
                            r"can (?:we|i|you) (?:do|try))[\s,.!]+)*(?:the\s+)?(first|1st|second|2nd|third|3rd|last|"
                            r"bottom|top|middle)(?:\s+(?:one|option|step|thing|on the list|one on the list))?"
                            r"(?:\W+(?:please|pls|plz))?\W*$|^\W*(?:number|no\.?|option)\s*(one|two|three|1|2|3)\W*$")


def ordinal_step(text: str, offered: list[str]) -> str | None:
    """The id of the offered step a message picks by its place ("the second one"), or None."""
    match = ORDINAL_CHOICE.match(text.lower().strip())
    if not match or not offered:
        return None
    index = _ORDINALS[next(g for g in match.groups() if g)]
    return offered[index] if -len(offered) <= index < len(offered) else None
