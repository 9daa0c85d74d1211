"""Rasa's REST channel with input checks and a crisis fail-safe.

Same URL and JSON as Rasa's own (``POST /webhooks/rest/webhook`` with ``sender`` and ``message``),
but malformed requests get a 400 that says what to send, an empty message gets a friendly reply,
message text is never logged, and if Rasa fails or takes too long the safety screen still answers
a crisis message with the crisis reply.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.replies import domain_text, fail_safe_reply

logger = logging.getLogger(__name__)
MAX_SENDER_LENGTH = 256
USAGE = 'Send JSON like {"sender": "some-id", "message": "hello"} encoded as UTF-8.'


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason, "usage": USAGE}, status=400)


def parse_body(body: bytes) -> tuple[Dict[str, Any] | None, str | None]:
    """The request as a dict, or the reason it cannot be used."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "The request body is not valid UTF-8."
    except json.JSONDecodeError:
        return None, "The request body is not valid JSON."
    if not isinstance(data, dict):
        return None, "The request body must be a JSON object."
    if not isinstance(data.get("message"), str):
        return None, "The field 'message' is missing or is not text."
    sender = data.get("sender", "default")
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_LENGTH:
        return None, f"The field 'sender' must be text of 1 to {MAX_SENDER_LENGTH} characters."
    if data.get("metadata") is not None and not isinstance(data["metadata"], dict):
        return None, "The field 'metadata' must be a JSON object."
    return data, None


async def _conversation_country(request: Request, sender: str) -> str | None:
    """The country already known for this conversation, if the tracker store can tell."""
    try:
        agent = request.app.ctx.agent
        tracker = await agent.tracker_store.retrieve(sender)
        return tracker.get_slot("country") if tracker else None
    except Exception:  # the fail-safe must not fail on a missing store
        return None


class RestInput(RasaRestInput):
    """``POST /webhooks/rest/webhook``, checked and fail-safe."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> RestInput:
        return cls()

    def __init__(self) -> None:
        self.timeout = float(os.environ.get("RASA_REPLY_TIMEOUT_SECONDS", "20"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("recovery_guide_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            data, problem = parse_body(request.body or b"")
            if problem:
                return _bad_request(problem)
            text: str = data["message"]
            sender: str = data.get("sender", "default")
            metadata = data.get("metadata") or {}
            if not text.strip():
                return response.json([{"recipient_id": sender, "text": domain_text("utter_empty_message")}])
            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            try:
                await asyncio.wait_for(on_new_message(message), timeout=self.timeout)
            except asyncio.TimeoutError:
                logger.error("rest: no reply from Rasa within %.0f s", self.timeout)
            except Exception as exc:  # the user still gets an answer; the text is never logged
                logger.error("rest: message handling failed (%s)", exc.__class__.__name__)
            if not collector.messages:
                country = metadata.get("country") or await _conversation_country(request, sender)
                reply = fail_safe_reply(text, country)
                return response.json([{"recipient_id": sender, **reply}])
            return response.json(collector.messages)

        return webhook
