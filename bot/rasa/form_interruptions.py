"""Rasa policy: a command or a change of topic inside a form pauses the form instead of being stored.

"show my relapse plan" typed at "What are your early warning signs?", or "can you give me a coping idea
first?" typed at the anxiety question, is not an answer. When a form is active and the message's intent
is one of the commands in ``data/content/form_answers.yml`` (``interruptions``), this policy answers the
command at once (the form is paused: ``interrupted_form`` keeps which one), then says how to carry on
("check in" / "make a safety plan" resume where it stopped). Short replies ("coping", "music") stay
answers unless a deterministic reader gave the intent. The crisis policy still outranks this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.loader import content_path, load_yaml
from bot.core.form_replies import asks_about_the_step
from bot.core.reminders import read_request

LISTEN = "action_listen"
PAUSED = "utter_form_paused"
NO_PAUSED_NOTE = ("utter_ask_confirm_deletion",)
NOT_COMMANDS = ("crisis", "crisis_help", "stop", "inform")
REMINDERS = "action_reminders"
REMINDER_ASKED = "reminder_asked_kind"


@dataclass(frozen=True)
class Interruptions:
    forms: frozenset[str]
    actions: dict[str, str]          # intent -> the action that answers it
    min_confidence: float
    min_words: int
    deterministic_only: frozenset[str]
    free_text_forms: frozenset[str]

    @classmethod
    def load(cls) -> Interruptions:
        raw = load_yaml(content_path("form_answers.yml"))["interruptions"]
        return cls(forms=frozenset(raw["forms"]), actions={str(k): str(v) for k, v in raw["commands"].items()},
                   min_confidence=float(raw["min_confidence"]), min_words=int(raw["min_words"]),
                   deterministic_only=frozenset(raw["deterministic_only"]),
                   free_text_forms=frozenset(raw["free_text_forms"]))

    def command(self, tracker: DialogueStateTracker) -> str | None:
        """The action answering the latest message when it interrupts an active form, else None."""
        if tracker.active_loop_name not in self.forms or tracker.latest_action_name != LISTEN:
            return None
        message = tracker.latest_message
        intent = (message.intent or {}).get("name") if message else None
        if intent in NOT_COMMANDS or intent not in self.actions:
            return None
        if any(e.get("entity") == "crisis_category" for e in message.entities):
            return None  # the crisis policy answers
        if asks_about_the_step(message.text or ""):
            return None  # "what do you mean by mood?": the form explains its own question
        confidence = float((message.intent or {}).get("confidence") or 0.0)
        words = len((message.text or "").split())
        deterministic = bool((message.intent or {}).get("deterministic"))  # read from the words (form_answers)
        guessed_ok = (intent not in self.deterministic_only and tracker.active_loop_name not in self.free_text_forms
                      and confidence >= self.min_confidence and words >= self.min_words)
        if deterministic or guessed_ok:
            return self.actions[intent]
        return None


def _paused_this_turn(tracker: DialogueStateTracker) -> bool:
    """Whether this policy paused a form since the latest user message."""
    events = list(tracker.events)
    for index in range(len(events) - 1, 0, -1):
        event, before = events[index], events[index - 1]
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActiveLoop) and event.name is None:
            return isinstance(before, SlotSet) and before.key == "interrupted_form" and bool(before.value)
    return False


def answers_reminder_time(tracker: DialogueStateTracker) -> bool:
    """A time ("8pm", "half past seven", "in 10 minutes") right after the bot asked when a reminder
    should be: it goes to the reminders action whatever intent the classifier guessed for it."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or not tracker.get_slot(REMINDER_ASKED):
        return False
    message = tracker.latest_message
    if message is None or any(e.get("entity") == "crisis_category" for e in message.entities):
        return False
    before = next((e.action_name for e in reversed(list(tracker.events))
                   if isinstance(e, ActionExecuted) and e.action_name != LISTEN), None)
    if before != REMINDERS:  # the bot's last step before this message was not the question about a time
        return False
    request = read_request(message.text or "", None)
    return request.kind is None and (request.local_time is not None or request.in_minutes is not None)


def next_step(tracker: DialogueStateTracker, interruptions: Interruptions) -> tuple[str | None, list[Any]]:
    if answers_reminder_time(tracker):
        return REMINDERS, []
    action = interruptions.command(tracker)
    if action is not None:
        # The form's slot mapping already copied the message into the slot it asked for: undo that.
        asked = tracker.get_slot("requested_slot")
        undo = [SlotSet(str(asked), None)] if asked else []
        return action, [SlotSet("interrupted_form", tracker.active_loop_name), ActiveLoop(None),
                        SlotSet("requested_slot", None), *undo]
    if not _paused_this_turn(tracker):
        return None, []
    latest = tracker.latest_action_name
    if latest in (PAUSED, *NO_PAUSED_NOTE):
        return LISTEN, []  # a question of its own ("are you sure?") waits for its answer first
    executed = [e.action_name for e in tracker.events if isinstance(e, ActionExecuted)]
    if latest in interruptions.actions.values() and PAUSED not in executed[-3:]:
        return PAUSED, []
    return None, []


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class FormInterruptionPolicy(Policy):
    """Answers a command typed inside a form, pauses the form and says how to carry on."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": 7}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, **kwargs: Any) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        self._interruptions = Interruptions.load()

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn; the resource only has to exist for Rasa to load the policy
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        action, events = next_step(tracker, self._interruptions)
        probabilities = self._default_predictions(domain)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> FormInterruptionPolicy:
        return cls(config, model_storage, resource, execution_context)
