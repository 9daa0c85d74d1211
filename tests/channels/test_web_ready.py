"""The web side's /ready follows Rasa's: a load balancer sends conversations only once a replica has its model."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.sides.routing import ready_url
from bot.sides.web import WebSide


def test_the_readiness_url_sits_beside_the_webhook() -> None:
    assert ready_url("http://127.0.0.1:5005/webhooks/rest/webhook") == "http://127.0.0.1:5005/webhooks/rest/ready"
    assert ready_url("http://rasa:5005/webhooks/rest/webhook/") == "http://rasa:5005/webhooks/rest/ready"
    assert ready_url("http://rasa:5005/webhooks/rest") == "http://rasa:5005/webhooks/rest/ready"


async def test_ready_only_once_a_rasa_replica_is_ready() -> None:
    state = {"status": 503}

    async def rasa_ready(_: web.Request) -> web.Response:
        return web.json_response({"status": "loading" if state["status"] != 200 else "ready"}, status=state["status"])

    rasa = web.Application()
    rasa.router.add_get("/webhooks/rest/ready", rasa_ready)
    async with TestServer(rasa) as fake_rasa:
        # The first replica is down for good; the second loads its model during the test.
        side = WebSide(f"http://127.0.0.1:9/webhooks/rest/webhook,{fake_rasa.make_url('/webhooks/rest/webhook')}")
        async with TestClient(TestServer(side.app())) as client:
            loading = await client.get("/ready")
            assert loading.status == 503
            assert (await loading.json())["status"] == "starting"
            assert (await client.get("/health")).status == 200, "the side itself is up (it has its fail-safe)"
            state["status"] = 200
            ready = await client.get("/ready")
            assert ready.status == 200 and (await ready.json()) == {"status": "ready"}
            state["status"] = 503  # a replica stopping says 503 again
            assert (await client.get("/ready")).status == 503


async def test_not_ready_when_no_rasa_answers() -> None:
    async with TestClient(TestServer(WebSide("http://127.0.0.1:9/webhooks/rest/webhook").app())) as client:
        response = await client.get("/ready")
        assert response.status == 503
        assert response.headers["Content-Type"].startswith("application/json")
