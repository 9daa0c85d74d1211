"""Recovery stage: said back in plain words, stored with its history, refined by a short check."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import get_store, has_consent, in_aftercare
from actions.coping import ActionAskCoping
from bot.content.stages import STAGES, load_stage_check, moved_back, parse_yes_no
from bot.content.wording import wording
from bot.core.stage_reading import NOT_QUITE, stage_reading
from bot.store import StoreUnavailable

CHECK = load_stage_check()
CARER_QUESTION = "faq/support_loved_one"
CHECK_SLOTS = [f"sc_{n}" for n in range(1, len(CHECK.questions) + 1)]


def say_stage(dispatcher: CollectingDispatcher, domain: Dict[str, Any], stage: str,
              response: str = "utter_stage_understood") -> None:
    """``response``'s variation for ``stage`` (chosen here: the slot may change in this same action)."""
    variations = domain.get("responses", {}).get(response, [])
    chosen = next((v for v in variations for c in v.get("condition") or [] if c.get("value") == stage), None)
    if chosen is None:
        dispatcher.utter_message(response=response)
    else:
        dispatcher.utter_message(text=chosen["text"], buttons=chosen.get("buttons", []))


def confirmed_stage(tracker: Tracker) -> str | None:
    """The stage the person confirmed: in this conversation, or stored from an earlier one (with consent)."""
    if tracker.get_slot("stage_confirmed") and tracker.get_slot("recovery_stage"):
        return str(tracker.get_slot("recovery_stage"))
    if has_consent(tracker):
        try:
            return get_store().stages.current(tracker.sender_id)
        except StoreUnavailable:
            return None
    return None


def confirm(tracker: Tracker, stage: str, source: str) -> List[Dict[str, Any]]:
    """Keep a stage the person confirmed (stored with consent) and forget any pending question."""
    if has_consent(tracker):
        try:
            get_store().stages.record(tracker.sender_id, stage, source)
        except StoreUnavailable:
            pass  # the conversation keeps it; the history can miss one entry
    return [SlotSet("recovery_stage", stage), SlotSet("stage_confirmed", True), SlotSet("stage_pending", None)]


def _declined(tracker: Tracker) -> list[str]:
    return [s for s in str(tracker.get_slot("stage_declined") or "").split(",") if s]


def _chosen(tracker: Tracker) -> bool:
    """A stage picked from the bot's own list (a button, or typed right after the list): no need to check it."""
    if str(tracker.latest_message.get("text") or "").startswith("/"):
        return True
    last = next((e for e in reversed(tracker.events) if e.get("event") == "bot"), {})
    asked = (last.get("metadata") or {}).get("utter_action")
    if asked in ("utter_ask_which_stage", "utter_ask_stage_for_coping"):
        return True
    # "not quite, I'd call it staying well" to "Does that sound right?": a stage named in so many words (read from
    # the words, bot/rasa/form_answers.py), the person's own choice
    buttons = (last.get("data") or {}).get("buttons") or []
    named = bool((tracker.latest_message.get("intent") or {}).get("deterministic"))
    return named and any(b.get("payload") == "/deny" and NOT_QUITE in str(b.get("title")).lower() for b in buttons)


def _carer(tracker: Tracker) -> bool:
    """Someone speaking for another person: now in words, or earlier in the conversation as the carer question."""
    if stage_reading().about_someone_else(str(tracker.latest_message.get("text") or "")):
        return True
    for event in tracker.events:
        parse = event.get("parse_data") or {} if event.get("event") == "user" else {}
        if (parse.get("intent") or {}).get("name") == "faq":
            key = ((parse.get("response_selector") or {}).get("default") or {}).get("response", {}) \
                .get("intent_response_key")
            if key == CARER_QUESTION:
                return True
    return False


class ActionRecordStage(Action):
    """A description of the person's situation that suggests a stage.

    Proposed once ("Does that sound right?") when no stage is confirmed; said to fit when it matches the
    confirmed one; a different stage is checked ("has something changed?") before anything is claimed, and
    only when the classifier is sure. A stage the person declined is not proposed again in the conversation.
    Someone speaking for another person gets carer guidance instead."""

    def name(self) -> str:
        return "action_record_stage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        intent = tracker.latest_message.get("intent") or {}
        stage = str(intent.get("name", "")).removeprefix("stage_")
        if stage in STAGES and _chosen(tracker):
            events = confirm(tracker, stage, "choice")
            say_stage(dispatcher, domain, stage, "utter_stage_chosen")
            return events + ActionAskCoping.offer(dispatcher, tracker, stage)
        if in_aftercare(tracker):
            # Right after a crisis reply, no stage talk: listen, keep the line in view, leave the stage be
            # (a stage the person picks from the list is still kept, above).
            dispatcher.utter_message(response="utter_aftercare_listening")
            return []
        if stage not in STAGES:
            return []
        if _carer(tracker):
            dispatcher.utter_message(response="utter_carer_noted")
            return [SlotSet("stage_pending", None)]
        confidence = float(intent.get("confidence") or 0.0)
        reading = stage_reading()
        confirmed = confirmed_stage(tracker)
        if confirmed == stage:
            dispatcher.utter_message(response="utter_stage_still")
            return [SlotSet("recovery_stage", stage), SlotSet("stage_confirmed", True),
                    SlotSet("stage_pending", None)]
        if tracker.get_slot("stage_pending") in (f"propose:{stage}", f"check:{stage}"):
            # the same stage already proposed and not yet answered: no second "does that sound right?"
            dispatcher.utter_message(response="utter_stage_noted")
            return []
        if stage in _declined(tracker) or confidence < reading.propose_min_confidence \
                or (confirmed and confidence < reading.change_min_confidence) \
                or (confirmed and moved_back(confirmed, stage)
                    and not reading.tells_of_getting_harder(tracker.latest_message.get("text") or "")):
            dispatcher.utter_message(response="utter_stage_noted")
            return [SlotSet("stage_pending", None)]
        if confirmed:
            dispatcher.utter_message(response="utter_stage_change_harder" if moved_back(confirmed, stage)
                                     else "utter_stage_change_forward")
            return [SlotSet("stage_pending", f"change:{stage}")]
        say_stage(dispatcher, domain, stage)
        return [SlotSet("recovery_stage", stage), SlotSet("stage_confirmed", False),
                SlotSet("stage_pending", f"propose:{stage}")]


class ActionStageReply(Action):
    """Yes or no after action_record_stage: to a proposed stage ("propose", or "check" when the short stage
    check gave it), to a check that things changed ("change"), or to the coping offer that follows a stage
    that still fits."""

    def name(self) -> str:
        return "action_stage_reply"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        kind, _, stage = str(tracker.get_slot("stage_pending") or "").partition(":")
        if kind not in ("propose", "check", "change") or stage not in STAGES:
            if yes:
                return ActionAskCoping.offer(dispatcher, tracker, tracker.get_slot("recovery_stage"))
            dispatcher.utter_message(response="utter_stage_no_offer")
            return []
        if not yes:
            declined = SlotSet("stage_declined", ",".join([*_declined(tracker), stage]))
            if kind == "change":
                dispatcher.utter_message(response="utter_stage_kept")
                return [declined, SlotSet("stage_pending", None)]
            dispatcher.utter_message(response="utter_ask_which_stage")
            kept = confirmed_stage(tracker)  # "not quite": back to what the person confirmed before, if anything
            return [declined, SlotSet("stage_pending", None), SlotSet("recovery_stage", kept),
                    SlotSet("stage_confirmed", kept is not None)]
        previous = confirmed_stage(tracker)
        events = confirm(tracker, stage, "stage_check" if kind == "check" else "conversation")
        if moved_back(previous, stage):
            dispatcher.utter_message(response="utter_stage_moved_back")
        return events + ActionAskCoping.offer(dispatcher, tracker, stage)


class ActionShowStage(Action):
    def name(self) -> str:
        return "action_show_stage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if stage_reading().asks_about_someone_else(str(tracker.latest_message.get("text") or "")):
            dispatcher.utter_message(response="utter_stage_of_someone_else")  # a carer: their stage is not ours to say
            return []
        stage = confirmed_stage(tracker)
        if stage is not None:
            say_stage(dispatcher, domain, stage, "utter_stage_current")
            return [SlotSet("recovery_stage", stage), SlotSet("stage_confirmed", True)]
        stage = tracker.get_slot("recovery_stage")
        if stage is None:
            dispatcher.utter_message(response="utter_stage_unknown")
            return []
        say_stage(dispatcher, domain, stage)
        return [SlotSet("stage_pending", f"propose:{stage}")]


def _ask_action(number: int) -> type[Action]:
    class AskCheckQuestion(Action):
        def name(self) -> str:
            return f"action_ask_sc_{number}"

        def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: Dict[str, Any]) -> List[Dict[str, Any]]:
            dispatcher.utter_message(
                text=wording("stage_check", "question").format(number=number, total=len(CHECK.questions),
                                                               question=CHECK.questions[number - 1][1]),
                buttons=[{"title": wording("stage_check", "yes"), "payload": "yes"},
                         {"title": wording("stage_check", "no"), "payload": "no"}],
            )
            return []

    AskCheckQuestion.__name__ = f"AskCheckQuestion{number}"
    return AskCheckQuestion


ASK_ACTIONS = [_ask_action(n) for n in range(1, len(CHECK.questions) + 1)]


class ValidateStageCheckForm(FormValidationAction):
    def name(self) -> str:
        return "validate_stage_check_form"

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[Dict[str, Any]]:
        events: List[Dict[str, Any]] = []
        for slot, raw in tracker.slots_to_validate().items():
            if slot not in CHECK_SLOTS:
                continue
            answer = parse_yes_no(raw)
            if answer is None:
                dispatcher.utter_message(response="utter_invalid_yes_no")
                events.append(SlotSet(slot, None))
            else:
                events.append(SlotSet(slot, "yes" if answer else "no"))
        return events


class ActionFinishStageCheck(Action):
    def name(self) -> str:
        return "action_finish_stage_check"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        pairs = zip(CHECK.questions, CHECK_SLOTS, strict=True)
        answers = {qid: tracker.get_slot(slot) == "yes" for (qid, _), slot in pairs}
        stage = CHECK.stage_for(answers)
        # The result is proposed like any other stage: kept (and a move back named) only after a yes.
        say_stage(dispatcher, domain, stage)
        return [SlotSet("recovery_stage", stage), SlotSet("stage_pending", f"check:{stage}")] \
            + [SlotSet(slot, None) for slot in CHECK_SLOTS]
