"""The Rasa adapters: the NLU component's labels and the policy's crisis sequence."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.safety.rasa_component import SafetyScreenComponent
from bot.safety.rasa_policy import next_crisis_action
from tests.conftest import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", list(events), slots=DOMAIN.slots)


def _process(text: str, tracker: DialogueStateTracker | None = None, intent: str = "greet",
             confidence: float = 0.9, metadata: dict | None = None) -> Message:
    message = Message(data={"text": text, "metadata": metadata or {},
                            "intent": {"name": intent, "confidence": confidence}, "entities": []})
    SafetyScreenComponent({"model_crisis_threshold": 0.9}).process([message], tracker)
    return message


def _entities(message: Message) -> dict[str, str]:
    return {e["entity"]: e["value"] for e in message.get("entities")}


def test_crisis_overrides_the_classifier_and_carries_the_reply_facts() -> None:
    message = _process("i want to die", intent="greet", confidence=0.99)
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    entities = _entities(message)
    assert entities["crisis_category"] == "suicidal_thoughts"
    assert entities["help_phone"] == "988" and entities["emergency_number"] == "911"


def test_country_from_the_conversation_wins_over_the_default() -> None:
    tracker = _tracker(SlotSet("country", "NZ"))
    entities = _entities(_process("i took too many pills", tracker))
    assert entities["emergency_number"] == "111" and "country" not in entities


def test_country_from_channel_metadata_when_the_conversation_has_none() -> None:
    entities = _entities(_process("hello", metadata={"country": "CA"}))
    assert entities["country"] == "CA"


def test_ordinary_message_keeps_its_intent() -> None:
    message = _process("this traffic is killing me", intent="out_of_scope")
    assert message.get("intent")["name"] == "out_of_scope"
    assert "crisis_category" not in _entities(message)


@pytest.mark.parametrize(("confidence", "intent"), [(0.95, "crisis"), (0.5, "nlu_fallback")])
def test_classifier_only_crisis(confidence: float, intent: str) -> None:
    message = _process("everything is grey and heavy", intent="crisis", confidence=confidence)
    assert message.get("intent")["name"] == intent


def test_policy_sequence_in_and_out_of_a_form() -> None:
    crisis = UserUttered("i want to die", intent={"name": "crisis", "confidence": 1.0})
    in_form = _tracker(ActiveLoop("checkin_form"), ActionExecuted("action_listen"), crisis)
    assert next_crisis_action(in_form) == "utter_crisis"
    after_reply = _tracker(ActionExecuted("action_listen"), crisis, ActionExecuted("utter_crisis"))
    assert next_crisis_action(after_reply) == "action_record_crisis_event"
    after_record = _tracker(ActionExecuted("action_listen"), crisis, ActionExecuted("utter_crisis"),
                            ActionExecuted("action_record_crisis_event"))
    assert next_crisis_action(after_record) == "action_listen"
    calm = UserUttered("hi", intent={"name": "greet", "confidence": 1.0})
    assert next_crisis_action(_tracker(ActionExecuted("action_listen"), calm)) is None
