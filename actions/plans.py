"""Plans built in conversation, stored with consent, shown and edited: the six-step safety plan
(Stanley & Brown's steps in our words) and the relapse-prevention plan."""

from __future__ import annotations

import re
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import consent_answer, form_reply, get_store, has_consent
from bot.content.wording import wording
from bot.store import PLANS, StoreUnavailable


@dataclass(frozen=True)
class PlanSpec:
    kind: str  # key in bot.store.plans.PLANS and in wording.yml's plans
    slot_prefix: str
    intro_response: str

    def slots(self) -> dict[str, str]:
        return {step: f"{self.slot_prefix}{step}" for step in PLANS[self.kind][1]}

    def words(self, key: str) -> Any:
        return wording("plans", self.kind, key)

    def format(self, steps: Dict[str, Any]) -> str:
        lines = [f"{self.words('heading')}:"]
        for number, step in enumerate(PLANS[self.kind][1], start=1):
            lines.append(wording("plans", "line").format(
                number=number, title=self.words("titles")[step],
                answer=steps.get(step) or wording("plans", "empty_answer")))
        return "\n".join(lines)

    def answers(self, tracker: Tracker) -> Dict[str, Any]:
        """This plan's steps as the conversation holds them (its slots), step by step."""
        return {step: tracker.get_slot(slot) for step, slot in self.slots().items()}

    def say(self, key: str) -> str:
        """A sentence about this plan from wording.yml, with its show and make phrases filled in."""
        return wording("plans", key).format(show_phrase=self.words("show_phrase"),
                                            make_phrase=self.words("make_phrase"))


SAFETY = PlanSpec(kind="safety", slot_prefix="sp_", intro_response="utter_safety_plan_intro")
RELAPSE = PlanSpec(kind="relapse", slot_prefix="rp_", intro_response="utter_relapse_plan_intro")


class _PlanAction(Action, metaclass=ABCMeta):
    """Base for the plan actions; abstract, so rasa-sdk registers only the concrete ones."""

    @property
    @abstractmethod
    def spec(self) -> PlanSpec: ...


class _StartPlan(_PlanAction):
    """Clears earlier answers so the form asks every part again (editing is redoing), except when the
    plan was interrupted (by a crisis reply): then it carries on from the step where it stopped."""

    def name(self) -> str:
        return f"action_start_{self.spec.kind}_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        slots = self.spec.slots().values()
        interrupted = tracker.get_slot("interrupted_form") == f"{self.spec.kind}_plan_form"
        if interrupted and any(tracker.get_slot(slot) for slot in slots):
            dispatcher.utter_message(response=f"utter_{self.spec.kind}_plan_resume")
            return [SlotSet("interrupted_form", None)]
        dispatcher.utter_message(response=self.spec.intro_response)
        return [SlotSet(slot, None) for slot in slots] + [SlotSet("interrupted_form", None)]


class _SavePlan(_PlanAction):
    def name(self) -> str:
        return f"action_save_{self.spec.kind}_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        steps = self.spec.answers(tracker)
        text = self.spec.format(steps)
        answer = consent_answer(tracker)
        if answer is None:
            # Never asked: asked now; the steps stay in their slots, so a yes stores them (save_pending_plans).
            yes, no = wording("plans", "consent_buttons")
            dispatcher.utter_message(text=f"{text}\n\n{wording('plans', 'ask_consent')}",
                                     buttons=[{"title": yes, "payload": "/give_consent"},
                                              {"title": no, "payload": "/withdraw_consent"}])
            return []
        if not answer:
            dispatcher.utter_message(text=f"{text}\n\n{self.spec.say('not_stored')}")
            return []
        try:
            get_store().plans.save(tracker.sender_id, self.spec.kind, steps)
        except StoreUnavailable:
            dispatcher.utter_message(text=f"{text}\n\n{self.spec.say('not_saved')}")
            return []
        dispatcher.utter_message(text=f"{text}\n\n{self.spec.say('saved')}")
        return []


def stopped(tracker: Tracker, kind: str) -> bool:
    """Whether the last plan of this kind begun in the conversation was stopped ("I haven't kept the answers from
    this time"): its answers, still in their slots, are neither shown as the plan nor stored after a late yes."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == f"utter_{kind}_plan_stopped":
            return True
        if event.get("event") == "action" and event.get("name") == f"action_start_{kind}_plan":
            return False
    return False


class _ShowPlan(_PlanAction):
    def name(self) -> str:
        return f"action_show_{self.spec.kind}_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            steps = get_store().plans.get(tracker.sender_id, self.spec.kind) if has_consent(tracker) else None
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        slots = self.spec.slots()
        if steps is None and tracker.get_slot(next(iter(slots.values()))) and not stopped(tracker, self.spec.kind):
            steps = self.spec.answers(tracker)
        if steps is None:
            dispatcher.utter_message(text=self.spec.words("missing"))
            return []
        dispatcher.utter_message(text=self.spec.format(steps))
        return []


class ActionStartSafetyPlan(_StartPlan):
    spec = SAFETY


class ActionSaveSafetyPlan(_SavePlan):
    spec = SAFETY


class ActionShowSafetyPlan(_ShowPlan):
    spec = SAFETY


class ActionStartRelapsePlan(_StartPlan):
    spec = RELAPSE


class ActionSaveRelapsePlan(_SavePlan):
    spec = RELAPSE


class ActionShowRelapsePlan(_ShowPlan):
    spec = RELAPSE


# "can I see what I put so far?", "what have I written?": a look at the answers, not an answer
SO_FAR = re.compile(r"\b(what (have i|did i|i'?ve|i have) (put|write|written|wrote|said|answered)"
                    r"|(see|show|read|view|look at)( me)?( back)? (what i|my answers|the answers|what'?s there"
                    r"|what we have)|so far\?)")


# "actually no not jo, my mate sam", "sorry i meant my sister", "oops make that my brother": the answer before, changed
CORRECTS_LAST = re.compile(
    r"^\W*(((actually|sorry|oops|wait|hang on|oh)\W+)+(no\W+)?(not [^,;.!]{1,30}[,;.!]+|i meant|i mean|make that"
    r"|change (that|it|the last one) to)|i meant|make that|change (that|the last one) to)\W*(?P<new>\S.*)$")
# ... but not a time or a doubt ("sorry, not now, later", "actually not sure, maybe walks")
NOT_A_CORRECTION = re.compile(
    r"^\W*((actually|sorry|oops|wait|hang on|oh)\W+)*(no\W+)?not (now|yet|sure|really|today|right now)\b")


class _ValidatePlan(FormValidationAction, metaclass=ABCMeta):
    """Only answers are kept: a request to explain gets the step's examples and the same question again;
    "go back" asks the step before. (Commands typed here pause the form: bot/rasa/form_interruptions.py.)"""

    @property
    @abstractmethod
    def spec(self) -> PlanSpec: ...

    def name(self) -> str:
        return f"validate_{self.spec.kind}_plan_form"

    def __getattr__(self, attribute: str) -> Any:
        slot = attribute.removeprefix("validate_")
        if attribute.startswith("validate_") and slot in self.spec.slots().values():
            return lambda value, dispatcher, tracker, domain: self.check(slot, value, dispatcher, tracker)
        raise AttributeError(attribute)

    def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
              tracker: Tracker | None = None) -> Dict[str, Any]:
        corrected = self._corrected_before(slot, str(value or ""), dispatcher, tracker)
        if corrected is not None:
            return corrected
        if tracker is not None and SO_FAR.search(str(value or "").lower()):
            # "can I see what I put so far?": the answers so far, then the same question
            steps = self.spec.answers(tracker)
            dispatcher.utter_message(text=self.spec.format(steps))
            return {slot: None}
        kept = form_reply(slot, value, list(self.spec.slots().values()), dispatcher, skippable=True,
                          free_text=True)
        if kept == {slot: wording("plans", "empty_answer")} and tracker is not None:
            # Editing a stored plan: "skip" leaves this part as it was, never empties it.
            kept = {slot: self._stored_answer(tracker, slot) or kept[slot]}
        return {slot: value} if kept is None else kept

    def _corrected_before(self, slot: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker | None) -> Dict[str, Any] | None:
        """"actually no not jo, my mate sam" at the step after the one answered "jo": that answer changed (said so),
        and this step asked again; None when the words are no such correction or there is no step before."""
        found = CORRECTS_LAST.match(text.lower())
        slots = list(self.spec.slots().items())
        at = next((i for i, (_, name) in enumerate(slots) if name == slot), 0)
        if found is None or tracker is None or at == 0 or not tracker.get_slot(slots[at - 1][1]) \
                or NOT_A_CORRECTION.match(text.lower()):
            return None
        step, before = slots[at - 1]
        new = text[found.start("new"):].strip() if len(text) == len(text.lower()) else found.group("new").strip()
        dispatcher.utter_message(text=wording("plans", "corrected").format(
            title=self.spec.words("titles")[step], answer=new))
        return {before: new, slot: None}

    def _stored_answer(self, tracker: Tracker, slot: str) -> str | None:
        step = next((step for step, name in self.spec.slots().items() if name == slot), None)
        try:
            stored = get_store().plans.get(tracker.sender_id, self.spec.kind) if has_consent(tracker) else None
        except StoreUnavailable:
            return None
        return str(stored[step]) if stored and step and stored.get(step) else None


class ValidateSafetyPlanForm(_ValidatePlan):
    spec = SAFETY


class ValidateRelapsePlanForm(_ValidatePlan):
    spec = RELAPSE


def save_pending_plans(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a late yes to storage: a plan made in this conversation before the yes is stored now."""
    for spec in (SAFETY, RELAPSE):
        steps = spec.answers(tracker)
        if not any(steps.values()) or tracker.active_loop.get("name") == f"{spec.kind}_plan_form" \
                or stopped(tracker, spec.kind):
            continue  # none made, still being made (saved when it is finished), or stopped (said not kept)
        try:
            get_store().plans.save(tracker.sender_id, spec.kind, steps)
        except StoreUnavailable:
            dispatcher.utter_message(text=spec.say("not_saved"))
            continue
        dispatcher.utter_message(text=spec.say("saved"))
    return []
