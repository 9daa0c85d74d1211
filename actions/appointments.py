"""Questions kept for the next appointment: the medication answer offers to note the question."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import bot_replies_before_latest, consent_answer, get_store, has_consent
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
NOTE_IT = re.compile(r"^\W*((ok|okay|now|please|pls|yes|yeah|right|so|can you|could you|hmm+|um+|oh|actually|"
                     r"go on|wait|sure|fine|alright|on second thoughts?|changed my mind|i changed my mind)\W+)*"
                     r"(note|save|add|keep|write down|jot down) "
                     r"(it|that|this|my question|the question|that question|this question)"
                     r"( (down|now|please|pls|then|for me))*\W*$")
# A request to note that carries its own question ("note a question for his care coordinator, whether he could
# have the injection instead").
INLINE_QUESTION = re.compile(r"\b(note|write down|jot down|add|save|remember)\b.{0,40}\bquestion\b.{0,40}"
                             r"(\b(whether|if|about|why|how|what|when|can|could|should)\b|:)")

# A request to note something that says what ("add a note for my next appointment: ask about the shaking", "remind
# me to tell my gp that I'm sleeping badly").
INLINE_NOTE = re.compile(r"\b(note|notes|write down|jot down|add|save|remember)\b.{0,40}\b(appointment|doctor|gp|"
                         r"psychiatrist|prescriber|nurse|care coordinator|therapist|counsellor|counselor|team|session)"
                         r"( questions| notes| list)?\b\s*(:|-|,? that\b|,? to ask\b)\s*(?P<note>\S.{2,})$",
                         re.IGNORECASE)
# What to note said first ("also the tablets make my mouth dry, note that for my appointment")
NOTE_BEFORE = re.compile(r"^\W*((also|and|oh|ok|so|hmm+|um+)\W+)*"
                         r"(?!(can|could|would|will|pls|please|actually|go on)\b)"
                         r"(?P<note>\S+(\s+\S+){2,}?)[\s,.;:!-]+((can|could) you |please |pls )?"
                         r"(note|write|jot|save|add|put|keep) (that|this|it)( down)?"
                         r"( (for|to|in|on) (my |the )?(next )?(appointment|doctor|gp|psychiatrist|prescriber|nurse|"
                         r"therapist|counsellor|counselor|care coordinator|team|session)( questions| notes| list)?)"
                         r"( please| pls)?\W*$",
                         re.IGNORECASE)


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


# What a person tells that "note that for my appointment" can mean (not a command, a button or an answer to a form)
TOLD = ("share_feeling", "share_good_day", "ask_medication", "inform", "nlu_fallback", "coping_not_helped",
        "coping_helped", "faq", "guidance")


def said_just_before(tracker: Tracker) -> str | None:
    """"I had a rough week with my mood" - "can you note that for my appointment": the message before the latest,
    when it told something (a feeling, a stage, a question), not a command or a button."""
    said = [e for e in tracker.events if e.get("event") == "user"]
    if said and (said[-1].get("text") or "") == (tracker.latest_message.get("text") or ""):
        said = said[:-1]  # the latest message itself
    if not said:
        return None
    before = said[-1]
    text = (before.get("text") or "").strip()
    intent = str(((before.get("parse_data") or {}).get("intent") or {}).get("name") or "")
    if not text or text.startswith("/") or not (intent in TOLD or intent.startswith("stage_")):
        return None
    return text[:MAX_NOTE_CHARS]


def offered(tracker: Tracker) -> bool:
    """Whether the person pressed the note button, or answered the bot's offer to note the question."""
    if (tracker.latest_message.get("text") or "").strip() == "/note_for_appointment":
        return True
    replies = bot_replies_before_latest(tracker)
    last = (replies[-1].get("metadata") or {}).get("utter_action") if replies else None
    return last in (OFFER, "utter_medication_sooner")


class ActionNoteForAppointment(Action):
    def name(self) -> str:
        return "action_note_for_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        text = (tracker.latest_message.get("text") or "").strip()
        inline = INLINE_NOTE.search(text) or NOTE_BEFORE.match(text)
        if inline:
            # "add a note for my next appointment: ask about feeling more anxious on sertraline": what follows
            question: str | None = inline.group("note").strip().rstrip(",.;:-! ")[:MAX_NOTE_CHARS]
        elif INLINE_QUESTION.search(text.lower()):
            question = text[:MAX_NOTE_CHARS]  # "note a question for his care coordinator: whether ..."
        else:
            asks = offered(tracker) or ASKS_TO_NOTE.search(text.lower()) or NOTE_IT.match(text.lower())
            question = last_question(tracker) if asks else None
            if question is None and (ASKS_TO_NOTE.search(text.lower()) or NOTE_IT.match(text.lower())):
                question = said_just_before(tracker)  # "I had a rough week" - "note that for my appointment"
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
