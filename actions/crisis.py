"""After the crisis reply: record that it was shown (never the message) and alert the clinic."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import get_store, has_consent
from bot.content.crisis import load_directory
from bot.safety.alerts import schedule_alert
from bot.settings import default_country
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)


class ActionRecordCrisisEvent(Action):
    def name(self) -> str:
        return "action_record_crisis_event"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        category = tracker.get_slot("crisis_category") or "general"
        country_code = tracker.get_slot("country") or default_country()
        country = load_directory().country(country_code)
        resource = country.resource_for(category)
        consented = has_consent(tracker)
        try:
            get_store().record_crisis_event(
                tracker.sender_id if consented else None, category, country.code, resource.id
            )
        except StoreUnavailable:
            logger.error("crisis event not stored: database unavailable")
        webhook = os.environ.get("CLINIC_ALERT_WEBHOOK")
        if webhook:
            schedule_alert(
                webhook,
                {
                    "event": "crisis_reply_shown",
                    "at": dt.datetime.now(dt.timezone.utc).isoformat(),
                    "category": category,
                    "country": country.code,
                    "resource_shown": resource.id,
                    "user_key": get_store().key_for(tracker.sender_id) if consented else None,
                },
            )
        return []
