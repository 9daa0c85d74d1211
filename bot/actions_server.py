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


def main() -> None:
    import rasa_sdk.__main__
    import rasa_sdk.endpoint

    from bot.settings import action_server_token

    os.umask(0o077)  # databases and keys it creates: readable by the bot's own user only
    token = action_server_token()
    create_app = rasa_sdk.endpoint.create_app
    rasa_sdk.endpoint.create_app = lambda *args, **kwargs: protect(create_app(*args, **kwargs), token)
    os.environ["SANIC_HOST"] = os.environ.get("ACTIONS_HOST") or "127.0.0.1"
    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    rasa_sdk.__main__.main()


if __name__ == "__main__":
    main()
