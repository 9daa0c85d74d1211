"""Export and deletion of everything stored about a user."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.background import run_in_background
from actions.common import get_store, in_aftercare
from actions.plans import RELAPSE, SAFETY, PlanSpec
from bot.config import tracker_store_url
from bot.content.wording import wording
from bot.core.form_answers import deletion_scope
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)
CSV_FIELDS = ("created_at", "mood", "anxiety", "sleep_hours", "medication", "coping_used", "note")
# Rasa writes this turn's events after the action returns; the conversation is deleted after that.
TRACKER_DELETE_DELAY_SECONDS = 3.0


# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)" typed as a note): kept as text with a leading
# apostrophe, as OWASP's guidance on CSV injection advises.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def checkins_csv(export: Dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in export["checkins"]:
        writer.writerow({k: _as_text(row.get(k)) for k in CSV_FIELDS})
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
# Deleting cannot be undone: only a clear yes deletes ("yes", "ok", "do it", "yep wipe it all"); "hmm", "I guess?",
# "hmm maybe" never do, whatever the classifier guessed (it heard "hmm" as a yes at 0.32).
CLEAR_YES = re.compile(r"^\W*((right|ok|okay|alright|fine|well|so|then|oh)\W+)*(yes+|yeah|yep|yup|ya|y|yh|ye|sure|"
                       r"definitely|absolutely|of course|ok|okay|do it|go ahead|go on|please do|please|delete|wipe|"
                       r"erase|confirm|confirmed|i'?m sure|i am sure)\b"
                       r"(?!.*\b(not|don'?t|dont|no|wait|hmm+|maybe|unsure|guess|think|hold on|hang on|but)\b)")
BUTTONS_THAT_CONFIRM = ("/affirm", "/request_data_deletion")
SURE = 0.8


def clearly_confirmed(tracker: Tracker) -> bool:
    """Whether the latest message is a clear yes to deleting: a button, a yes in words, or the request made again
    in so many words (the classifier sure of it)."""
    message = tracker.latest_message or {}
    text = str(message.get("text") or "").strip()
    intent = message.get("intent") or {}
    if text in BUTTONS_THAT_CONFIRM:
        return True
    if intent.get("name") == "request_data_deletion" and float(intent.get("confidence") or 0) >= SURE:
        return True
    if text.rstrip().endswith(("?", "..", "\u2026")):
        return False  # "yes?", "delete it?", "ok...": a question back or a hesitation, not a yes
    return bool(CLEAR_YES.search(text.lower().replace("\u2019", "'")))
WITHDRAWN_KEPT = "utter_consent_withdrawn_kept"


class ActionDeleteData(Action):
    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if not clearly_confirmed(tracker):
            dispatcher.utter_message(response="utter_deletion_not_yet")
            return [FollowupAction(CONFIRM_QUESTION)]
        scope = deletion_scope(_request_confirmed(tracker))
        if scope == "latest_checkin":
            return _delete_latest_checkin(dispatcher, tracker)
        if scope in PLAN_SCOPES:
            return _delete_plan(dispatcher, tracker, PLAN_SCOPES[scope])
        try:
            get_store().people.delete(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        run_in_background(_delete_conversation_later(tracker.sender_id))
        kept = safety_kept(tracker)
        dispatcher.utter_message(text=wording("data_rights", "deleted_safety_kept" if kept else "deleted"))
        return [Restarted(), *kept]


# Kept across "delete everything" within a crisis reply's aftercare, and only then: the country whose lines to give,
# and the crisis itself (its kind, when, and what was last asked), so that "i'm on the bridge" straight after the
# deletion gets the right lines and the escalation, not a first reply with another country's numbers. They live on
# in the new conversation, which holds no message of theirs and, with consent reset, is kept in memory only.
SAFETY_SLOTS = ("country", "crisis_category", "crisis_at", "crisis_followup", "child_line_separate", "other_language")


def safety_kept(tracker: Tracker) -> List[Dict[str, Any]]:
    if not in_aftercare(tracker):
        return []
    return [SlotSet(name, tracker.get_slot(name)) for name in SAFETY_SLOTS if tracker.get_slot(name) is not None]


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


# "delete my relapse plan": that plan alone
PLAN_SCOPES = {"safety_plan": SAFETY, "relapse_plan": RELAPSE}


def _delete_plan(dispatcher: CollectingDispatcher, tracker: Tracker, spec: PlanSpec) -> List[Dict[str, Any]]:
    """One plan deleted from the store, and its answers from this conversation (so "show my plan" cannot bring
    them back); the rest stays."""
    try:
        deleted = get_store().plans.delete(tracker.sender_id, spec.kind)
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_action_unavailable")
        return []
    in_conversation = [slot for slot in spec.slots().values() if tracker.get_slot(slot) is not None]
    dispatcher.utter_message(text=spec.words("deleted" if deleted or in_conversation else "missing"))
    return [SlotSet(slot, None) for slot in in_conversation]
