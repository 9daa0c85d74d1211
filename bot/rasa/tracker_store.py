"""Rasa's SQL tracker store, private by default (loaded only by Rasa; configured in endpoints.yml).

* Nothing is written for a person who has not said yes to storage: their conversation is kept for the
  session only (``consent`` slot not true), and forgotten after ``UNCONSENTED_TTL_SECONDS`` without a
  message. What they say is never in the database. With one Rasa process it is kept in memory; with
  several replicas (``REDIS_URL`` set) it is kept, encrypted and expiring, in Redis beside the lock
  store, so a conversation that moves to another replica (one died or was stopped) goes on where it was.
* Event text is encrypted at rest: each event's JSON is stored as a Fernet token with the key the bot
  already uses for notes and plans (``BOT_ENCRYPTION_KEY`` / ``var/fernet.key``). Rows written before this
  (plain JSON) are still read.
* Retention: events older than ``CONVERSATION_RETENTION_DAYS`` (default 30) are deleted, checked at start
  and then at most once an hour while the store is in use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import OrderedDict
from typing import Any, Dict

from cryptography.fernet import Fernet, InvalidToken
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import func

from bot.config import load_settings, lock_store_prefix, redis_url, retention_days

logger = logging.getLogger(__name__)

UNCONSENTED_TTL_SECONDS = 60 * 60
UNCONSENTED_MAX_CONVERSATIONS = 20_000
RETENTION_CHECK_SECONDS = 60 * 60


def _session_cache() -> Any:
    """Redis for unconsented conversations when replicas share conversations (REDIS_URL), else None."""
    url = redis_url()
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=5)


class PrivateSQLTrackerStore(SQLTrackerStore):
    """SQL tracker store that stores nothing without consent, encrypts what it stores, and forgets it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fernet = Fernet(load_settings().encryption_key)
        self._unconsented: OrderedDict[str, tuple[float, Dict[str, Any]]] = OrderedDict()
        self._last_retention = 0.0
        self._shared = _session_cache()
        self.apply_retention()

    # ---------------------------------------------------------------------------- consent
    @staticmethod
    def _consented(tracker: DialogueStateTracker) -> bool:
        return tracker.get_slot("consent") is True

    def _shared_key(self, sender_id: str) -> str:
        prefix = lock_store_prefix()
        return f"{prefix}:unconsented:{hashlib.sha256(sender_id.encode('utf-8')).hexdigest()}"

    @staticmethod
    def _kept(tracker: DialogueStateTracker) -> Dict[str, Any]:
        """What is remembered of a conversation without consent: its events since the latest restart (after
        "delete everything", nothing said before it), and when."""
        return {"events": [e.as_dict() for e in tracker.events_after_latest_restart()], "saved_at": time.time()}

    def _remember(self, tracker: DialogueStateTracker) -> None:
        if self._shared is not None:
            sealed = self._seal(self._kept(tracker))
            self._shared.set(self._shared_key(tracker.sender_id), sealed, ex=UNCONSENTED_TTL_SECONDS)
            return
        now = time.time()
        self._unconsented[tracker.sender_id] = (now, self._kept(tracker))
        self._unconsented.move_to_end(tracker.sender_id)
        while self._unconsented and (
            len(self._unconsented) > UNCONSENTED_MAX_CONVERSATIONS
            or now - next(iter(self._unconsented.values()))[0] > UNCONSENTED_TTL_SECONDS
        ):
            self._unconsented.popitem(last=False)

    def _recalled(self, sender_id: str) -> Dict[str, Any] | None:
        """The conversation kept for the session (its events, and when they were saved), if any."""
        if self.domain is None:
            return None
        if self._shared is not None:
            sealed = self._shared.get(self._shared_key(sender_id))
            if sealed is None:
                return None
            return self._open(sealed.decode("ascii") if isinstance(sealed, bytes) else sealed)
        entry = self._unconsented.get(sender_id)
        if entry is None or time.time() - entry[0] > UNCONSENTED_TTL_SECONDS:
            return None
        return entry[1]

    # ------------------------------------------------------------------------- encryption
    def _seal(self, data: Dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(data).encode("utf-8")).decode("ascii")

    def _open(self, stored: str) -> Dict[str, Any]:
        if stored.startswith("{"):
            return json.loads(stored)  # written before encryption at rest
        try:
            return json.loads(self._fernet.decrypt(stored.encode("ascii")))
        except InvalidToken:
            logger.error("tracker store: an event could not be decrypted (wrong BOT_ENCRYPTION_KEY?)")
            raise

    # ---------------------------------------------------------------------- TrackerStore
    async def save(self, tracker: DialogueStateTracker) -> None:
        self.apply_retention()
        if not self._consented(tracker):
            self._remember(tracker)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=self._seal(data),
                ))
            session.commit()
        # The session copy goes only once the events are in the database: a replica killed in between leaves both,
        # and the newer is read (_retrieve); had it gone first, such a kill lost the whole conversation.
        self.forget(tracker.sender_id)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        recalled = self._recalled(sender_id)
        if recalled is not None and not self._stored_since(sender_id, recalled.get("saved_at", float("inf"))):
            return DialogueStateTracker.from_dict(sender_id, recalled["events"], self.domain.slots)
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            events = [self._open(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _stored_since(self, sender_id: str, saved_at: float) -> bool:
        """Whether the database holds events of this conversation newer than its session copy: consent was given
        and stored, and the replica died before it dropped the copy. (After "delete everything" the database's
        events are older than the copy until they are deleted.)"""
        with self.session_scope() as session:
            newest = session.query(func.max(self.SQLEvent.timestamp)).filter(
                self.SQLEvent.sender_id == sender_id).scalar()
        return newest is not None and float(newest) > saved_at

    def forget(self, sender_id: str) -> None:
        """Drop a conversation kept for the session (the SQL rows are deleted by the store's delete)."""
        self._unconsented.pop(sender_id, None)
        if self._shared is not None:
            self._shared.delete(self._shared_key(sender_id))

    # -------------------------------------------------------------------------- retention
    def apply_retention(self) -> int:
        """Delete events older than the retention period (at most once an hour). Returns rows deleted."""
        now = time.time()
        if now - self._last_retention < RETENTION_CHECK_SECONDS:
            return 0
        self._last_retention = now
        cutoff = now - retention_days() * 86400
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.timestamp < cutoff).delete()
            session.commit()
        if deleted:
            logger.info("tracker store: deleted %d events past the retention period", deleted)
        return int(deleted or 0)
