"""A coping step named in words ("the breathing one") is found among the steps just offered."""

from __future__ import annotations

import pytest

from bot.content.coping import load_coping_steps, named_step, named_steps

OFFERED = ["paced-breathing", "grounding-54321", "notice-and-name"]


@pytest.mark.parametrize(("text", "offered", "expected"), [
    ("the breathing one", OFFERED, "paced-breathing"),
    ("can u walk me thru the breathing thing", OFFERED, "paced-breathing"),
    ("ok lets do paced breathing", [], "paced-breathing"),
    ("box breathing please", OFFERED, "box-breathing"),  # named exactly: not the one offered
    ("the 5-4-3-2-1 thing", OFFERED, "grounding-54321"),
    ("give me another idea", OFFERED, None),
    ("the breathing one", [], None),  # two breathing steps and none offered: ask, don't guess
])
def test_named_step(text: str, offered: list[str], expected: str | None) -> None:
    step = named_step(load_coping_steps(), text, offered)
    assert (step.id if step else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("the breathing one", ["paced-breathing", "box-breathing"]),
    ("can u walk me thru the breathing thing", ["paced-breathing", "box-breathing"]),
    ("box breathing please", ["box-breathing"]),
    ("give me another idea", []),
])
def test_named_steps_are_every_step_named_as_well(text: str, expected: list[str]) -> None:
    assert [s.id for s in named_steps(load_coping_steps(), text)] == expected


@pytest.mark.parametrize(("text", "picked"), [("ok lets do the first", "a"), ("ok, let's try the second one", "b"),
                                              ("the last one please", "c"), ("first of all i feel bad", None)])
def test_an_offered_step_picked_by_its_place(text: str, picked: str | None) -> None:
    from bot.content.coping import ordinal_step

    assert ordinal_step(text, ["a", "b", "c"]) == picked


@pytest.mark.parametrize(("text", "expected"), [("the one with counting 5 things", "grounding-54321"),
                                                ("the senses one", "grounding-54321"),
                                                ("the 3 minute one", "paced-breathing")])
def test_an_offered_step_named_in_ones_own_words_or_by_its_length(text: str, expected: str) -> None:
    step = named_step(load_coping_steps(), text, ["paced-breathing", "grounding-54321", "first-appointment"])
    assert step is not None and step.id == expected
