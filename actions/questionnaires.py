"""PHQ-9 and GAD-7 as Rasa forms; questions come from data/content/questionnaires.yml.

Any PHQ-9 item 9 answer above 0 gets the crisis reply at once, whatever the total. A reply that is no
answer is never scored: "what does that mean?" gets the item in plain words and the item again, "go back"
asks the item before, "skip" says why every item is needed (commands pause the form:
bot/rasa/form_interruptions.py; "stop" ends it and forgets the answers given).
"""

from __future__ import annotations

import json
import re
import time
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import consent_answer, get_store, has_consent
from actions.crisis import record_crisis
from bot.content.questionnaires import Questionnaire, load_questionnaires
from bot.content.wording import wording
from bot.core.form_replies import BACK, GREETING, QUESTION, SKIP, kind_of_reply
from bot.core.safety.aftercare import ASKED_THOUGHTS
from bot.store import StoreUnavailable

QUESTIONNAIRES = load_questionnaires()
# A finished questionnaire's score waiting for the answer about storage (kept in the conversation, never in the
# database, until a yes).
PENDING_SLOT = "pending_questionnaire"
# A question about the questionnaire itself ("what does this test even do", "what's the point of these questions")
ABOUT_THE_QUESTIONNAIRE = re.compile(
    r"^\W*((so|but|um+|ok|okay|wait|sorry)\W+)*(what|why|how|whats|what's|is)\b.{0,30}\b(this|these|the|that|it)"
    r"( \w+)? (test|questionnaire|questions|quiz|form|thing|phq-?9?|gad-?7?)\b"
    r"|\bwhat('?s| is) the point of (this|these|it)\b")


def _ask_action(questionnaire: Questionnaire, number: int) -> type[Action]:
    """An ``action_ask_<slot>`` that asks one item with its answer buttons."""

    class AskItem(Action):
        def name(self) -> str:
            return f"action_ask_{questionnaire.slot(number)}"

        def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: Dict[str, Any]) -> List[Dict[str, Any]]:
            buttons = [{"title": label, "payload": str(value)} for value, label in questionnaire.options]
            # The opening (not the first item asked again): what the questionnaire is and is not, first
            opening = number == 1 and tracker.get_slot("requested_slot") != questionnaire.slot(1)
            dispatcher.utter_message(text=questionnaire.question(number, opening), buttons=buttons)
            return []

    AskItem.__name__ = f"AskItem_{questionnaire.slot(number)}"
    return AskItem


ASK_ACTIONS = [_ask_action(q, n) for q in QUESTIONNAIRES.values() for n in range(1, len(q.items) + 1)]


def crisis_reply_now(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """The crisis reply for suicidal thoughts, sent from an action, recorded and alerted like every other."""
    dispatcher.utter_message(response="utter_crisis", crisis_category="suicidal_thoughts")
    record_crisis(tracker, "suicidal_thoughts")
    return [SlotSet("crisis_category", "suicidal_thoughts"), SlotSet("crisis_at", time.time()),
            SlotSet("crisis_followup", ASKED_THOUGHTS)]


class _ValidateQuestionnaire(FormValidationAction, metaclass=ABCMeta):
    @property
    @abstractmethod
    def key(self) -> str: ...

    def name(self) -> str:
        return f"validate_{self.key}_form"

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> List[Dict[str, Any]]:
        questionnaire = QUESTIONNAIRES[self.key]
        events: List[Dict[str, Any]] = []
        for number, slot in enumerate(questionnaire.slots, start=1):
            raw = tracker.slots_to_validate().get(slot)
            if raw is None:
                continue
            # "what does several days mean?" names an answer but asks about it: explained, not scored
            value = None if kind_of_reply(str(raw)) == QUESTION else questionnaire.parse_answer(raw, number)
            if value is None:
                events += _not_an_answer(questionnaire, number, str(raw), dispatcher)
                continue
            events.append(SlotSet(slot, float(value)))
            if questionnaire.is_crisis_answer(number, value):
                events += crisis_reply_now(dispatcher, tracker)
        return events


def _not_an_answer(questionnaire: Questionnaire, number: int, text: str,
                   dispatcher: CollectingDispatcher) -> List[Dict[str, Any]]:
    """What the form keeps for a reply that is no answer to item ``number``: nothing, and the item again
    (after "go back", the item before it)."""
    kind = kind_of_reply(text)
    if ABOUT_THE_QUESTIONNAIRE.search(text.lower()):
        # "what does this test even do": what the questionnaire is for, then the same item
        dispatcher.utter_message(text=wording("questionnaire", "about").format(
            name=questionnaire.name, count=len(questionnaire.items), measures=questionnaire.measures))
        return [SlotSet(questionnaire.slot(number), None)]
    if kind == BACK and number > 1:
        return [SlotSet(questionnaire.slot(number), None), SlotSet(questionnaire.slot(number - 1), None)]
    if kind == QUESTION:
        dispatcher.utter_message(text=wording("questionnaire", "explain").format(
            explanation=questionnaire.explanation(number)))
    elif kind == SKIP:
        dispatcher.utter_message(text=wording("questionnaire", "no_skip"))
    elif kind == GREETING:
        dispatcher.utter_message(response="utter_hello_in_form")
    elif kind != BACK:
        dispatcher.utter_message(response="utter_invalid_questionnaire_answer")
    return [SlotSet(questionnaire.slot(number), None)]


class ValidatePhq9Form(_ValidateQuestionnaire):
    key = "phq9"


class ValidateGad7Form(_ValidateQuestionnaire):
    key = "gad7"


def forget_answers(tracker: Tracker, questionnaire: Questionnaire) -> List[Dict[str, Any]]:
    """Events that clear a questionnaire's answers (and its pause, if it was the paused form)."""
    events = [SlotSet(slot, None) for slot in questionnaire.slots]
    if tracker.get_slot("interrupted_form") == f"{questionnaire.key}_form":
        events.append(SlotSet("interrupted_form", None))
    return events


class ActionQuestionnaireStopped(Action):
    """"stop" inside a questionnaire: nothing from it is kept, and the next one starts at item 1."""

    def name(self) -> str:
        return "action_questionnaire_stopped"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_questionnaire_stopped")
        return [event for q in QUESTIONNAIRES.values() for event in forget_answers(tracker, q)]


def _finished_questionnaire(tracker: Tracker) -> Questionnaire | None:
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            return QUESTIONNAIRES.get(event["name"].removesuffix("_form"))
    return None


class ActionSaveQuestionnaire(Action):
    def name(self) -> str:
        return "action_save_questionnaire"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        questionnaire = _finished_questionnaire(tracker)
        if questionnaire is None:
            return []
        scores = [int(tracker.get_slot(slot) or 0) for slot in questionnaire.slots]
        total, band = sum(scores), questionnaire.band(sum(scores))
        reset = forget_answers(tracker, questionnaire)
        crisis_item = questionnaire.crisis_item
        crisis_answer = bool(crisis_item and questionnaire.is_crisis_answer(crisis_item, scores[crisis_item - 1]))
        saved = ""
        ask_to_keep = False
        if has_consent(tracker):
            try:
                get_store().questionnaires.save(tracker.sender_id, questionnaire.key, scores, band)
                saved = wording("questionnaire", "saved")
            except StoreUnavailable:
                saved = wording("questionnaire", "not_saved")
        elif consent_answer(tracker) is None and not crisis_answer:
            # Never asked: asked now, the score kept for this conversation (never in the database) until the answer
            # (never beside the question whether they are safe, after a crisis answer)
            ask_to_keep = True
            reset = [*reset, SlotSet(PENDING_SLOT, json.dumps({"key": questionnaire.key, "scores": scores,
                                                               "band": band}))]
        if crisis_answer:
            result = wording("questionnaire", "result_after_item_nine").format(
                name=questionnaire.name, total=total, saved=saved)
        else:
            result = wording("questionnaire", "result").format(
                name=questionnaire.name, total=total, band=band, measures=questionnaire.measures, saved=saved)
        dispatcher.utter_message(text=f"{result}\n\n{questionnaire.attribution}")
        if ask_to_keep:
            dispatcher.utter_message(response="utter_questionnaire_ask_consent")
        return reset


def save_pending_questionnaire(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a late yes to storage: the questionnaire score kept for this conversation is stored now."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not pending:
        return []
    kept = json.loads(pending)
    questionnaire = QUESTIONNAIRES[kept["key"]]
    try:
        get_store().questionnaires.save(tracker.sender_id, questionnaire.key, kept["scores"], kept["band"])
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_action_unavailable")
        return []
    dispatcher.utter_message(text=wording("questionnaire", "saved_now").format(name=questionnaire.name,
                                                                               total=sum(kept["scores"])))
    return [SlotSet(PENDING_SLOT, None)]
