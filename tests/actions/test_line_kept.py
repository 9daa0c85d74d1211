"""An action's own text within a crisis reply's aftercare keeps the line in view, as replies from responses do."""

from __future__ import annotations

import time
from typing import Any

from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

from bot.ops.actions_server import keeping_the_line


class _SaysText(Action):
    def name(self) -> str:
        return "action_says_text"

    async def run(self, dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="Here are some coping ideas.")
        return []


class _SaysResponse(_SaysText):
    def name(self) -> str:
        return "action_says_response"

    async def run(self, dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_coping_ideas")
        return []


def _call(action: str, followup: str | None, last_crisis_reply: str, minutes_ago: float = 2,
          more_turns: int = 0) -> dict[str, Any]:
    crisis_at = time.time() - minutes_ago * 60
    events = [{"event": "user", "timestamp": crisis_at - 1, "text": "i want to die"},
              {"event": "action", "name": "utter_crisis", "timestamp": crisis_at + 0.1},
              {"event": "user", "timestamp": crisis_at + 10, "text": "lol jk"},
              {"event": "action", "name": last_crisis_reply, "timestamp": crisis_at + 10.1},
              *({"event": "user", "timestamp": crisis_at + 15 + turn, "text": "ok"} for turn in range(more_turns)),
              {"event": "user", "timestamp": crisis_at + 20 + more_turns, "text": "coping ideas"}]
    return {"next_action": action, "domain": {}, "version": "3.6.21",
            "tracker": {"sender_id": "web:anna", "slots": {"crisis_followup": followup, "crisis_at": crisis_at},
                        "latest_message": {"text": "coping ideas", "intent": {}, "entities": []},
                        "events": events, "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


async def _responses(call: dict[str, Any]) -> list[dict[str, Any]]:
    executor = keeping_the_line(ActionExecutor)()
    executor.register_action(_SaysText())
    executor.register_action(_SaysResponse())
    result = await executor.run(call)
    assert result is not None
    return result.responses


async def test_an_actions_text_after_a_retraction_is_followed_by_the_line() -> None:
    said = await _responses(_call("action_says_text", "watching", "utter_crisis_retract"))
    assert said[0]["text"] == "Here are some coping ideas." and said[-1] == {"response": "utter_crisis_line_kept"}


async def test_an_actions_text_while_the_safety_question_is_open_is_followed_by_the_question_line() -> None:
    said = await _responses(_call("action_says_text", "asked_thoughts", "utter_crisis"))
    assert said[-1] == {"response": "utter_crisis_line_in_view"}


async def test_nothing_is_added_when_safe_or_after_the_aftercare_or_to_a_response() -> None:
    for call in (_call("action_says_text", "offered_plan", "utter_crisis_safe"),
                 _call("action_says_text", "watching", "utter_crisis_listen"),
                 _call("action_says_text", "asked_thoughts", "utter_crisis", minutes_ago=120, more_turns=12),
                 _call("action_says_response", "asked_thoughts", "utter_crisis")):
        said = await _responses(call)
        assert len(said) == 1 and not str(said[0].get("response", "")).startswith("utter_crisis_line"), said


class _SaysTextThenResponse(_SaysText):
    def name(self) -> str:
        return "action_says_text_then_response"

    async def run(self, dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="Paced breathing, step by step.")
        dispatcher.utter_message(response="utter_coping_did_it_help")
        return []


async def test_a_response_after_the_actions_text_carries_the_line_once() -> None:
    """Red team rt31: a coping step's walk-through, then "Did that help?": Rasa's response generator adds the line to
    the response, and the line appended here came after it a second time."""
    executor = keeping_the_line(ActionExecutor)()
    executor.register_action(_SaysTextThenResponse())
    result = await executor.run(_call("action_says_text_then_response", "watching", "utter_crisis_retract"))
    assert result is not None
    assert {"response": "utter_crisis_line_kept"} not in result.responses
