"""Conversation routing across Rasa replicas, and the message_id the sides send with every message."""

from __future__ import annotations

import os
from typing import Any

import pytest

from bot.core.requests import INTERNAL_TOKEN_HEADER, parse_body
from bot.sides import routing
from bot.sides.routing import (
    KEY_HEADER,
    Unreachable,
    ask_replicas,
    attempts,
    conversation_key,
    rasa_urls,
)

URLS = [f"http://rasa-{i}:5005/webhooks/rest/webhook" for i in range(3)]


def test_rasa_rest_url_may_list_several_replicas() -> None:
    assert rasa_urls("http://a/x") == ["http://a/x"]
    assert rasa_urls(" http://a/x, http://b/x\nhttp://c/x ") == ["http://a/x", "http://b/x", "http://c/x"]
    with pytest.raises(ValueError):
        rasa_urls("  ")


def test_a_conversation_stays_on_one_replica_and_replicas_share_the_load() -> None:
    senders = [f"telegram:{n}" for n in range(600)]
    first = {s: attempts(s, URLS)[0] for s in senders}
    assert first == {s: attempts(s, list(reversed(URLS)))[0] for s in senders}, "order of the URLs must not matter"
    shares = [list(first.values()).count(url) / len(senders) for url in URLS]
    assert all(0.25 < share < 0.42 for share in shares), shares


def test_when_a_replica_goes_away_only_its_conversations_move() -> None:
    senders = [f"web:{n}" for n in range(300)]
    before = {s: attempts(s, URLS)[0] for s in senders}
    after = {s: attempts(s, URLS[:2])[0] for s in senders}
    moved = [s for s in senders if before[s] == URLS[2]]
    assert 60 < len(moved) < 140
    for sender in senders:
        if sender in moved:
            # the replica a conversation moves to is the one its messages fall back to while the first is down
            assert after[sender] == attempts(sender, URLS)[1]
        else:
            assert after[sender] == before[sender]


def test_one_url_is_tried_twice_and_the_key_hides_the_sender() -> None:
    assert attempts("a", URLS[:1]) == URLS[:1] * 2
    key = conversation_key("telegram:12345")
    assert key == conversation_key("telegram:12345") and "12345" not in key and len(key) == 24


class FakeReplicas:
    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, str]]] = []

    async def post(self, url: str, payload: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        self.calls.append((url, headers))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routing, "RETRY_PAUSE_SECONDS", 0)


PAYLOAD = {"sender": "web:abc", "message": "hello", "message_id": "m1"}


async def test_an_unreachable_replica_hands_the_message_to_the_next() -> None:
    fake = FakeReplicas([Unreachable("ConnectError"), (200, [{"text": "hi"}])])
    assert await ask_replicas(PAYLOAD, URLS, fake.post, "test") == [{"text": "hi"}]
    assert [c[0] for c in fake.calls] == attempts("web:abc", URLS)[:2]
    # the routing key (a hash of the sender, never the sender) and the internal token Rasa's REST channel asks for
    expected = {KEY_HEADER: conversation_key("web:abc"), INTERNAL_TOKEN_HEADER: os.environ["INTERNAL_API_TOKEN"]}
    assert all(c[1] == expected for c in fake.calls)


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_retried(status: int) -> None:
    fake = FakeReplicas([(status, None), (200, [{"text": "hi"}])])
    assert await ask_replicas(PAYLOAD, URLS[:1], fake.post, "test") == [{"text": "hi"}]
    assert len(fake.calls) == 2


async def test_other_answers_and_timeouts_are_not_retried() -> None:
    fake = FakeReplicas([(400, None)])
    assert await ask_replicas(PAYLOAD, URLS, fake.post, "test") is None and len(fake.calls) == 1
    fake = FakeReplicas([TimeoutError()])
    assert await ask_replicas(PAYLOAD, URLS, fake.post, "test") is None and len(fake.calls) == 1
    fake = FakeReplicas([(503, None), Unreachable("x"), (502, None)])
    assert await ask_replicas(PAYLOAD, URLS, fake.post, "test") is None and len(fake.calls) == 3


def test_message_id_is_checked() -> None:
    assert parse_body(b'{"message": "hi", "message_id": "abc"}')[1] is None
    for bad in (b'{"message": "hi", "message_id": 5}', b'{"message": "hi", "message_id": ""}',
                b'{"message": "hi", "message_id": "' + b"x" * 129 + b'"}'):
        assert "message_id" in (parse_body(bad)[1] or "")


async def test_a_retry_after_a_replica_died_may_wait_out_the_lock_it_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scale test lost a message under load: the next replica waited for the dead one's lock (up to
    TICKET_LOCK_LIFETIME), then answered after the side had given up. The retry is given that much longer."""
    import asyncio

    from aiohttp import web

    from bot.sides.routing import RasaClient
    from tests.local_server import serve

    monkeypatch.setenv("TICKET_LOCK_LIFETIME", "6")
    calls = 0

    async def rasa(request: web.Request) -> web.StreamResponse:
        nonlocal calls
        calls += 1
        if calls == 1:  # the replica dies with the message in flight: nginx answers 502
            return web.Response(status=502)
        await asyncio.sleep(2.0)  # the lock the dead replica held, waited out
        return web.json_response([{"text": "answered"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", rasa)
    runner, port = await serve(app)
    client = RasaClient(f"http://127.0.0.1:{port}/webhooks/rest/webhook", timeout=1.0, side="test")
    try:
        answer = await client.ask("web:abc", "hello", {})
        assert answer.replies == [{"text": "answered"}] and calls == 2
        calls = 1  # a first attempt that is slow is not given longer: the fail-safe answers
        assert (await client.ask("web:abd", "hello", {})).replies is None
    finally:
        await client.close()
        await runner.cleanup()
