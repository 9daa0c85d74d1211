"""The action server (rasa-sdk), on loopback by default, answering only Rasa.

`python -m bot actions` starts it. Rasa shows ``ACTION_SERVER_TOKEN`` (endpoints.yml; generated into
var/ when unset) as the ``token`` query parameter on every call; any call without it gets 401 before an
action runs, so a forged tracker cannot export, delete or overwrite anyone's data. ``/health`` answers
everyone (probes). It listens on ``ACTIONS_HOST`` (default 127.0.0.1): an internal address only when the
deploy files say so.
"""

from __future__ import annotations

import hmac
import os
import sys
from typing import Any

from bot.core.safety.aftercare import CRISIS_SEQUENCE_PREFIXES, line_to_keep


def protect(app: Any, token: str) -> Any:
    """Refuse every call but /health that does not carry ``token``."""
    from sanic import response

    @app.middleware("request")
    async def only_rasa(request: Any) -> Any:
        if request.path == "/health":
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                return response.json({"error": "Use GET /health."}, status=405)
            return None
        shown = request.args.get("token") or ""
        if not hmac.compare_digest(shown.encode(), token.encode()):
            return response.json({"error": "The action server answers only Rasa (ACTION_SERVER_TOKEN)."},
                                 status=401)
        return None

    return app


def line_kept_after_text(result: Any, tracker: dict[str, Any]) -> Any:
    """An action's own text sent within a crisis reply's aftercare, the risk not cleared ("check in" while the safety
    question is open; the coping steps after "I don't want to talk about it"): followed by the line in view, as every
    reply from a response is (bot/core/safety/aftercare.py's line_to_keep)."""
    if result is None or not any(m.get("text") and not m.get("response") for m in result.responses):
        return result
    if any(m.get("response") and not str(m["response"]).startswith(CRISIS_SEQUENCE_PREFIXES) for m in result.responses):
        # a response among them ("Did that help, even a little?" after a coping step's text) gets the line from Rasa's
        # response generator; a second one here repeated it (red team rt31)
        return result
    slots = tracker.get("slots") or {}
    events = [(str(e.get("event") or ""), str(e.get("name") or ""), float(e.get("timestamp") or 0))
              for e in tracker.get("events") or []]
    line = line_to_keep(slots.get("crisis_followup"), slots.get("crisis_at"), events)
    if line is not None:
        result.responses.append({"response": line})
    return result


def keeping_the_line(executor_class: type) -> type:
    """rasa-sdk's executor, its results passed through line_kept_after_text."""

    class Executor(executor_class):  # type: ignore[misc, valid-type]
        async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            result = await super().run(action_call, *args, **kwargs)
            return line_kept_after_text(result, action_call.get("tracker") or {})

    return Executor


def main() -> None:
    """rasa-sdk's server in one process: its own entry (rasa-sdk 3.21 on Sanic 25) starts worker processes
    that must pickle every action class, and ours are made at import (one per form question)."""
    import logging

    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_app, create_argument_parser
    from rasa_sdk.executor import ActionExecutor

    from bot.config import action_server_token, actions_host

    os.umask(0o077)  # databases and keys it creates: readable by the bot's own user only
    token = action_server_token()
    args = create_argument_parser().parse_args(sys.argv[1:])
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    executor = keeping_the_line(ActionExecutor)()
    executor.register_package(args.actions)
    app = protect(create_app(executor, cors_origins=args.cors), token)
    app.run(host=actions_host(), port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
