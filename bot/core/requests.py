"""What a chat request must look like, for every public entry (the web side and Rasa's REST channel).

Malformed requests get a 400 that says what to send. Limits: the body size, JSON nesting depth and
number length are bounded; ``sender`` and ``message_id`` must be printable text of bounded length;
metadata keeps only the keys the bot uses. The message itself is never refused for its characters: a lone
surrogate or a control character is replaced or dropped, so a crisis message with broken characters still
gets the crisis reply. Pure: no Rasa, no web framework.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from typing import Any

MAX_BODY_BYTES = 256 * 1024
MAX_SENDER_LENGTH = 256
MAX_MESSAGE_ID_LENGTH = 128
MAX_JSON_DEPTH = 16
MAX_NUMBER_DIGITS = 30
# Metadata a channel may send, and how long each value may be.
METADATA_KEYS = {"country": 64, "timezone": 64, "channel": 16}
USAGE = 'Send JSON like {"message": "hello"} encoded as UTF-8.'
# The sides show Rasa's REST channel this header (INTERNAL_API_TOKEN); only they may call it.
INTERNAL_TOKEN_HEADER = "X-Internal-Token"
# The country whose crisis lines the replies named, for the widget's "Need help now?" panel.
COUNTRY_HEADER = "X-Conversation-Country"

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(ValueError):
    """The request cannot be used; the message says what to send instead."""


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _number(text: str) -> float | int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise BadRequest("A number in the request is too long.")
    if not any(c in text for c in ".eE"):
        return int(text)
    value = float(text)
    if math.isinf(value):  # 1e999
        raise BadRequest("A number in the request is too large.")
    return value


def _constant(name: str) -> None:
    raise BadRequest(f"{name} is not allowed in the request.")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: with "message" twice, which one was meant is unknown."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise BadRequest(f"The field {key[:40]!r} appears more than once.")
        data[key] = value
    return data


def clean_message(text: str) -> str:
    """The message with lone surrogates replaced and control characters (other than line breaks and
    tabs) dropped: what is left is valid text, whatever was sent."""
    return _CONTROL.sub("", _SURROGATES.sub("\ufffd", text))


def printable_id(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise BadRequest(f"The field '{name}' must be text of 1 to {limit} characters.")
    if _SURROGATES.search(value) or not value.isprintable():
        raise BadRequest(f"The field '{name}' must be printable text (no control characters or broken Unicode).")
    return value


def parse_chat_request(body: bytes, content_encoding: str | None = None) -> dict[str, Any]:
    """The request as a dict with ``message`` (cleaned), optional ``sender``, ``message_id`` and
    ``metadata`` (known keys only); raises :class:`BadRequest`."""
    if content_encoding and content_encoding.strip().lower() not in ("identity", ""):
        raise BadRequest("Compressed request bodies are not accepted; send plain JSON.")
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(f"The request body is larger than {MAX_BODY_BYTES // 1024} KB.")
    # Broken characters are replaced, not refused: a crisis message with one in it still gets its reply.
    # A byte-order mark before the JSON (some Windows tools write one) is no part of it.
    text = body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if _depth(text) > MAX_JSON_DEPTH:
        raise BadRequest(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.")
    try:
        data = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant,
                          object_pairs_hook=_object)
    except json.JSONDecodeError:
        raise BadRequest("The request body is not valid JSON.") from None
    except RecursionError:
        raise BadRequest(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    if not isinstance(data.get("message"), str):
        raise BadRequest("The field 'message' is missing or is not text.")
    request: dict[str, Any] = {"message": clean_message(data["message"])}
    if data.get("sender") is not None:
        request["sender"] = printable_id(data["sender"], "sender", MAX_SENDER_LENGTH)
    if data.get("message_id") is not None:
        request["message_id"] = printable_id(data["message_id"], "message_id", MAX_MESSAGE_ID_LENGTH)
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("The field 'metadata' must be a JSON object.")
    request["metadata"] = {
        key: clean_message(value) for key, value in (metadata or {}).items()
        if key in METADATA_KEYS and isinstance(value, str) and len(value) <= METADATA_KEYS[key]
    }
    return request


def parse_body(body: bytes, content_encoding: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """The request as a dict, or the reason it cannot be used."""
    try:
        return parse_chat_request(body, content_encoding), None
    except BadRequest as problem:
        return None, str(problem)


class ConversationTurns:
    """One message at a time per conversation, in the order they arrived (an asyncio lock wakes its waiters first in,
    first out); a busy process forgets the locks of idle conversations."""

    def __init__(self, remembered: int = 10_000) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._remembered = remembered

    def of(self, conversation: str) -> asyncio.Lock:
        lock = self._locks.get(conversation)
        if lock is None:
            if len(self._locks) > self._remembered:
                for key in [k for k, v in self._locks.items() if not v.locked()]:
                    del self._locks[key]
            lock = self._locks[conversation] = asyncio.Lock()
        return lock
