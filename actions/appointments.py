"""Questions kept for the next appointment: the medication answer offers to note the question."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import consent_answer, get_store, has_consent
from bot.store import StoreUnavailable

QUESTION_INTENT = "ask_medication"
OFFER = "utter_medication_question"
MAX_NOTE_CHARS = 1000
# A question to note, asked for before the storage question was answered: kept for this conversation (never in
# the database) so that a yes notes it without "note it" again.
PENDING_SLOT = "pending_note"
# Asking in so many words to note the question just asked ("would you note that for my doctor please").
ASKS_TO_NOTE = re.compile(r"\b(note|write|jot|put|save|add|keep)\b.{0,20}\b(that|it|this|question)\b.{0,30}"
                          r"\b(doctor|gp|psychiatrist|prescriber|nurse|care coordinator|appointment|therapist|team)\b")
# "note it", "ok note that now": what the reply asking for consent first tells the person to say
NOTE_IT = re.compile(r"^\W*((ok|okay|now|please|pls|yes|yeah|right|so|can you|could you)\W+)*(note|save|add|keep|"
                     r"write down|jot down) (it|that|this|my question|the question)"
                     r"( (down|now|please|pls|then|for me))*\W*$")
# A request to note that carries its own question ("note a question for his care coordinator, whether he could
# have the injection instead").
INLINE_QUESTION = re.compile(r"\b(note|write down|jot down|add|save|remember)\b.{0,40}\bquestion\b.{0,40}"
                             r"(\b(whether|if|about|why|how|what|when|can|could|should)\b|:)")

# A request to note something that says what ("add a note for my next appointment: ask about the shaking", "remind
# me to tell my gp that I'm sleeping badly").
INLINE_NOTE = re.compile(r"\b(note|notes|write down|jot down|add|save|remember)\b.{0,40}\b(appointment|doctor|gp|"
                         r"psychiatrist|prescriber|nurse|care coordinator|therapist|counsellor|counselor|team|session)"
                         r"\b\s*(:|-|,? that\b|,? to ask\b)\s*(?P<note>\S.{2,})$", re.IGNORECASE)


# The medication answer (it offers to note the question it answers).
ANSWERS = ("utter_medication_question",)


def last_question(tracker: Tracker) -> str | None:
    """The text of the latest medication question in this conversation: a message read as one, or one the
    medication answer followed ("shud i skip tonights one" right after it)."""
    question, said = None, None
    for event in tracker.events:
        if event.get("event") == "user":
            said = (event.get("text") or "").strip()
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == QUESTION_INTENT:
                question = said
        elif event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") in ANSWERS and said \
                and not said.startswith("/"):
            question = said
    return question[:MAX_NOTE_CHARS] or None if question else None


def offered(tracker: Tracker) -> bool:
    """Whether the person pressed the note button, or answered the bot's offer to note the question."""
    if (tracker.latest_message.get("text") or "").strip() == "/note_for_appointment":
        return True
    events = tracker.events
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    for event in reversed(events[:latest_user]):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") in (OFFER, "utter_medication_sooner")
        if event.get("event") == "user":
            return False
    return False


class ActionNoteForAppointment(Action):
    def name(self) -> str:
        return "action_note_for_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        text = (tracker.latest_message.get("text") or "").strip()
        inline = INLINE_NOTE.search(text)
        if inline:
            # "add a note for my next appointment: ask about feeling more anxious on sertraline": what follows
            question: str | None = inline.group("note").strip()[:MAX_NOTE_CHARS]
        elif INLINE_QUESTION.search(text.lower()):
            question = text[:MAX_NOTE_CHARS]  # "note a question for his care coordinator: whether ..."
        else:
            asks = offered(tracker) or ASKS_TO_NOTE.search(text.lower()) or NOTE_IT.match(text.lower())
            question = last_question(tracker) if asks else None
        if question is None:
            dispatcher.utter_message(response="utter_appointment_nothing_to_note")
            return []
        if not has_consent(tracker):
            if consent_answer(tracker) is None:
                dispatcher.utter_message(response="utter_appointment_note_ask_consent")
                return [SlotSet(PENDING_SLOT, question)]
            dispatcher.utter_message(response="utter_appointment_note_needs_consent")
            return []
        return note(dispatcher, tracker, question)


def note(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> List[Dict[str, Any]]:
    """Store a question for the next appointment and say so."""
    try:
        get_store().notes.add(tracker.sender_id, question)
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_action_unavailable")
        return []
    dispatcher.utter_message(response="utter_appointment_noted")
    return []


def save_pending_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a yes to storage: the question kept for this conversation is noted now."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not pending:
        return []
    return [SlotSet(PENDING_SLOT, None), *note(dispatcher, tracker, str(pending))]


class ActionShowAppointmentNotes(Action):
    def name(self) -> str:
        return "action_show_appointment_notes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            notes = get_store().notes.list(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        if not notes:
            dispatcher.utter_message(response="utter_no_appointment_notes")
        else:
            dispatcher.utter_message(response="utter_appointment_notes", notes="\n".join(f"• {n}" for n in notes))
        return []
