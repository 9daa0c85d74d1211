"""The trained model loaded without tracing a training step (bot/rasa/model_load.py) predicts exactly as Rasa's own
loading does: DIET's and the linear model's intents, the ResponseSelector's answers and TED's action scores."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import MODEL

pytestmark = pytest.mark.rasa

TEXTS = ["hi", "yes please", "check in", "what side effects should I expect from sertraline?",
         "I was diagnosed last month and just started therapy", "my son is struggling, how do I help him",
         "you're useless", "the breathing one", "I've been stable for about four years with bipolar",
         "remind me to check in at 8pm", "can you delete everything you have on me", "i feel like such a burden",
         "what is a safety plan", "how long do antidepressants take to work", "i relapsed last week",
         "thanks, bye", "lorem ipsum dolor", "who can i call in ireland"]
CONVERSATIONS = [["hi", "yes", "check in", "6"], ["i was diagnosed last month", "yes", "what helps with anxiety"]]


async def _predictions() -> dict[str, Any]:
    from rasa.core.agent import load_agent
    from rasa.core.channels import UserMessage
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = await load_agent(model_path=str(MODEL))
    parsed = [await agent.parse_message(text) for text in TEXTS]
    nlu = [(p["intent"]["name"], [(r["name"], r["confidence"]) for r in p["intent_ranking"]],
            p.get("response_selector", {}).get("default", {}).get("ranking")) for p in parsed]
    ted = next(node._component for name, node in agent.processor.graph_runner._instantiated_nodes.items()
               if "TEDPolicy" in name)
    scores = []
    for n, conversation in enumerate(CONVERSATIONS):
        tracker = DialogueStateTracker.from_events(f"load-{n}", [ActionExecuted("action_session_start"),
                                                                 SessionStarted(), ActionExecuted("action_listen")],
                                                   agent.domain.slots)
        for text in conversation:
            data = await agent.processor.parse_message(UserMessage(text, sender_id=f"load-{n}"), tracker)
            tracker.update(UserUttered(text, data["intent"], data["entities"], parse_data=data))
            scores.append(list(ted.predict_action_probabilities(tracker, agent.domain).probabilities))
            tracker.update(ActionExecuted("action_listen"))
    return {"nlu": nlu, "ted": scores}


def test_loading_without_tracing_predicts_as_rasa_does() -> None:
    from rasa.utils.tensorflow.models import RasaModel

    from bot.rasa.model_load import load_without_tracing

    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    rasa_load = RasaModel.__dict__["load"]
    by_rasa = asyncio.run(_predictions())
    try:
        assert load_without_tracing()
        assert RasaModel.__dict__["load"] is not rasa_load
        by_us = asyncio.run(_predictions())
    finally:
        RasaModel.load = rasa_load
    assert len(by_us["ted"]) == sum(len(c) for c in CONVERSATIONS)
    assert by_us["nlu"] == by_rasa["nlu"]
    assert by_us["ted"] == by_rasa["ted"]
