"""Deterministic intents for form answers and commands (``data/content/form_answers.yml``).

Forms and buttons depend on a few replies being understood the same way every time: "7" is an answer,
not a request for the GAD-7; "skip" is an answer, not "stop". This component runs after the
classifiers and before the safety screen, which still overrides everything on a crisis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.content.loader import content_path, load_yaml

ANSWER_INTENT = "inform"
STOP_INTENT = "stop"
HELP_NOW_INTENT = "crisis_help"


@dataclass(frozen=True)
class FormAnswers:
    help_now: frozenset[str]
    stop: frozenset[str]
    exact_answers: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    stop_min_confidence: float

    @classmethod
    def load(cls) -> FormAnswers:
        raw = load_yaml(content_path("form_answers.yml"))
        return cls(
            help_now=frozenset(_normal(s) for s in raw["help_now"]),
            stop=frozenset(_normal(s) for s in raw["stop"]),
            exact_answers=frozenset(_normal(s) for s in raw["answer"]["exact"]),
            patterns=tuple(re.compile(p) for p in raw["answer"]["patterns"]),
            stop_min_confidence=float(raw["stop_min_confidence"]),
        )

    def intent_for(self, text: str, predicted: str | None, confidence: float) -> str | None:
        """The intent to use instead of the classifier's, or None to keep it."""
        normal = _normal(text)
        if normal in self.help_now:
            return HELP_NOW_INTENT
        if normal in self.stop:
            return STOP_INTENT
        if normal in self.exact_answers or any(p.match(normal) for p in self.patterns):
            return ANSWER_INTENT
        if predicted == STOP_INTENT and confidence < self.stop_min_confidence:
            return ANSWER_INTENT
        return None


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().rstrip(".!")).replace("\u2019", "'")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FormAnswerComponent(GraphComponent):
    def __init__(self) -> None:
        self._answers = FormAnswers.load()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> FormAnswerComponent:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            if text.startswith("/"):
                continue  # a button payload names its own intent
            intent = message.get("intent") or {}
            override = self._answers.intent_for(text, intent.get("name"), float(intent.get("confidence") or 0.0))
            if override:
                message.set("intent", {"name": override, "confidence": 1.0}, add_to_output=True)
        return messages
