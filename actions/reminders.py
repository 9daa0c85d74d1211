"""Daily check-in reminders: "remind me at 8pm", "stop reminders"."""

from __future__ import annotations

import os
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import get_store, has_consent
from bot.reminders import parse_time, valid_timezone
from bot.store import StoreUnavailable


class ActionSetReminder(Action):
    def name(self) -> str:
        return "action_set_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if not has_consent(tracker):
            dispatcher.utter_message(response="utter_reminder_needs_consent")
            return []
        local_time = parse_time(tracker.latest_message.get("text") or "")
        if local_time is None:
            dispatcher.utter_message(response="utter_ask_reminder_time")
            return []
        metadata = tracker.latest_message.get("metadata") or {}
        timezone = valid_timezone(metadata.get("timezone"), valid_timezone(os.environ.get("BOT_TIMEZONE"), "UTC"))
        try:
            get_store().set_reminder(tracker.sender_id, local_time, timezone)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        dispatcher.utter_message(response="utter_reminder_set", reminder_time=local_time, timezone=timezone)
        return []


class ActionStopReminders(Action):
    def name(self) -> str:
        return "action_stop_reminders"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            get_store().stop_reminder(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        dispatcher.utter_message(response="utter_reminders_stopped")
        return []
