"""Export and deletion of everything stored about a user."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.background import run_in_background
from actions.common import get_store
from bot.config import tracker_store_url
from bot.content.wording import wording
from bot.core.form_answers import deletion_scope
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)
CSV_FIELDS = ("created_at", "mood", "anxiety", "sleep_hours", "medication", "coping_used", "note")
# Rasa writes this turn's events after the action returns; the conversation is deleted after that.
TRACKER_DELETE_DELAY_SECONDS = 3.0


def checkins_csv(export: Dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in export["checkins"]:
        writer.writerow({k: row.get(k) for k in CSV_FIELDS})
    return out.getvalue()


def export_summary(export: Dict[str, Any]) -> str:
    """What the export holds, in words: only the parts there are ("2 check-ins, your safety plan and ...")."""
    words = wording("data_rights")
    items = []
    for name, (one, many) in words["export_items"].items():
        part = export.get(name)
        count = len(part) if isinstance(part, list) else int(part is not None)
        if count:
            items.append((one if count == 1 else many).format(n=count))
    if not items:
        return str(words["export_nothing"])
    listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {words['export_and']} {items[-1]}"
    return str(words["export_summary"]).format(items=listed)


class ActionExportData(Action):
    def name(self) -> str:
        return "action_export_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            export = get_store().people.export(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        dispatcher.utter_message(
            text=export_summary(export),
            json_message={
                "type": "data_export",
                "files": [
                    {"filename": "recovery-guide-export.json", "mime_type": "application/json",
                     "content": export},
                    {"filename": "recovery-guide-checkins.csv", "mime_type": "text/csv",
                     "content": checkins_csv(export)},
                ],
            },
        )
        return []


async def _delete_conversation_later(sender_id: str) -> None:
    await asyncio.sleep(TRACKER_DELETE_DELAY_SECONDS)
    try:
        removed = get_store().people.delete_conversation(sender_id, tracker_store_url())
        logger.info("deleted %d stored conversation events", removed)
    except StoreUnavailable:
        logger.error("conversation not deleted: tracker store unavailable; run `python -m bot delete`")


CONFIRM_QUESTION = "utter_ask_confirm_deletion"
WITHDRAWN_KEPT = "utter_consent_withdrawn_kept"


class ActionDeleteData(Action):
    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if deletion_scope(_request_confirmed(tracker)) == "latest_checkin":
            return _delete_latest_checkin(dispatcher, tracker)
        try:
            get_store().people.delete(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        run_in_background(_delete_conversation_later(tracker.sender_id))
        dispatcher.utter_message(
            text=wording("data_rights", "deleted"))
        return [Restarted()]


def _request_confirmed(tracker: Tracker) -> str:
    """The words of the request the deletion question confirmed ("delete my last check-in"), or "" when the
    deletion follows another question (stopping storage offers to delete everything)."""
    asked = False
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == CONFIRM_QUESTION:
            asked = True
        elif event.get("event") == "action" and event.get("name") == WITHDRAWN_KEPT and not asked:
            return ""
        elif asked and event.get("event") == "user":
            return str(event.get("text") or "")
    return ""


def _delete_latest_checkin(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    try:
        deleted = get_store().checkins.delete_latest(tracker.sender_id)
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_action_unavailable")
        return []
    if deleted is None:
        dispatcher.utter_message(response="utter_no_checkin_to_delete")
    else:
        dispatcher.utter_message(response="utter_latest_checkin_deleted",
                                 checkin_date=deleted["created_at"].strftime("%-d %B"))
    return []
