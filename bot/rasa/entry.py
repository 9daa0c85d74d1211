"""`rasa ...` as `python -m bot run|rasa` start it: JSON logs when asked, and a draining stop.

* With LOG_FORMAT=json, Rasa 3.6 applies --logging-config-file and then installs coloredlogs on the
  root logger, which replaces the JSON handler; here that second step is skipped, so every line Rasa
  writes is JSON (and passes the filter that withholds message text).
* RASA_AUTH_TOKEN (the HTTP API's token) is read from the environment and handed to Rasa inside this
  process, so it never appears on a command line.
* Rasa's greeting (`/`) and version (`/version`) answer only a caller with the token, like every other
  route, and its refusals do not name its version: the version tells an attacker which exploits to try.
* Serving (`run`), the models load without tracing a training step first (bot/rasa/model_load.py): a replica
  is ready about twenty seconds sooner; and the action server's answers are checked with one validator made once
  (bot/rasa/action_results.py), not one built for each answer.
* On SIGTERM or SIGINT, Sanic would stop at once and close every connection whose request it has
  accepted but not started yet (nginx answers those 502). Instead the replica drains: it stops
  listening (new connections are refused, so nginx sends them to another replica without sending the
  message twice), keeps serving the connections it has (a message arriving on one gets 503, see
  bot/rasa/rest.py), lets the messages in progress finish, and stops once none is in progress and
  none arrived for a second, or after RASA_DRAIN_SECONDS (20). A second signal stops it at once.
"""

from __future__ import annotations

import asyncio
import os
import sys

QUIET_SECONDS = 1.0


def drain_before_stopping() -> None:
    import time

    from sanic import Sanic

    from bot.config import drain_seconds
    from bot.rasa.rest import DRAIN

    stop_now = Sanic.stop
    limit = drain_seconds()
    listening: list[asyncio.AbstractServer] = []

    def remember(create_server):  # type: ignore[no-untyped-def]
        async def create_and_remember(loop, *args, **kwargs):  # type: ignore[no-untyped-def]
            server = await create_server(loop, *args, **kwargs)
            listening.append(server)
            return server
        return create_and_remember

    asyncio.base_events.BaseEventLoop.create_server = remember(asyncio.base_events.BaseEventLoop.create_server)
    try:
        import uvloop  # what Sanic runs on when it is installed (it is, with Rasa)

        uvloop.Loop.create_server = remember(uvloop.Loop.create_server)
    except ImportError:
        pass

    def stop(app: Sanic) -> None:
        if DRAIN.stopping:
            stop_now(app)
            return
        DRAIN.stopping = True
        for server in listening:
            server.close()
        loop = asyncio.get_event_loop()
        started = time.monotonic()

        def check() -> None:
            now = time.monotonic()
            idle = DRAIN.in_flight == 0 and now - DRAIN.last_arrival >= QUIET_SECONDS
            if idle or now - started >= limit:
                stop_now(app)
            else:
                loop.call_later(0.1, check)

        loop.call_later(0.1, check)

    Sanic.stop = stop  # type: ignore[method-assign]


UNGUARDED_ROUTES = ("/", "/version")


def token_given(token: str, query_token: str | None, authorization: str | None) -> bool:
    """Whether a request carries the HTTP API's token, as Rasa's own routes take it (``?token=``) or as a
    bearer token; compared in constant time."""
    import hmac

    bearer = authorization[7:].strip() if authorization and authorization[:7].lower() == "bearer " else None
    return any(given is not None and hmac.compare_digest(given.encode(), token.encode())
               for given in (query_token, bearer))


def guard_unguarded_routes(token: str | None) -> None:
    """Rasa 3.6 serves `/` and `/version` to anyone who reaches it; with a token set, they need it too."""
    if not token:
        return
    import rasa.server
    from sanic import response

    create_app = rasa.server.create_app

    def create_guarded_app(*args, **kwargs):  # type: ignore[no-untyped-def]
        app = create_app(*args, **kwargs)

        @app.middleware("request")
        async def need_token(request):  # type: ignore[no-untyped-def]
            if request.path in UNGUARDED_ROUTES and not token_given(
                    token, request.args.get("token"), request.headers.get("Authorization")):
                return response.json({"status": "failure", "reason": "NotAuthenticated",
                                      "message": "User is not authenticated.", "code": 401}, status=401)
            return None

        @app.middleware("response")
        async def no_version_in_refusals(request, refused):  # type: ignore[no-untyped-def]
            # Rasa's refusals (401, 403) name its version ({"version": "3.6.21", ...}): taken out
            if refused.status in (401, 403) and b'"version"' in (refused.body or b""):
                import json

                body = json.loads(refused.body)
                body.pop("version", None)
                return response.json(body, status=refused.status)
            return None

        return app

    rasa.server.create_app = create_guarded_app


def with_auth_token(arguments: list[str], token: str | None) -> list[str]:
    """Rasa's arguments with the HTTP API's token added in this process only (never on a command line
    `ps` shows). One argument, joined by "=": a generated token may start with "-", which argparse would
    take for an option."""
    if token and not any(a == "--auth-token" or a.startswith("--auth-token=") for a in arguments):
        return [*arguments, f"--auth-token={token}"]
    return list(arguments)


def main() -> None:
    import rasa.utils.io

    os.umask(0o077)  # conversations and keys: readable by the bot's own user only

    from bot import logs
    from bot.config import rasa_auth_token

    if logs.json_logs_wanted():
        rasa.utils.io.configure_colored_logging = lambda loglevel: None  # type: ignore[assignment]
        logs.install()
    drain_before_stopping()
    guard_unguarded_routes(rasa_auth_token())
    if sys.argv[1:2] == ["run"]:
        from bot.rasa.action_results import validate_with_one_validator
        from bot.rasa.model_load import load_without_tracing

        load_without_tracing()
        validate_with_one_validator()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *with_auth_token(sys.argv[1:], rasa_auth_token())]
    rasa_main()


if __name__ == "__main__":
    main()
