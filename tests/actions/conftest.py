"""Action tests: a tracker built from a dict, a collecting dispatcher, and a store per test."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from rasa_sdk import Tracker

import actions.common
from bot.store import Store


@pytest.fixture
def action_store(store: Store) -> Iterator[Store]:
    actions.common.set_store(store)
    yield store
    actions.common.set_store(None)


def make_tracker(sender: str = "web:anna", slots: dict[str, Any] | None = None,
                 intent: str = "affirm", text: str = "yes",
                 events: list[dict[str, Any]] | None = None) -> Tracker:
    return Tracker.from_dict({
        "sender_id": sender,
        "slots": slots or {},
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": 1.0},
                           "entities": []},
        "events": events or [],
        "paused": False,
        "latest_input_channel": "rest",
        "active_loop": {},
        "latest_action_name": "action_listen",
    })
