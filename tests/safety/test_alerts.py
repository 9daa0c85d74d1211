"""Clinic alerts: retried with backoff, never blocking, never carrying message text."""

from __future__ import annotations

import asyncio

from aiohttp import web

from actions.alerts import post_alert, schedule_alert
from tests.local_server import serve


async def _server(fail_first: int) -> tuple[web.AppRunner, str, list[dict]]:
    received: list[dict] = []
    calls = {"n": 0}

    async def handler(request: web.Request) -> web.Response:
        calls["n"] += 1
        if calls["n"] <= fail_first:
            return web.Response(status=503)
        received.append(await request.json())
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/alert", handler)
    runner, port = await serve(app)
    return runner, f"http://127.0.0.1:{port}/alert", received


async def test_alert_is_retried_until_delivered() -> None:
    runner, url, received = await _server(fail_first=2)
    try:
        assert await post_alert(url, {"category": "overdose"}, attempts=4, first_delay=0.01)
    finally:
        await runner.cleanup()
    assert received == [{"category": "overdose"}]


async def test_alert_gives_up_after_the_last_attempt() -> None:
    assert not await post_alert("http://127.0.0.1:1/alert", {"x": 1}, attempts=2, first_delay=0.01)


async def test_scheduling_does_not_wait_for_delivery() -> None:
    runner, url, received = await _server(fail_first=1)
    try:
        task = schedule_alert(url, {"category": "abuse"}, attempts=3, first_delay=0.05)
        assert not task.done() and received == []  # the caller carries on at once
        assert await asyncio.wait_for(task, timeout=5)
    finally:
        await runner.cleanup()
    assert received == [{"category": "abuse"}]
