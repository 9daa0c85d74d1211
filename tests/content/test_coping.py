"""The coping library: complete entries with sources, every stage covered, ranking and no-repeat."""

from __future__ import annotations

import pytest

from bot.content.coping import load_coping_steps, suggest_steps
from bot.content.stages import STAGES

STEPS = load_coping_steps()


def test_library_size_and_coverage() -> None:
    assert len(STEPS) >= 40
    assert len({s.id for s in STEPS}) == len(STEPS)
    for stage in STAGES:
        assert len([s for s in STEPS if stage in s.stages]) >= 8, stage


@pytest.mark.parametrize("step", STEPS, ids=[s.id for s in STEPS])
def test_each_step_is_complete_and_sourced(step) -> None:
    assert step.source and step.evidence and step.title
    assert 1 <= step.minutes <= 60
    assert set(step.stages) <= set(STAGES) and step.stages
    assert 2 <= len(step.steps) <= 6 and all(len(line) <= 200 for line in step.steps)


def test_themes_from_the_brief_are_there() -> None:
    text = " ".join(f"{s.title} {s.evidence}".lower() for s in STEPS)
    for theme in ("grounding", "breathing", "thought record", "behavioural activation", "sleep", "movement",
                  "meals", "mindful", "dbt", "reconnect", "work", "peer support", "warning signs",
                  "safety plan", "medication", "appointment", "stigma", "self-advocacy"):
        assert theme in text, theme


def test_a_step_that_did_not_help_is_never_offered_again() -> None:
    first = suggest_steps(STEPS, "treatment", limit=3)
    again = suggest_steps(STEPS, "treatment", limit=50, feedback={first[0].id: [True, False]})
    assert first[0].id not in [s.id for s in again]


def test_what_helped_comes_first() -> None:
    last = suggest_steps(STEPS, "maintenance", limit=50)[-1]
    ranked = suggest_steps(STEPS, "maintenance", limit=3, feedback={last.id: [True, True]})
    assert ranked[0].id == last.id


def test_unknown_stage_offers_from_every_stage() -> None:
    assert len(suggest_steps(STEPS, None, limit=50)) == len(STEPS)
