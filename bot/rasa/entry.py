"""`rasa ...` as `python -m bot run|rasa` start it: JSON logs when asked, and a draining stop.

* With LOG_FORMAT=json, Rasa 3.6 applies --logging-config-file and then installs coloredlogs on the
  root logger, which replaces the JSON handler; here that second step is skipped, so every line Rasa
  writes is JSON (and passes the filter that withholds message text).
* RASA_AUTH_TOKEN (the HTTP API's token) is read from the environment and handed to Rasa inside this
  process, so it never appears on a command line.
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
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *with_auth_token(sys.argv[1:], rasa_auth_token())]
    rasa_main()


if __name__ == "__main__":
    main()
