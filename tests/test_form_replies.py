"""Replies in a free-text form step: an answer, a request to explain, "go back" or "skip"."""

from __future__ import annotations

import pytest

from bot.core.form_replies import (
    ANSWER,
    BACK,
    DISMISS,
    GREETING,
    QUESTION,
    SKIP,
    WAIT,
    asks_something,
    is_keyboard_mash,
    is_test_word,
    just_acknowledges,
    kind_of_reply,
)


@pytest.mark.parametrize(("text", "kind"), [
    ("i'm not sure what you mean", QUESTION),
    ("not sure really", QUESTION), ("what is this for", QUESTION), ("is this saved?", QUESTION),
    ("nobody", ANSWER), ("when i start drinking again", ANSWER), ("when I feel alone, i call my mum", ANSWER),
    ("I beg your pardon, but what precisely is meant by a 'trigger', as distinct from a warning sign?", QUESTION),
    ("whats the list again", QUESTION),
    ("what is the difference between a trigger and a warning sign?", QUESTION),
    ("What helps is my morning walk to the newsagent", ANSWER),
    ("maybe calling my mum?", ANSWER),
    ("can you give me some examples? i'm not sure", QUESTION),
    ("like what", QUESTION),
    ("hmm I don't get it", QUESTION),
    ("go back", BACK),
    ("Back please", BACK),
    ("walking the dog, loud music", ANSWER),
    ("my mum, 07700 900123", ANSWER),
    ("when people ask what I mean by feeling low", ANSWER),
    ("skip", SKIP),
    ("skip lol", SKIP),
    ("can we skip this one please", SKIP),
    ("I'd rather not say", SKIP),
    ("next question", SKIP),
    ("skipping meals, not answering the phone", ANSWER),
    ("skip breakfast", ANSWER),
    ("my neighbour next door", ANSWER),
    # a no to a plan's step leaves it empty, never stored as the answer ("Triggers: not really, no")
    ("no", SKIP),
    ("not really, no", SKIP),
    ("I said no", SKIP),
    ("no... can't think of any right now", SKIP),
    ("no one", ANSWER),
    ("nobody really, maybe my gp", ANSWER),
    ("wait go back, I want to change the triggers one", BACK),
    ("hmm not sure actually, can I change that", BACK),
    ("I want to go back to work part time", ANSWER),
    ("idk, maybe walk the dog?", ANSWER),
    ("wdym several days", QUESTION),
    ("what does several days mean", QUESTION),
    ("2 of 6?", QUESTION),
    ("maybe a 6?", ANSWER),
    ("hmm who would count as that?", QUESTION), ("like who? family?", QUESTION),
    ("why are you asking me this", QUESTION), ("ur confusing me lol", QUESTION),
    ("whats the difference between 0 and 10 for anxiety", QUESTION), ("is 5 like average or what?", QUESTION),
    ("is 2 like more than half the days?", QUESTION), ("is 5 ok?", ANSWER),
    ("people who count on me", ANSWER), ("I get confused and irritable", ANSWER),
    ("6 out of 10?", ANSWER),
    ("change answer to q5", BACK),
    ("can we go back one step", BACK),
    ("I want to change my answers", BACK),
    ("my goal is to go back to work", ANSWER),
])
def test_kind_of_reply(text: str, kind: str) -> None:
    assert kind_of_reply(text) == kind


@pytest.mark.parametrize(("text", "acknowledges"), [("ok", True), ("makes sense", True), ("done", True),
                                                    ("Thanks!", True), ("no", False), ("ok my sister", False)])
def test_an_acknowledgement_is_no_free_text_answer(text: str, acknowledges: bool) -> None:
    assert just_acknowledges(text) is acknowledges


@pytest.mark.parametrize("text", ["asdfghjkl", "jkjkjkjk", "sdfkjh sdkfj", "lkjhg", "qwerty", "zzzzz", "hmmmm",
                                  "asdf", "hjkl"])
def test_a_keyboard_mash_is_no_answer_in_words(text: str) -> None:
    assert is_keyboard_mash(text)


@pytest.mark.parametrize("text", ["my sister", "the park", "property", "liberty", "strengths", "rhythm", "psych",
                                  "gym", "walk", "call my mum", "typewriter", "10pm", "ok", "mama", "nana", "jess"])
def test_short_real_answers_are_not_a_mash(text: str) -> None:
    assert not is_keyboard_mash(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("hold on", WAIT), ("hmm let me think", WAIT), ("brb", WAIT), ("ok I'm back", WAIT), ("okay hold on", WAIT),
    ("i don't know", QUESTION), ("not sure", QUESTION),
    ("actually wait, can I change my first answer?", BACK), ("back", BACK),
    ("wait for my mum to call", ANSWER), ("back pain and not sleeping", ANSWER),
])
def test_hesitations_and_doubts_are_not_answers(text: str, kind: str) -> None:
    assert kind_of_reply(text) == kind


@pytest.mark.parametrize(("text", "kind"), [
    ("start over", BACK), ("actually, can you change the first answer to: not sleeping and isolating", BACK),
])
def test_starting_over_goes_back(text: str, kind: str) -> None:
    assert kind_of_reply(text) == kind


@pytest.mark.parametrize("text", ["ok let's make one then", "that's all, bye"])
def test_a_go_ahead_or_a_goodbye_is_no_plan_answer(text: str) -> None:
    assert just_acknowledges(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("idk what to put here tbh", QUESTION), ("no idea what to write", QUESTION), ("you tell me", QUESTION),
    ("up to you", QUESTION), ("whatever", DISMISS), ("this is stupid", DISMISS), ("lol", DISMISS),
    ("meh", DISMISS), ("who cares", DISMISS), ("ugh this is so pointless", DISMISS),
    # refusals, tests and remarks about the bot are no answer either
    ("none of ur business", DISMISS), ("im not telling a robot that", DISMISS), ("testing testing 123", DISMISS),
    ("does this thing even work", DISMISS), ("why should I tell you that", DISMISS), ("prefer not to say", SKIP),
    ("not telling anyone until I'm ready", ANSWER), ("testing my limits with food", ANSWER),
    # answers that share words with those
    ("whatever happens I call my sister", ANSWER), ("stupid thoughts late at night", ANSWER),
    ("when I stop caring about anything", ANSWER), ("my mum", ANSWER),
    # the bot judged, an answer before changed
    ("this bot kinda mid ngl", DISMISS), ("the bus is kinda mid", ANSWER),
    ("no actually scrap the meetings bit, I changed my mind, it's only the presenting", BACK),
    ("I want to change what I said for the warning signs. add 'can't sleep on Sunday nights'", BACK),
    ("scrap metal collecting", ANSWER),
])
def test_a_plan_step_waved_away_or_handed_back_is_no_answer(text: str, kind: str) -> None:
    assert kind_of_reply(text) == kind


@pytest.mark.parametrize("text", ["wait, who sees this plan?", "why does it matter?", "how long will this take?",
                                  # a question to the bot, and a remark after it
                                  "random question but do you know any good podcasts? I've run out",
                                  "btw is it meant to be this slow? my phone is old",
                                  # what the bot said before, asked about without a question mark
                                  "haha ok. what was that breathing thing you mentioned before"])
def test_a_question_of_ones_own_is_no_answer(text: str) -> None:
    assert asks_something(text)


@pytest.mark.parametrize("text", ["my sister?", "what about my gran?", "can I put my mum?", "does a run count?",
                                  "going for a walk?", "walk the dog", "talk to jess. why? she gets it",
                                  "the breathing thing you mentioned"])
def test_a_tentative_answer_is_an_answer(text: str) -> None:
    assert not asks_something(text)


def test_change_that_goes_back_to_the_answer_before() -> None:
    assert kind_of_reply("hmm actually no, change that, running doesn't help me, put drawing instead") == BACK
    assert kind_of_reply("changing my routine helps") == ANSWER


@pytest.mark.parametrize(("text", "kind"), [
    ("nah forget it", DISMISS), ("actually never mind", DISMISS), ("nvm", DISMISS),
    ("can u give some examples", QUESTION), ("give some ideas pls", QUESTION),
    ("hello", GREETING), ("hi again!", GREETING), ("good morning", GREETING),
    ("never mind the weather, walking helps", ANSWER), ("hello kitty plushies", ANSWER), ("morning walks", ANSWER),
])
def test_a_change_of_mind_a_request_for_examples_or_a_hello_is_no_answer(text: str, kind: str) -> None:
    assert kind_of_reply(text) == kind


@pytest.mark.parametrize(("text", "testing"), [("banana", True), ("Potato!", True), ("lorem ipsum", True),
                                               ("a banana and a cup of tea", False), ("music", False)])
def test_words_typed_to_test_the_bot_are_no_answer(text: str, testing: bool) -> None:
    assert is_test_word(text) is testing


@pytest.mark.parametrize("text", ["is my care coordinator a professional? she's not a doctor",
                                  "only slept 3 hrs but feel great is that a bad sign?"])
def test_a_question_with_a_remark_after_it_or_at_its_end_is_a_question(text: str) -> None:
    assert kind_of_reply(text) == QUESTION


def test_asking_whether_an_answer_is_ok_is_an_answer() -> None:
    assert kind_of_reply("my mum, is that ok?") == ANSWER
