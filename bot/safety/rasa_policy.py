"""Rasa policy that puts the crisis reply before everything else, forms included.

Rasa's RulePolicy lets an active form run before any rule, so a crisis message typed inside a form
would first be offered to the form. This policy predicts with the highest priority and as a
"no user" prediction (the kind that outranks a form's), so a ``crisis`` message always gets, in order:
``utter_crisis`` (and any active form is paused), ``action_record_crisis_event``, then listening.
Screening is per message: no flag is ever set that turns this off.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, Event, SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

CRISIS_INTENT = "crisis"
CRISIS_REPLY = "utter_crisis"
RECORD_ACTION = "action_record_crisis_event"
LISTEN = "action_listen"


def next_crisis_action(tracker: DialogueStateTracker) -> str | None:
    """The next step of the crisis sequence, or None when the conversation is not in it."""
    last_action = tracker.latest_action_name
    if last_action == LISTEN:
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
        return CRISIS_REPLY if intent == CRISIS_INTENT else None
    if last_action == CRISIS_REPLY:
        return RECORD_ACTION
    if last_action == RECORD_ACTION:
        return LISTEN
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class CrisisPolicy(Policy):
    """Deterministic crisis sequence; outranks forms, rules and learned policies."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": 7}

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        # Nothing to learn; the resource only has to exist for Rasa to load the policy.
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = next_crisis_action(tracker)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        events: List[Event] = []
        if action == CRISIS_REPLY and tracker.active_loop_name:
            events = [
                SlotSet("interrupted_form", tracker.active_loop_name),
                ActiveLoop(None),
                SlotSet("requested_slot", None),
            ]
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisPolicy:
        return cls(config, model_storage, resource, execution_context)
