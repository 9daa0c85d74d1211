"""Our REST channel inside Rasa: idempotent delivery by message_id."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.rasa.rest import replies_to


def test_a_repeated_message_gets_the_replies_it_got_before() -> None:
    events = [
        UserUttered("hi", message_id="m1"),
        ActionExecuted("utter_greet"),
        BotUttered("Hello", {"buttons": [{"title": "Yes", "payload": "/yes"}]}),
        BotUttered("Second line"),
        SlotSet("consent", True),
        UserUttered("check in", message_id="m2"),
        BotUttered("How is your mood?", {"image": None}),
    ]
    assert replies_to(events, "m1", "s") == [
        {"recipient_id": "s", "text": "Hello", "buttons": [{"title": "Yes", "payload": "/yes"}]},
        {"recipient_id": "s", "text": "Second line"},
    ]
    assert replies_to(events, "m2", "s") == [{"recipient_id": "s", "text": "How is your mood?"}]
    assert replies_to(events, "m3", "s") is None


def test_a_reused_id_with_other_text_is_not_a_repeat() -> None:
    events = [UserUttered("hello", message_id="1"), BotUttered("Hi")]
    assert replies_to(events, "1", "s", "hello") == [{"recipient_id": "s", "text": "Hi"}]
    assert replies_to(events, "1", "s", "I want to kill myself") is None
