"""Every public entry's request checks: bounded, printable, never a server error."""

from __future__ import annotations

import json

import pytest

from bot.core.requests import BadRequest, parse_body, parse_chat_request


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(("raw", "problem"), [
    (b"[" * 1000 + b"]" * 1000, "nested"),
    (b'{"message": "hi", "metadata": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}", "nested"),
    (b'{"message": "hi", "n": ' + b"9" * 5000 + b"}", "too long"),
    (b'{"message": "hi", "n": NaN}', "NaN"),
    (b'{"message": "hi", "n": 1e999}', "too large"),
    (b'{"message": "hi", "sender": "web:\\ud83d"}', "printable"),
    (b'{"message": "hi", "sender": "web:a\\u0000b"}', "printable"),
    (b'{"message": "hi", "message_id": "x\\ny"}', "printable"),
    (b'{"message": "hi", "sender": ""}', "1 to"),
    (b"\xff\xfe", "JSON"),  # replaced characters, then no JSON
    (b'{"message": "I am going to kill myself tonight", "message": "hello"}', "'message' appears more than once"),
    (b'{"message": 5}', "message"),
    (b"[]", "object"),
    (b'{"message": "' + b"a" * (300 * 1024) + b'"}', "larger"),
])
def test_bad_requests_are_refused_with_a_reason(raw: bytes, problem: str) -> None:
    with pytest.raises(BadRequest, match=problem):
        parse_chat_request(raw)


def test_compressed_bodies_are_refused_unread() -> None:
    with pytest.raises(BadRequest, match="Compressed"):
        parse_chat_request(b"\x1f\x8b...", "gzip")
    assert parse_chat_request(body(message="hi"), "identity")["message"] == "hi"


def test_broken_characters_in_the_message_are_cleaned_not_refused() -> None:
    parsed = parse_chat_request(b'{"message": "i want to \\ud83d die\\u0000 tonight"}')
    assert parsed["message"] == "i want to \ufffd die tonight"
    parsed["message"].encode("utf-8")  # valid text from here on


def test_invalid_utf8_in_the_message_is_replaced_not_refused() -> None:
    parsed = parse_chat_request(b'{"message": "i want to \xff\xfe die tonight"}')
    assert parsed["message"] == "i want to \ufffd\ufffd die tonight"


def test_only_known_metadata_survives() -> None:
    parsed = parse_chat_request(body(message="hi", metadata={
        "country": "GB", "timezone": "Europe/London", "whole_message_screen": {"tier": "clear"},
        "help_phone": "555", "country_name": "x" * 100}))
    assert parsed["metadata"] == {"country": "GB", "timezone": "Europe/London"}


def test_a_byte_order_mark_before_the_json_is_read_past() -> None:
    data, problem = parse_body("\ufeff".encode() + b'{"message": "hello"}')
    assert problem is None and data["message"] == "hello"
