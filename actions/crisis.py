"""After a crisis reply: record that it was shown (never the message) and alert the clinic.

:func:`record_crisis` is the one place every crisis path goes through (the safety screen's reply, an
escalation, PHQ-9 item 9): it stores the event and sends the ``CLINIC_ALERT_WEBHOOK`` alert.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.alerts import schedule_alert
from actions.common import get_store, has_consent
from bot.config import clinic_alert_webhook
from bot.content.crisis import load_directory
from bot.core.safety.reply import known_country
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)


def record_crisis(tracker: Tracker, category: str) -> None:
    """Store that a crisis reply for ``category`` was shown (pseudonymous key only with consent) and
    alert the clinic. The reply has already been sent: nothing here may stop or delay it."""
    country = load_directory().country(known_country(tracker.get_slot("country")))
    resource = country.resource_for(category)
    consented = has_consent(tracker)
    user_key = None
    try:
        store = get_store()
        store.crisis_events.record(tracker.sender_id if consented else None, category, country.code, resource.id)
        user_key = store.key_for(tracker.sender_id) if consented else None
    except StoreUnavailable:
        logger.error("crisis event not stored: database unavailable")
    webhook = clinic_alert_webhook()
    if webhook:
        schedule_alert(
            webhook,
            {
                "event": "crisis_reply_shown",
                "at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "category": category,
                "country": country.code,
                "resource_shown": resource.id,
                "user_key": user_key,
            },
        )


class ActionRecordCrisisEvent(Action):
    def name(self) -> str:
        return "action_record_crisis_event"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        record_crisis(tracker, tracker.get_slot("crisis_category") or "general")
        return []
