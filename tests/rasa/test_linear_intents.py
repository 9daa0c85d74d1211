"""The linear second opinion on the intent (bot/rasa/linear_intents.py): trained, stored and loaded the way
Rasa does it, averaged with DIET's ranking, and left out where it cannot judge."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa.linear_intents import LinearIntentComponent

EXAMPLES = {
    "greet": ["hello there", "hi", "good morning", "hey how are you", "hiya", "morning all"],
    "goodbye": ["bye for now", "see you later", "goodbye", "cheers bye", "talk tomorrow", "laters"],
    "faq/how_long": ["how long does recovery take", "how long will this take", "when will i feel better",
                     "how many months does treatment last", "how long until it works", "is recovery quick"],
    "faq/which_therapies": ["what therapies are there", "which therapy works", "what is cbt",
                            "what kinds of therapy exist", "is counselling a therapy", "therapy options please"],
    "crisis": ["crisis words", "crisis words again", "more crisis words"],
}


def _example(label: str, text: str) -> Message:
    intent, _, key = label.partition("/")
    data = {"text": text, "intent": intent}
    if key:
        data["intent_response_key"] = label
    return Message(data=data)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> LinearIntentComponent:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("linear_intents")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LinearIntentComponent.get_default_config()}
    component = LinearIntentComponent.create(config, storage, resource, context)
    component.train(TrainingData([_example(label, t) for label, texts in EXAMPLES.items() for t in texts]))
    return LinearIntentComponent.load(config, storage, resource, context)


def _message(text: str, ranking: list[tuple[str, float]], selected: str | None = None) -> Message:
    message = Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    if selected:
        message.set("response_selector", {"default": {
            "response": {"intent_response_key": selected, "utter_action": f"utter_{selected}", "confidence": 0.6},
            "ranking": [{"intent_response_key": selected, "confidence": 0.6},
                        {"intent_response_key": "faq/how_long" if selected != "faq/how_long"
                         else "faq/which_therapies", "confidence": 0.4}]}})
    return message


def test_a_stored_model_is_loaded_and_sways_a_doubtful_diet(trained: LinearIntentComponent) -> None:
    message = _message("hello, good morning", [("goodbye", 0.45), ("greet", 0.40), ("faq", 0.15)])
    trained.process([message])
    assert message.get("intent")["name"] == "greet"
    ranking = message.get("intent_ranking")
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 0.01


def test_the_answer_to_a_retrieval_intent_is_averaged_too(trained: LinearIntentComponent) -> None:
    message = _message("which therapy is there, like cbt", [("faq", 0.9), ("greet", 0.1)], selected="faq/how_long")
    trained.process([message])
    response = message.get("response_selector")["default"]["response"]
    assert message.get("intent")["name"] == "faq"
    assert response["intent_response_key"] == "faq/which_therapies"
    assert response["utter_action"] == "utter_faq/which_therapies"


@pytest.mark.parametrize("text", ["lorem ipsum dolor", "jjjjjjjj", "🙂", ""])
def test_words_it_never_saw_leave_diets_intent_alone(trained: LinearIntentComponent, text: str) -> None:
    message = _message(text, [("goodbye", 0.3), ("greet", 0.25), ("faq", 0.2)])
    trained.process([message])
    assert message.get("intent") == {"name": "goodbye", "confidence": 0.3}


def test_diets_crisis_intent_is_never_averaged_away(trained: LinearIntentComponent) -> None:
    message = _message("hello good morning", [("crisis", 0.95), ("greet", 0.05)])
    trained.process([message])
    assert message.get("intent") == {"name": "crisis", "confidence": 0.95}


def test_without_a_stored_model_diet_decides(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    component = LinearIntentComponent.load(LinearIntentComponent.get_default_config(), storage,
                                           Resource("missing"), context)
    message = _message("hello good morning", [("goodbye", 0.6), ("greet", 0.4)])
    component.process([message])
    assert message.get("intent") == {"name": "goodbye", "confidence": 0.6}
