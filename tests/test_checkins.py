"""Check-in answers typed as free text, read with the vocabularies in data/content/checkin_answers.yml."""

from __future__ import annotations

import pytest

from bot.core.checkins import (
    parse_anxiety,
    parse_medication,
    parse_optional_text,
    parse_scale,
    parse_sleep_hours,
)


@pytest.mark.parametrize(("parse", "answer", "expected"), [
    (parse_scale, "about six", 6.0), (parse_scale, "7/10", 7.0), (parse_scale, "7 out of 10", 7.0),
    (parse_scale, "pretty awful", 2.0), (parse_scale, "the worst", 0.0), (parse_scale, "really good", 8.0),
    (parse_scale, "eleven", None), (parse_scale, "purple", None),
    (parse_anxiety, "a bit", 3.0), (parse_anxiety, "not at all", 0.0), (parse_anxiety, "panicking", 10.0),
    (parse_sleep_hours, "didn't sleep", 0.0), (parse_sleep_hours, "six and a half", 6.5),
    (parse_sleep_hours, "7.5 hours", 7.5), (parse_sleep_hours, "30", None), (parse_sleep_hours, "4-5", 4.5),
    (parse_sleep_hours, "6 or 7 hours", 6.5),
    # times of going to sleep and waking
    (parse_sleep_hours, "idk like 2am to 10", 8.0), (parse_sleep_hours, "from 11pm till 7", 8.0),
    (parse_sleep_hours, "11:30pm to 7:15", 7.75),
    # one clock time is no number of hours (red team rt28: "keep waking at like 4am" was saved as 4 hours)
    (parse_sleep_hours, "keep waking at like 4am", None),
    (parse_sleep_hours, "in bed at 2am, slept maybe 5 hours", 5.0),
    (parse_medication, "missed it yesterday but took it today", "yes"),
    (parse_medication, "no meds", "not_prescribed"), (parse_medication, "yep", "yes"),
    (parse_medication, "took them", "yes"), (parse_medication, "forgot", "no"), (parse_medication, "maybe", None),
    (parse_optional_text, "skip", None), (parse_optional_text, "No thanks.", None),
    (parse_optional_text, "went for a walk", "went for a walk"),
])
def test_typed_answers_are_understood(parse, answer: str, expected: object) -> None:  # type: ignore[no-untyped-def]
    assert parse(answer) == expected


@pytest.mark.parametrize(("text", "mood"), [("not good", 3), ("not very good", 3), ("not bad", 6), ("not too bad", 6),
                                           ("good", 7)])
def test_a_negated_mood_word_is_read_the_right_way_round(text: str, mood: float) -> None:
    assert parse_scale(text) == mood


@pytest.mark.parametrize(("text", "anxiety"), [("not very anxious", 2), ("not anxious at all", 0), ("not much", 2),
                                              ("very anxious", 8)])
def test_a_negated_anxiety_word_is_read_the_right_way_round(text: str, anxiety: float) -> None:
    assert parse_anxiety(text) == anxiety


def test_the_number_word_said_first_is_the_answer() -> None:
    assert parse_sleep_hours("perhaps five and a half hours, as I woke at four") == 5.5


@pytest.mark.parametrize(("text", "answer"), [("I take the medicine yes", "yes"), ("took half", "partly"),
                                             ("havent started meds yet", "not_prescribed"), ("skip", "not_said"),
                                             ("sort of, I took the morning one but forgot the evening", "partly"),
                                             ("i missed my evening dose", "no"), ("not really", "no"),
                                             ("not really sure", None)])
def test_medication_answers_in_everyday_words(text: str, answer: str | None) -> None:
    assert parse_medication(text) == answer


@pytest.mark.parametrize(("text", "value"), [("6, no wait, 5", 5.0), ("7... actually make it 6", 6.0),
                                             ("5 actually", 5.0), ("sorry, i mean 3", 3.0)])
def test_a_change_of_mind_inside_the_answer_keeps_the_last_number(text: str, value: float) -> None:
    assert parse_scale(text) == value and parse_anxiety(text) == value


def test_a_change_of_mind_about_sleep_keeps_the_last_number() -> None:
    assert parse_sleep_hours("8 hours, no wait 7") == 7.0


@pytest.mark.parametrize("text", ["the first one", "the last one", "the brething one", "ok lets do it",
                                  "sure go ahead"])
def test_a_choice_from_a_list_or_going_along_is_no_rating(text: str) -> None:
    assert parse_scale(text) is None and parse_anxiety(text) is None and parse_sleep_hours(text) is None


@pytest.mark.parametrize("text", ["I'm 8 years old", "14 yo", "my age is 9"])
def test_an_age_is_no_rating(text: str) -> None:
    """Red team rt18: "I'm 8 years old" at the mood question was saved as mood 8/10."""
    assert parse_scale(text) is None and parse_anxiety(text) is None and parse_sleep_hours(text) is None
    assert parse_scale("im 8") == 8.0 and parse_sleep_hours("7 hours") == 7.0


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<b>7</b>", "print(5)"])
def test_markup_or_code_is_no_rating(text: str) -> None:
    """Red team rt19: "<script>alert(1)</script>" at the mood question was saved as mood 1/10."""
    assert parse_scale(text) is None and parse_anxiety(text) is None
    assert parse_scale("like a 3") == 3.0 and parse_scale("6/10 (ish)") == 6.0


def test_not_sleeping_much_is_not_no_sleep() -> None:
    assert parse_sleep_hours("i did not sleep much") is None
    assert parse_sleep_hours("didnt sleep at all") == 0.0


@pytest.mark.parametrize(("text", "hours"), [("erm 6 hours? maybe 5 and a half", 5.5),
                                             ("maybe 7, no, more like 6", 6.0)])
def test_a_second_guess_about_sleep_is_the_answer(text: str, hours: float) -> None:
    assert parse_sleep_hours(text) == hours


@pytest.mark.parametrize("text", ["nah", "nothing really", "nothing else", "nothing else, thanks", "that's all",
                                  "nothing else really", "nothing really tbh"])
def test_nothing_to_add_is_no_note(text: str) -> None:
    assert parse_optional_text(text) is None


@pytest.mark.parametrize(("text", "hours"), [("a couple of hours", 2.0), ("a few hrs", 3.0), ("couple", 2.0)])
def test_a_rough_amount_that_stands_for_a_number_is_that_number(text: str, hours: float) -> None:
    assert parse_sleep_hours(text) == hours


@pytest.mark.parametrize("text", ["barely slept", "not much", "hardly any"])
def test_a_vague_amount_of_sleep_is_asked_again_not_guessed(text: str) -> None:
    assert parse_sleep_hours(text) is None


@pytest.mark.parametrize(("text", "value"), [("my mood is not good not bad", 5.0), ("not bad", 6.0),
                                             ("not great tbh", 4.0)])
def test_a_mood_said_with_not_is_read_with_the_not(text: str, value: float) -> None:
    assert parse_scale(text) == value


@pytest.mark.parametrize(("text", "value"), [("today yes I take it", "yes"), ("no I skipped it", "no")])
def test_a_medication_answer_with_a_word_before_the_yes(text: str, value: str) -> None:
    from bot.core.checkins import parse_medication
    assert parse_medication(text) == value


@pytest.mark.parametrize("text", ["nope, none today", "none at all", "didn't use any today"])
def test_no_coping_step_today_is_the_empty_answer(text: str) -> None:
    from bot.core.checkins import parse_optional_text
    assert parse_optional_text(text) is None


@pytest.mark.parametrize(("text", "value"), [("nothing", 0), ("nothing at all", 0), ("nothing else", None),
                                             ("i feel so hopeless, nothing ever gets better", None)])
def test_nothing_is_a_nought_only_as_the_whole_answer(text: str, value: float | None) -> None:
    from bot.core.checkins import parse_anxiety
    assert parse_anxiety(text) == value


def test_a_remark_after_the_number_keeps_the_number() -> None:
    assert parse_scale("like 8 maybe, too good if anythin") == 8
    assert parse_scale("6, no wait, 5") == 5  # a change of mind still counts


def test_none_then_is_no_coping_step() -> None:
    assert parse_optional_text("none then") is None


@pytest.mark.parametrize("text", ["1e309", "1e3", "2E+1"])
def test_a_number_in_scientific_notation_is_no_rating_and_no_hours(text: str) -> None:
    assert parse_scale(text) is None and parse_sleep_hours(text) is None


@pytest.mark.parametrize(("text", "mood", "anxiety"), [
    ("is not good, not bad", 5.0, None),      # the words as said, the comma between them no matter
    ("rubbish", 2.0, None),
    ("thank you very much", None, None),      # thanks is no rating: its "very" is not "very anxious"
    ("6 thanks", 6.0, 6.0),
])
def test_ratings_in_everyday_words(text: str, mood: float | None, anxiety: float | None) -> None:
    assert (parse_scale(text), parse_anxiety(text)) == (mood, anxiety)
