"""The daily check-in form: validation of free-text answers and the write before "saved"."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import bot_replies_before_latest, consent_answer, form_reply, get_store, in_aftercare
from bot.content.questionnaires import offer_every_days
from bot.content.wording import wording
from bot.core.checkins import (
    CHANGE,
    CORRECTED_SLOT,
    CORRECTION,
    LEFT_OUT,
    SAYS_CORRECTION,
    given,
    is_hard_day,
    parse_anxiety,
    parse_medication,
    parse_optional_text,
    parse_scale,
    parse_sleep_hours,
    rating_corrected,
)
from bot.core.form_answers import medication_questions
from bot.core.form_replies import DISMISS, SKIP, is_leaving, kind_of_reply
from bot.store import CheckinValues, StoreUnavailable

PENDING_SLOT = "pending_checkin"
# "7?" is an unsure answer, not a question about the step.
JUST_A_NUMBER = re.compile(r"\s*\d+(\.\d+)?\s*(/\s*10)?\s*\?*\s*")
CHECKIN_SLOTS = ("mood", "anxiety", "sleep_hours", "medication", "coping_used", "note")


# A question about what to do with a dose, asked at the medication question of the check-in.
ASKS_ABOUT_A_DOSE = re.compile(r"\b(should i|shall i|can i|could i|is it (ok|okay|safe|bad|fine|alright)|"
                               r"is that (ok|okay|bad|fine|safe|alright)|do i (need|have) to|what if i|would it be|"
                               r"what (do|should|shall|can) i do|what happens if|do i take|"
                               r"i take (two|2|double|both|it twice))\b")


# "hmm actually make that six", "change it to 5": the answer before, in other words.
MAKE_THAT = re.compile(r"^\W*((hmm+|oops|sorry|no|wait|actually|oh|hang on|ok|okay)\W+)*"
                       r"(make|change) (that|it)( to| a| an)?\b")
# "oops I meant 4" at the question after: the answer before corrected.
MEANT = re.compile(r"^\W*((oops|sorry|no|wait|actually|oh|hang on)\W+)*i (meant|mean|ment)\b")
NUMERIC = ("mood", "anxiety", "sleep_hours")
# Steps a person may leave out by saying "skip" twice; mood is what a check-in is for, so it is always asked.
CAN_LEAVE_OUT = ("anxiety", "sleep_hours")
HOURS = re.compile(r"\b\d+(\.\d+)? ?(h|hrs?|hours?)\b")

def _correction(value: Any, slot: str) -> Dict[str, Any] | None:
    """{"mood": 3.0, "anxiety": None} for "actually my mood is more like 3" at the anxiety question: the
    earlier answer corrected, and the question asked again; None when the reply is no such correction."""
    text = str(value or "").lower()
    match = CORRECTION.search(text) or CHANGE.search(text)
    meant = MEANT.search(text) or MAKE_THAT.search(text)
    other: str | None = None
    if match:  # "my mood is more like 3", "I slept 8": the value after the words
        other, start = CORRECTED_SLOT[next(group for group in match.groups() if group)], match.end()
    elif slot in ("mood", "anxiety") and HOURS.search(text):  # "idk like 2hrs" at the anxiety question is sleep
        other, start = "sleep_hours", 0
    elif meant and slot in CHECKIN_SLOTS and CHECKIN_SLOTS.index(slot) > 0 \
            and CHECKIN_SLOTS[CHECKIN_SLOTS.index(slot) - 1] in NUMERIC \
            and not (slot == "sleep_hours" and HOURS.search(text)):  # "oops I meant 4": the answer before
        # ("I mean 3 hours" at the sleep question is its own answer, after "go back" too)
        other, start = CHECKIN_SLOTS[CHECKIN_SLOTS.index(slot) - 1], meant.end()
    if other is None or other == slot:
        return None
    parse = {"mood": parse_scale, "anxiety": parse_anxiety, "sleep_hours": parse_sleep_hours}[other]
    corrected = parse(str(value)[start:])
    return {other: corrected, slot: None} if corrected is not None else None


def _corrected(value: Any, slot: str, dispatcher: CollectingDispatcher) -> Dict[str, Any] | None:
    """An earlier answer corrected ("actually my mood is more like 3", "wait, I slept 8 not 7", "oops I meant
    4"), said back, and this question asked again; None when the reply is no correction."""
    if slot in ("coping_used", "note") and not SAYS_CORRECTION.search(str(value or "").lower()):
        return None
    corrected = _correction(value, slot)
    if corrected is not None:
        field, number = next((k, v) for k, v in corrected.items() if v is not None)
        # "my anxiety is 5 now" at the mood question: a step still to come, noted (it is not asked again)
        said = "noted" if CHECKIN_SLOTS.index(field) > CHECKIN_SLOTS.index(slot) else "changed"
        dispatcher.utter_message(text=wording("checkin_correction", said).format(
            field=wording("checkin_correction", field), value=f"{number:g}"))
    return corrected


def _explained_before(tracker: Tracker, slot: str) -> bool:
    """Whether the bot's reply to the message before this one explained why this step helps (the first "skip")."""
    return any((event.get("metadata") or {}).get("utter_action") == f"utter_checkin_needs_{slot}"
               for event in bot_replies_before_latest(tracker))


def _checked(value: Any, parse: Callable[[Any], Any], slot: str, error_response: str,
             dispatcher: CollectingDispatcher, tracker: Tracker | None = None) -> Dict[str, Any]:
    """Parse an answer; an answer that cannot be understood is asked again with a hint."""
    if isinstance(value, (int, float)) and float(value) == LEFT_OUT and slot in CAN_LEAVE_OUT:
        return {slot: LEFT_OUT}  # left out earlier, set again as a paused check-in carries on: still left out
    corrected = _corrected(value, slot, dispatcher)
    if corrected is not None:
        return corrected
    kept = None if JUST_A_NUMBER.fullmatch(str(value or "")) else form_reply(slot, value, CHECKIN_SLOTS, dispatcher)
    if kept is not None:
        return kept
    parsed = parse(value)
    kind = kind_of_reply(str(value or ""))
    if slot in NUMERIC and (kind == SKIP or (kind == DISMISS and parsed is None)):
        if slot in CAN_LEAVE_OUT and tracker is not None and _explained_before(tracker, slot):
            # "skip" again after hearing why it helps: left out of this check-in (the store keeps no value)
            dispatcher.utter_message(response="utter_checkin_step_left_out")
            return {slot: LEFT_OUT}
        # "skip" at a step, or waved away ("none of your business"): say why it helps, that a guess will do, and
        # how to stop (and, for anxiety and sleep, that "skip" again leaves it out)
        dispatcher.utter_message(response=f"utter_checkin_needs_{slot}")
        return {slot: None}
    if parsed is None:
        dispatcher.utter_message(response=error_response)
    return {slot: parsed}


class ValidateCheckinForm(FormValidationAction):
    def name(self) -> str:
        return "validate_checkin_form"

    def validate_mood(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> Dict[str, Any]:
        return _checked(value, parse_scale, "mood", "utter_invalid_scale", dispatcher)

    def validate_anxiety(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[str, Any]:
        return _checked(value, parse_anxiety, "anxiety", "utter_invalid_scale", dispatcher, tracker)

    def validate_sleep_hours(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[str, Any]:
        return _checked(value, parse_sleep_hours, "sleep_hours", "utter_invalid_sleep", dispatcher, tracker)

    def validate_medication(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[str, Any]:
        lowered = str(value or "").lower()
        if medication_questions().took_extra(lowered):
            # "no, I took double", "took double": what to do today, and the dose counted as not taken as prescribed
            # (red team rt18: "took double" alone asked the question again, and the next "yes" was saved)
            dispatcher.utter_message(response="utter_medication_question")
            return {"medication": "no"}
        if ASKS_ABOUT_A_DOSE.search(lowered):
            # "i missed it, should i take double now?": never only a "no" in the check-in; the medication answer
            # first, and whatever the words also answered is kept (else the question comes again).
            dispatcher.utter_message(response="utter_medication_question")
            return {"medication": parse_medication(value)}
        return _checked(value, parse_medication, "medication", "utter_invalid_medication", dispatcher)

    def validate_coping_used(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[str, Any]:
        kept = _corrected(value, "coping_used", dispatcher) \
            or form_reply("coping_used", value, CHECKIN_SLOTS, dispatcher, skippable=True, free_text=True)
        return kept if kept is not None else {"coping_used": parse_optional_text(value) or "-"}

    def validate_note(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> Dict[str, Any]:
        if is_leaving(str(value or "")):
            return {"note": "-"}  # off before the optional note: saved with what was answered, no note
        kept = _corrected(value, "note", dispatcher) \
            or form_reply("note", value, CHECKIN_SLOTS, dispatcher, skippable=True, free_text=True)
        return kept if kept is not None else {"note": parse_optional_text(value) or "-"}


def _form_run_id(tracker: Tracker) -> str:
    """Identifies one run of the check-in form: the time it was activated."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "checkin_form":
            return f"checkin:{event.get('timestamp')}"
    return f"checkin:{tracker.events[0].get('timestamp') if tracker.events else 0}"


def questionnaire_due(sender_id: str) -> bool:
    """PHQ-9 and GAD-7 are offered about every two weeks (their recall window)."""
    every = dt.timedelta(days=offer_every_days())
    try:
        last = get_store().questionnaires.last_taken_at(sender_id)
    except StoreUnavailable:
        return False
    return last is None or dt.datetime.utcnow() - last >= every


def had_questionnaire(sender_id: str) -> bool:
    """Whether this person has done a questionnaire before ("it's been a while" is only for them)."""
    try:
        return get_store().questionnaires.last_taken_at(sender_id) is not None
    except StoreUnavailable:
        return False


def _optional(value: str | None) -> str | None:
    return None if value in (None, "-") else value


class ActionSaveCheckin(Action):
    """Writes the check-in in one transaction, then (and only then) says it is saved."""

    def name(self) -> str:
        return "action_save_checkin"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        reset = [SlotSet(slot, None) for slot in CHECKIN_SLOTS]
        values = CheckinValues(
            mood=float(tracker.get_slot("mood")),
            anxiety=given(tracker.get_slot("anxiety")),
            sleep_hours=given(tracker.get_slot("sleep_hours")),
            medication=str(tracker.get_slot("medication")),
            coping_used=_optional(tracker.get_slot("coping_used")),
            note=_optional(tracker.get_slot("note")),
        )
        answer = consent_answer(tracker)
        if answer is not True:
            # Kept for this conversation only (never in the database) so a late yes can still save it.
            pending = SlotSet(PENDING_SLOT, json.dumps({"values": asdict(values), "run": _form_run_id(tracker)}))
            response = "utter_checkin_ask_consent" if answer is None else "utter_checkin_not_saved_no_consent"
            dispatcher.utter_message(response=response, **shown(values))
            return [*reset, pending]
        if not save_checkin(dispatcher, tracker, values, _form_run_id(tracker)):
            return []  # the answers stay in the slots so "save my check-in" can try again
        return [*reset, SlotSet(PENDING_SLOT, None)]


def shown(values: CheckinValues) -> Dict[str, str]:
    """The numbers as the check-in replies say them back; a step left out is said as left out."""
    words = wording("checkin_shown")
    said = {slot: words["left_out"][slot] if getattr(values, slot) is None
            else words[slot].format(value=f"{getattr(values, slot):g}") for slot in ("anxiety", "sleep_hours")}
    return {"mood": f"{values.mood:g}", **said}


def save_checkin(dispatcher: CollectingDispatcher, tracker: Tracker, values: CheckinValues, run_id: str) -> bool:
    """Store a check-in and say so (and offer the questionnaires when due); False when the store failed."""
    try:
        get_store().checkins.save(tracker.sender_id, values, run_id)
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_checkin_save_failed")
        return False
    dispatcher.utter_message(response="utter_checkin_saved", **shown(values))
    if is_hard_day(values.mood, values.anxiety):
        # mood 0, anxiety 10: noticed, with the line and a coping idea, not just filed
        dispatcher.utter_message(response="utter_checkin_hard_day")
    elif not in_aftercare(tracker) and questionnaire_due(tracker.sender_id):
        dispatcher.utter_message(response="utter_offer_questionnaires",
                                 had_questionnaire=had_questionnaire(tracker.sender_id))
    return True


def save_pending_checkin(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a late yes to storage: the check-in kept for this conversation is stored now."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not pending:
        return []
    kept = json.loads(pending)
    if not save_checkin(dispatcher, tracker, CheckinValues(**kept["values"]), kept["run"]):
        return []
    return [SlotSet(PENDING_SLOT, None)]


# A check-in saved this long ago or less is "the one you just saved": a rating corrected after it changes it.
CORRECTABLE_FOR = dt.timedelta(hours=3)


class ActionCorrectCheckin(Action):
    """"oh wait my mood today was actually a 2, can u fix that" right after a check-in was saved (or kept for the
    storage answer): that rating changed in it, and said back with what it was."""

    def name(self) -> str:
        return "action_correct_checkin"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        said = rating_corrected(tracker.latest_message.get("text"))
        if said is None:
            dispatcher.utter_message(response="utter_default")
            return []
        field, value = said
        words = wording("checkin_correction")
        pending = tracker.get_slot(PENDING_SLOT)
        if pending:  # kept for this conversation until they answer about storage
            kept = json.loads(pending)
            old = kept["values"].get(field)
            kept["values"][field] = value
            dispatcher.utter_message(text=words["saved_changed"].format(
                field=words[field], value=f"{value:g}", old=_said(old)))
            return [SlotSet(PENDING_SLOT, json.dumps(kept))]
        try:
            found, old = get_store().checkins.correct_latest(tracker.sender_id, field, value, CORRECTABLE_FOR)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_checkin_save_failed")
            return []
        if not found:
            dispatcher.utter_message(text=words["nothing_to_change"])
            return []
        dispatcher.utter_message(text=words["saved_changed"].format(field=words[field], value=f"{value:g}",
                                                                    old=_said(old)))
        return []


def _said(old: float | None) -> str:
    return wording("checkin_correction", "left_out") if old is None else f"{old:g}"


class ActionDiscardCheckin(Action):
    def name(self) -> str:
        return "action_discard_checkin"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_checkin_discarded")
        return [SlotSet(slot, None) for slot in CHECKIN_SLOTS]


class ActionResumeCheckin(Action):
    """"check in" or "carry on" with a check-in paused: says it carries on, with what is kept so far (a pause
    from yesterday should not pass off yesterday's mood as today's), and how to start afresh."""

    def name(self) -> str:
        return "action_resume_checkin"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        kept = [wording("checkin_resume", "kept").format(field=wording("checkin_correction", slot),
                                                         value=f"{tracker.get_slot(slot):g}")
                for slot in NUMERIC if given(tracker.get_slot(slot)) is not None]
        if kept:
            dispatcher.utter_message(response="utter_checkin_resume", kept_answers=", ".join(kept))
        else:
            dispatcher.utter_message(response="utter_checkin_resume_from_start")
        return [SlotSet("interrupted_form", None)]
