"""One client cannot hold up the others, and a crisis is answered in time however busy Rasa is."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.sides.web import InFlight, WebSide, client_address, limit_key, message_weight

CRISIS = "i am going to kill myself tonight"


class SlowRasa:
    """Rasa's REST channel, answering each message after ``delay`` seconds (or after ``release`` is set)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.release = asyncio.Event()
        self.handled: list[str] = []

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.delay:
            await asyncio.sleep(self.delay)
        else:
            await self.release.wait()
        self.handled.append(body["message"])
        return web.json_response([{"recipient_id": body["sender"], "text": "Rasa's reply"}])

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        return app


async def _session(client: TestClient) -> dict[str, str]:
    token = (await (await client.post("/session")).json())["token"]
    return {"Authorization": f"Bearer {token}"}


async def test_a_crisis_is_answered_by_the_side_when_rasa_is_slow_and_rasa_still_gets_it() -> None:
    # Rasa answers nothing until released: however slowly a loaded machine screens, Rasa cannot win the race
    rasa = SlowRasa()
    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), timeout=60, crisis_seconds=0.5)
        async with TestClient(TestServer(side.app())) as client:
            headers = await _session(client)
            crisis = await client.post("/webhooks/rest/webhook", json={"message": CRISIS}, headers=headers)
            replies = await crisis.json()
            # the side's own crisis reply, not Rasa's (which has not answered)
            assert crisis.status == 200 and rasa.handled == []
            assert "988" in replies[0]["text"] and replies[0]["buttons"] and replies[0]["recipient_id"]
            # an everyday message waits for Rasa, however long it takes (up to the reply timeout)
            everyday = asyncio.ensure_future(
                client.post("/webhooks/rest/webhook", json={"message": "i slept badly"}, headers=headers))
            await asyncio.sleep(1.5)  # three times the crisis wait
            assert not everyday.done(), "an everyday message is not answered before Rasa answers it"
            rasa.release.set()
            assert (await (await everyday).json())[0]["text"] == "Rasa's reply"
            for _ in range(1000):  # the crisis message reaches Rasa too (its request was left running)
                if len(rasa.handled) == 2:
                    break
                await asyncio.sleep(0.01)
        assert sorted(rasa.handled) == sorted([CRISIS, "i slept badly"]), "Rasa must still handle the crisis message"


async def test_a_second_crisis_message_while_rasa_is_slow_gets_the_escalation_not_the_first_reply_again() -> None:
    """ "I'm not safe" after the side's own crisis reply, Rasa still slow: the emergency number first, as Rasa's
    aftercare would say, not "are you thinking about ending your life?" again."""
    rasa = SlowRasa()  # never answers while the test runs
    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), timeout=60, crisis_seconds=0.3)
        async with TestClient(TestServer(side.app())) as client:
            headers = await _session(client)
            first = (await (await client.post("/webhooks/rest/webhook", json={"message": CRISIS},
                                              headers=headers)).json())[0]["text"]
            second = (await (await client.post("/webhooks/rest/webhook",
                                               json={"message": "i have the pills right here"},
                                               headers=headers)).json())[0]["text"]
            other = await _session(client)  # another conversation's first crisis: the first reply
            third = (await (await client.post("/webhooks/rest/webhook", json={"message": CRISIS},
                                              headers=other)).json())[0]["text"]
            rasa.release.set()
    assert "ask you directly" in first and "ask you directly" in third
    assert "ask you directly" not in second and "call 911 now" in second and "988" in second


async def test_a_crisis_rasa_answers_in_time_gets_rasas_reply() -> None:
    rasa = SlowRasa(delay=0.05)
    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), crisis_seconds=3)
        async with TestClient(TestServer(side.app())) as client:
            headers = await _session(client)
            reply = await client.post("/webhooks/rest/webhook", json={"message": CRISIS}, headers=headers)
            assert (await reply.json())[0]["text"] == "Rasa's reply"


async def test_one_address_with_too_many_messages_waiting_is_refused_and_a_crisis_still_gets_help() -> None:
    rasa = SlowRasa()
    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), timeout=10, in_flight=3)
        async with TestClient(TestServer(side.app())) as client:
            headers = {**await _session(client), "X-Forwarded-For": "203.0.113.5"}  # through nginx, from outside
            waiting = [asyncio.ensure_future(client.post("/webhooks/rest/webhook", json={"message": f"hello {n}"},
                                                         headers=headers)) for n in range(3)]
            for _ in range(1000):  # until the three are waiting for Rasa (a broken side fails below, not hangs)
                if side.in_flight._waiting.total() >= 3:
                    break
                await asyncio.sleep(0.01)
            refused = await client.post("/webhooks/rest/webhook", json={"message": "hello again"}, headers=headers)
            assert refused.status == 429 and refused.headers["Retry-After"]
            body = await refused.json()
            assert "wait" in body["error"] and "988" in body["help"]
            crisis = await client.post("/webhooks/rest/webhook", json={"message": CRISIS}, headers=headers)
            assert crisis.status == 429
            crisis_help = (await crisis.json())["help"]
            assert crisis_help != body["help"] and "988" in crisis_help, "a refused crisis gets the crisis reply"
            # another address is not held up
            other = await client.post("/webhooks/rest/webhook", json={"message": "hi"},
                                      headers={**await _session(client), "X-Forwarded-For": "203.0.113.9"})
            rasa.release.set()
            assert other.status == 200
            assert [r.status for r in await asyncio.gather(*waiting)] == [200, 200, 200]
            # once the answers are back, the address may send again
            again = await client.post("/webhooks/rest/webhook", json={"message": "hello again"}, headers=headers)
            assert again.status == 200 and not side.in_flight._waiting


async def test_a_client_on_the_machine_itself_is_not_limited() -> None:
    rasa = SlowRasa()
    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), timeout=10, in_flight=1)
        async with TestClient(TestServer(side.app())) as client:
            headers = await _session(client)
            waiting = [asyncio.ensure_future(client.post("/webhooks/rest/webhook", json={"message": f"hello {n}"},
                                                         headers=headers)) for n in range(4)]
            await asyncio.sleep(0.5)
            rasa.release.set()
            assert [r.status for r in await asyncio.gather(*waiting)] == [200, 200, 200, 200]


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("198.51.100.7", [], "198.51.100.7"),
    ("198.51.100.7", ["203.0.113.9"], "198.51.100.7"),  # not from a trusted proxy: its header is not believed
    ("127.0.0.1", ["203.0.113.9"], "203.0.113.9"),
    ("127.0.0.1", ["10.9.9.9, 203.0.113.9"], "203.0.113.9"),  # the client's own claim comes first, nginx's last
    ("127.0.0.1", ["203.0.113.9, 127.0.0.1"], "203.0.113.9"),
    ("127.0.0.1", [], "127.0.0.1"),
])
def test_the_client_address_is_believed_from_a_trusted_proxy_only(remote: str, forwarded: list[str],
                                                                   expected: str) -> None:
    class Request:
        def __init__(self) -> None:
            self.remote = remote
            self.headers = _Headers(forwarded)

    assert client_address(Request(), frozenset({"127.0.0.1", "::1"})) == expected  # type: ignore[arg-type]


class _Headers:
    def __init__(self, forwarded: list[str]) -> None:
        self.forwarded = forwarded

    def getall(self, name: str, default: Any) -> list[str]:
        return self.forwarded if name == "X-Forwarded-For" else default


@pytest.mark.parametrize(("given", "key"), [
    ("203.0.113.9", "203.0.113.9"),
    ("203.0.113.9:5123", "203.0.113.9"),  # a port is no other client
    ("2001:DB8:0:0:0:0:0:5", "2001:db8::/64"),
    ("2001:db8::5", "2001:db8::/64"),
    ("[2001:db8::abcd]:443", "2001:db8::/64"),  # another address of the same /64
    ("::ffff:203.0.113.9", "203.0.113.9"),
    ("not an address", "not an address"),
])
def test_one_client_has_one_key_however_its_address_is_written(given: str, key: str) -> None:
    assert limit_key(given) == key


def test_a_long_message_takes_a_bigger_share_but_an_idle_address_may_always_send_one() -> None:
    limit = InFlight(16)
    huge = message_weight(len("hello " * 33000))
    assert message_weight(len("hello")) == 1 and huge > 16
    assert message_weight(10 ** 18) == message_weight(256 * 1024)  # an announced length is never taken as memory
    assert limit.take("a", huge), "nothing waiting from this address: one message, however long"
    assert not limit.take("a", 1), "a 200 KB message waiting fills the address's share"
    limit.give_back("a", huge)
    assert all(limit.take("a", 1) for _ in range(16)) and not limit.take("a", 1)


async def test_a_message_sent_while_a_long_one_is_still_arriving_reaches_rasa_after_it() -> None:
    """Red team rt18: "check in" sent right after 200 KB with a crisis in it reached Rasa first (the long body took
    longer to arrive and be read), and was answered as if no crisis had been told."""
    import json

    rasa = SlowRasa(delay=0.01)
    long_message = "I went to work and came home. " * 3000 + CRISIS
    body = json.dumps({"message": long_message}).encode()

    async def arriving_slowly():
        yield body[:1000]
        await asyncio.sleep(0.5)
        yield body[1000:]

    async with TestServer(rasa.app()) as rasa_server:
        side = WebSide(str(rasa_server.make_url("/webhooks/rest/webhook")), timeout=60, crisis_seconds=30)
        async with TestClient(TestServer(side.app())) as client:
            headers = await _session(client)
            first = asyncio.ensure_future(client.post("/webhooks/rest/webhook", data=arriving_slowly(),
                                                      headers={**headers, "Content-Type": "application/json"}))
            await asyncio.sleep(0.2)  # the long message has begun to arrive
            second = await client.post("/webhooks/rest/webhook", json={"message": "check in"}, headers=headers)
            assert second.status == 200 and (await first).status == 200
    assert rasa.handled == [long_message, "check in"]
