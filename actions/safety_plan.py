"""The six-step safety plan: built in conversation, stored with consent, shown and edited."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import get_store, has_consent
from bot.store import StoreUnavailable
from bot.store.repository import SAFETY_PLAN_STEPS

SLOTS = {step: f"sp_{step}" for step in SAFETY_PLAN_STEPS}
TITLES = {
    "warning_signs": "My warning signs",
    "coping": "Things I can do on my own",
    "distractions": "People and places that help me feel better",
    "people": "People I can ask for help",
    "professionals": "Professionals and services I can contact",
    "environment": "Making my surroundings safer",
}


def format_plan(steps: Dict[str, Any]) -> str:
    lines = ["Your safety plan:"]
    for number, step in enumerate(SAFETY_PLAN_STEPS, start=1):
        lines.append(f"{number}. {TITLES[step]}: {steps.get(step) or '-'}")
    return "\n".join(lines)


class ActionStartSafetyPlan(Action):
    """Clears the answers of any earlier plan so the form asks every step (editing = redoing)."""

    def name(self) -> str:
        return "action_start_safety_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_safety_plan_intro")
        return [SlotSet(slot, None) for slot in SLOTS.values()]


class ActionSaveSafetyPlan(Action):
    def name(self) -> str:
        return "action_save_safety_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        steps = {step: tracker.get_slot(slot) for step, slot in SLOTS.items()}
        text = format_plan(steps)
        if not has_consent(tracker):
            dispatcher.utter_message(
                text=text + "\n\nI haven't stored this, because you asked me not to store anything. "
                "You might want to copy it somewhere safe."
            )
            return []
        try:
            get_store().save_safety_plan(tracker.sender_id, steps)
        except StoreUnavailable:
            dispatcher.utter_message(
                text=text + "\n\nI couldn't save it just now. Please copy it somewhere safe, "
                "and try saying \"make a safety plan\" again later."
            )
            return []
        dispatcher.utter_message(
            text=text + "\n\nIt's saved. Say \"show my safety plan\" any time to see it, "
            "or \"edit my safety plan\" to change it."
        )
        return []


class ActionShowSafetyPlan(Action):
    def name(self) -> str:
        return "action_show_safety_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            steps = get_store().get_safety_plan(tracker.sender_id) if has_consent(tracker) else None
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        if steps is None and tracker.get_slot("sp_warning_signs"):
            steps = {step: tracker.get_slot(slot) for step, slot in SLOTS.items()}
        if steps is None:
            dispatcher.utter_message(
                text="You don't have a safety plan with me yet. Would you like to make one? "
                "Say \"make a safety plan\"."
            )
            return []
        dispatcher.utter_message(text=format_plan(steps))
        return []
