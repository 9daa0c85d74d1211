"""Rasa's tracker store: nothing in the database without consent, and replicas share the session."""

from __future__ import annotations

import asyncio
import secrets
import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.rasa


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _store(path: Path):  # noqa: ANN202 (Rasa's types are imported lazily)
    from rasa.shared.core.domain import Domain

    from bot.rasa.tracker_store import PrivateSQLTrackerStore

    return PrivateSQLTrackerStore(Domain.load("domain.yml"), dialect="sqlite", db=str(path / "tracker.db"))


def _tracker(sender: str, consent: bool | None):  # noqa: ANN202
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, Domain.load("domain.yml").slots)
    tracker.update(UserUttered("hello there"))
    if consent is not None:
        tracker.update(SlotSet("consent", consent))
    return tracker


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_an_unconsented_conversation_moves_between_replicas_but_never_reaches_the_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("LOCK_STORE_PREFIX", f"test{secrets.token_hex(4)}")
    first, second = _store(tmp_path), _store(tmp_path)  # two replicas on one database
    sender = f"web:{secrets.token_hex(8)}"
    asyncio.run(first.save(_tracker(sender, None)))
    moved = asyncio.run(second.retrieve(sender))
    assert moved is not None and moved.latest_message.text == "hello there"
    with first.session_scope() as session:
        assert session.query(first.SQLEvent).count() == 0
    raw = first._shared.get(first._shared_key(sender))
    assert b"hello there" not in raw  # encrypted in Redis too
    asyncio.run(second.save(_tracker(sender, True)))  # consent: now it is stored, and the session copy is gone
    assert first._shared.get(first._shared_key(sender)) is None
    assert asyncio.run(first.retrieve(sender)).get_slot("consent") is True


def test_without_redis_one_process_keeps_it_in_memory_only(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    store = _store(tmp_path)
    sender = f"web:{secrets.token_hex(8)}"
    asyncio.run(store.save(_tracker(sender, False)))
    assert asyncio.run(store.retrieve(sender)).latest_message.text == "hello there"
    with store.session_scope() as session:
        assert session.query(store.SQLEvent).count() == 0
    assert asyncio.run(_store(tmp_path).retrieve(sender)) is None  # another process never sees it


def test_after_a_restart_nothing_said_before_it_is_remembered(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """After "delete everything" (a restart, consent reset) only what came after it is kept: the slots the
    deletion carried over for the crisis lines, never the messages before it."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Restarted, SlotSet

    monkeypatch.delenv("REDIS_URL", raising=False)
    store = _store(tmp_path)
    sender = f"web:{secrets.token_hex(8)}"
    tracker = _tracker(sender, None)
    domain = Domain.load("domain.yml")
    for event in (SlotSet("country", "GB"), Restarted(), SlotSet("country", "GB")):
        tracker.update(event, domain)
    asyncio.run(store.save(tracker))
    kept = asyncio.run(store.retrieve(sender))
    assert kept.get_slot("country") == "GB"
    assert not any(getattr(e, "text", None) == "hello there" for e in kept.events)
    assert [type(e).__name__ for e in kept.events] == ["SlotSet"]


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_a_replica_killed_after_storing_consent_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Consent given: the conversation goes into the database, then its session copy is dropped. A replica killed
    between the two leaves both; the next replica reads the newer (the database), never an empty conversation
    (the copy used to go first: a kill then lost what was said before consent; scale test, "'hi' handled None
    times")."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("LOCK_STORE_PREFIX", f"test{secrets.token_hex(4)}")
    first, second = _store(tmp_path), _store(tmp_path)
    sender = f"web:{secrets.token_hex(8)}"
    asyncio.run(first.save(_tracker(sender, None)))
    monkeypatch.setattr(first, "forget", lambda sender_id: None)  # killed before the copy was dropped
    asyncio.run(first.save(_tracker(sender, True)))
    assert first._shared.get(first._shared_key(sender)) is not None
    moved = asyncio.run(second.retrieve(sender))
    assert moved.get_slot("consent") is True and moved.latest_message.text == "hello there"


def test_after_delete_everything_the_newer_session_copy_is_read_not_the_old_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Delete everything" restarts the conversation without consent; its rows in the database are deleted a little
    later. Meanwhile the session copy (newer) is the conversation."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    store = _store(tmp_path)
    sender = f"web:{secrets.token_hex(8)}"
    asyncio.run(store.save(_tracker(sender, True)))
    with store.session_scope() as session:
        assert session.query(store.SQLEvent).count() > 0
    asyncio.run(store.save(_tracker(sender, False)))
    assert asyncio.run(store.retrieve(sender)).get_slot("consent") is False
