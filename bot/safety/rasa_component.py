"""Rasa NLU adapter for the safety screen and the user's country.

Runs after the intent classifiers. It never decides conversation flow itself; it labels the message:

* when the screen fires, the intent becomes ``crisis`` with confidence 1.0 and the entities carry the
  category plus the service, number and text option for the user's country, so the crisis reply can
  be filled from slots by Rasa alone (no action server, no database);
* a country the user names ("I'm in Ireland") becomes the ``country`` entity; when the conversation has
  no country yet, the channel's ``metadata.country`` or ``BOT_COUNTRY`` fills it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot import logs
from bot.content.crisis import load_directory
from bot.safety.reply import crisis_slot_values
from bot.safety.screen import load_screen
from bot.settings import default_country

# The Rasa server imports this module when it loads the model: from then on its error lines that
# would quote conversations are withheld.
logs.install()

CRISIS_INTENT = "crisis"
EXTRACTOR = "SafetyScreen"


def _entity(name: str, value: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": 0, "extractor": EXTRACTOR,
            "confidence_entity": 1.0}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class SafetyScreenComponent(GraphComponent):
    """Marks crisis messages and resolves the user's country."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # A crisis intent predicted by the statistical classifier alone (the screen did not fire) is
        # still treated as a crisis above this confidence, with the general crisis reply.
        return {"model_crisis_threshold": 0.9}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._threshold = float(config.get("model_crisis_threshold", 0.9))
        self._screen = load_screen()
        self._directory = load_directory()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreenComponent:
        return cls(config)

    def process(
        self, messages: List[Message], tracker: DialogueStateTracker | None = None
    ) -> List[Message]:
        for message in messages:
            self._process_one(message, tracker)
        return messages

    def _process_one(self, message: Message, tracker: DialogueStateTracker | None) -> None:
        text = message.get("text") or ""
        entities = [e for e in message.get("entities", []) if e.get("entity") != "country"]

        country = self._country(message, tracker, text, entities)
        assessment = self._screen.assess(text)
        category = assessment.category
        intent = message.get("intent") or {}
        if not assessment.is_crisis and intent.get("name") == CRISIS_INTENT:
            if float(intent.get("confidence") or 0.0) >= self._threshold:
                category = "general"
            else:
                intent = {"name": "nlu_fallback", "confidence": float(intent.get("confidence") or 0.0)}
                message.set("intent", intent, add_to_output=True)

        if category:
            crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
            ranking = [crisis] + [
                r for r in message.get("intent_ranking", []) if r.get("name") != CRISIS_INTENT
            ]
            message.set("intent", crisis, add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            entities.append(_entity("crisis_category", category))
            for name, value in crisis_slot_values(category, country).items():
                entities.append(_entity(name, value))
        message.set("entities", entities, add_to_output=True)

    def _country(
        self,
        message: Message,
        tracker: DialogueStateTracker | None,
        text: str,
        entities: List[Dict[str, Any]],
    ) -> str:
        """The country for this turn; emits a ``country`` entity when it changes or is unset."""
        mentioned = self._directory.find_country_mention(text)
        current = tracker.get_slot("country") if tracker is not None else None
        if mentioned:
            country = mentioned
        elif current:
            return str(current)
        else:
            metadata = message.get("metadata") or {}
            from_channel = str(metadata.get("country") or "").upper()
            country = from_channel if from_channel in self._directory.countries else default_country()
        entities.append(_entity("country", country))
        entities.append(_entity("country_name", self._directory.country(country).name))
        return country
