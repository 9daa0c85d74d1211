"""Which reply, and which line, a crisis of a particular kind gets: rape or sexual assault, someone else in
danger right now, a child hurt or neglected told by an adult."""
from __future__ import annotations

import pytest

from bot.content.crisis import load_directory
from bot.core.safety.reply import render_crisis_reply
from bot.core.safety.screen import screen_message


@pytest.mark.parametrize("message", [
    "i was raped last night and i dont know what to do",
    "I was sexually assaulted at a party and I can't stop shaking",
    "a guy at work groped me and now i feel sick going in",
    "he spiked my drink and i woke up at his place",
])
def test_sexual_assault_gets_its_own_reply(message: str) -> None:
    assert screen_message(message).category == "sexual_assault"


def test_sexual_assault_names_the_line_for_it_and_else_the_line_for_abuse() -> None:
    us = render_crisis_reply("sexual_assault", "US")
    assert "RAINN" in us["text"] and "1-800-656-4673" in us["text"] and "911" in us["text"]
    assert "not your fault" in us["text"] and us["text"].rstrip().endswith("Are you safe right now?")
    gb = load_directory().country("GB")
    assert gb.resource_for("sexual_assault") == gb.resource_for("abuse")  # no line of its own listed: abuse's


@pytest.mark.parametrize("message", [
    "my friend is standing on the bridge and says she's going to jump",
    "my brother is on the roof saying he wants to end it",
    "my flatmate has locked himself in the bathroom with a knife",
])
def test_someone_else_in_danger_now_gets_the_emergency_number_first(message: str) -> None:
    found = screen_message(message)
    assert (found.category, found.severity) == ("third_party_now", "emergency")
    text = render_crisis_reply(found.category, "GB")["text"]
    assert text.index("999") < text.index("Samaritans") and "call 999 now" in text


@pytest.mark.parametrize(("message", "category"), [
    ("my friend said she wants to die", "third_party"),       # worrying, not there now: the usual carer reply
    ("my dad keeps saying he wants to die", "third_party"),
])
def test_someone_else_at_risk_but_not_said_to_be_in_danger_now_gets_the_carer_reply(message: str,
                                                                                     category: str) -> None:
    assert screen_message(message).category == category


@pytest.mark.parametrize("message", [
    "my 14 year old says her boyfriend forces her to do stuff she doesnt want",
    "the baby wont stop crying and my partner shook him really hard",
    "my neighbour leaves her toddler alone all day and he's not fed",
])
def test_a_child_hurt_or_neglected_told_by_an_adult_gets_the_reply_for_the_adult(message: str) -> None:
    assert screen_message(message).category == "child_abuse_reported"


@pytest.mark.parametrize(("message", "crisis"), [
    ("I've already written letters to everyone and sorted out who gets the dog", True),
    ("worked out who will have my cats, there's nothing else left to do", True),
    ("sorted out who looks after the dog while I'm in hospital next week", False),
    ("I wrote letters to everyone for christmas", False),
])
def test_last_arrangements_said_in_passing_get_the_crisis_reply(message: str, crisis: bool) -> None:
    assert screen_message(message).is_crisis is crisis


@pytest.mark.parametrize("message", ["\u202eI want to kill myself", "I want to \u202ekill myself",
                                     "hello \u202eI want to kill myself\u202c",
                                     "\u2067\u202eI want to kill myself\u2069", "\u202eflesym llik ot tnaw I"])
def test_a_right_to_left_override_hides_nothing_the_words_as_sent_or_as_shown(message: str) -> None:
    assert screen_message(message).is_crisis


@pytest.mark.parametrize(("message", "category"), [
    ("my daughter's fed up and says she's going to end it all", "third_party"),   # "fed up" is no neglect
    ("my husband rapes me and hits me", "abuse"),                                 # abuse going on: its reply
    ("we sorted out who has the kids on weekends", None),
    ("finished thank-you letters to everyone after the wedding", None),
    ("he had 28 tablets prescribed for the month", None),
])
def test_what_the_review_found_reads_as_said(message: str, category: str | None) -> None:
    assert screen_message(message).category == category


@pytest.mark.parametrize(("message", "crisis"), [
    ("my uncle did things to me that i didnt want when i was little and it still happens", True),
    ("my stepdad does stuff to me i dont want at night", True),
    ("my boss made me do things i didnt want, like stay late every night", False),
    ("my mum made me do stuff i didnt want like piano lessons", False),
])
def test_things_done_to_me_that_i_did_not_want_is_abuse(message: str, crisis: bool) -> None:
    found = screen_message(message)
    assert found.is_crisis is crisis, found
    assert not crisis or found.category in ("abuse", "abuse_at_home", "sexual_assault"), found


@pytest.mark.parametrize(("message", "category"), [
    ("my son took pills and he's shaking", "overdose_other"),
    ("my wife swallowed her tablets and she won't wake up", "overdose_other"),
    ("my boyfriend took pills and hes slurring his words", "overdose_other"),
    ("my dad took his meds and is a bit drowsy, is that a side effect", None),
    ("my grandma took her blood pressure pills and felt confused all day", None),
])
def test_someone_else_who_took_pills_and_shows_signs_of_poisoning_is_the_overdose_emergency(
        message: str, category: str | None) -> None:
    assert screen_message(message).category == category


@pytest.mark.parametrize("message", ["gonna end it tonight", "i have a rope in my room"])
def test_a_plan_or_the_means_at_hand_gets_the_emergency_number_first(message: str) -> None:
    found = screen_message(message)
    assert found.category == "suicide_plan"
    text = render_crisis_reply(found.category, "GB")["text"]
    assert "call 999 now" in text and text.index("999") < text.index("Samaritans")
    assert "SHOUT" in text and text.rstrip().endswith("are you safe right now?")


@pytest.mark.parametrize(("message", "category"), [
    ("my mum isnt breathing properly she took her pills", "overdose_other"),
    ("my daughter swallowed a load of her antidepressants", "overdose_other"),
    ("my dad wont wake up he took loads of painkillers", "overdose_other"),
    ("i took 30 co-codamol", "overdose"),
    ("necked my whole prescription with vodka", "overdose"),
])
def test_overdoses_named_by_the_medicine_or_told_by_their_signs(message: str, category: str) -> None:
    assert screen_message(message).category == category


@pytest.mark.parametrize(("country", "child_line", "abuse_line"), [("GB", "0800 1111", "0808 2000 247"),
                                                                   ("US", "1-800-422-4453", "1-800-799-7233")])
def test_a_parent_who_hurts_with_no_age_said_names_the_child_line_and_the_line_for_abuse(
        country: str, child_line: str, abuse_line: str) -> None:
    from bot.core.safety.reply import render_crisis_reply

    text = render_crisis_reply(screen_message("my dad hits me").category, country)["text"]
    assert child_line in text and abuse_line in text and "under 18" in text
