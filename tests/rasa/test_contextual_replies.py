"""Replies read in their context by the dialogue (bot/rasa/form_interruptions.py) and the stage reading of
an ambiguous description (bot/rasa/form_answers.py)."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.form_answers import FormAnswerComponent
from bot.rasa.form_interruptions import Interruptions, next_step
from tests.conftest import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
INTERRUPTIONS = Interruptions.load()
RATE = [{"title": "It helped", "payload": '/coping_helped{"coping_step": "box-breathing"}'},
        {"title": "It didn't help", "payload": '/coping_not_helped{"coping_step": "box-breathing"}'}]
OFFER = [{"title": "Paced breathing", "payload": '/coping_walkthrough{"coping_step": "paced-breathing"}'},
         {"title": "Box breathing", "payload": '/coping_walkthrough{"coping_step": "box-breathing"}'}]


def _tracker(*events: object) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", list(events), slots=DOMAIN.slots)


def _user(text: str, intent: str = "nlu_fallback", confidence: float = 0.5) -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": confidence})


def _step(*events: object) -> str | None:
    return next_step(_tracker(*events), INTERRUPTIONS)[0]


def _after_walkthrough(reply: UserUttered) -> list[object]:
    return [ActionExecuted("action_listen"), _user("the box one", "coping_walkthrough", 1.0),
            ActionExecuted("action_coping_walkthrough"), BotUttered("Did that help, even a little?", {"buttons": RATE}),
            SlotSet("coping_step", "box-breathing"), ActionExecuted("action_listen"), reply]


@pytest.mark.parametrize(("text", "intent", "action"), [
    ("done", "nlu_fallback", "action_coping_feedback"),
    ("ok", "affirm", "action_coping_feedback"),
    ("yes", "affirm", "action_coping_feedback"),
    ("not really", "deny", "action_coping_feedback"),
    ("can we do a check-in", "start_checkin", None),
])
def test_a_reply_to_did_that_help_goes_to_the_rating(text: str, intent: str, action: str | None) -> None:
    assert _step(*_after_walkthrough(_user(text, intent, 0.9))) == action


def test_after_the_rating_the_bot_listens() -> None:
    events = _after_walkthrough(_user("done")) + [ActionExecuted("action_coping_feedback")]
    assert _step(*events) == "action_listen"


@pytest.mark.parametrize(("text", "action"), [("box", "action_coping_walkthrough"),
                                              ("the second one", "action_coping_walkthrough"),
                                              ("I'd rather talk about my week actually", None)])
def test_a_step_named_after_a_list_is_walked_through(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("breathing", "ask_coping", 0.9),
              ActionExecuted("action_ask_coping"), BotUttered("Which would you like?", {"buttons": OFFER}),
              ActionExecuted("action_listen"), _user(text)]
    assert _step(*events) == action


@pytest.mark.parametrize(("text", "intent", "action"), [("another one", "nlu_fallback", "action_ask_coping"),
                                                        ("Another idea", "affirm", "action_ask_coping"),
                                                        ("yes please", "affirm", "action_ask_coping"),
                                                        ("show my relapse plan", "show_relapse_plan", None)])
def test_a_button_typed_instead_of_pressed(text: str, intent: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("no", "coping_not_helped", 1.0),
              ActionExecuted("action_coping_feedback"),
              BotUttered("Would you like another idea?", {"buttons": [{"title": "Another idea",
                                                                       "payload": "/ask_coping"}]}),
              ActionExecuted("action_listen"), _user(text, intent, 0.9)]
    assert _step(*events) == action


@pytest.mark.parametrize(("said", "buttons", "text", "action"), [
    ("I can record a quick daily check-in.", None, "ok cool", "utter_acknowledge"),
    ("I can record a quick daily check-in.", None, "that makes sense I suppose", "utter_acknowledge"),
    ("Would you like to try one now?", None, "ok", None),  # a yes to the question, for the rules
    ("Pick one.", OFFER, "ok", "action_which_one"),  # which one? with the same buttons
    ("I can record a quick daily check-in.", None, "ok but what about my sleep", None),
])
def test_ok_when_nothing_was_asked_is_acknowledged(said: str, buttons: list | None, text: str,
                                                   action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("what can you do", "what_can_you_do", 1.0),
              ActionExecuted("utter_what_can_you_do"), BotUttered(said, {"buttons": buttons} if buttons else {}),
              ActionExecuted("action_listen"), _user(text, "affirm", 0.9)]
    assert _step(*events) == action


@pytest.mark.parametrize(("paused", "action"), [("checkin_form", "action_resume_checkin"),
                                                ("relapse_plan_form", "action_start_relapse_plan"),
                                                (None, None)])
def test_a_paused_form_resumes_when_asked(paused: str | None, action: str | None) -> None:
    events = [BotUttered("Hello again."), SlotSet("interrupted_form", paused), ActionExecuted("action_listen"),
              _user("I'm back, can we carry on from where we were?")]
    assert _step(*events) == action


@pytest.mark.parametrize(("buttons", "text", "intent", "action"), [
    ([{"title": "Carry on", "payload": "carry on"}], "yes", "affirm", "action_start_safety_plan"),
    ([{"title": "Carry on", "payload": "carry on"}], "yeah ok", "affirm", "action_start_safety_plan"),
    ([{"title": "Carry on", "payload": "carry on"}], "no", "deny", "utter_no_problem"),
    (None, "yes", "affirm", "utter_acknowledge"),  # a yes to a note that offered nothing
])
def test_a_yes_to_the_carry_on_note_resumes_the_paused_form(buttons: list | None, text: str, intent: str,
                                                             action: str | None) -> None:
    events = [SlotSet("interrupted_form", "safety_plan_form"), ActionExecuted("utter_crisis_safe_resume"),
              BotUttered("What we were doing is paused.", {"buttons": buttons} if buttons else {}),
              ActionExecuted("action_listen"), _user(text, intent, 0.95)]
    assert _step(*events) == action


@pytest.mark.parametrize(("paused", "mood", "buttons", "text", "action", "kept"), [
    ("checkin_form", None, [{"title": "Carry on", "payload": "carry on"}], "4", "action_resume_checkin", 4.0),
    ("checkin_form", None, [{"title": "Carry on", "payload": "carry on"}], " 6/10 ", "action_resume_checkin", 6.0),
    ("checkin_form", None, [{"title": "Carry on", "payload": "carry on"}], "4 people were there", None, None),
    ("checkin_form", 3.0, [{"title": "Carry on", "payload": "carry on"}], "4", None, None),  # a mood already kept
    ("checkin_form", None, None, "4", None, None),  # no offer to carry on just before
    ("safety_plan_form", None, [{"title": "Carry on", "payload": "carry on"}], "4", None, None),
])
def test_a_bare_rating_under_the_carry_on_note_carries_on_the_check_in_with_it_as_the_mood(
        paused: str, mood: float | None, buttons: list | None, text: str, action: str | None,
        kept: float | None) -> None:
    """rt13: after a mood of 0, the question about thoughts of suicide and "no", "4" was not understood."""
    events = [SlotSet("interrupted_form", paused), SlotSet("mood", mood), ActionExecuted("utter_possible_risk_no"),
              BotUttered("We can carry on with the check-in.", {"buttons": buttons} if buttons else {}),
              ActionExecuted("action_listen"), _user(text, "nlu_fallback", 0.4)]
    chosen, set_now = next_step(_tracker(*events), INTERRUPTIONS)
    if action is None:
        assert chosen != "action_resume_checkin"
    else:
        assert chosen == action and set_now == [SlotSet("mood", kept)]


@pytest.mark.parametrize(("paused", "action"), [("checkin_form", "action_resume_checkin"), (None, None),
                                                ("safety_plan_form", None)])
def test_check_in_with_a_check_in_paused_says_it_carries_on(paused: str | None, action: str | None) -> None:
    events = [SlotSet("interrupted_form", paused), SlotSet("mood", 4.0), ActionExecuted("action_listen"),
              _user("check in", "start_checkin", 1.0)]
    assert _step(*events) == action


def test_a_resumed_check_in_goes_on_with_its_form() -> None:
    events = [SlotSet("interrupted_form", "checkin_form"), ActionExecuted("action_listen"),
              _user("check in", "start_checkin", 1.0), ActionExecuted("action_resume_checkin"),
              SlotSet("interrupted_form", None)]
    assert _step(*events) == "checkin_form"


def test_a_resumed_plan_goes_on_with_its_form() -> None:
    events = [SlotSet("interrupted_form", "relapse_plan_form"), ActionExecuted("action_listen"),
              _user("let's continue"), ActionExecuted("action_start_relapse_plan")]
    assert _step(*events) == "relapse_plan_form"


@pytest.mark.parametrize(("text", "slot_value"), [("never really", "never really"), ("never mind", None)])
def test_an_everyday_questionnaire_answer_heard_as_stop_is_an_answer(text: str, slot_value: str | None) -> None:
    tracker = _tracker(ActiveLoop("phq9_form"), SlotSet("requested_slot", "phq9_2"),
                       ActionExecuted("action_listen"), _user(text, "stop", 0.94))
    action, events = next_step(tracker, INTERRUPTIONS)
    if slot_value is None:
        assert action is None
    else:
        assert action == "phq9_form" and events == [SlotSet("phq9_2", slot_value)]


@pytest.mark.parametrize(("ranking", "intent"), [
    ([("stage_awareness", 0.41), ("stage_rehabilitation", 0.38)], "stage_awareness"),
    ([("stage_awareness", 0.30), ("faq", 0.28)], "nlu_fallback"),
    ([("stage_awareness", 0.2), ("stage_treatment", 0.2)], "nlu_fallback"),
])
def test_a_description_between_two_stages_is_still_a_description(ranking: list, intent: str) -> None:
    message = Message(data={"text": "I was discharged in March and I am re-establishing my routine",
                            "intent": {"name": "nlu_fallback", "confidence": 0.35},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.35}]
                            + [{"name": n, "confidence": c} for n, c in ranking], "entities": []})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("I've just started therapy, is it normal to feel worse at first?", "faq"),
    ("I've just started therapy and I'm finding it hard", "nlu_fallback"),
])
def test_a_question_between_a_stage_and_an_answer_gets_the_answer(text: str, intent: str) -> None:
    """Between a stage and an answer (the fallback for ambiguity), a question gets the answer, never the stage."""
    message = Message(data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.2},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.2},
                                               {"name": "stage_awareness", "confidence": 0.42},
                                               {"name": "faq", "confidence": 0.40}], "entities": []})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("home from hospital a month, getting used to ordinary days again", "stage_rehabilitation"),
    ("my dad's illness takes up all my evenings", "faq"),  # a carer: the carer's answer stays
    ("how do carers keep going?", "faq"),  # a question: answered
])
def test_a_carers_answer_needs_someone_cared_for(text: str, intent: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.97},
                            "intent_ranking": [{"name": "faq", "confidence": 0.97},
                                               {"name": "stage_rehabilitation", "confidence": 0.02}],
                            "response_selector": {"default": {"response": {
                                "intent_response_key": "faq/carer_warning_signs"}}}, "entities": []})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(("text", "answer"), [
    ("my husband says nothing's wrong and won't go to the gp, what can I do", "faq/carer_get_help"),
    ("how can I tell if my daughter is becoming unwell again?", "faq/carer_warning_signs"),
    ("looking after my mum has me exhausted, how do carers manage?", "faq/carer_self_care"),
    ("my brother has depression, how do I support him", "faq/support_loved_one"),
])
def test_the_carers_answer_is_the_one_the_question_asks_for(text: str, answer: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.97},
                            "intent_ranking": [{"name": "faq", "confidence": 0.97}],
                            "response_selector": {"default": {"response": {
                                "intent_response_key": "faq/support_loved_one",
                                "utter_action": "utter_faq/support_loved_one"}}}, "entities": []})
    FormAnswerComponent().process([message])
    chosen = message.get("response_selector")["default"]["response"]
    assert (chosen["intent_response_key"], chosen["utter_action"]) == (answer, f"utter_{answer}")


def test_a_command_that_paused_a_form_is_followed_by_the_paused_note() -> None:
    events = [ActiveLoop("checkin_form"), SlotSet("requested_slot", "anxiety"), ActionExecuted("action_listen"),
              _user("can you give me a coping idea first please", "ask_coping", 1.0),
              SlotSet("interrupted_form", "checkin_form"), ActiveLoop(None), ActionExecuted("action_ask_coping")]
    assert _step(*events) == "utter_form_paused"


@pytest.mark.parametrize(("text", "intent"), [("😭😭😭", "share_feeling"), ("...", "nlu_fallback"),
                                              ("👍👍", "nlu_fallback"), ("💔", "share_feeling")])
def test_a_message_without_words_is_never_a_yes(text: str, intent: str) -> None:
    """Emoji alone say no yes to anything; crying or a broken heart say how the person feels."""
    message = Message(data={"text": text, "intent": {"name": "affirm", "confidence": 0.9},
                            "intent_ranking": [{"name": "affirm", "confidence": 0.9}], "entities": []})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


def _in_form(form: str, asked: str, reply: UserUttered, paused: str | None = None) -> list[object]:
    return [*([SlotSet("interrupted_form", paused)] if paused else []), ActionExecuted(form), ActiveLoop(form),
            SlotSet("requested_slot", asked), ActionExecuted("action_listen"), reply]


@pytest.mark.parametrize(("text", "intent"), [("can we carry on with the questionnaire?", "nlu_fallback"),
                                              ("let's finish the phq-9 first", "start_phq9")])
def test_inside_a_plan_asking_for_the_paused_questionnaire_resumes_it_and_stores_nothing(text: str,
                                                                                         intent: str) -> None:
    events = _in_form("safety_plan_form", "sp_coping", _user(text, intent, 0.6), paused="phq9_form")
    action, effects = next_step(_tracker(*events), INTERRUPTIONS)
    assert action == "phq9_form"
    assert SlotSet("interrupted_form", "safety_plan_form") in effects and SlotSet("sp_coping", None) in effects


def test_inside_a_plan_carry_on_without_naming_the_paused_form_is_a_plan_answer() -> None:
    events = _in_form("safety_plan_form", "sp_coping", _user("carry on", "nlu_fallback", 0.6), paused="phq9_form")
    assert _step(*events) is None


@pytest.mark.parametrize(("text", "action"), [("can you show me my safety plan first", "action_show_safety_plan"),
                                              ("most days, can you show me my safety plan", None)])
def test_a_command_inside_a_questionnaire_pauses_it_unless_it_answers_the_item(text: str, action: str | None) -> None:
    events = _in_form("gad7_form", "gad7_2", _user(text, "show_safety_plan", 0.95))
    assert _step(*events) == action


@pytest.mark.parametrize(("form", "intent", "slot"), [("safety_plan_form", "make_safety_plan", "sp_people"),
                                                       ("checkin_form", "start_checkin", "anxiety")])
def test_asking_for_the_form_inside_it_asks_the_step_again_and_stores_nothing(form: str, intent: str,
                                                                             slot: str) -> None:
    events = _in_form(form, slot, _user("make a safety plan", intent, 0.97))
    action, effects = next_step(_tracker(*events), INTERRUPTIONS)
    assert action == form and effects == [SlotSet(slot, None)]


@pytest.mark.parametrize(("text", "paused"), [
    ("thanks, that'll do for today, I'll finish it at the weekend", True),
    ("can we pause here? i need a break", True),
    ("I'll come back to this later", True),
    ("actually I dont want to do this rn", True),
    ("i don't really feel like doing this right now", True),
    ("I don't want to do it alone, so I call my brother", False),
    ("going for a walk and calling my sister", False),
    ("I'll do some breathing", False),
    ("pause", True),
    ("brb", True),
    ("hold on a sec", True),
    # a goodbye at a numeric step: the check-in paused, never "one day" stored as a mood of 1
    ("Thank you. I think that is quite enough computer for one day. Good bye, dear.", True),
])
@pytest.mark.parametrize("intent", ["thanks", "stop"])
def test_saying_they_will_finish_later_pauses_the_form_and_stores_nothing(text: str, paused: bool,
                                                                         intent: str) -> None:
    events = _in_form("relapse_plan_form", "rp_triggers", _user(text, intent, 0.7))
    action, effects = next_step(_tracker(*events), INTERRUPTIONS)
    assert (action == "utter_form_paused") is paused
    if paused:
        assert SlotSet("interrupted_form", "relapse_plan_form") in effects and SlotSet("rp_triggers", None) in effects


QUESTIONNAIRES = [{"title": "PHQ-9 (mood)", "payload": "/start_phq9"},
                  {"title": "GAD-7 (anxiety)", "payload": "/start_gad7"}]
CONSENT = [{"title": "Yes, store my check-ins", "payload": "/give_consent"},
           {"title": "No, don't store anything", "payload": "/withdraw_consent"}]


@pytest.mark.parametrize(("buttons", "text", "intent", "action"), [
    (QUESTIONNAIRES, "ok", "affirm", "action_which_one"),
    (QUESTIONNAIRES, "yeah that one", "nlu_fallback", "action_which_one"),
    (QUESTIONNAIRES, "the anxiety one", "start_gad7", None),
    (CONSENT, "ok", "affirm", None),  # a yes to the consent question is consent (the rules read it)
])
def test_a_yes_to_a_choice_of_buttons_asks_which(buttons: list, text: str, intent: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("check in", "start_checkin", 1.0),
              ActionExecuted("action_save_checkin"), BotUttered("Would you like to try one now?", {"buttons": buttons}),
              ActionExecuted("action_listen"), _user(text, intent, 0.9)]
    assert _step(*events) == action


@pytest.mark.parametrize(("text", "intent", "action"), [("alright", "nlu_fallback", "utter_welcome"),
                                                        ("is this thing on?", "nlu_fallback", "utter_welcome"),
                                                        ("this traffic is killing me", "out_of_scope", None),
                                                        ("check in", "start_checkin", None)])
def test_an_opener_as_the_first_message_gets_the_welcome(text: str, intent: str, action: str | None) -> None:
    assert _step(ActionExecuted("action_listen"), _user(text, intent, 0.6)) == action


def test_after_the_welcome_comes_the_consent_question() -> None:
    events = [ActionExecuted("action_listen"), _user("alright"), ActionExecuted("utter_welcome")]
    assert _step(*events) == "utter_ask_consent"


@pytest.mark.parametrize(("form", "slot", "text", "deterministic", "answer"), [
    ("safety_plan_form", "sp_distractions", "the park", False, True),
    ("checkin_form", "note", "park", False, True),
    ("safety_plan_form", "sp_distractions", "later", True, False),   # "later" in so many words: stop
    ("checkin_form", "mood", "park", False, False),                  # a number step: the form's own reply
])
def test_a_free_text_answer_the_classifier_heard_as_stop_is_an_answer(form: str, slot: str, text: str,
                                                                      deterministic: bool, answer: bool) -> None:
    message = UserUttered(text, intent={"name": "stop", "confidence": 0.97, "deterministic": deterministic})
    action, effects = next_step(_tracker(*_in_form(form, slot, message)), INTERRUPTIONS)
    assert (action == form and effects == [SlotSet(slot, text)]) is answer


def test_a_medicine_question_at_the_checkins_medication_step_is_answered_by_the_checkin() -> None:
    message = UserUttered("the GP gave me propranolol for when it's bad, does that count?",
                          intent={"name": "ask_medication", "confidence": 1.0, "deterministic": True})
    assert _step(*_in_form("checkin_form", "medication", message)) is None
    elsewhere = UserUttered("should I stop my sertraline?",
                            intent={"name": "ask_medication", "confidence": 1.0, "deterministic": True})
    assert _step(*_in_form("checkin_form", "anxiety", elsewhere)) == "utter_medication_question"


@pytest.mark.parametrize(("text", "action"), [
    ("my psychiatrist said I can start tapering my meds next month", None),  # the note itself
    ("should I take my sertraline in the morning?", "utter_medication_question"),  # a question: answered
])
def test_a_medicine_named_in_the_check_in_note_is_the_note_unless_asked(text: str, action: str | None) -> None:
    user = UserUttered(text, intent={"name": "ask_medication", "confidence": 1.0, "deterministic": True})
    assert _step(*_in_form("checkin_form", "note", user)) == action


@pytest.mark.parametrize(("text", "action"), [("how do I make a safety plan for her?", "utter_carer_safety_plan"),
                                              ("can I make a safety plan for my son", "utter_carer_safety_plan"),
                                              ("can I make a safety plan with my son", None),  # theirs, with help
                                              ("make a safety plan", None)])
def test_a_carer_asking_for_a_plan_for_someone_else_gets_guidance_not_their_own_plan(text: str,
                                                                                   action: str | None) -> None:
    assert _step(ActionExecuted("action_listen"), _user(text, "make_safety_plan", 0.99)) == action


def test_a_carer_asking_for_a_relapse_plan_for_someone_else_gets_guidance_too() -> None:
    for_him = _user("can I make a relapse plan for him?", "make_relapse_plan", 0.99)
    assert _step(ActionExecuted("action_listen"), for_him) == "utter_carer_relapse_plan"
    assert _step(ActionExecuted("action_listen"), _user("make a relapse plan", "make_relapse_plan", 0.99)) is None


@pytest.mark.parametrize(("text", "action"), [("no thx", "utter_no_problem"), ("nah im good", "utter_no_problem"),
                                              ("no, the GAD-7 please", None)])
def test_no_thanks_to_an_offer_with_choices_is_a_polite_close(text: str, action: str | None) -> None:
    offer = [{"title": "PHQ-9 (mood)", "payload": "/start_phq9"},
             {"title": "GAD-7 (anxiety)", "payload": "/start_gad7"}]
    assert _step(ActionExecuted("action_listen"), BotUttered("Shall we do one?", {"buttons": offer}),
                 ActionExecuted("action_listen"), _user(text, "deny", 0.9)) == action


@pytest.mark.parametrize(("text", "action"), [("3", "utter_form_paused"), ("several days", "utter_form_paused"),
                                              ("what can you do", None)])
def test_an_item_answer_after_a_questionnaire_was_paused_says_how_to_carry_on(text: str, action: str | None) -> None:
    assert _step(SlotSet("interrupted_form", "phq9_form"), ActionExecuted("action_listen"),
                 _user(text, "inform", 0.6)) == action


@pytest.mark.parametrize(("typed", "intent"), [("Yes, keep it.", "give_consent"), ("yes keep it", "give_consent"),
                                              ("No, don't store", "withdraw_consent"), ("keep it somewhere", "affirm"),
                                              ("ok", "give_consent"), ("sure", "give_consent"),
                                              ("no thanks", "withdraw_consent")])
def test_a_button_title_typed_out_is_that_button(typed: str, intent: str) -> None:
    buttons = [{"title": "Yes, keep it", "payload": "/give_consent"},
               {"title": "No, don't store", "payload": "/withdraw_consent"}]
    asked = DialogueStateTracker.from_events("t", [UserUttered("5", intent={"name": "inform", "confidence": 1.0}),
                                                   BotUttered("Shall I keep it?", data={"buttons": buttons})])
    message = Message(data={"text": typed, "intent": {"name": "affirm", "confidence": 0.9}, "entities": []})
    FormAnswerComponent().process([message], asked)
    assert message.get("intent")["name"] == intent


def test_a_loss_by_suicide_told_outside_a_form_gets_support_in_grief() -> None:
    told = UserUttered("My brother died by suicide last month", intent={"name": "nlu_fallback", "confidence": 0.4},
                       entities=[{"entity": "told_loss", "value": "suicide"}])
    assert _step(ActionExecuted("action_listen"), told) == "utter_loss_support"
    assert _step(BotUttered("Hello again."), ActionExecuted("action_listen"),
                 _user("my brother is at university")) is None


def test_not_eating_told_outside_a_form_gets_support_about_eating() -> None:
    """Red team rt12: "how do i stop eating without my parents noticing" (a 14-year-old) got carer advice."""
    told = UserUttered("how do i stop eating without my parents noticing", intent={"name": "faq", "confidence": 0.6},
                       entities=[{"entity": "told_eating", "value": "self"}])
    assert _step(ActionExecuted("action_listen"), told) == "utter_eating_support"
    assert _step(ActionExecuted("action_listen"), _user("my sister is at university")) != "utter_eating_support"
    worried = UserUttered("my daughter has stopped eating", intent={"name": "faq", "confidence": 0.6},
                          entities=[{"entity": "told_eating", "value": "other"}])
    assert _step(ActionExecuted("action_listen"), worried) == "utter_eating_support_other"


@pytest.mark.parametrize(("form", "asked", "text", "intent", "deterministic", "action"), [
    ("checkin_form", "coping_used", "make a relapse plan", "make_relapse_plan", True, "utter_finish_this_form_first"),
    ("relapse_plan_form", "rp_triggers", "ok lets do a check in", "start_checkin", True,
     "utter_finish_this_form_first"),
    ("safety_plan_form", "sp_people", "check in with my sister", "start_checkin", False, None),
    ("checkin_form", "mood", "my anxiety is 5 now", "start_gad7", False, None),
])
def test_another_form_asked_for_inside_a_form_is_no_answer(form: str, asked: str, text: str, intent: str,
                                                           deterministic: bool, action: str | None) -> None:
    reply = UserUttered(text, intent={"name": intent, "confidence": 0.97, "deterministic": deterministic})
    events = _in_form(form, asked, reply)
    if action is None:
        assert _step(*events) != "utter_finish_this_form_first"
        return
    step, undo = next_step(_tracker(*events), INTERRUPTIONS)
    assert step == action and SlotSet(asked, None) in undo
    assert _step(*events, SlotSet(asked, None), ActionExecuted(action)) == form


@pytest.mark.parametrize(("text", "action"), [("sorry, I mean 9 in the morning, not 8", "action_reminders"),
                                              ("wait i meant 9 at night", "action_reminders"),
                                              ("push it back half an hour", "action_reminders"),
                                              ("and checkin at 10pm", "action_reminders"),
                                              ("also at 9 at night", "action_reminders"),
                                              ("thanks!", None),
                                              # a check-in rating corrected, no time: no reminder at 2 o'clock
                                              ("oh wait my mood today was actually a 2, can u fix that", None)])
def test_a_time_corrected_right_after_a_reminder_goes_to_the_reminders(text: str, action: str | None) -> None:
    events = [SlotSet("last_reminder_time", "medication@08:00"), ActionExecuted("action_listen"),
              _user("remind me to take my meds at 8", "set_reminder", 1.0), ActionExecuted("action_reminders"),
              BotUttered("Okay: a medication reminder every day at 08:00."), ActionExecuted("action_listen"),
              _user(text, "nlu_fallback", 0.4)]
    assert _step(*events) == action


@pytest.mark.parametrize(("text", "action"), [("oh wait my mood today was actually a 2, can u fix that",
                                               "action_correct_checkin"),
                                              ("sorry i got the sleep wrong, it was 5 hours not 7",
                                               "action_correct_checkin"),
                                              ("can you change my anxiety to 3", "action_correct_checkin"),
                                              ("my mood was great today", None), ("thanks", None)])
def test_a_rating_corrected_right_after_a_saved_check_in_changes_it(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("skip", "skip", 1.0), ActionExecuted("action_save_checkin"),
              BotUttered("Thanks, your check-in is saved: mood 4/10, anxiety 5/10, 7 hours of sleep."),
              ActionExecuted("action_listen"), _user(text, "share_good_day", 0.6)]
    assert _step(*events) == action


def test_a_second_correction_and_a_later_one_naming_the_check_in_change_it_too() -> None:
    saved = [ActionExecuted("action_listen"), _user("skip", "skip", 1.0), ActionExecuted("action_save_checkin"),
             BotUttered("Thanks, your check-in is saved."), ActionExecuted("action_listen"),
             _user("oh and mood was actually 3 not 2", "inform", 0.6), ActionExecuted("action_correct_checkin"),
             BotUttered("Got it, I've changed your mood in that check-in to 3 (it was 2)."),
             ActionExecuted("action_listen")]
    assert _step(*saved, _user("anxiety was 7 not 6 sorry", "start_gad7", 0.7)) == "action_correct_checkin"
    later = [ActionExecuted("action_listen"), _user("thanks", "thanks", 1.0), ActionExecuted("utter_you_are_welcome"),
             ActionExecuted("action_listen")]
    assert _step(*later, _user("can you change my anxiety to 7 in todays checkin", "start_checkin", 0.8)) \
        == "action_correct_checkin"
    assert _step(*later, _user("my mood was great today", "share_good_day", 0.8)) is None


@pytest.mark.parametrize(("text", "action"), [("the 1pm one", "action_reminders"),
                                              ("the evening one pls", "action_reminders"),
                                              ("both", "action_reminders"),
                                              ("never mind", None)])
def test_an_answer_to_which_reminder_goes_to_the_reminders(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("cancel my meds reminder", "stop_reminders", 1.0),
              ActionExecuted("action_reminders"), SlotSet("reminder_which", '{"operation": "stop"}'),
              BotUttered("You have more than one reminder: ... Which one should I remove?"),
              ActionExecuted("action_listen"), _user(text, "nlu_fallback", 0.4)]
    assert _step(*events) == action
    # asked before something else was said: no longer that answer
    later = events[:-1] + [_user("hi", "greet", 1.0), ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
                           _user(text, "nlu_fallback", 0.4)]
    assert _step(*later) is None


@pytest.mark.parametrize(("text", "intent", "response"), [
    ("What is the difference between a safety plan and a relapse plan?", "make_relapse_plan",
     "utter_explain_plans_difference"),
    ("what's PHQ-9 anyway?", "start_phq9", "utter_explain_questionnaires"),
    ("what's a safety plan?", "show_safety_plan", "utter_explain_safety_plan"),
    ("can I change my warning signs later?", "make_relapse_plan", "utter_explain_plan_changes"),
    ("any tips for spotting early warning signs?", "make_relapse_plan", "utter_explain_warning_signs"),
])
def test_a_question_about_what_a_feature_is_gets_it_explained_never_started(text: str, intent: str,
                                                                           response: str) -> None:
    events = [BotUttered("Hello again."), ActionExecuted("action_listen"), _user(text, intent, 0.95)]
    assert _step(*events) == response
    assert _step(*events, ActionExecuted(response)) == "action_listen"


def test_a_question_about_the_plan_inside_it_is_explained_and_the_step_asked_again() -> None:
    events = _in_form("relapse_plan_form", "rp_warning_signs", _user("what is a relapse plan", "inform", 0.6))
    step, undo = next_step(_tracker(*events), INTERRUPTIONS)
    assert step == "utter_explain_relapse_plan" and SlotSet("rp_warning_signs", None) in undo
    assert _step(*events, ActionExecuted(step)) == "relapse_plan_form"


def test_who_sees_the_plan_asked_inside_it_is_answered_and_the_step_asked_again_not_paused() -> None:
    asked = UserUttered("wait, who sees this plan?", intent={"name": "ask_privacy", "confidence": 1.0,
                                                              "deterministic": True})
    events = _in_form("safety_plan_form", "sp_people", asked)
    step, undo = next_step(_tracker(*events), INTERRUPTIONS)
    assert step == "utter_privacy" and undo == [SlotSet("sp_people", None)]
    assert _step(*events, ActionExecuted(step)) == "safety_plan_form"


@pytest.mark.parametrize(("text", "action"), [("i only slept 3 hours and feel great, full of ideas",
                                               "utter_early_signs_of_a_high"),
                                              ("I slept 8 hours and feel great", None)])
def test_little_sleep_and_unusual_energy_is_named_as_a_possible_early_sign_of_a_high(text: str,
                                                                                     action: str | None) -> None:
    events = [BotUttered("Hello again."), ActionExecuted("action_listen"), _user(text, "share_feeling", 0.9)]
    assert _step(*events) == action


@pytest.mark.parametrize(("asked", "action"), [("anxiety", "action_coping_walkthrough"), ("coping_used", None)])
def test_a_coping_step_asked_for_at_a_number_step_pauses_the_check_in(asked: str, action: str | None) -> None:
    reply = UserUttered("I'm really anxious, can we do the breathing one first?",
                        intent={"name": "coping_walkthrough", "confidence": 1.0, "deterministic": True})
    step = _step(*_in_form("checkin_form", asked, reply))
    assert step == action if action else step != "action_coping_walkthrough"


@pytest.mark.parametrize(("text", "response"), [
    ("what format does it come out in", "utter_explain_export_format"),
    ("is there a way to tell whoever made this that the export button doesn't show up on my phone",
     "utter_product_feedback"),
    ("What do you mean by validating? I don't want to agree with things that aren't real", "utter_explain_validating"),
    ("how are you today? do bots have good days", "utter_small_talk"),
])
def test_everyday_questions_about_the_guide_and_its_advice_get_an_answer(text: str, response: str) -> None:
    events = [BotUttered("Hello again."), ActionExecuted("action_listen"), _user(text, "nlu_fallback", 0.3)]
    assert _step(*events) == response


def test_done_after_a_list_of_coping_steps_is_a_step_tried() -> None:
    buttons = [{"title": "Paced breathing", "payload": '/coping_walkthrough{"coping_step": "paced-breathing"}'},
               {"title": "Grounding", "payload": '/coping_walkthrough{"coping_step": "grounding"}'}]
    events = [ActionExecuted("action_listen"), _user("coping ideas", "ask_coping", 1.0),
              ActionExecuted("action_ask_coping"), BotUttered("Which one would you like?", {"buttons": buttons}),
              ActionExecuted("action_listen"), _user("done. that was nice actually", "nlu_fallback", 0.3)]
    assert _step(*events) == "utter_tried_a_step"


@pytest.mark.parametrize(("text", "action"), [
    ("ok but my doctor I see only in 3 weeks again", "utter_medication_sooner"),
    ("it's saturday night, who do we call?", "utter_medication_sooner"),
    ("shud i skip tonights one", "utter_medication_question"), ("I already stopped 3 days ago actually",
                                                                "utter_medication_question"),
    ("is that normal?", "utter_medication_question"), ("thanks", None),
    ("what do I do till monday", "utter_medication_sooner"), ("cold turkey?", "utter_medication_question"),
    ("I'm down to my last tablet", "utter_medication_question")])
def test_the_prescriber_far_off_gets_how_to_ask_sooner(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("should I stop my sertraline?", "ask_medication", 1.0),
              ActionExecuted("utter_medication_question"), BotUttered("That's an important question ..."),
              ActionExecuted("action_listen"), _user(text, "nlu_fallback", 0.35)]
    assert _step(*events) == action


@pytest.mark.parametrize("text", ["ok fine yes", "yeah ok then", "sure, go ahead"])
def test_a_few_short_yeses_to_the_storage_buttons_are_consent(text: str) -> None:
    from bot.rasa.form_answers import storage_answer

    assert storage_answer(text, {"yes": "give_consent", "no": "withdraw_consent"}) == "give_consent"


@pytest.mark.parametrize(("text", "answer"), [
    ("ye ok whatever", "give_consent"), ("oh, yes keep it please", "give_consent"),
    ("oui, yes, you can keep it", "give_consent"), ("sure, you can store stuff", "give_consent"),
    ("No thanks, I'd rather you didn't store anything", "withdraw_consent"),
    ("nope, not today", "withdraw_consent"),
    ("Certainly, you have my permission.", "give_consent"),
    # a condition, a question or a second thought: not read as either (the classifier and the privacy answer)
    ("Yes, you may store my information, provided it is kept confidential", None),
    ("yes but what do you store?", None), ("no wait, yes store it", None),
    # not decided yet: what is stored and why, never a yes or a no
    ("idk", "ask_privacy"), ("hmm not sure yet", "ask_privacy"),
])
def test_a_longer_answer_to_the_storage_buttons_that_starts_with_yes_or_no(text: str, answer: str | None) -> None:
    from bot.rasa.form_answers import storage_answer

    assert storage_answer(text, {"yes": "give_consent", "no": "withdraw_consent"}) == answer


@pytest.mark.parametrize(("text", "guessed", "intent"), [
    ("mi sto ammazzando di lavoro", "withdraw_consent", "nlu_fallback"),
    ("ich bringe mich um den Verstand mit dieser Steuererklärung", "stage_awareness", "nlu_fallback"),
    ("no me siento bien hoy", "affirm", "nlu_fallback"),
    ("Hilfe bitte", "greet", "crisis_help"),
    ("I don't want to store anything", "withdraw_consent", "withdraw_consent"),
])
def test_the_classifiers_guess_at_a_message_in_another_language_is_not_taken(text: str, guessed: str,
                                                                            intent: str) -> None:
    message = Message(data={"text": text, "intent": {"name": guessed, "confidence": 0.95},
                            "intent_ranking": [{"name": guessed, "confidence": 0.95}], "entities": []})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


def test_a_reminder_named_after_a_list_of_coping_steps_is_no_pick_of_a_step() -> None:
    offer = [{"title": "Make medication part of a routine",
              "payload": '/coping_walkthrough{"coping_step": "medication-routine"}'},
             {"title": "Box breathing", "payload": '/coping_walkthrough{"coping_step": "box-breathing"}'}]
    listed = (ActionExecuted("action_which_one"), BotUttered("Pick one.", {"buttons": offer}),
              ActionExecuted("action_listen"))
    typed = UserUttered("turn off medication reminder",
                        intent={"name": "stop_reminders", "confidence": 1.0, "deterministic": True})
    assert _step(*listed, typed) != "action_coping_walkthrough"
    assert _step(*listed, _user("the medication one", "inform", 0.6)) == "action_coping_walkthrough"


def test_the_grounding_one_after_the_reminders_is_that_reminder() -> None:
    listed = DialogueStateTracker.from_events("t", [
        UserUttered("what reminders do i have", intent={"name": "list_reminders", "confidence": 1.0}),
        ActionExecuted("action_reminders"), BotUttered("Your reminders: ..."), ActionExecuted("action_listen")])
    message = Message(data={"text": "get rid of the grounding one", "entities": [],
                            "intent": {"name": "coping_walkthrough", "confidence": 0.7}})
    FormAnswerComponent().process([message], listed)
    assert message.get("intent")["name"] == "stop_reminders"


@pytest.mark.parametrize(("text", "intent", "action"), [
    ("what reminders do I have?", "list_reminders", "action_reminders"),
    ("whats my safety plan", "show_safety_plan", "action_show_safety_plan"),
])
def test_a_command_read_from_the_words_inside_a_plan_is_answered_even_as_a_question(text: str, intent: str,
                                                                                      action: str) -> None:
    reply = UserUttered(text, intent={"name": intent, "confidence": 1.0, "deterministic": True})
    assert _step(*_in_form("relapse_plan_form", "rp_triggers", reply)) == action


@pytest.mark.parametrize(("buttons", "text", "intent"), [
    ([{"title": "Yes, that's right", "payload": "/affirm"}, {"title": "Not quite", "payload": "/deny"}],
     "Not quite, I'd call it staying well", "stage_maintenance"),
    ([{"title": "In treatment", "payload": "/stage_treatment"},
      {"title": "Staying well", "payload": "/stage_maintenance"}],
     "i'd say more like in treatment, i see a nurse every few weeks", "stage_treatment"),
])
def test_a_stage_named_in_words_after_the_stage_question_is_that_stage(buttons: list, text: str, intent: str) -> None:
    asked = DialogueStateTracker.from_events("t", [UserUttered("i see a nurse", intent={"name": "inform"}),
                                                   BotUttered("Does that sound right?", data={"buttons": buttons})])
    message = Message(data={"text": text, "intent": {"name": "deny", "confidence": 0.8}, "entities": []})
    FormAnswerComponent().process([message], asked)
    assert message.get("intent")["name"] == intent and message.get("intent")["deterministic"]


def test_a_question_about_what_gets_deleted_is_answered_then_the_deletion_question_asked_again() -> None:
    events = [ActionExecuted("action_listen"), _user("delete my data", "request_data_deletion", 1.0),
              ActionExecuted("utter_ask_confirm_deletion"), BotUttered("This will delete everything. Are you sure?"),
              ActionExecuted("action_listen"), _user("hmm what exactly would be deleted?", "ask_privacy", 1.0),
              ActionExecuted("utter_privacy"), BotUttered("Good question. ...")]
    assert _step(*events) == "utter_ask_confirm_deletion"


@pytest.mark.parametrize(("text", "action"), [("London", "action_reminders"), ("cancel that", "action_reminders"),
                                              ("new york city", "action_reminders"), ("lol ok", None)])
def test_a_place_or_cancel_that_right_after_the_reminders_goes_to_them(text: str, action: str | None) -> None:
    events = [SlotSet("last_reminder_time", "medication@22:00"), ActionExecuted("action_listen"),
              _user("remind me to take my meds at 10pm", "set_reminder", 1.0), ActionExecuted("action_reminders"),
              BotUttered("Okay ... I've used the UTC time zone. If you're somewhere else, tell me your city"),
              ActionExecuted("action_listen"), _user(text, "nlu_fallback", 0.4)]
    assert (_step(*events) == "action_reminders") is (action is not None)


@pytest.mark.parametrize(("text", "action"), [("is that permanent?", "utter_privacy"),
                                              ("how long does deletion take", "utter_privacy"),
                                              ("will my reminders be deleted as well?", "utter_privacy"),
                                              ("yes", None), ("/affirm", None)])
def test_a_question_at_the_deletion_question_is_answered_first(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("delete my data", "request_data_deletion", 1.0),
              ActionExecuted("utter_ask_confirm_deletion"), BotUttered("This will delete everything. Are you sure?"),
              ActionExecuted("action_listen"), _user(text, "affirm", 0.5)]
    assert (_step(*events) == "utter_privacy") is (action is not None)


@pytest.mark.parametrize(("text", "action"), [("let's keep going", "gad7_form"),
                                              ("actually can we continue", "gad7_form"), ("thanks", None)])
def test_keep_going_right_after_a_questionnaire_was_stopped_starts_it_again(text: str, action: str | None) -> None:
    events = [ActionExecuted("action_listen"), _user("anxiety questionnaire", "start_gad7", 1.0),
              ActionExecuted("gad7_form"), ActiveLoop("gad7_form"), ActionExecuted("action_listen"),
              _user("stop", "stop", 1.0), ActionExecuted("action_questionnaire_stopped"),
              BotUttered("Okay, we'll stop the questionnaire here."), ActiveLoop(None),
              ActionExecuted("action_listen"), _user(text, "affirm", 0.6)]
    assert _step(*events) == action


@pytest.mark.parametrize(("asked", "text", "action"), [
    ("mood", "rubbish", None),                 # a mood, not a word about the bot
    ("mood", "shite tbh", None),
    ("anxiety", "not very", None),
    ("mood", "this bot is rubbish, show my safety plan", "action_show_safety_plan"),
])
def test_a_check_in_rating_in_words_is_the_answer_not_a_command(asked: str, text: str, action: str | None) -> None:
    intent = "show_safety_plan" if action else "bot_feedback"
    events = _in_form("checkin_form", asked, UserUttered(text, intent={"name": intent, "confidence": 1.0,
                                                                         "deterministic": True}))
    assert _step(*events) == action


def test_the_plans_parts_are_the_domains() -> None:
    from bot.rasa.form_interruptions import PLAN_SLOTS

    for form, slots in PLAN_SLOTS.items():
        assert list(slots) == DOMAIN.forms[form]["required_slots"]


@pytest.mark.parametrize("answered", [True, False])
def test_stop_in_a_begun_plan_pauses_it_instead_of_throwing_the_answers_away(answered: bool) -> None:
    before = [SlotSet("sp_warning_signs", "not sleeping")] if answered else []
    events = [*before, *_in_form("safety_plan_form", "sp_coping" if answered else "sp_warning_signs",
                                 _user("stop", "stop", 1.0))]
    step, effects = next_step(_tracker(*events), INTERRUPTIONS)
    # nothing answered yet: "stop" just stops (the rule's reply), nothing to keep
    assert (step == "utter_form_paused") is answered
    assert (SlotSet("interrupted_form", "safety_plan_form") in effects) is answered


@pytest.mark.parametrize(("between", "action"), [(["action_default_fallback"], "action_stage_reply"),
                                                 ([], None),  # right after the proposal, the rules answer it
                                                 (["utter_what_can_you_do"], None)])
def test_a_yes_to_the_stage_after_a_question_the_bot_missed_still_answers_it(between: list[str],
                                                                             action: str | None) -> None:
    """"Does that sound right?" - "is something wrong with me??" (the fallback) - "yeah i guess so": the stage."""
    events: list[object] = [ActionExecuted("action_listen"), _user("i cry every day and i dont know why",
                                                                   "stage_awareness", 0.9),
                            ActionExecuted("action_record_stage"), SlotSet("stage_pending", "propose:awareness")]
    for name in between:
        events += [ActionExecuted("action_listen"), _user("is something wrong with me??"), ActionExecuted(name)]
    events += [ActionExecuted("action_listen"), _user("yeah i guess so", "affirm", 0.9)]
    assert _step(*events) == action


@pytest.mark.parametrize("text", ["wait, what is this mood score used for?", "who sees these numbers?",
                                  "what's the point of these scores"])
def test_a_question_about_what_the_scores_are_for_is_answered_and_the_step_asked_again(text: str) -> None:
    events = _in_form("checkin_form", "anxiety", _user(text, "inform", 0.6))
    step, undo = next_step(_tracker(*events), INTERRUPTIONS)
    assert step == "utter_explain_checkin_scores" and SlotSet("anxiety", None) in undo
    assert _step(*events, ActionExecuted(step)) == "checkin_form"


@pytest.mark.parametrize(("text", "in_form", "intent"), [
    ("I don't need a safety plan, I'm not in crisis... goodnight.", False, "deny"),
    ("stop. I said I DON'T want one.", True, "stop"),
    ("no not a check in!!", True, "stop"),
    ("I want a safety plan", False, "make_safety_plan"),
    ("i don't like it when i stop answering my phone", True, "inform"),
])
def test_saying_no_to_a_plan_or_a_check_in_never_starts_or_answers_one(text: str, in_form: bool, intent: str) -> None:
    """Red team rt28: "I don't need a safety plan" started the plan ("want ... safety plan"), and "stop. I said I DON'T
    want one." was kept as its first answer."""
    events = [ActiveLoop("safety_plan_form"), ActionExecuted("action_listen")] if in_form else []
    tracker = DialogueStateTracker.from_events("someone", events)
    guessed = "make_safety_plan" if "plan" in text else "inform"
    message = Message(data={"text": text, "intent": {"name": guessed, "confidence": 0.8}, "entities": [],
                            "intent_ranking": [{"name": guessed, "confidence": 0.8}]})
    FormAnswerComponent().process([message], tracker)
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(("ranking", "intent"), [
    ([("guidance", 0.43), ("faq", 0.39)], "faq"),
    ([("guidance", 0.30), ("greet", 0.28)], "nlu_fallback"),
])
def test_a_question_between_the_two_kinds_of_answer_gets_the_selector_s_answer(ranking: list, intent: str) -> None:
    """"how do I tell a doctor about this?" between faq and guidance was the fallback, though one selector chooses
    among both."""
    message = Message(data={"text": "how do I tell a doctor about this?",
                            "intent": {"name": "nlu_fallback", "confidence": 0.2},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.2}]
                            + [{"name": n, "confidence": c} for n, c in ranking], "entities": [],
                            "response_selector": {"default": {"response": {
                                "intent_response_key": "faq/talk_to_doctor",
                                "utter_action": "utter_faq/talk_to_doctor"}}}})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == intent


# The selector's answer for a carer looking after themselves ("look after"), as it chose for "how do I look after a cut"
def _carer_self_care_chosen() -> dict:
    return {"default": {"response": {"intent_response_key": "faq/carer_self_care",
                                      "utter_action": "utter_faq/carer_self_care"}}}


@pytest.mark.parametrize("text", ["how do I look after the cut", "does it need stitches?",
                                  "the cut from yesterday is looking red, is it infection?",
                                  "what do i do for the burn? cold water? ice?"])
def test_a_question_about_looking_after_a_wound_gets_first_aid(text: str) -> None:
    """Red team rt31: "how do I look after a cut" got the answer for carers ("look after"), or nothing."""
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.7}, "entities": [],
                            "response_selector": _carer_self_care_chosen()})
    FormAnswerComponent().process([message])
    assert message.get("intent")["name"] == "faq"
    assert message.get("response_selector")["default"]["response"]["utter_action"] == "utter_faq/wound_care"


@pytest.mark.parametrize("text", ["how do I look after my mum", "how can i stop the urge to cut",
                                  "how can i cover my cuts so my parents dont see"])
def test_caring_for_someone_the_urge_and_hiding_are_no_first_aid_questions(text: str) -> None:
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.7}, "entities": [],
                            "response_selector": _carer_self_care_chosen()})
    FormAnswerComponent().process([message])
    assert message.get("response_selector")["default"]["response"]["utter_action"] != "utter_faq/wound_care"


@pytest.mark.parametrize(("text", "telling"), [
    ("what do i say to my mum about how i feel", True), ("how can i tell my parents that im depressed", True),
    ("what should i tell my mother about why i have cut", True),
    # a carer's question about what to say to the person they worry about: their answer stays
    ("what should i say to her", False), ("how do i talk to my son about his drinking", False),
    # telling a doctor is the answer on talking to a doctor
    ("how do i tell my gp about my depression", False),
])
def test_how_to_tell_someone_about_oneself_is_answered_as_such(text: str, telling: bool) -> None:
    """Red team rt31: "so what do i say to my mum" after their own crisis got the carer's answer ("Listening without
    judging helps more than fixing")."""
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.7}, "entities": [],
                            "response_selector": {"default": {"response": {
                                "intent_response_key": "faq/support_loved_one",
                                "utter_action": "utter_faq/support_loved_one"}}}})
    FormAnswerComponent().process([message])
    chosen = message.get("response_selector")["default"]["response"]["utter_action"]
    assert (chosen == "utter_faq/telling_someone") is telling


@pytest.mark.parametrize(("text", "after_self_harm"), [
    ("Should I pop the blister?", False),
    ("What should I put on it? I have butter and toothpaste in the house.", False),
    ("cut my finger chopping onions, how do i clean it", False),
    # after the reply about self-harm: where to get it seen, whether what was done is enough (red team rt32)
    ("should I wait for my GP appointment next week?", True), ("blood is stop now. I put tape on it. Is enough?", True),
])
def test_more_wound_questions_get_first_aid(text: str, after_self_harm: bool) -> None:
    import time

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events("t", [SlotSet("crisis_category", "self_harm"),
                                                     SlotSet("crisis_at", time.time() - 5)],
                                               slots=Domain.load("domain.yml").slots) if after_self_harm else None
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.7}, "entities": [],
                            "response_selector": _carer_self_care_chosen()})
    FormAnswerComponent().process([message], tracker)
    assert message.get("response_selector")["default"]["response"]["utter_action"] == "utter_faq/wound_care"
    if after_self_harm:  # without the self-harm before, no wound is meant
        plain = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.7}, "entities": [],
                              "response_selector": _carer_self_care_chosen()})
        FormAnswerComponent().process([plain])
        assert plain.get("response_selector")["default"]["response"]["utter_action"] != "utter_faq/wound_care"
