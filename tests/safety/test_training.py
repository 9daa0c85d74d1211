"""Choosing the possible-risk bar on the validation set by what the whole screen answers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.safety.classifier import Example
from bot.core.safety.training import MISS_COST, lower_possible


@dataclass
class Answer:
    tier: str


class ScoredScreen:
    """A screen that asks about a message when its score reaches the possible-risk bar."""

    def __init__(self, thresholds: dict[str, float], scores: dict[str, float]) -> None:
        self.thresholds, self.scores = thresholds, scores

    def assess(self, text: str) -> Answer:
        return Answer("possible" if self.scores[text] >= self.thresholds["possible"] else "clear")


def examples(risk: dict[str, float], safe: dict[str, float]) -> tuple[list[Example], dict[str, float]]:
    found = [Example(t, "suicidal_thoughts", "risk") for t in risk] + [Example(t, "grief", "safe") for t in safe]
    return found, risk | safe


def test_the_bar_comes_down_while_the_crisis_messages_found_pay_for_the_false_alarms() -> None:
    # down to 0.73: three crisis messages more, no look-alike; at 0.71 a look-alike for nothing; at 0.66 the
    # last crisis message for four look-alikes more
    validation, scores = examples({"r1": 0.9, "r2": 0.75, "r3": 0.74, "r4": 0.73, "r5": 0.66},
                                  {"s1": 0.95, "s2": 0.71, "s3": 0.67, "s4": 0.665, "s5": 0.662, "s6": 0.661,
                                   "s7": 0.2})
    thresholds = {"possible": 0.80, "crisis": 0.85, "context_veto": 0.65}
    chosen = lower_possible(ScoredScreen(thresholds, scores), thresholds, validation)  # type: ignore[arg-type]
    assert 0.72 < chosen < 0.731, chosen
    assert thresholds == {"possible": chosen, "crisis": 0.85, "context_veto": 0.65}


def test_the_bar_stays_where_no_step_down_pays() -> None:
    validation, scores = examples({"r1": 0.9, "r2": 0.70}, {"s1": 0.75, "s2": 0.74, "s3": 0.2})
    assert MISS_COST > 1  # one crisis message found is not worth two look-alikes asked about
    thresholds = {"possible": 0.80, "crisis": 0.85, "context_veto": 0.65}
    assert lower_possible(ScoredScreen(thresholds, scores), thresholds, validation) == 0.80  # type: ignore[arg-type]
