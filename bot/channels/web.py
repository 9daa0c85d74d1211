"""The web side: the chat widget, a demo clinic page, and the widget's API on one origin.

`python -m bot web` (started by `python -m bot run`) serves on ``WEB_PORT`` (default 8000):

* ``/widget.js``: the widget, with the crisis resources and their wording built in, so "Need help
  now?" works without a round-trip even when the bot is down;
* ``/``: a demo clinic home page embedding it, under a strict Content-Security-Policy;
* ``POST /webhooks/rest/webhook``: relayed to Rasa's REST channel; if Rasa does not answer, the
  safety screen answers (crisis reply when needed); CORS only for ``WEB_ALLOWED_ORIGINS``.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot import logs
from bot.channels.replies import crisis_help_text, domain_buttons, domain_text, fail_safe_reply
from bot.channels.rest import USAGE, parse_body
from bot.channels.routing import Unreachable, ask_replicas, new_message_id, rasa_urls
from bot.content.crisis import load_directory

logger = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("web_static")
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@lru_cache(maxsize=1)
def widget_config() -> dict[str, Any]:
    """Crisis help per country, worded by domain.yml, built into widget.js."""
    directory = load_directory()
    crisis = {code: crisis_help_text(code) for code in directory.countries}
    return {"crisis": crisis, "defaultCountry": os.environ.get("BOT_COUNTRY", "US").upper(),
            "fallbackCountry": directory.default_country,
            "offline": domain_text("utter_widget_offline"), "reconnected": domain_text("utter_widget_back")}


def allowed_origins() -> set[str]:
    raw = os.environ.get("WEB_ALLOWED_ORIGINS", "http://localhost:8000")
    return {o.strip().rstrip("/") for o in raw.split(",") if o.strip()}


def _cors(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") in allowed_origins():
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


class WebSide:
    def __init__(self, rasa_url: str, timeout: float = 20.0) -> None:
        self.rasa_urls = rasa_urls(rasa_url)
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._store: Any = None

    def app(self) -> web.Application:
        app = web.Application(client_max_size=256 * 1024)
        app.router.add_get("/", self.demo_page)
        app.router.add_get("/widget.js", self.widget)
        app.router.add_get("/demo.css", self.static_file("demo.css", "text/css"))
        app.router.add_get("/health", self.health)
        app.router.add_get("/ready", self.health)
        app.router.add_get("/favicon.ico", lambda _: web.Response(status=204))
        app.router.add_route("OPTIONS", "/webhooks/rest/webhook", self.preflight)
        app.router.add_post("/webhooks/rest/webhook", self.message)
        app.router.add_get("/reminders/due", self.due_reminder)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _: web.Application) -> None:
        if self._session is not None:
            await self._session.close()

    def static_file(self, name: str, content_type: str) -> Any:
        async def handler(_: web.Request) -> web.Response:
            return web.Response(body=(STATIC / name).read_bytes(), content_type=content_type,
                                headers={"Cache-Control": "no-cache"})
        return handler

    async def demo_page(self, _: web.Request) -> web.Response:
        return web.Response(body=(STATIC / "demo.html").read_bytes(), content_type="text/html",
                            headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache",
                                     "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    async def widget(self, request: web.Request) -> web.Response:
        script = (STATIC / "widget.js").read_text(encoding="utf-8")
        script = script.replace("/*WIDGET_CONFIG*/{}", json.dumps(widget_config(), ensure_ascii=False))
        response = web.Response(text=script, content_type="application/javascript",
                                headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
        return _cors(request, response)  # type: ignore[return-value]

    async def preflight(self, request: web.Request) -> web.StreamResponse:
        return _cors(request, web.Response(status=204))

    async def health(self, request: web.Request) -> web.StreamResponse:
        return _cors(request, web.json_response({"status": "ok"}))

    async def message(self, request: web.Request) -> web.StreamResponse:
        data, problem = parse_body(await request.read())
        if problem:
            return _cors(request, web.json_response({"error": problem, "usage": USAGE}, status=400))
        text, sender = data["message"], data.get("sender", "default")
        metadata = {**(data.get("metadata") or {}), "channel": "web"}
        message_id = data.get("message_id") or new_message_id()
        replies = await self._ask_rasa({"sender": sender, "message": text, "metadata": metadata,
                                        "message_id": message_id})
        if replies is None:
            replies = [{"recipient_id": sender, **fail_safe_reply(text, metadata.get("country"))}]
        return _cors(request, web.json_response(replies))

    async def due_reminder(self, request: web.Request) -> web.StreamResponse:
        """The widget asks, while it is open, whether its daily reminder is due (web has no push)."""
        import asyncio
        import datetime as dt

        from bot.store import Store, StoreUnavailable

        sender = request.query.get("sender", "")
        if not sender.startswith("web:") or len(sender) > 64:
            return _cors(request, web.json_response({"error": "sender must be the widget's own id"}, status=400))
        if self._store is None:
            self._store = Store.from_settings()
        try:
            due = await asyncio.to_thread(self._store.take_due_reminder, sender, dt.datetime.utcnow())
        except StoreUnavailable:
            due = False
        reminder = {"text": domain_text("utter_reminder"), "buttons": domain_buttons("utter_reminder")} if due else None
        return _cors(request, web.json_response({"reminder": reminder}))

    async def _ask_rasa(self, payload: dict[str, Any]) -> list[dict[str, Any]] | None:
        """Rasa's replies from the conversation's replica (the next one if it is unreachable), or None."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        session = self._session

        async def post(url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
            try:
                async with session.post(url, json=body, headers=headers) as response:
                    return response.status, (await response.json() if response.status == 200 else None)
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                raise Unreachable(exc.__class__.__name__) from exc

        return await ask_replicas(payload, self.rasa_urls, post, "web")


def main() -> int:
    logs.configure()
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    side = WebSide(os.environ.get("RASA_REST_URL") or "http://127.0.0.1:5005/webhooks/rest/webhook",
                   float(os.environ.get("RASA_REPLY_TIMEOUT_SECONDS", "20")))
    web.run_app(side.app(), host=os.environ.get("WEB_HOST", "127.0.0.1"),
                port=int(os.environ.get("WEB_PORT", "8000")), print=None)
    return 0
