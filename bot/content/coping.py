"""Coping steps from ``data/content/coping.yml``."""

from __future__ import annotations

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
