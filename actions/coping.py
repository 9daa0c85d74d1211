"""Coping steps from data/content/coping.yml: offered for the user's stage, walked through step by
step, rated afterwards; a step that did not help is never offered again, and what helped comes first."""

from __future__ import annotations

import json
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import get_store, has_consent
from bot.content.coping import (
    CopingStep,
    find_step,
    load_coping_steps,
    named_step,
    named_steps,
    ordinal_step,
    suggest_steps,
)
from bot.content.wording import wording
from bot.core.form_replies import tried_without_rating
from bot.store import StoreUnavailable


def _feedback(tracker: Tracker) -> dict[str, list[bool]]:
    """Stored ratings (with consent), plus this conversation's ratings kept in the tracker."""
    if has_consent(tracker):
        try:
            return get_store().coping_feedback.by_step(tracker.sender_id)
        except StoreUnavailable:
            return {}
    feedback: dict[str, list[bool]] = {}
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        parse_data = event.get("parse_data") or {}
        intent = parse_data.get("intent", {}).get("name")
        step = next((e.get("value") for e in parse_data.get("entities", []) if e.get("entity") == "coping_step"),
                    None)
        if step and intent in ("coping_helped", "coping_not_helped"):
            feedback.setdefault(step, []).append(intent == "coping_helped")
    return feedback


def _offered(tracker: Tracker) -> list[str]:
    """The coping steps the bot's latest list offered (their buttons), in order."""
    for event in reversed(tracker.events):
        buttons = (event.get("data") or {}).get("buttons") or [] if event.get("event") == "bot" else []
        ids = [b["payload"].split('"coping_step": "', 1)[1].split('"', 1)[0] for b in buttons
               if str(b.get("payload", "")).startswith("/coping_walkthrough{")]
        if ids:
            return ids
    return []


def _named(tracker: Tracker) -> str | None:
    """The id of a coping step the latest message names in words ("the breathing one")."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return None
    offered = _offered(tracker)
    by_place = ordinal_step(text, offered)
    if by_place:
        return by_place
    step = named_step(load_coping_steps(), text, offered)
    return step.id if step else None


def _payload(intent: str, step_id: str) -> str:
    return f"/{intent}{json.dumps({'coping_step': step_id})}"


class ActionAskCoping(Action):
    def name(self) -> str:
        return "action_ask_coping"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        named = _named(tracker)
        if named:  # "can you walk me through the breathing one": the walk-through, not the list again
            return ActionCopingWalkthrough().walk(dispatcher, named)
        text = tracker.latest_message.get("text") or ""
        candidates = [] if text.startswith("/") else named_steps(load_coping_steps(), text)
        if 1 < len(candidates) <= 3:  # "the breathing thing": there are two, so ask which, whatever the stage
            self.offer_steps(dispatcher, candidates, intro=wording("coping", "which_intro"))
            return [SlotSet("coping_step", None)]
        return self.offer(dispatcher, tracker, tracker.get_slot("recovery_stage"))

    @staticmethod
    def offer_steps(dispatcher: CollectingDispatcher, steps: list[CopingStep], intro: str,
                    outro: str | None = None) -> None:
        lines = [intro]
        lines += [wording("coping", "offer_line").format(title=s.title, minutes=s.minutes) for s in steps]
        lines.append(outro or wording("coping", "offer_outro"))
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[{"title": s.title, "payload": _payload("coping_walkthrough", s.id)} for s in steps],
        )

    @staticmethod
    def offer(dispatcher: CollectingDispatcher, tracker: Tracker, stage: str | None) -> List[Dict[str, Any]]:
        """Up to three steps for ``stage``, best rated first; with no stage known, steps that help many people (the
        ideas asked for come first: the stage is never asked before them)."""
        steps = suggest_steps(load_coping_steps(), stage, limit=3, feedback=_feedback(tracker))
        if not steps:
            dispatcher.utter_message(response="utter_no_more_coping")
            return [SlotSet("coping_step", None)]
        known = stage is not None
        ActionAskCoping.offer_steps(dispatcher, steps,
                                    intro=wording("coping", "offer_intro" if known else "offer_intro_any"),
                                    outro=None if known else wording("coping", "offer_outro_any"))
        return [SlotSet("coping_step", None)]  # a new list: no walk-through waits for its rating


class ActionCopingWalkthrough(Action):
    def name(self) -> str:
        return "action_coping_walkthrough"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        # a button's step, else the step the words name ("box breathing" while another step waits for its
        # rating), else the step in hand
        pressed = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                        if e.get("entity") == "coping_step"), None)
        step_id = pressed or _named(tracker) or tracker.get_slot("coping_step")
        if find_step(load_coping_steps(), step_id) is None:
            return ActionAskCoping().run(dispatcher, tracker, domain)
        return self.walk(dispatcher, str(step_id))

    @staticmethod
    def walk(dispatcher: CollectingDispatcher, step_id: str) -> List[Dict[str, Any]]:
        step = find_step(load_coping_steps(), step_id)
        assert step is not None
        lines = [wording("coping", "walkthrough_intro").format(title=step.title, minutes=step.minutes)]
        lines += [f"{i}. {line}" for i, line in enumerate(step.steps, start=1)]
        lines.append(wording("coping", "walkthrough_outro"))
        dispatcher.utter_message(text="\n".join(lines))
        dispatcher.utter_message(response="utter_ask_coping_feedback", buttons=_rating_buttons(step.id))
        return [SlotSet("coping_step", step.id)]


def _rating_buttons(step_id: str) -> list[dict[str, str]]:
    return [{"title": wording("coping", "helped_button"), "payload": _payload("coping_helped", step_id)},
            {"title": wording("coping", "not_helped_button"), "payload": _payload("coping_not_helped", step_id)}]


def _bot_action_before_message(tracker: Tracker) -> str | None:
    """The bot's last action before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


RATINGS = ("coping_helped", "coping_not_helped")


class ActionCopingFeedback(Action):
    def name(self) -> str:
        return "action_coping_feedback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        step_id = tracker.get_slot("coping_step")
        if intent not in RATINGS and not text.startswith("/") and tried_without_rating(text):
            # "done", "ok": they tried it but did not say how it went. Ask once more; after that, let it be.
            if step_id and _bot_action_before_message(tracker) != self.name():
                dispatcher.utter_message(text=wording("coping", "how_was_it"), buttons=_rating_buttons(step_id))
                return []
            dispatcher.utter_message(text=wording("coping", "no_rating"))
            return [SlotSet("coping_step", None)]
        if not step_id:
            # "huh, didn't realise my sleep had dipped that much" heard as "it didn't help", with no step tried:
            # never "I won't suggest that one again" about nothing.
            dispatcher.utter_message(response="utter_coping_feedback_no_step")
            return []
        helped = intent in ("coping_helped", "affirm")  # "yes" to "Did that help?" is a yes
        if has_consent(tracker):
            try:
                get_store().coping_feedback.record(tracker.sender_id, step_id, helped)
            except StoreUnavailable:
                pass
        dispatcher.utter_message(response="utter_coping_feedback_thanks" if helped else "utter_coping_not_helped")
        return [SlotSet("coping_step", None)]
