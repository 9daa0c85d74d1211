"""Plans built in conversation, stored with consent, shown and edited: the six-step safety plan
(Stanley & Brown's steps in our words) and the relapse-prevention plan."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import form_reply, get_store, has_consent
from bot.store import StoreUnavailable
from bot.store.repository import PLANS


@dataclass(frozen=True)
class PlanSpec:
    kind: str  # key in bot.store.repository.PLANS
    slot_prefix: str
    heading: str
    titles: dict[str, str]
    intro_response: str
    show_phrase: str
    make_phrase: str

    def slots(self) -> dict[str, str]:
        return {step: f"{self.slot_prefix}{step}" for step in PLANS[self.kind][1]}

    def format(self, steps: Dict[str, Any]) -> str:
        lines = [f"{self.heading}:"]
        for number, step in enumerate(PLANS[self.kind][1], start=1):
            lines.append(f"{number}. {self.titles[step]}: {steps.get(step) or '-'}")
        return "\n".join(lines)


SAFETY = PlanSpec(
    kind="safety", slot_prefix="sp_", heading="Your safety plan", intro_response="utter_safety_plan_intro",
    show_phrase="show my safety plan", make_phrase="make a safety plan",
    titles={"warning_signs": "My warning signs", "coping": "Things I can do on my own",
            "distractions": "People and places that help me feel better", "people": "People I can ask for help",
            "professionals": "Professionals and services I can contact",
            "environment": "Making my surroundings safer"},
)
RELAPSE = PlanSpec(
    kind="relapse", slot_prefix="rp_", heading="Your relapse-prevention plan",
    intro_response="utter_relapse_plan_intro", show_phrase="show my relapse plan",
    make_phrase="make a relapse plan",
    titles={"warning_signs": "Early warning signs", "triggers": "Triggers", "what_helps": "What helps",
            "contacts": "Who I'll contact"},
)


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
        steps = {step: tracker.get_slot(slot) for step, slot in self.spec.slots().items()}
        text = self.spec.format(steps)
        if not has_consent(tracker):
            dispatcher.utter_message(text=text + "\n\nI haven't stored this, because you asked me not to store "
                                     "anything. You might want to copy it somewhere safe.")
            return []
        try:
            get_store().save_plan(tracker.sender_id, self.spec.kind, steps)
        except StoreUnavailable:
            dispatcher.utter_message(text=text + "\n\nI couldn't save it just now. Please copy it somewhere safe, "
                                     f"and try saying \"{self.spec.make_phrase}\" again later.")
            return []
        dispatcher.utter_message(text=text + f"\n\nIt's saved. Say \"{self.spec.show_phrase}\" any time to see it, "
                                 f"or \"{self.spec.make_phrase}\" to change it.")
        return []


class _ShowPlan(_PlanAction):
    def name(self) -> str:
        return f"action_show_{self.spec.kind}_plan"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            steps = get_store().get_plan(tracker.sender_id, self.spec.kind) if has_consent(tracker) else None
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        slots = self.spec.slots()
        if steps is None and tracker.get_slot(next(iter(slots.values()))):
            steps = {step: tracker.get_slot(slot) for step, slot in slots.items()}
        if steps is None:
            dispatcher.utter_message(text=f"You don't have that plan with me yet. Say \"{self.spec.make_phrase}\" "
                                     "to make one.")
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


class _ValidatePlan(FormValidationAction, metaclass=ABCMeta):
    """Only answers are kept: a request to explain gets the step's examples and the same question again;
    "go back" asks the step before. (Commands typed here pause the form: bot/dialogue/rasa_interruptions.py.)"""

    @property
    @abstractmethod
    def spec(self) -> PlanSpec: ...

    def name(self) -> str:
        return f"validate_{self.spec.kind}_plan_form"

    def __getattr__(self, attribute: str) -> Any:
        slot = attribute.removeprefix("validate_")
        if attribute.startswith("validate_") and slot in self.spec.slots().values():
            return lambda value, dispatcher, tracker, domain: self.check(slot, value, dispatcher)
        raise AttributeError(attribute)

    def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        kept = form_reply(slot, value, list(self.spec.slots().values()), dispatcher)
        return {slot: value} if kept is None else kept


class ValidateSafetyPlanForm(_ValidatePlan):
    spec = SAFETY


class ValidateRelapsePlanForm(_ValidatePlan):
    spec = RELAPSE
