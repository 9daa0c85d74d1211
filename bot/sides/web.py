"""The web side: the chat widget, a demo clinic page, and the widget's API on one origin.

`python -m bot web` (started by `python -m bot run`) serves on ``WEB_PORT`` (default 8000):

* ``/widget.js``: the widget, with the crisis resources and their wording built in, so "Need help
  now?" works without a round-trip even when the bot is down;
* ``/``: a demo clinic home page embedding it, under a strict Content-Security-Policy;
* ``POST /session``: a new widget session (bot/sides/sessions.py): the only identity the web side
  knows. Every other call shows it as ``Authorization: Bearer <token>``; the conversation's sender is
  derived from it, and a ``sender`` in the body is ignored;
* ``POST /webhooks/rest/webhook``: relayed to Rasa's REST channel; if Rasa does not answer, the
  safety screen answers (crisis reply when needed); CORS only for ``WEB_ALLOWED_ORIGINS``;
* ``GET /reminders/due``: the session's reminders due now (``{"reminders": [{"text", "buttons"}]}``).

One client address may have at most ``WEB_MESSAGES_IN_FLIGHT`` messages waiting for a reply at once; more
get 429 (with the crisis reply when the message needs it), so that one client cannot fill Rasa's queue.
Behind nginx the address is the one X-Forwarded-For gives (``WEB_TRUSTED_PROXIES``); a client on the machine
itself (loopback: the clinic's own checks and load tests) is not limited. And a message this
side's screen finds to be a crisis gets the crisis reply within ``CRISIS_REPLY_SECONDS`` however busy Rasa is
(bot/sides/routing.py).

Who may call what: anyone may start a session; only the holder of a session's token can send its
messages or read its replies and reminders.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
from collections import Counter, OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from aiohttp import web

from bot import config, logs
from bot.content.crisis import country_code_of, country_of_languages, country_of_timezone, load_directory
from bot.core.reminders import response_for
from bot.core.replies import (
    crisis_help_text,
    crisis_reply,
    domain_buttons,
    domain_text,
    fail_safe_reply,
    refusal_help,
    warm_up,
)
from bot.core.requests import COUNTRY_HEADER, USAGE, ConversationTurns, parse_body
from bot.sides.routing import SHORT_MESSAGE, RasaClient, remember
from bot.sides.sessions import bearer, new_session_token, sender_for, session_id_of

logger = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("web_static")
# How long a message's body may take to arrive.
BODY_SECONDS = 10.0
# The largest request body read (a message of about 250,000 characters).
MAX_BODY_BYTES = 256 * 1024
SIDE: web.AppKey[Any] = web.AppKey("side", object)
# How many conversations' countries the web side keeps in memory for refused requests' help.
REMEMBERED_COUNTRIES = 10_000
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@lru_cache(maxsize=1)
def widget_config() -> dict[str, Any]:
    """Crisis help per country, worded by domain.yml, built into widget.js."""
    directory = load_directory()
    crisis = {code: crisis_help_text(code) for code in sorted(directory.shown_codes())}
    return {"crisis": crisis, "defaultCountry": config.default_country(),
            "fallbackCountry": directory.default_country,
            "offline": domain_text("utter_widget_offline"), "reconnected": domain_text("utter_widget_back"),
            "refused": domain_text("utter_widget_refused"), "busy": domain_text("utter_widget_busy")}


def allowed_origins() -> set[str]:
    raw = config.allowed_origins()
    return {o.strip().rstrip("/") for o in raw.split(",") if o.strip()}


def _cors(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") in allowed_origins():
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
        response.headers["Access-Control-Expose-Headers"] = COUNTRY_HEADER
    return response


def channel_country(metadata: dict[str, Any]) -> str | None:
    """The country the widget's metadata gives: the page's ``country`` (data-country), else the country of the
    browser's ``timezone``, else None (the clinic's default applies)."""
    return country_code_of(metadata.get("country")) or country_of_timezone(metadata.get("timezone"))


def help_for(text: str | None, country: str | None = None) -> str:
    """No answer from the chat endpoint is without help: a refusal carries the crisis line (or the
    crisis reply, when the message it refuses needs it)."""
    known = country if country in load_directory().countries else config.default_country()
    return refusal_help(text, known)


def client_address(request: web.Request, trusted_proxies: frozenset[str]) -> str:
    """The client's address (``limit_key``'s form): the connection's, or, when that is a trusted proxy (nginx in
    front), the nearest address in X-Forwarded-For that is not one (earlier entries are the client's own word)."""
    remote = request.remote or ""
    if remote not in trusted_proxies:
        return limit_key(remote)
    forwarded = [part.strip() for header in request.headers.getall("X-Forwarded-For", [])
                 for part in header.split(",") if part.strip()]
    return limit_key(next((address for address in reversed(forwarded) if address not in trusted_proxies), remote))


def limit_key(address: str) -> str:
    """One key per client for the limit: the address in its one written form, without a port; for IPv6 its /64
    network (one household or server is given a whole /64, so its other addresses are the same client)."""
    text = address.strip()
    bracketed = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::\d+)?", text)
    with_port = re.fullmatch(r"(\d{1,3}(?:\.\d{1,3}){3}):\d+", text)
    text = bracketed.group(1) if bracketed else with_port.group(1) if with_port else text
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        if not parsed.is_loopback:
            return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def is_this_machine(address: str) -> bool:
    """A client on the machine itself (the clinic's own checks and load tests): not held to the per-address
    limit, which is there for the public."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def message_weight(length: int) -> int:
    """How much of an address's share a message of ``length`` characters (or announced bytes) takes: one, and one
    more for every SHORT_MESSAGE (screening and understanding a 200 KB message costs as much as dozens of ordinary
    ones); never more than the largest body accepted weighs."""
    return 1 + min(max(length, 0), MAX_BODY_BYTES) // SHORT_MESSAGE


class InFlight:
    """How much each client address has waiting for a reply: its messages, weighed by length (message_weight).

    Written here rather than taken from a rate-limit library: those count requests per period, which would
    also refuse a person (or a clinic's own check) sending one message after another; what holds Rasa up is
    much at once from one place. An address with nothing waiting may always send one message, however long."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._waiting: Counter[str] = Counter()

    def take(self, address: str, weight: int = 1) -> bool:
        if self._waiting[address] and self._waiting[address] + weight > self.limit:
            return False
        self._waiting[address] += weight
        return True

    def give_back(self, address: str, weight: int = 1) -> None:
        self._waiting[address] -= weight
        if self._waiting[address] <= 0:
            del self._waiting[address]


@web.middleware
async def refusals_as_json(request: web.Request, handler: Any) -> web.StreamResponse:
    """aiohttp's own refusals of a chat message (a body over the size limit, a wrong method) in the
    endpoint's JSON shape, with the crisis line."""
    try:
        return await handler(request)
    except web.HTTPException as refusal:
        if request.path != "/webhooks/rest/webhook" or refusal.status < 400:
            raise
        problem = ("The request body is larger than the limit; send a shorter message." if refusal.status == 413
                   else refusal.reason)
        allow = {"Allow": refusal.headers["Allow"]} if "Allow" in refusal.headers else None  # a wrong method
        help_text = help_for(None, request.app[SIDE].country_of(request))
        return _cors(request, web.json_response({"error": problem, "usage": USAGE, "help": help_text},
                                                status=refusal.status, headers=allow))


async def _plain_server_header(_: web.Request, response: web.StreamResponse) -> None:
    """No library or Python versions in the Server header (they help an attacker choose an exploit)."""
    response.headers["Server"] = "recovery-guide"


class WebSide:
    def __init__(self, rasa_url: str, timeout: float = config.DEFAULT_REPLY_TIMEOUT_SECONDS,
                 crisis_seconds: float = config.DEFAULT_CRISIS_REPLY_SECONDS,
                 in_flight: int = config.DEFAULT_WEB_MESSAGES_IN_FLIGHT,
                 trusted_proxies: frozenset[str] = config.address_set(config.DEFAULT_WEB_TRUSTED_PROXIES)) -> None:
        self.rasa = RasaClient(rasa_url, timeout, "web", crisis_seconds)
        self.in_flight = InFlight(in_flight)
        self.trusted_proxies = trusted_proxies
        self.session_key = config.web_session_key()
        self.session_seconds = config.web_session_hours() * 3600
        self._store: Any = None
        # The country each recent conversation's replies used, so that a refused request (too large, not
        # JSON) shows that country's lines too; in memory only, the most recent conversations.
        self._countries: OrderedDict[str, str] = OrderedDict()
        # Each conversation's messages go on to Rasa in the order they reached this side.
        self._turns = ConversationTurns()

    def country_of(self, request: web.Request) -> str | None:
        """The country of the lines this conversation's replies named, else the browser's (Accept-Language's
        region: "en-GB" -> GB), for a refusal's help."""
        sender = self._sender(request)
        remembered = self._countries.get(sender) if sender else None
        return remembered or country_of_languages(request.headers.get("Accept-Language"))

    def _remember_country(self, sender: str, country: str) -> None:
        remember(self._countries, sender, country, REMEMBERED_COUNTRIES)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[refusals_as_json])
        app[SIDE] = self
        app.router.add_get("/", self.demo_page)
        app.router.add_get("/widget.js", self.widget)
        app.router.add_get("/demo.css", self.static_file("demo.css", "text/css"))
        app.router.add_get("/health", self.health)
        app.router.add_get("/ready", self.ready)
        app.router.add_get("/favicon.ico", lambda _: web.Response(status=204))
        app.router.add_route("OPTIONS", "/webhooks/rest/webhook", self.preflight)
        app.router.add_route("OPTIONS", "/session", self.preflight)
        app.router.add_route("OPTIONS", "/reminders/due", self.preflight)
        app.router.add_post("/session", self.new_session)
        app.router.add_post("/webhooks/rest/webhook", self.message)
        app.router.add_get("/reminders/due", self.due_reminder)
        app.on_startup.append(self._warm_up)
        app.on_cleanup.append(self._close)
        app.on_response_prepare.append(_plain_server_header)
        return app

    async def _warm_up(self, _: web.Application) -> None:
        await asyncio.to_thread(warm_up)

    async def _close(self, _: web.Application) -> None:
        await self.rasa.close()

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

    async def ready(self, request: web.Request) -> web.StreamResponse:
        """For probes and load balancers: ready once a Rasa replica has its model loaded. Before that the side is
        up (``/health``) and answers a crisis from its own fail-safe, but not a conversation."""
        if await self.rasa.ready():
            return _cors(request, web.json_response({"status": "ready"}))
        return _cors(request, web.json_response({"status": "starting", "rasa": "not ready"}, status=503))

    def _sender(self, request: web.Request) -> str | None:
        return sender_for(bearer(request.headers.get("Authorization")), self.session_key, self.session_seconds)

    async def _no_session(self, request: web.Request, text: str | None = None,
                          country: str | None = None) -> web.StreamResponse:
        country = country or country_of_languages(request.headers.get("Accept-Language"))
        return _cors(request, web.json_response(
            {"error": "Start a chat session first: POST /session, then send its token as "
                      "'Authorization: Bearer <token>'.",
             "help": await self.rasa.screen(text, help_for, country)},
            status=401))

    async def new_session(self, request: web.Request) -> web.StreamResponse:
        # A token still valid is renewed (the same conversation); anything else starts a new session.
        renewing = session_id_of(bearer(request.headers.get("Authorization")), self.session_key, self.session_seconds)
        return _cors(request, web.json_response({"token": new_session_token(self.session_key, renewing)},
                                                headers={"Cache-Control": "no-store"}))

    async def message(self, request: web.Request) -> web.StreamResponse:
        """A message, taken in turn: its conversation's turn is taken on arrival, before its body is read, so "hello"
        sent right after 200 KB with a crisis in it (whose body takes longer to read and check) comes after it."""
        sender = self._sender(request)
        if sender is None:
            return await self._message(request)
        # An address's share is taken first (weighed by the body's announced length, as message_weight weighs the
        # text), so that a flood from one conversation is refused, not queued for its turn.
        if (request.content_length or 0) > MAX_BODY_BYTES:
            # announced as larger than is ever read (red team rt27: "Content-Length: 1000000000000" was a 500, or
            # held every conversation up): refused at once, before its turn, with the lines (refusals_as_json)
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=request.content_length or 0)
        address = client_address(request, self.trusted_proxies)
        address = "" if is_this_machine(address) else address
        weight = message_weight(request.content_length or 0)
        if address and not self.in_flight.take(address, weight):
            return await self._message(request, refused=True)
        try:
            async with self._turns.of(sender):
                return await self._message(request)
        finally:
            if address:
                self.in_flight.give_back(address, weight)

    async def _message(self, request: web.Request, refused: bool = False) -> web.StreamResponse:
        encoding = (request.headers.get("Content-Encoding") or "").strip().lower()
        compressed = encoding not in ("", "identity")
        # Refused before reading: a compressed body is never inflated here. A body that does not arrive in
        # time (a client that announces more than it sends) gets 408 instead of holding the connection.
        try:
            body = b"" if compressed else await asyncio.wait_for(request.read(), BODY_SECONDS)
        except asyncio.TimeoutError:
            return _cors(request, web.json_response({"error": "The request body did not arrive in time.",
                                                     "usage": USAGE, "help": help_for(None, self.country_of(request))},
                                                    status=408))
        data, problem = parse_body(body, encoding)
        if problem:
            return _cors(request, web.json_response({"error": problem, "usage": USAGE,
                                                     "help": help_for(None, self.country_of(request))}, status=400))
        sender = self._sender(request)
        if sender is None:
            # Even a message that cannot be delivered is screened: a crisis gets its reply in the refusal.
            return await self._no_session(request, data["message"], channel_country(data["metadata"]))
        text = data["message"]
        metadata = {**(data.get("metadata") or {}), "channel": "web"}
        from_channel = channel_country(metadata)  # no country from the page: the browser's time zone's (Berlin: DE)
        if from_channel:
            metadata["country"] = from_channel
        else:
            metadata.pop("country", None)  # "GBR\u0000US", "Narnia": not a country; the conversation's own stands
        if refused:
            return _cors(request, web.json_response(
                {"error": "Too many messages from here are waiting for a reply; wait for their answers, then send "
                          "this one again.", "usage": USAGE,
                 "help": await self.rasa.screen(text, help_for, metadata.get("country") or self.country_of(request))},
                status=429, headers={"Retry-After": "2"}))
        # The lines of the country this conversation's replies have named, for the crisis reply the side may
        # send itself.
        known_country = metadata.get("country") or self._countries.get(sender)
        answer = await self.rasa.ask(sender, text, metadata, data.get("message_id"),
                                     urgent=lambda recent: crisis_reply(text, known_country, recent))
        replies = answer.replies
        if replies is None:
            reply = await self.rasa.screen(text, fail_safe_reply, known_country)
            replies = [{"recipient_id": sender, **reply}]
        elif answer.early:
            replies = [{"recipient_id": sender, **reply} for reply in replies]
        # The country of the lines these replies named, else of the lines named earlier in the conversation
        # (an export, a plan or a questionnaire names none): the widget's "Need help now?" panel keeps to it.
        # (a conversation that has named none yet: the clinic's default, which the widget shows too)
        country = answer.country or self._countries.get(sender) or config.default_country()
        # Replies can carry a person's export or safety plan: never kept by a cache.
        headers = {"Cache-Control": "no-store"}
        if country in load_directory().shown_codes():
            headers[COUNTRY_HEADER] = country
            self._remember_country(sender, country)
        return _cors(request, web.json_response(replies, headers=headers))

    async def due_reminder(self, request: web.Request) -> web.StreamResponse:
        """The widget asks, while it is open, which of its reminders are due (web has no push)."""
        import datetime as dt

        from bot.store import Store, StoreUnavailable

        sender = self._sender(request)
        if sender is None:
            return await self._no_session(request)
        if self._store is None:
            self._store = Store.from_settings()
        try:
            due = await asyncio.to_thread(self._store.reminders.take_due, sender, dt.datetime.utcnow())
        except StoreUnavailable:
            due = []
        reminders = [{"text": domain_text(response_for(kind)), "buttons": domain_buttons(response_for(kind))}
                     for kind in due]
        # A due reminder tells what it is for (a medication reminder): never kept by a cache
        return _cors(request, web.json_response({"reminders": reminders}, headers={"Cache-Control": "no-store"}))


def main() -> int:
    logs.configure()
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    settings = config.web_settings()
    side = WebSide(settings.rasa_url, settings.reply_timeout, settings.crisis_seconds, settings.in_flight,
                   settings.trusted_proxies)
    # Bodies are never inflated (a compressed one is refused with its reason in message(), brotli too).
    web.run_app(side.app(), host=settings.host, port=settings.port, print=None, auto_decompress=False)
    return 0
