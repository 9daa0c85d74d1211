"""A "yes", "ok" or "that one" to a question whose buttons are choices (PHQ-9 or GAD-7? which stage?): which?

The choices of the bot's last message are offered again, with one line asking which (wording.yml)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.wording import wording


def last_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the bot's last message before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return []
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return list(buttons)
    return []


class ActionWhichOne(Action):
    def name(self) -> str:
        return "action_which_one"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        buttons = last_buttons(tracker)
        if buttons:
            dispatcher.utter_message(text=wording("choices", "which_one"), buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_default")
        return []
