"""Rasa's REST channel with input checks and a crisis fail-safe.

Same URL and JSON as Rasa's own (``POST /webhooks/rest/webhook`` with ``sender`` and ``message``),
but only our own sides may call it (the ``X-Internal-Token`` header, ``INTERNAL_API_TOKEN``), malformed
requests get a 400 that says what to send, an empty message gets a friendly reply,
message text is never logged, and if Rasa fails or takes too long the safety screen still answers
a crisis message with the crisis reply.

An optional ``message_id`` makes delivery idempotent: a message whose id is already in the
conversation is not handled again; the replies it got are sent back instead. Our web and Telegram
sides send one, so they can safely retry when a replica dies mid-request.

``GET /webhooks/rest/`` answers while the process is up (liveness); ``GET /webhooks/rest/ready``
answers 200 only once the model and the tracker store are loaded, and 503 while stopping (readiness).

Stopping (SIGTERM, see bot/rasa/entry.py) drains: messages already being handled finish; a message
that arrives after the signal gets 503 at once, untouched, so the sender (our sides, with the same
``message_id``) sends it again and nginx, which counts the 503 as a failed try, moves the conversation.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import internal_api_token, reply_timeout, ticket_lock_seconds
from bot.core.payloads import as_user_text
from bot.core.replies import domain_text, fail_safe_reply
from bot.core.requests import COUNTRY_HEADER, INTERNAL_TOKEN_HEADER, USAGE, ConversationTurns, parse_body
from bot.core.safety.screen import screen_message
from bot.rasa.nlg import REPLY_COUNTRY

logger = logging.getLogger(__name__)
# Rasa's classifiers read at most this much of a message (their cost grows with its length); the safety
# screen reads all of it, and its verdict on the whole message travels in this metadata key, which only
# this channel sets (parse_chat_request drops unknown keys a caller sends).
MAX_MESSAGE_CHARS = 4000
WHOLE_MESSAGE_SCREEN = "whole_message_screen"


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason, "usage": USAGE}, status=400)


def whole_message_verdict(text: str) -> Dict[str, str] | None:
    """The screen's verdict on a message too long for the classifiers, to travel with its first part."""
    assessment = screen_message(text)
    if assessment.tier == "clear":
        return None
    return {"tier": assessment.tier, "category": assessment.category or "general", "source": assessment.source}


class Drain:
    """Messages in progress in this process, and whether it is stopping."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.stopping = False
        self.last_arrival = 0.0

    def arrived(self) -> None:
        self.last_arrival = time.monotonic()


DRAIN = Drain()

REPLY_KEYS = ("buttons", "image", "attachment", "custom", "elements", "quick_replies")


# A payload counts as a button press when the bot offered it in one of its last few turns (an older
# message's buttons can still be pressed on Telegram).
OFFERED_TURNS = 3


def offered_payloads(events: list[Any]) -> set[str]:
    """The payloads of the buttons the bot showed since the OFFERED_TURNS-th latest user message."""
    from rasa.shared.core.events import BotUttered, UserUttered

    offered: set[str] = set()
    turns = 0
    for event in reversed(events):
        if isinstance(event, UserUttered):
            turns += 1
            if turns >= OFFERED_TURNS:
                break
        elif isinstance(event, BotUttered):
            offered.update(str(b.get("payload", "")) for b in event.data.get("buttons") or [])
    return offered


def replies_to(events: list[Any], message_id: str, sender: str, text: str | None = None) -> list[Dict[str, Any]] | None:
    """The replies already sent for the user message ``message_id``, or None if it was never handled.

    With ``text``, only a delivery of the same text counts as a repeat: a new message that reuses an id
    (a client that numbers its messages from 1 again) is handled, and screened, as the new message it is."""
    from rasa.shared.core.events import BotUttered, UserUttered

    replies: list[Dict[str, Any]] | None = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message_id and (text is None or event.text == text):
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            reply: Dict[str, Any] = {"recipient_id": sender}
            if event.text:
                reply["text"] = event.text
            reply.update({k: event.data[k] for k in REPLY_KEYS if event.data.get(k)})
            replies.append(reply)
    return replies


async def _conversation_country(request: Request, sender: str) -> str | None:
    """The country already known for this conversation, if the tracker store can tell."""
    try:
        agent = request.app.ctx.agent
        tracker = await agent.tracker_store.retrieve(sender)
        return tracker.get_slot("country") if tracker else None
    except Exception:  # the fail-safe must not fail on a missing store
        return None


class RestInput(RasaRestInput):
    """``POST /webhooks/rest/webhook``, checked, idempotent with ``message_id``, and fail-safe."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> RestInput:
        return cls()

    def __init__(self) -> None:
        # (a message resent here after another replica died may first wait out the lock that replica held)
        self.timeout = reply_timeout() + ticket_lock_seconds()
        self.internal_token = internal_api_token()
        # One message at a time per conversation in this process, so a repeated delivery sees the first one.
        self._turns = ConversationTurns()

    @staticmethod
    async def _events(request: Request, sender: str) -> list[Any]:
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        return list(tracker.events) if tracker else []

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("recovery_guide_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            if DRAIN.stopping:
                return response.json({"status": "stopping"}, status=503)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"status": "loading"}, status=503)
            return response.json({"status": "ready"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            DRAIN.arrived()
            if DRAIN.stopping:
                return response.json({"error": "This replica is stopping; send the message again."}, status=503,
                                     headers={"Retry-After": "1"})
            DRAIN.in_flight += 1
            try:
                return await handle(request)
            finally:
                DRAIN.in_flight -= 1

        async def handle(request: Request) -> HTTPResponse:
            shown = request.headers.get(INTERNAL_TOKEN_HEADER) or ""
            if not hmac.compare_digest(shown.encode(), self.internal_token.encode()):
                return response.json({"error": "This channel is internal: the web and Telegram sides call it "
                                      f"with the {INTERNAL_TOKEN_HEADER} header (INTERNAL_API_TOKEN)."}, status=401)
            data, problem = parse_body(request.body or b"", request.headers.get("content-encoding"))
            if problem:
                return _bad_request(problem)
            text: str = data["message"]
            sender: str = data.get("sender", "default")
            metadata = data["metadata"]
            if not text.strip():
                return response.json([{"recipient_id": sender, "text": domain_text("utter_empty_message")}])
            truncated = len(text) > MAX_MESSAGE_CHARS
            message_id = data.get("message_id")
            collector = CollectingOutputChannel()
            used_country: Dict[str, str] = {}
            REPLY_COUNTRY.set(used_country)
            try:
                # The conversation's turn is taken on arrival, before the whole-message screen: a short message
                # sent right after a long one ("hello" after 200 KB with a crisis in it) waits for it, and is
                # read after the crisis, not before.
                async with self._turns.of(sender):
                    events = await self._events(request, sender) if message_id or text.startswith("/") else []
                    user_text = as_user_text(text[:MAX_MESSAGE_CHARS], offered_payloads(events))
                    earlier = replies_to(events, message_id, sender, user_text.strip()) if message_id else None
                    if earlier is not None:
                        logger.info("rest: repeated delivery of a message; sending its replies again")
                        return response.json(earlier, headers={"X-Repeated-Delivery": "1"})
                    if truncated:
                        # Up to a couple of seconds for the largest bodies: off the event loop, so that other
                        # conversations are not held up meanwhile.
                        verdict = await asyncio.to_thread(whole_message_verdict, text)
                        metadata = {**metadata, WHOLE_MESSAGE_SCREEN: verdict} if verdict else metadata
                    message = UserMessage(user_text, collector, sender, input_channel=self.name(), metadata=metadata,
                                          message_id=message_id)
                    await asyncio.wait_for(on_new_message(message), timeout=self.timeout)
            except asyncio.TimeoutError:
                logger.error("rest: no reply from Rasa within %.0f s", self.timeout)
            except Exception as exc:  # the user still gets an answer; the text is never logged
                logger.error("rest: message handling failed (%s)", exc.__class__.__name__)
            if not collector.messages:
                country = metadata.get("country") or await _conversation_country(request, sender)
                reply = await asyncio.to_thread(fail_safe_reply, text, country)
                return response.json([{"recipient_id": sender, **reply}])
            headers = {COUNTRY_HEADER: used_country["country"]} if used_country.get("country") else None
            replies = list(collector.messages)
            if truncated:
                replies.append({"recipient_id": sender, "text": domain_text("utter_message_truncated")})
            return response.json(replies, headers=headers)

        return webhook
