"""Which Rasa replica answers a conversation, and what to do when it does not.

``RASA_REST_URL`` may list several Rasa replicas (separated by commas or spaces). Each conversation
goes to one of them, chosen by rendezvous hashing of the sender: a conversation stays on one replica
while it is up, and when a replica goes away only its conversations move. With one URL (one replica,
or nginx in front of several) every message carries ``X-Conversation-Key``, a hash of the sender,
that nginx hashes on (deploy/nginx/recovery-guide.conf).

Every message also carries a ``message_id``. If the replica cannot be reached or answers 502/503/504,
the same message goes to the next replica in the conversation's order (or once more to the only URL):
Rasa handles a ``message_id`` at most once and sends the earlier replies again for a repeat
(bot/rasa/rest.py), so a retry never answers a message twice. A retry is given longer (``TICKET_LOCK_LIFETIME``
more): a replica that died may have held the conversation's lock, which the next one waits out before it answers.
A timeout is not retried: the message may still be in progress, and the caller answers with the fail-safe instead.

A message the side's own screen finds to be a crisis is not left waiting behind others: when Rasa has not
answered it within ``CRISIS_REPLY_SECONDS`` (a flood of messages, a slow replica), the side sends the crisis
reply itself, and Rasa still handles the message (its conversation then knows of the crisis).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import aiohttp

from bot.config import DEFAULT_CRISIS_REPLY_SECONDS, internal_api_token, ticket_lock_seconds
from bot.core.requests import COUNTRY_HEADER, INTERNAL_TOKEN_HEADER

RETRY_STATUSES = frozenset({502, 503, 504})
# Messages up to this many characters are short: screened in the side's pool for short ones (and, on the web
# side, each further this many characters weighs one more against its address's share).
SHORT_MESSAGE = 4000
RETRY_PAUSE_SECONDS = 0.5
# How long a readiness probe waits for each Rasa replica's answer.
READY_SECONDS = 2.0
# A crisis the side found in a conversation this recently makes its own crisis reply the escalation (as Rasa's
# aftercare does for a second danger signal); kept for this many conversations.
RECENT_CRISIS_SECONDS = 30 * 60
REMEMBERED_CRISES = 10_000
KEY_HEADER = "X-Conversation-Key"
# Rasa's REST channel answers only callers that show the internal token (bot/rasa/rest.py).
logger = logging.getLogger(__name__)


def rasa_urls(raw: str) -> list[str]:
    """The Rasa REST URLs in ``RASA_REST_URL`` (one, or several separated by commas or spaces)."""
    urls = [u for u in re.split(r"[\s,]+", raw.strip()) if u]
    if not urls:
        raise ValueError("RASA_REST_URL is empty")
    return urls


def ready_url(webhook: str) -> str:
    """Rasa's readiness URL beside its REST webhook (``.../webhooks/rest/webhook`` -> ``.../webhooks/rest/ready``)."""
    base, _, last = webhook.rstrip("/").rpartition("/")
    return f"{base}/ready" if last == "webhook" else f"{webhook.rstrip('/')}/ready"


def conversation_key(sender: str) -> str:
    """A stable key for routing that does not reveal the sender."""
    return hashlib.sha256(sender.encode("utf-8")).hexdigest()[:24]


def replica_order(sender: str, urls: list[str]) -> list[str]:
    """The replicas to try for this conversation, first choice first (rendezvous hashing)."""
    return sorted(urls, key=lambda url: hashlib.sha256(f"{url}\n{sender}".encode()).digest(), reverse=True)


def attempts(sender: str, urls: list[str]) -> list[str]:
    """Where to send a message, in order: every replica once, or the only URL twice."""
    order = replica_order(sender, urls)
    return order if len(order) > 1 else order * 2


def new_message_id() -> str:
    return uuid.uuid4().hex


class Unreachable(Exception):
    """The replica could not be reached, or dropped the connection before answering."""


Post = Callable[[str, dict[str, Any], dict[str, str]], Awaitable[tuple[int, Any]]]


async def ask_replicas(payload: dict[str, Any], urls: list[str], post: Post, side: str) -> list[dict[str, Any]] | None:
    """Rasa's replies for ``payload`` (which has ``sender`` and ``message_id``), or None.

    ``post(url, payload, headers)`` returns (HTTP status, decoded JSON) and raises :class:`Unreachable`
    when the replica cannot be reached; any other exception (a timeout) ends the attempts.
    """
    headers = {KEY_HEADER: conversation_key(payload["sender"]), INTERNAL_TOKEN_HEADER: internal_api_token()}
    tries = attempts(payload["sender"], urls)
    for number, url in enumerate(tries, start=1):
        try:
            status, body = await post(url, payload, headers)
        except Unreachable as exc:
            logger.error("%s: Rasa unreachable (%s, try %d of %d)", side, exc, number, len(tries))
        except Exception as exc:  # a timeout or a broken answer: the caller's fail-safe answers
            logger.error("%s: no answer from Rasa (%s)", side, exc.__class__.__name__)
            return None
        else:
            if status == 200 and isinstance(body, list):
                return body
            logger.error("%s: Rasa answered HTTP %d (try %d of %d)", side, status, number, len(tries))
            if status not in RETRY_STATUSES:
                return None
        if number < len(tries):
            await asyncio.sleep(RETRY_PAUSE_SECONDS)
    return None


def remember(memory: OrderedDict[str, Any], key: str, value: Any, limit: int) -> None:
    """Keep ``value`` for ``key`` as the most recent entry of ``memory``, forgetting the oldest beyond ``limit``."""
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > limit:
        memory.popitem(last=False)


@dataclass
class RasaAnswer:
    """Rasa's replies (None when no replica answered: the side's fail-safe answers instead), and the
    country whose crisis lines they named (``X-Conversation-Country``), when they say."""

    replies: list[dict[str, Any]] | None
    country: str | None = None
    # The replies are the side's own crisis reply, sent before Rasa answered.
    early: bool = False


class RasaClient:
    """How a side talks to Rasa: the conversation's replica first, the next one when it is unreachable,
    with the internal token and the routing key; one HTTP session per process."""

    def __init__(self, rasa_url: str, timeout: float, side: str,
                 crisis_seconds: float = DEFAULT_CRISIS_REPLY_SECONDS) -> None:
        self.urls = rasa_urls(rasa_url)
        self.timeout = timeout
        self.side = side
        self.crisis_seconds = crisis_seconds
        self._session: aiohttp.ClientSession | None = None
        # When the side last found a crisis in each recent conversation (in memory only, the most recent ones).
        self._crises: OrderedDict[str, float] = OrderedDict()
        # Messages Rasa is still handling after the side sent its own crisis reply.
        self._unfinished: set[asyncio.Task[RasaAnswer]] = set()
        self._short_screens = ThreadPoolExecutor(max_workers=2, thread_name_prefix="screen")
        self._long_screens = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screen-long")

    async def ask(self, sender: str, text: str, metadata: dict[str, Any], message_id: str | None = None,
                  urgent: Callable[[bool], dict[str, Any] | None] | None = None) -> RasaAnswer:
        """Rasa's answer. ``urgent(recent)`` (run beside the request, off the event loop) gives the side's crisis
        reply, or None for a message that is no crisis: that reply is the answer when Rasa takes longer than
        ``crisis_seconds``. ``recent``: the side found a crisis in this conversation in the last
        ``RECENT_CRISIS_SECONDS`` (its reply is then the escalation, as Rasa's would be)."""
        if urgent is None:
            return await self._ask(sender, text, metadata, message_id)
        loop = asyncio.get_running_loop()
        started = loop.time()
        asking = asyncio.ensure_future(self._ask(sender, text, metadata, message_id))
        recent = started - self._crises.get(sender, -RECENT_CRISIS_SECONDS) < RECENT_CRISIS_SECONDS
        try:
            reply = await loop.run_in_executor(self._screens_for(text), urgent, recent)
        except Exception as exc:  # the side's screen failed: Rasa's own screen still answers
            logger.error("%s: the side's screen failed (%s)", self.side, exc.__class__.__name__)
            reply = None
        if reply is None:
            return await asking
        remember(self._crises, sender, started, REMEMBERED_CRISES)
        left = self.crisis_seconds - (loop.time() - started)
        try:
            return await asyncio.wait_for(asyncio.shield(asking), max(left, 0.0))
        except asyncio.TimeoutError:
            self._unfinished.add(asking)
            asking.add_done_callback(self._unfinished.discard)
            logger.warning("%s: Rasa had not answered a crisis in %.0f s; the side's crisis reply was sent",
                           self.side, self.crisis_seconds)
            return RasaAnswer([reply], metadata.get("country"), early=True)

    def _client(self) -> aiohttp.ClientSession:
        """The process's one HTTP session to Rasa, opened on first use."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def _ask(self, sender: str, text: str, metadata: dict[str, Any], message_id: str | None) -> RasaAnswer:
        session = self._client()
        payload = {"sender": sender, "message": text, "metadata": metadata,
                   "message_id": message_id or new_message_id()}
        answer = RasaAnswer(None)
        tries = 0

        async def post(url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
            nonlocal tries
            tries += 1
            timeout = aiohttp.ClientTimeout(total=self.timeout + (ticket_lock_seconds() if tries > 1 else 0))
            try:
                async with session.post(url, json=body, headers=headers, timeout=timeout) as response:
                    answer.country = response.headers.get(COUNTRY_HEADER) or answer.country
                    return response.status, (await response.json() if response.status == 200 else None)
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                raise Unreachable(exc.__class__.__name__) from exc

        answer.replies = await ask_replicas(payload, self.urls, post, self.side)
        return answer

    async def ready(self) -> bool:
        """Whether a Rasa replica has its model loaded and takes messages (its REST channel's ``/ready``)."""
        session = self._client()
        for url in self.urls:
            try:
                async with session.get(ready_url(url), timeout=aiohttp.ClientTimeout(total=READY_SECONDS)) as r:
                    if r.status == 200:
                        return True
            except (aiohttp.ClientError, asyncio.TimeoutError):
                continue
        return False

    def _screens_for(self, text: str | None) -> ThreadPoolExecutor:
        """The pool that screens ``text``: long messages one at a time, apart from the rest, so that a burst of
        them (screening 200 KB takes a second or more) never keeps a short crisis message from being screened."""
        return self._short_screens if len(text or "") <= SHORT_MESSAGE else self._long_screens

    async def screen(self, text: str | None, check: Callable[..., Any], *args: Any) -> Any:
        """``check(text, *args)`` (a screening: help for a refusal, the fail-safe) off the event loop, in the pool
        for the message's length."""
        return await asyncio.get_running_loop().run_in_executor(self._screens_for(text), check, text, *args)

    async def close(self) -> None:
        self._short_screens.shutdown(wait=False, cancel_futures=True)
        self._long_screens.shutdown(wait=False, cancel_futures=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
