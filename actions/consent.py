"""Consent to storage: asked at first contact, changeable at any time."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import PENDING_SLOT as PENDING_NOTE
from actions.appointments import save_pending_note
from actions.checkin import PENDING_SLOT as PENDING_CHECKIN
from actions.checkin import save_pending_checkin
from actions.common import get_store
from actions.plans import save_pending_plans
from actions.questionnaires import PENDING_SLOT as PENDING_QUESTIONNAIRE
from actions.questionnaires import save_pending_questionnaire
from actions.reminders import PENDING_SLOT as PENDING_REMINDER
from actions.reminders import save_pending_reminder
from bot.store import StoreUnavailable

YES_INTENTS = {"affirm", "give_consent"}
NO_INTENTS = {"deny", "withdraw_consent"}
BUTTONS = {"/give_consent": True, "/affirm": True, "/withdraw_consent": False, "/deny": False}
# What was given before the storage question was answered, in the order it is saved after a yes: its slot
# (None: plans keep their own) and what saves it.
PENDING = ((PENDING_CHECKIN, save_pending_checkin), (None, save_pending_plans),
           (PENDING_REMINDER, save_pending_reminder), (PENDING_NOTE, save_pending_note),
           (PENDING_QUESTIONNAIRE, save_pending_questionnaire))
# Storage is a privacy decision: a guess below this is asked again, never taken as a yes or a no.
MIN_CONFIDENCE = 0.8


def consent_said(tracker: Tracker) -> bool | None:
    """True or False when the latest message clearly answers the storage question, else None."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    if text in BUTTONS:
        return BUTTONS[text]
    intent = message.get("intent") or {}
    if float(intent.get("confidence") or 0.0) < MIN_CONFIDENCE:
        return None
    name = intent.get("name")
    return True if name in YES_INTENTS else False if name in NO_INTENTS else None


# Replies that say what is stored and how to agree.
EXPLAINING = ("utter_ask_consent", "utter_privacy", "utter_reminder_needs_consent", "utter_reminder_ask_consent",
              "utter_appointment_note_needs_consent", "utter_appointment_note_ask_consent")


def consent_explained(tracker: Tracker) -> bool:
    """Whether the bot has said in this conversation what it stores (the storage question, its buttons, or
    the answer about privacy): a yes before that ("/give_consent" typed as the first message) is not informed."""
    def explains(event: Dict[str, Any]) -> bool:
        buttons = (event.get("data") or {}).get("buttons") or []
        return any(str(b.get("payload", "")) == "/give_consent" for b in buttons) \
            or (event.get("metadata") or {}).get("utter_action") in EXPLAINING
    return any(event.get("event") == "bot" and explains(event) for event in tracker.events)


class ActionSaveConsent(Action):
    def name(self) -> str:
        return "action_save_consent"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        consent = consent_said(tracker)
        if consent is None and tracker.get_slot("consent") is not None:
            # "keep it", "leave them, I'd rather keep the full history", "i dont know" heard as a guess at
            # consent: they already answered, so nothing changes (never the storage question again).
            dispatcher.utter_message(response="utter_consent_unchanged")
            return []
        if consent is None or (consent and not consent_explained(tracker)):
            dispatcher.utter_message(response="utter_ask_consent")
            return []
        try:
            get_store().people.set_consent(tracker.sender_id, consent)
        except StoreUnavailable:
            if consent:
                dispatcher.utter_message(response="utter_action_unavailable")
                return []
            # Declining needs no storage: nothing will be stored either way.
        if consent:
            # With a check-in or reminder waiting, what was done with it comes next, not a menu of other things
            waiting = any(slot and tracker.get_slot(slot) for slot, _ in PENDING)
            dispatcher.utter_message(response="utter_consent_given_kept" if waiting else "utter_consent_given")
            return [SlotSet("consent", True), *(event for _, save in PENDING for event in save(dispatcher, tracker))]
        if _has_stored(tracker.sender_id):
            # What stays stored, and the offer to delete it: a response of its own, so that the rules read the
            # yes or no to that offer (data/rules/basics.yml)
            return [SlotSet("consent", False), FollowupAction("utter_consent_withdrawn_kept")]
        dispatcher.utter_message(response="utter_consent_declined")
        return [SlotSet("consent", False)]


def _has_stored(sender_id: str) -> bool:
    """Whether anything is already stored about this person (it stays until they delete it)."""
    try:
        exported = get_store().people.export(sender_id)
    except StoreUnavailable:
        return False
    return any(value for key, value in exported.items() if key != "user")
