"""The web widget's identity: a session the web side issues, never a sender the browser chooses.

``POST /session`` gives the widget a token: 128 random bits (the session id) and an HMAC-SHA256 of them
under ``WEB_SESSION_KEY`` (generated into var/ when unset). The widget keeps it in sessionStorage and sends
it as ``Authorization: Bearer <token>`` (never in a URL). The web side checks the signature and derives the
conversation's sender from it (``web:`` + the session id); any ``sender`` in a request body is ignored.
Signed, so nothing has to be stored server-side and every web side replica can check any session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

SESSION_BYTES = 16  # 128 bits
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$")


def _signature(key: bytes, session_id: str) -> str:
    digest = hmac.new(key, b"recovery-guide web session:" + session_id.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def new_session_token(key: bytes) -> str:
    session_id = secrets.token_urlsafe(SESSION_BYTES)
    return f"{session_id}.{_signature(key, session_id)}"


def sender_for(token: str | None, key: bytes) -> str | None:
    """The conversation's sender for a valid token, else None."""
    match = _TOKEN.match(token or "")
    if not match or not hmac.compare_digest(match.group(2), _signature(key, match.group(1))):
        return None
    return f"web:{match.group(1)}"


def bearer(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` header."""
    scheme, _, value = (header or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
