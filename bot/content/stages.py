"""Recovery stages and the optional stage check (``data/content/stage_check.yml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content.loader import content_path, load_yaml

STAGES = ("awareness", "treatment", "rehabilitation", "maintenance")


def moved_back(previous: str | None, current: str) -> bool:
    """True when the new stage comes earlier than the last one recorded."""
    return previous in STAGES and STAGES.index(current) < STAGES.index(previous)


def parse_yes_no(text: object) -> bool | None:
    lowered = str(text).strip().lower()
    if re.match(r"^(y|yes|yeah|yep|yup|sure|i do|i have|i am|definitely|mostly|true)\b", lowered):
        return True
    if re.match(r"^(n|no|nope|nah|not really|not yet|i don'?t|i haven'?t|i'?m not|never|false)\b", lowered):
        return False
    return None


@dataclass(frozen=True)
class StageCheck:
    questions: tuple[tuple[str, str], ...]  # (id, text)
    scoring: tuple[tuple[str, dict[str, bool]], ...]

    def stage_for(self, answers: dict[str, bool]) -> str:
        """The first scoring entry whose conditions all match the answers."""
        for stage, when in self.scoring:
            if all(answers.get(key) == value for key, value in when.items()):
                return stage
        return self.scoring[-1][0]


@lru_cache(maxsize=2)
def load_stage_check(path: Path | None = None) -> StageCheck:
    raw = load_yaml(path or content_path("stage_check.yml"))
    return StageCheck(
        questions=tuple((q["id"], q["text"]) for q in raw["questions"]),
        scoring=tuple((entry["stage"], dict(entry["when"])) for entry in raw["scoring"]),
    )
