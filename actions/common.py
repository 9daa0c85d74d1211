"""Shared helpers for actions: the store (created on first use) and the user's consent."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker

from bot.store import Store, StoreUnavailable

logger = logging.getLogger(__name__)
_store: Store | None = None


def get_store() -> Store:
    """The action server's store; created on first use, never at import time."""
    global _store
    if _store is None:
        _store = Store.from_settings()
    return _store


def set_store(store: Store | None) -> None:
    """Replace the store (tests, or a server that builds its own)."""
    global _store
    _store = store


def has_consent(tracker: Tracker) -> bool:
    """Whether the user agreed to storage: the slot first, then the database."""
    slot = tracker.get_slot("consent")
    if slot is not None:
        return bool(slot)
    try:
        return bool(get_store().get_consent(tracker.sender_id))
    except StoreUnavailable:
        return False
