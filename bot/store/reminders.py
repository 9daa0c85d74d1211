"""Reminders: several per person, by kind, daily at a local time or once; delivered by the channels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from bot.core.reminders import due_local_date, due_once
from bot.store.database import Database
from bot.store.models import Reminder, utcnow


def _due_on(reminder: Reminder, now_utc: dt.datetime) -> dt.date | None:
    if reminder.once_at is not None:
        return due_once(reminder.once_at, reminder.last_sent_on, now_utc)
    return due_local_date(reminder.local_time, reminder.timezone, reminder.last_sent_on, now_utc)


class Reminders:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, sender_id: str, kind: str, local_time: str | None, timezone: str,
            once_at: dt.datetime | None = None) -> bool:
        """A reminder of ``kind``: daily at ``local_time``, or once at ``once_at`` (UTC).

        Returns False when the same daily reminder was already there (nothing added)."""
        channel = sender_id.split(":", 1)[0] if ":" in sender_id else "rest"
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            if once_at is None and any(r.kind == kind and r.local_time == local_time and r.once_at is None
                                       for r in user.reminders):
                return False
            local = once_at.strftime("%H:%M") if once_at is not None else str(local_time)
            session.add(Reminder(user_id=user.id, address=self.db.encrypt(sender_id), channel=channel, kind=kind,
                                 local_time=local, timezone=timezone, once_at=once_at))
            return True

    def list(self, sender_id: str) -> list[dict[str, Any]]:
        """The sender's reminders, daily ones by time of day, then one-off ones."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return []
            found = [{"id": r.id, "kind": r.kind, "local_time": r.local_time, "timezone": r.timezone,
                      "once_at": r.once_at} for r in user.reminders]
        return sorted(found, key=lambda r: (r["once_at"] is not None, r["local_time"]))

    def _owned(self, session: Any, sender_id: str, reminder_id: int) -> Reminder | None:
        """The reminder, when it is the sender's own."""
        user = self.db.user(session, sender_id, create=False)
        reminder = session.get(Reminder, reminder_id)
        return reminder if user is not None and reminder is not None and reminder.user_id == user.id else None

    def change(self, sender_id: str, reminder_id: int, local_time: str, timezone: str) -> None:
        with self.db.transaction() as session:
            reminder = self._owned(session, sender_id, reminder_id)
            if reminder is None:
                return
            reminder.local_time, reminder.timezone, reminder.once_at = local_time, timezone, None
            reminder.last_sent_on = None
            reminder.updated_at = utcnow()

    def move_once(self, sender_id: str, reminder_id: int, once_at: dt.datetime) -> None:
        """A one-off reminder moved to ``once_at`` (UTC); it stays a one-off."""
        with self.db.transaction() as session:
            reminder = self._owned(session, sender_id, reminder_id)
            if reminder is None:
                return
            reminder.once_at, reminder.local_time = once_at, once_at.strftime("%H:%M")
            reminder.last_sent_on = None
            reminder.updated_at = utcnow()

    def remove(self, sender_id: str, kind: str | None = None, local_time: str | None = None) -> int:
        """Delete the sender's reminders (of ``kind`` and at ``local_time`` when given). Returns how many."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return 0
            gone = [r for r in user.reminders if (kind is None or r.kind == kind)
                    and (local_time is None or r.local_time == local_time)]
            for reminder in gone:
                session.delete(reminder)
            return len(gone)

    def remove_ids(self, sender_id: str, reminder_ids: list[int]) -> int:
        """Delete those of the sender's reminders (ids of other senders' reminders are ignored). Returns how many."""
        with self.db.transaction() as session:
            gone = [r for r in (self._owned(session, sender_id, i) for i in reminder_ids) if r is not None]
            for reminder in gone:
                session.delete(reminder)
            return len(gone)

    def timezone(self, sender_id: str) -> str | None:
        """The time zone the sender's reminders use, if they have any."""
        reminders = self.list(sender_id)
        return reminders[-1]["timezone"] if reminders else None

    def set_timezone(self, sender_id: str, timezone: str) -> int:
        """Move every reminder of the sender to ``timezone`` (same local times). Returns how many."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return 0
            for reminder in user.reminders:
                reminder.timezone = timezone
            return len(user.reminders)

    def due(self, channel: str, now_utc: dt.datetime) -> list[tuple[int, str, dt.date, str]]:
        """(reminder id, sender id, local date, kind) for each reminder on ``channel`` due now."""
        with self.db.transaction() as session:
            rows = session.execute(select(Reminder).where(Reminder.channel == channel)).scalars()
            due = []
            for r in rows:
                local_date = _due_on(r, now_utc)
                if local_date is not None:
                    due.append((r.id, str(self.db.decrypt(r.address)), local_date, r.kind))
            return due

    def take_due(self, sender_id: str, now_utc: dt.datetime) -> list[str]:
        """The kinds of this sender's reminders due now, marked sent; for channels that poll."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            kinds = []
            for reminder in list(user.reminders) if user is not None else []:
                local_date = _due_on(reminder, now_utc)
                if local_date is None:
                    continue
                kinds.append(reminder.kind)
                if reminder.once_at is not None:
                    session.delete(reminder)
                else:
                    reminder.last_sent_on = local_date
            return kinds

    def mark_sent(self, reminder_id: int, local_date: dt.date) -> None:
        with self.db.transaction() as session:
            reminder = session.get(Reminder, reminder_id)
            if reminder is None:
                return
            if reminder.once_at is not None:
                session.delete(reminder)
            else:
                reminder.last_sent_on = local_date
