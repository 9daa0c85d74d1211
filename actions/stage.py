"""Recovery stage: said back in plain words, stored with its history, refined by a short check."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import get_store, has_consent, in_aftercare, slot_before_latest_message
from bot.content.stages import load_stage_check, moved_back, parse_yes_no
from bot.content.wording import wording
from bot.store import StoreUnavailable

CHECK = load_stage_check()
CHECK_SLOTS = [f"sc_{n}" for n in range(1, len(CHECK.questions) + 1)]


def say_stage(dispatcher: CollectingDispatcher, domain: Dict[str, Any], stage: str) -> None:
    """utter_stage_understood for ``stage`` (chosen here: the slot may change in this same action)."""
    variations = domain.get("responses", {}).get("utter_stage_understood", [])
    chosen = next((v for v in variations for c in v.get("condition") or [] if c.get("value") == stage), None)
    if chosen is None:
        dispatcher.utter_message(response="utter_stage_understood")
    else:
        dispatcher.utter_message(text=chosen["text"], buttons=chosen.get("buttons", []))


def record_stage(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], stage: str,
                 source: str) -> None:
    """Store the stage (with consent) and say it back; a move backwards gets a word of reassurance."""
    previous = tracker.get_slot("recovery_stage") if source == "stage_check" else None
    if has_consent(tracker):
        try:
            previous = get_store().stages.record(tracker.sender_id, stage, source)
        except StoreUnavailable:
            pass  # saying it back matters more than the history
    if moved_back(previous, stage):
        dispatcher.utter_message(response="utter_stage_moved_back")
    say_stage(dispatcher, domain, stage)


class ActionRecordStage(Action):
    """The stage the user just described (the slot is already set from the intent)."""

    def name(self) -> str:
        return "action_record_stage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if in_aftercare(tracker):
            # Right after a crisis reply, no stage talk: listen, keep the line in view, leave the stage be.
            dispatcher.utter_message(response="utter_aftercare_listening")
            return [SlotSet("recovery_stage", slot_before_latest_message(tracker, "recovery_stage"))]
        stage = tracker.get_slot("recovery_stage")
        if stage:
            record_stage(dispatcher, tracker, domain, stage, "conversation")
        return []


class ActionShowStage(Action):
    def name(self) -> str:
        return "action_show_stage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        stage = tracker.get_slot("recovery_stage")
        if stage is None and has_consent(tracker):
            try:
                stage = get_store().stages.current(tracker.sender_id)
            except StoreUnavailable:
                stage = None
        if stage is None:
            dispatcher.utter_message(response="utter_stage_unknown")
            return []
        say_stage(dispatcher, domain, stage)
        return [SlotSet("recovery_stage", stage)]


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
        record_stage(dispatcher, tracker, domain, stage, "stage_check")
        return [SlotSet("recovery_stage", stage)] + [SlotSet(slot, None) for slot in CHECK_SLOTS]
