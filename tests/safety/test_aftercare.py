"""Reading the answer to the crisis reply's safety question, and how long aftercare lasts."""

from __future__ import annotations

import pytest

from bot.core.safety import aftercare
from bot.core.safety.aftercare import (
    ASKED_POSSIBLE,
    ASKED_SAFE,
    ASKED_THOUGHTS,
    OFFERED_PLAN,
    OFFERED_TALK,
    WATCHING,
    aftercare_active,
    followup_phrases,
    next_step,
    user_turns_after,
)


@pytest.mark.parametrize(("text", "answer"), [
    ("yes", "yes"), ("yeah", "yes"), ("Yes.", "yes"), ("kinda", "yes"),
    ("I have pills here", "escalate"), ("the pills are next to me", "escalate"), ("i'm not safe", "escalate"),
    ("not really safe tbh", "escalate"), ("yes i'm thinking about it tonight", "escalate"),
    ("I'm on the bridge", "escalate"), ("i already took them", "escalate"), ("no one is here", "escalate"),
    ("I called them, I feel calmer", "called"), ("i texted the line", "called"),
    ("I've spoken to my crisis team", "called"),
    ("I'm safe, my sister is here", "safe"), ("my mum is with me", "safe"), ("im ok now", "safe"),
    ("I'm not going to do anything", "safe"), ("feeling a bit calmer", "safe"),
    ("forget I said anything", "retract"), ("jk", "retract"), ("lol never mind", "retract"),
    ("I'm fine", "retract"), ("I didn't mean it", "retract"),
    ("no", "no"), ("nope", "no"), ("not now", "no"),
    ("kind of, sometimes", "yes"), ("well actually maybe yes", "yes"), ("idk", "unclear"), ("not sure", "unclear"),
    ("what's the weather like", None), ("", None), ("/make_safety_plan", None),
    ("fine. yes", "yes"), ("yh", "yes"), ("i said yes", "yes"), ("ok", "okay"), ("sure", "okay"),
    ("i dont wanna talk about it", "unclear"), ("my partner is here but asleep", "escalate"),
    ("what should i do", None), ("do i have to take my meds with food", None),
    ("stop sending me numbers i already know them", None), ("they said to call back if it gets worse", "called"),
    ("carry on", "unclear"), ("can we continue please", "unclear"), ("next question", "unclear"),
    ("back to the questionnaire", "unclear"), ("carry on with your life", None),
    ("I'm not going to tell you if I'm safe. just answer", "unclear"), ("yeah sure im totally safe lol", "unclear"),
    ("define safe lol", "unclear"), ("not really, i just feel useless", "no"),
    ("I'm safe, I won't tell anyone", "safe"),
])
def test_answers_are_read_in_order_of_danger(text: str, answer: str | None) -> None:
    assert followup_phrases().classify(text) == answer


@pytest.mark.parametrize(("state", "answer", "step"), [
    (ASKED_THOUGHTS, "yes", "escalate"),  # yes to "are you thinking about ending your life?"
    (ASKED_THOUGHTS, "no", "clarify"),  # a bare no is not an all-clear: ask about safety now
    (ASKED_SAFE, "yes", "safe"),
    (ASKED_SAFE, "no", "escalate"),
    (OFFERED_PLAN, "yes", "start_plan"),  # only a yes to the plan offer starts the plan
    (OFFERED_PLAN, "no", "not_now"),
    (WATCHING, "yes", None),
    (OFFERED_TALK, "yes", "listen"),  # "would it help to talk?" - yes: the bot listens
    (OFFERED_TALK, "no", "no_talk"),
    (OFFERED_TALK, "escalate", "escalate"),
    (ASKED_THOUGHTS, "okay", "clarify"),  # "ok" to "are you thinking about ending your life?" answers neither
    (ASKED_SAFE, "okay", "clarify"),
    (OFFERED_PLAN, "okay", "start_plan"),  # to an offer it is a yes
    (ASKED_POSSIBLE, "okay", "possible_unclear"),
    (OFFERED_PLAN, "escalate", "escalate"),
    (WATCHING, "retract", "retract"),
    (None, "yes", None),
])
def test_what_an_answer_means_depends_on_the_question(state: str | None, answer: str, step: str | None) -> None:
    assert next_step(state, answer) == step


def test_aftercare_lasts_ten_turns_and_thirty_minutes() -> None:
    start = 1_000_000.0
    assert aftercare_active(start, 0, now=start + 60)
    assert aftercare_active(start, 10, now=start + 60)
    assert aftercare_active(start, 25, now=start + aftercare.AFTERCARE_SECONDS - 1)  # still within 30 minutes
    assert aftercare_active(start, 3, now=start + 5 * 3600)  # still within 10 turns
    assert not aftercare_active(start, 11, now=start + aftercare.AFTERCARE_SECONDS + 1)
    assert not aftercare_active(None, 0)


def test_user_turns_are_counted_after_the_crisis_only() -> None:
    events = [("user", 1.0), ("bot", 2.0), ("user", 3.0), ("slot", 4.0), ("user", 5.0)]
    assert user_turns_after(2.5, events) == 2
    assert user_turns_after(None, events) == 0


def test_risk_adds_up_over_recent_turns_only() -> None:
    from bot.core.safety.aftercare import EARLIER_RISK, RECENT_SECONDS, risk_adds_up

    now = 10_000.0
    assert risk_adds_up([(now - 60, EARLIER_RISK)], now)
    assert risk_adds_up([(now - 60, 0.0), (now - 120, 0.9)], now)  # the message before the last
    assert not risk_adds_up([(now - 60, EARLIER_RISK - 0.01)], now)
    assert not risk_adds_up([(now - RECENT_SECONDS - 1, 0.9)], now)  # too long ago
    assert not risk_adds_up([(now - 1, 0.0)] * 3 + [(now - 2, 0.9)], now)  # too many turns ago
    assert not risk_adds_up([], now)


def test_a_retraction_after_an_overdose_keeps_the_emergency() -> None:
    assert next_step(ASKED_THOUGHTS, "retract", "overdose") == "escalate"
    assert next_step(ASKED_SAFE, "retract", "overdose") == "escalate"
    assert next_step(ASKED_THOUGHTS, "retract", "suicidal_thoughts") == "retract"


@pytest.mark.parametrize("answer", ["I've been keeping my tablets aside in a tin", "been saving my pills",
                                    "stashed my meds in the drawer"])
def test_means_kept_back_escalate(answer: str) -> None:
    assert followup_phrases().classify(answer) == "escalate"


@pytest.mark.parametrize(("text", "step"), [
    ("yes she's safe for now", "carer_safe"), ("he's asleep", "carer_safe"), ("i'm with her", "carer_safe"),
    ("no", "carer_danger"), ("i dont know where he is", "carer_danger"), ("she locked herself in", "carer_danger"),
    ("she has pills", "carer_danger"), ("not sure", "carer_danger"),
    ("she's 15, she's in her room now", None), ("I called 911", "carer_called"),
    ("we've just rung an ambulance", "carer_called"), ("the paramedics are on their way", "carer_called"),
    ("The police are there now.", "carer_called"),
    ("I called 911 and he's not breathing", "carer_danger"),
])
def test_a_carer_answers_about_the_other_person(text: str, step: str | None) -> None:
    """After the crisis reply about someone else, "are they safe right now?" is answered about them: "yes she's
    safe for now" is no danger, and nothing is read as the carer's own risk."""
    assert next_step(aftercare.ASKED_THEM, aftercare.carer_answer(text), "third_party") == step


@pytest.mark.parametrize(("text", "step"), [
    ("yes but i wont do anything", "crisis"), ("lol yes", "crisis"), ("no... well yes", "crisis"),
    ("every day", "crisis"), ("idk maybe", "crisis"), ("no", "possible_no"), ("not really", "possible_no"),
])
def test_any_yes_to_the_possible_risk_question_counts(text: str, step: str) -> None:
    assert next_step(ASKED_POSSIBLE, aftercare.possible_answer(text)) == step


@pytest.mark.parametrize("text", ["actually i meant it", "what i said before was real", "no wait, it's true"])
def test_saying_it_again_after_taking_it_back_gets_the_crisis_reply(text: str) -> None:
    assert next_step(WATCHING, followup_phrases().classify(text)) == "crisis"


@pytest.mark.parametrize(("text", "answer"), [("no she's not in danger right now, she's asleep", "safe"),
                                             ("she won't open the door", "escalate"),
                                             ("he texted me goodbye", "escalate")])
def test_a_carer_s_words_about_danger_are_read_before_a_bare_no(text: str, answer: str) -> None:
    assert aftercare.carer_answer(text) == answer


@pytest.mark.parametrize(("text", "step"), [("maybe", "escalate"), ("kind of", "escalate"), ("i guess", "escalate"),
                                           ("sort of i guess", "escalate"), ("yes", "safe"), ("yes im safe", "safe")])
def test_a_half_given_yes_to_are_you_safe_is_not_safe(text: str, step: str) -> None:
    """"maybe", "kind of" to "are you somewhere safe right now?" are no all-clear ("I'm so relieved to hear that"
    was said to them): the urgent steps again; a plain yes is safe."""
    assert next_step(ASKED_SAFE, followup_phrases().classify(text), "self_harm", text) == step


@pytest.mark.parametrize(("text", "step"), [("idk", "escalate"), ("i don't know", "escalate"), ("not sure", "escalate"),
                                           ("i'd rather not say", "clarify")])
def test_not_knowing_whether_one_is_safe_is_not_safe(text: str, step: str) -> None:
    """To "are you somewhere safe right now?" after the escalation, "idk" gets the emergency number first again;
    to the first question (are you thinking of ending your life?) it is asked again."""
    assert next_step(ASKED_SAFE, followup_phrases().classify(text), "suicidal_thoughts", text) == step
    assert next_step(ASKED_THOUGHTS, followup_phrases().classify(text), "suicidal_thoughts", text) == "clarify"


@pytest.mark.parametrize("text", ["stop asking me that", "none of your business", "why do you care",
                                  "leave me alone, I don't want your numbers",
                                  "why do you keep giving me crisis numbers. I'm not in crisis, I'm annoyed"])
def test_pushback_after_a_crisis_reply_is_not_thanked_or_asked_again(text: str) -> None:
    assert next_step(ASKED_THOUGHTS, followup_phrases().classify(text), "suicidal_thoughts", text) == "pushback"
    assert next_step(ASKED_THOUGHTS, followup_phrases().classify("leave me alone i am going to do it")) == "escalate"


def test_pushback_after_a_plan_still_gets_the_one_question() -> None:
    assert next_step(ASKED_THOUGHTS, followup_phrases().classify("leave me alone"), "suicide_plan") == "pushback_ask"


@pytest.mark.parametrize("text", ["I can't call, no credit on my phone", "988 didn't answer",
                                  "i dont have a phone, only this laptop"])
def test_when_calling_is_not_possible_the_ways_that_need_no_call_are_given(text: str) -> None:
    from bot.core.safety.aftercare import followup_phrases, next_step

    answer = followup_phrases().classify(text)
    assert next_step("asked_safe", answer, "suicidal_thoughts", text) == "cant_call"
    assert next_step("asked_possible", answer, "possible_risk", text) == "cant_call"


@pytest.mark.parametrize(("text", "asks"), [
    ("can you call someone for me", True), ("could u ring an ambulance", True), ("please call 911", True),
    ("can you just call my mum", True), ("pls get help", True), ("ring an ambulance now", True),
    ("cn u ring sum1 4 me", True), ("plz get an ambulence", True), ("can you alert someone", True),
    ("have you called them?", True), ("is help on the way?", True), ("so no one is coming?", True),
    ("i can call someone", False), ("i will call my sister", False), ("should i call the police", False),
    ("can you call me names", False), ("can you call it a day", False), ("can you send me a coping idea", False),
    ("i called 999 and they are coming", False), ("can you remind me to call my mum", False),
])
def test_asking_the_bot_to_call_is_answered_as_calling_that_is_not_possible(text: str, asks: bool) -> None:
    from bot.core.safety.aftercare import asks_bot_to_call, followup_phrases, next_step

    assert asks_bot_to_call(text) is asks
    if asks:
        assert next_step("asked_safe", followup_phrases().classify(text), "suicidal_thoughts", text) == "cant_call"


@pytest.mark.parametrize("text", ["not yet", "no not yet"])
def test_not_yet_to_have_you_called_is_told_to_call_now(text: str) -> None:
    from bot.core.safety.aftercare import carer_answer, next_step

    assert next_step("asked_them", carer_answer(text), "missing_person", text) == "carer_danger"


@pytest.mark.parametrize("text", ["I'm not in crisis", "honestly im not in danger"])
def test_not_in_crisis_is_safe_and_a_doubt_after_it_is_not(text: str) -> None:
    assert followup_phrases().classify(text) == "safe"
    assert followup_phrases().classify(f"{text} but i want to die") == "escalate"


def test_a_bare_stop_after_a_crisis_reply_is_pushback() -> None:
    from bot.core.safety.aftercare import followup_phrases

    assert followup_phrases().classify("stop") == "pushback"


@pytest.mark.parametrize(("text", "answer"), [
    ("not really... sometimes", "yes"), ("no... well sometimes", "yes"),
    ("no but i wish i could just disappear", "yes"),
    ("occasionally", "yes"), ("not rn", "no"), ("im fine omg i said im not suicidal", "no"),
    ("not like THAT lol just school n stuff. my mum keeps nagging", "no"),
])
def test_the_answer_to_the_possible_risk_question_reads_a_no_taken_back_as_a_yes(text: str, answer: str) -> None:
    from bot.core.safety.aftercare import possible_answer
    assert possible_answer(text) == answer


@pytest.mark.parametrize(("text", "answer"), [("i just started antidepressants", None), ("just started therapy", None),
                                             ("i just started cutting", "escalate"), ("I just did it", "escalate")])
def test_treatment_just_started_is_no_act_just_done(text: str, answer: str | None) -> None:
    assert aftercare.followup_phrases().classify(text) == answer


@pytest.mark.parametrize(("category", "answer", "step"), [
    ("harm_to_others", "no", "escalate"), ("abuse", "no", "escalate"), ("self_harm", "yes", "safe"),
    ("overdose", "no", "escalate"), ("suicidal_thoughts", "no", "clarify"),
])
def test_a_yes_or_no_answers_the_one_question_the_crisis_reply_asked(category: str, answer: str, step: str) -> None:
    """"Are you and the people around you safe right now?" - "no" is not safe; only the suicide reply's double
    question ("are you thinking about ending your life, and are you safe?") makes a bare "no" unclear."""
    assert next_step(ASKED_THOUGHTS, answer, category) == step


@pytest.mark.parametrize(("text", "step"), [("yes note it", "possible_unclear"),
                                            ("yeah please save that", "possible_unclear"),
                                            ("yes note it, i do think about dying", "crisis"), ("yes", "crisis")])
def test_a_yes_that_asks_for_something_else_is_asked_again_not_taken_as_thoughts(text: str, step: str) -> None:
    """"yes note it" to the possible-risk question answers the offer made before it: the line stays in view and
    the question is asked again later (a yes that speaks of dying is a yes)."""
    assert next_step(ASKED_POSSIBLE, aftercare.possible_answer(text)) == step


@pytest.mark.parametrize(("category", "step"), [("suicidal_thoughts", "retract"), ("overdose", "escalate")])
def test_a_denial_after_the_crisis_reply_is_taken_back_not_a_no_to_being_safe(category: str, step: str) -> None:
    text = "no no, I meant yes note my lithium question. I'm not suicidal"
    for state in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE):
        assert next_step(state, aftercare.followup_phrases().classify(text), category, text) == step
    # a plain "no" to "are you safe right now?" is still not safe
    assert next_step(aftercare.ASKED_SAFE, "no", "suicidal_thoughts", "no") == "escalate"


def _step(text: str, category: str = "suicidal_thoughts", state: str = ASKED_SAFE) -> str | None:
    return next_step(state, followup_phrases().classify(text), category, text)


@pytest.mark.parametrize("text", ["im not sure im safe", "yeah i am. i dont know if im safe", "i don't think i'm safe",
                                  "i dont know if i can stay safe"])
def test_safety_in_doubt_is_not_safe(text: str) -> None:
    assert _step(text) == "escalate"


@pytest.mark.parametrize("text", ["im safe right now i think. just tired of everything", "i guess im safe",
                                  "im ok for now but tired of it all"])
def test_safe_said_with_a_doubt_or_more_weight_is_asked_again_not_an_all_clear(text: str) -> None:
    assert _step(text) == "clarify"


@pytest.mark.parametrize("text", ["I'm safe now", "im safe, my sister is here", "i feel fine tho, just a bit sleepy",
                                  "bit dizzy but ok", "i feel fine now tho", "im fine honestly, going to bed",
                                  "stop asking me ffs im fine", "leave me alone"])
def test_after_their_own_overdose_feeling_fine_or_sleepy_is_no_all_clear(text: str) -> None:
    assert _step(text, "overdose") == "escalate"
    assert _step(text, "overdose", ASKED_THOUGHTS) == "escalate"


@pytest.mark.parametrize(("text", "step"), [
    ("im at A&E now", "called"), ("the ambulance is on its way", "called"),
    ("i dont want to call anyone", "cant_call"), ("i hate talking on the phone", "cant_call"),
    ("can you just stay and talk to me", "stay_talk"), ("please don't go", "stay_talk"),
])
def test_help_reached_not_wanting_to_call_and_asking_the_bot_to_stay(text: str, step: str) -> None:
    """After their own overdose, not calling gets help without a call, in its overdose wording (the medical
    emergency kept: someone to call for them, don't sleep)."""
    assert _step(text) == step
    assert _step(text, "overdose") == step


@pytest.mark.parametrize("text", ["can you just help me breathe", "help me calm down", "i'm having a panic attack",
                                  "can we do a breathing exercise", "breathe with me", "how do i calm down"])
def test_asking_for_help_to_breathe_gets_grounding_except_after_their_own_overdose(text: str) -> None:
    assert _step(text) == "ground"
    assert _step(text, state=ASKED_THOUGHTS) == "ground"
    assert _step(text, "overdose") == "escalate"


@pytest.mark.parametrize("text", ["i had a panic attack last year", "the grounding helped, i'm safe now"])
def test_breathing_told_in_passing_is_no_request(text: str) -> None:
    assert _step(text) != "ground"


def test_asking_the_bot_to_stay_after_the_possible_risk_question_is_listened_to() -> None:
    assert _step("can you just talk to me", state=ASKED_POSSIBLE) == "listen"


@pytest.mark.parametrize("text", ["hes barely breathing", "hes having a fit now", "her lips have gone blue",
                                  "he won't respond when i shake him"])
def test_a_carer_s_signs_of_poisoning_are_danger(text: str) -> None:
    assert aftercare.carer_answer(text) == "escalate"


@pytest.mark.parametrize("text", ["yes but im safe", "yeah i am, but i'm safe right now", "sometimes but im ok"])
def test_yes_to_the_thoughts_and_safe_now_hears_the_thoughts(text: str) -> None:
    assert _step(text, state=ASKED_THOUGHTS) == "thoughts_safe"
    assert _step("im safe", state=ASKED_THOUGHTS) == "safe"


@pytest.mark.parametrize(("text", "answer"), [("it's quite deep", "escalate"),
                                              ("its not bleeding much but its deep", "escalate"),
                                              ("i think it needs stitches", "escalate"),
                                              ("went deeper than usual", "escalate"),
                                              ("its a gaping one", "escalate"), ("not deep, just a scratch", None)])
def test_a_wound_said_to_be_deep_gets_first_aid_even_without_bleeding(text: str, answer: str | None) -> None:
    assert followup_phrases().classify(text) == answer


@pytest.mark.parametrize("text", ["please don't tell anyone", "are you going to tell my mum?", "will u report this",
                                  "keep this a secret ok", "he'll kill me if he finds out"])
def test_asking_for_secrecy_after_a_disclosure_is_answered_not_prompted_again(text: str) -> None:
    """After the crisis reply about abuse, asking the bot to keep it secret gets a reply of its own (nothing is
    passed on, the lines can be talked to without a name, the safety question), in any state."""
    assert followup_phrases().classify(text) == "secret"
    assert _step(text, "child_abuse") == "secret"
    assert next_step(ASKED_POSSIBLE, "secret", "possible_risk", text) == "secret"


def test_danger_said_beside_a_wish_for_secrecy_is_danger_first() -> None:
    assert followup_phrases().classify("don't tell anyone but i'm not safe") == "escalate"


@pytest.mark.parametrize(("text", "answer"), [("will you tell me what to do", None), ("pls dont tell", "secret"),
                                              ("just got off the train, i am safe now", "safe"),
                                              ("my sadness is so deep", None)])
def test_words_near_the_new_follow_ups_are_not_read_as_them(text: str, answer: str | None) -> None:
    assert followup_phrases().classify(text) == answer


@pytest.mark.parametrize(("text", "step"), [("please don't tell my parents", "secret"), ("not gonna call", "cant_call"),
                                            ("i feel sleepy but dont tell anyone", "escalate")])
def test_after_their_own_overdose_secrecy_or_not_calling_keeps_the_emergency(text: str, step: str) -> None:
    """Answered as said, in the overdose wording that keeps the medical emergency (domain.yml); a sign of the
    overdose taking hold beside it escalates."""
    assert _step(text, "overdose") == step


@pytest.mark.parametrize(("text", "question"), [("should I call the police?", "number"), ("do i ring 999", "number"),
                                                ("should we call an ambulance", "number"),
                                                ("what should i say to him", "talk")])
def test_a_carer_asking_whether_to_call_the_police_is_told_whom_to_call_now(text: str, question: str) -> None:
    assert aftercare.carer_question(text) == question


@pytest.mark.parametrize("text", ["he has done this before, maybe he is just being dramatic",
                                  "hes probably just attention seeking", "he says he feels fine", "ok forget it",
                                  "lol nevermind"])
def test_a_carer_playing_it_down_is_taken_seriously(text: str) -> None:
    assert aftercare.carer_answer(text) == "minimise"
    assert aftercare.next_step("asked_them", "minimise", "third_party_now", text) == "carer_minimise"
    assert aftercare.next_step("asked_them", "minimise", "overdose_other", text) == "carer_minimise"


@pytest.mark.parametrize("text", ["its stopped bleeding now", "the bleeding has stopped", "not bleeding anymore"])
def test_bleeding_stopped_after_self_harm_is_good_news_not_another_crisis(text: str) -> None:
    assert _step(text, "self_harm") == "safe"


@pytest.mark.parametrize("text", ["ok my neighbor is going over to check", "my neighbour is on her way over",
                                  "her dad is driving over there now"])
def test_someone_going_to_check_on_the_person_is_read_as_such(text: str) -> None:
    assert aftercare.carer_answer(text) == "checking"
    assert aftercare.next_step("asked_them", "checking", "third_party", text) == "carer_checking"


@pytest.mark.parametrize(("text", "answer"), [
    ("ok i stepped back from the edge", "safer"), ("im home now", "safer"), ("im off the bridge", "safer"),
    ("my roomate came up, shes here now", "safer"), ("ok i gave them to my roommate", "safer"),
    ("yeah im inside now with her", "safer"),
    # means put in the bin or locked away (tried from outside: "I'm safe, I put the blade in the bin" got the
    # escalation)
    ("I'm safe, I put the blade in the bin", "safe"), ("I put the blade in the bin", "safer"),
    ("i threw the pills away", "safer"), ("im safe, the knife is locked in the car", "safe"),
    ("the pills are locked away", "safer"),
    ("I've locked myself in the car with the pills", "escalate"), ("im hiding in the bathroom", "escalate"),
    # danger beside it is never a step towards safety
    ("i came home and took them all", None), ("im getting in the car now", None),
    ("i still have the pills but im home", "escalate"), ("yeah im going to do it now", "escalate"),
])
def test_a_step_towards_safety_is_heard_as_one(text: str, answer: str | None) -> None:
    assert aftercare.followup_phrases().classify(text) == answer


def test_a_step_towards_safety_is_welcomed_but_no_all_clear() -> None:
    assert aftercare.next_step("asked_safe", "safer", "suicide_plan", "im home now") == "safer"
    assert aftercare.next_step("asked_thoughts", "safer", "overdose", "im home now") == "escalate"


@pytest.mark.parametrize(("text", "answer"), [
    ("I'm safe right now, i meant stopping the medication not anything else", "safe"),
    ("i have the pills here", "escalate"),
])
def test_stopping_a_medicine_is_no_means_at_hand(text: str, answer: str) -> None:
    """"i meant stopping the medication" after a crisis reply (the bot had heard it as ending their life): safe as
    said, not the medication heard as means at hand (the escalation had answered it)."""
    assert aftercare.followup_phrases().classify(text) == answer


def test_the_line_stays_in_view_after_an_unclear_answer_to_the_possible_risk_question() -> None:
    """"idk" to "are you having thoughts of ending your life?": the question waits, and everyday replies after it keep
    the line in view (nothing asked), as after a request that leaves the question unanswered; after "no" they do
    not."""
    import time

    asked = time.time() - 30
    events = [("user", "", asked - 1), ("action", "utter_possible_risk", asked), ("user", "", asked + 5),
              ("action", "utter_possible_risk_unclear", asked + 6), ("user", "", asked + 10)]
    assert aftercare.line_to_keep(aftercare.ASKED_POSSIBLE, asked, events) == aftercare.LINE_KEPT
    answered = events[:3] + [("action", "utter_possible_risk_no", asked + 6), ("user", "", asked + 10)]
    assert aftercare.line_to_keep(aftercare.WATCHING, asked, answered) is None
    # a request that leaves the question unanswered ("check in"): the line stays in view too (red team rt18)
    assert aftercare.line_to_keep(aftercare.ASKED_POSSIBLE, asked, events[:3]) == aftercare.LINE_KEPT


@pytest.mark.parametrize(("text", "category", "step"), [
    ("they're here now", "abuse", "escalate"), ("he's back", "abuse_at_home", "escalate"),
    ("they are here", "child_abuse", "escalate"),
    ("the police are here now", "abuse", "called"), ("my mum is here now", "abuse", "safe"),
    ("they're here now", "suicidal_thoughts", "safer"),
])
def test_someone_unnamed_arriving_after_the_reply_about_abuse_is_danger_not_help(text: str, category: str,
                                                                                 step: str) -> None:
    """rt14: "they're here now" after the reply about abuse got "I'm really glad you did that": it may be the person
    who hurts them."""
    from bot.core.safety.aftercare import followup_phrases, next_step

    assert next_step("asked_safe", followup_phrases().classify(text), category, text) == step


@pytest.mark.parametrize("text", ["the police are here now", "paramedics are on their way"])
def test_help_arrived_in_person_is_an_answer(text: str) -> None:
    from bot.core.safety.aftercare import followup_phrases

    assert followup_phrases().classify(text) == "called"


@pytest.mark.parametrize("text", ["im scared of the police coming", "what if the police come"])
def test_fear_of_the_police_coming_is_not_help_arrived(text: str) -> None:
    from bot.core.safety.aftercare import followup_phrases

    assert followup_phrases().classify(text) != "called"


@pytest.mark.parametrize(("text", "answer"), [
    # red team rt31: each was asked "are you safe right now?" again
    ("Yes, I'm safe. I just said I'm not planning anything. This is exactly why I don't tell people.", "safe"),
    ("I JUST SAID IM SAFE. stop asking. should i press on it or what", "safe"),
    ("i am safe. the rope is gone. i only ask how to talk with my roommate", "safe"),
    # without a safety statement, each is what it was
    ("stop asking me", "pushback"), ("please dont tell anyone", "secret"), ("stop asking, im not safe", "escalate"),
    ("i have the pills here", "escalate"),
])
def test_safe_said_beside_annoyance_or_a_worry_is_safe(text: str, answer: str) -> None:
    assert aftercare.followup_phrases().classify(text) == answer


@pytest.mark.parametrize("text", ["paramedics are here now and taking him in. I'm shattered. can I talk about how I'm "
                                  "feeling for a bit",
                                  "they've gone. he's at the hospital. I just feel numb and guilty",
                                  "my friend is ok, theyre taking her to the ER now", "hes in the ambulance now"])
def test_someone_handed_over_to_help_turns_the_conversation_to_the_carer(text: str) -> None:
    """Red team rt31: what to do until help comes, word for word, after the paramedics had taken him; "they've gone"
    read as the person gone missing."""
    assert aftercare.carer_answer(text) == "handed_over"
    assert aftercare.next_step("asked_them", "handed_over", "overdose_other", text) == "carer_handed_over"


@pytest.mark.parametrize(("text", "answer"), [("the ambulance is on its way", "called"),
                                              ("i dont know where he is, hes gone", "escalate")])
def test_help_on_its_way_or_someone_gone_is_not_handed_over(text: str, answer: str) -> None:
    assert aftercare.carer_answer(text) == answer


@pytest.mark.parametrize("text", ["if i call 1800respect will they tell the police?", "will they tell my parents",
                                  "do they have to tell social services"])
def test_whether_the_line_tells_anyone_is_answered_as_a_worry_about_secrecy(text: str) -> None:
    """Red team rt31: "if i call 1800respect will they tell the police?" after the reply about abuse got the safety
    question again, the question unanswered."""
    assert aftercare.followup_phrases().classify(text) == "secret"


@pytest.mark.parametrize("text", ["ok im safe now, my sister is here with me. she's calling 911",
                                  "my son is driving me to the hospital", "ok hes getting the car keys"])
def test_someone_calling_or_driving_them_to_hospital_is_help_called(text: str) -> None:
    """Red team rt32: after an overdose, "Please go to them or wake them now", again and again."""
    assert aftercare.followup_phrases().classify(text) == "called"


@pytest.mark.parametrize("text", ["Police have arrived on the bridge. They've got him and he's going to hospital.",
                                  "they talked him down"])
def test_police_or_paramedics_with_the_person_is_handed_over(text: str) -> None:
    assert aftercare.carer_answer(text) == "handed_over"


@pytest.mark.parametrize(("text", "answer"), [
    ("i just want to talk about school stuff. exams are stressing me out", None),
    ("i just want to talk", "stay_talk"), ("i need to talk about it", "stay_talk"),
])
def test_wanting_to_talk_about_something_else_is_no_plea_to_stay(text: str, answer: str | None) -> None:
    """Red team rt32: after "I'm safe right now", exams got the reply for staying with someone in danger."""
    assert aftercare.followup_phrases().classify(text) == answer
