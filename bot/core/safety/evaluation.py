"""Measuring a crisis detector on a labelled set: recall per category and false-positive rate.

Used by the tests (which hold the screen to recall 1.00 and at most 2% false positives) and by
``make bench`` (which prints the same figures next to a naive keyword list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

# The naive baseline from the crisis issue: substring match on a short keyword list.
BASELINE_KEYWORDS = (
    "suicide", "kill myself", "end my life", "self harm", "overdose", "hurt myself", "want to die",
)


def keyword_baseline(text: str) -> bool:
    lowered = text.lower()
    return any(keyword in lowered for keyword in BASELINE_KEYWORDS)


@dataclass(frozen=True)
class LabelledSet:
    crisis: dict[str, list[str]]
    not_crisis: list[str]

    @classmethod
    def load(cls, path: Path) -> LabelledSet:
        with open(path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
        return cls(crisis={k: [str(m) for m in v] for k, v in raw["crisis"].items()},
                   not_crisis=[str(m) for m in raw["not_crisis"]])

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.crisis.values()) + len(self.not_crisis)


@dataclass
class DetectorScore:
    recall: dict[str, float] = field(default_factory=dict)
    missed: dict[str, list[str]] = field(default_factory=dict)
    false_positives: list[str] = field(default_factory=list)
    false_positive_rate: float = 0.0

    @property
    def overall_recall(self) -> float:
        return min(self.recall.values()) if self.recall else 0.0


def score(detector: Callable[[str], bool], labelled: LabelledSet) -> DetectorScore:
    result = DetectorScore()
    for category, messages in labelled.crisis.items():
        missed = [m for m in messages if not detector(m)]
        result.recall[category] = 1 - len(missed) / len(messages)
        result.missed[category] = missed
    result.false_positives = [m for m in labelled.not_crisis if detector(m)]
    result.false_positive_rate = len(result.false_positives) / len(labelled.not_crisis)
    return result
