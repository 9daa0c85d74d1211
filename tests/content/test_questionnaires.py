"""PHQ-9 and GAD-7: published items, scoring bands and the item-9 safety rule."""

from __future__ import annotations

import pytest

from bot.content.questionnaires import load_questionnaires

Q = load_questionnaires()


def test_items_and_attribution() -> None:
    assert len(Q["phq9"].items) == 9 and len(Q["gad7"].items) == 7
    for questionnaire in Q.values():
        assert "Spitzer" in questionnaire.attribution and "Kroenke" in questionnaire.attribution
    assert "better off dead" in Q["phq9"].items[8]


@pytest.mark.parametrize(("key", "total", "band"), [
    ("phq9", 0, "minimal"), ("phq9", 4, "minimal"), ("phq9", 5, "mild"), ("phq9", 10, "moderate"),
    ("phq9", 15, "moderately severe"), ("phq9", 20, "severe"), ("phq9", 27, "severe"),
    ("gad7", 4, "minimal"), ("gad7", 5, "mild"), ("gad7", 10, "moderate"), ("gad7", 15, "severe"),
    ("gad7", 21, "severe"),
])
def test_bands(key: str, total: int, band: str) -> None:
    assert Q[key].band(total) == band


def test_bands_cover_every_possible_total() -> None:
    for questionnaire in Q.values():
        for total in range(0, 3 * len(questionnaire.items) + 1):
            assert questionnaire.band(total)


@pytest.mark.parametrize(("number", "value", "crisis"), [(9, 1, True), (9, 3, True), (9, 0, False),
                                                         (2, 3, False)])
def test_item_nine_above_zero_is_a_crisis(number: int, value: int, crisis: bool) -> None:
    assert Q["phq9"].is_crisis_answer(number, value) is crisis
    assert not Q["gad7"].is_crisis_answer(number, value)


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("3", 3), ("Several days", 1),
                                             ("more than half the days", 2), ("nearly every day", 3),
                                             ("not at all", 0), ("4", None), ("maybe", None),
                                             ("nearly every single day", 3), ("honestly every day", 3),
                                             ("pretty much all the time", 3), ("most days tbh", 2),
                                             ("a couple of days i think", 1), ("now and then", 1),
                                             ("never", 0), ("not every day", None),
                                             ("several days or maybe nearly every day", None),
                                             ("never really", 0), ("hardly ever", 1), ("rarely tbh", 1),
                                             ("not that often", 1), ("often", 2), ("never mind", None),
                                             # a scored answer met again when a paused form resumes
                                             (2.0, 2), (0.0, 0), ("3.0", 3), (4.0, None), ("1.5", None)])
def test_answers(text: str | float, value: int | None) -> None:
    assert Q["phq9"].parse_answer(text) == value


@pytest.mark.parametrize(("text", "value"), [("yes", 1), ("Yes.", 1), ("yep", 1), ("y", 1), ("yes I have", 1),
                                             ("kind of", 1), ("maybe", 1), ("once", 1), ("1 day", 1),
                                             ("2 days", 1), ("no", None), ("maybe not", None), ("nope", None),
                                             ("not really", 0), ("yes, nearly every day", 3)])
def test_a_yes_or_a_maybe_at_the_crisis_item_is_above_zero(text: str, value: int | None) -> None:
    assert Q["phq9"].parse_answer(text, number=9) == value
    if text in ("yes", "maybe", "kind of"):
        assert Q["phq9"].parse_answer(text, number=2) is None  # elsewhere a yes names no frequency


@pytest.mark.parametrize(("text", "value"), [("every night", 3), ("evry nite", 3), ("nerly evry day", 3),
                                             ("a lot", 2), ("most of the time", 2), ("most nights", 2),
                                             ("sevral days", 1), ("hardly ever", 1), ("now and then", 1),
                                             ("not a lot", None)])
def test_everyday_and_misspelt_answers(text: str, value: int | None) -> None:
    assert Q["phq9"].parse_answer(text) == value


def test_a_hedged_answer_at_the_crisis_item_is_read_as_the_frequency_it_gives() -> None:
    assert Q["phq9"].parse_answer("not really, maybe once", 9) == 1
    assert Q["phq9"].parse_answer("not really, maybe once", 3) is None  # elsewhere: asked again


@pytest.mark.parametrize(("text", "value"), [("several", 1), ("hardly", 1), ("more than half", 2),
                                             ("half the days", 2), ("none", 0)])
def test_the_options_in_a_word_or_two(text: str, value: int) -> None:
    assert Q["phq9"].parse_answer(text, 3) == value


def test_no_is_not_at_all_except_at_the_crisis_item_where_it_is_asked_again() -> None:
    assert Q["phq9"].parse_answer("no", 3) == 0
    assert Q["phq9"].parse_answer("no", 9) is None
