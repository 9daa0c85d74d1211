"""Coping suggestions from data/content/coping.yml for the user's recovery stage."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.coping import load_coping_steps, suggest_steps


class ActionAskCoping(Action):
    def name(self) -> str:
        return "action_ask_coping"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        steps = suggest_steps(load_coping_steps(), stage=tracker.get_slot("recovery_stage"), limit=1)
        step = steps[0]
        lines = [f"Here's one you could try now: {step.title} (about {step.minutes} minutes)."]
        lines += [f"{i}. {line}" for i, line in enumerate(step.steps, start=1)]
        dispatcher.utter_message(text="\n".join(lines))
        return []
