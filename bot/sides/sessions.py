"""The web widget's identity: a session the web side issues, never a sender the browser chooses.

``POST /session`` gives the widget a token: 128 random bits (the session id), the time it was issued, and
an HMAC-SHA256 of both under ``WEB_SESSION_KEY`` (generated into var/ when unset). The widget keeps it in
sessionStorage and sends it as ``Authorization: Bearer <token>`` (never in a URL). The web side checks the
signature and the age and derives the conversation's sender from the session id (``web:`` + the id); any
``sender`` in a request body is ignored. Signed, so nothing has to be stored server-side and every web
side replica can check any session.

A token lasts ``WEB_SESSION_HOURS`` (12 by default) from when it was issued, so a copied token stops
working; ``POST /session`` with a token still valid renews it (the same session, a new issue time), which
the widget does every hour while its tab is open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

SESSION_BYTES = 16  # 128 bits
# A token issued this far in the future (clocks of two replicas disagreeing) is still accepted.
CLOCK_SKEW_SECONDS = 300
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{22})\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$")


def _signature(key: bytes, body: str) -> str:
    digest = hmac.new(key, b"recovery-guide web session:" + body.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def new_session_token(key: bytes, session_id: str | None = None, now: float | None = None) -> str:
    """A token for a new session, or a renewed one for ``session_id`` (an id taken from a valid token)."""
    body = f"{session_id or secrets.token_urlsafe(SESSION_BYTES)}.{int(time.time() if now is None else now)}"
    return f"{body}.{_signature(key, body)}"


def session_id_of(token: str | None, key: bytes, lifetime: float, now: float | None = None) -> str | None:
    """The session id of a token that is signed with ``key`` and younger than ``lifetime`` seconds, else None."""
    match = _TOKEN.match(token or "")
    if not match:
        return None
    session_id, issued = match.group(1), int(match.group(2))
    if not hmac.compare_digest(match.group(3), _signature(key, f"{session_id}.{issued}")):
        return None
    age = (time.time() if now is None else now) - issued
    return session_id if -CLOCK_SKEW_SECONDS <= age <= lifetime else None


def sender_for(token: str | None, key: bytes, lifetime: float, now: float | None = None) -> str | None:
    """The conversation's sender for a valid token, else None."""
    session_id = session_id_of(token, key, lifetime, now)
    return f"web:{session_id}" if session_id else None


def bearer(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` header."""
    scheme, _, value = (header or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
