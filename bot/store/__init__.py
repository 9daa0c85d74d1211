"""Storage for Recovery Guide: the only package that talks SQL, a repository per aggregate.

``Store`` holds one database and its repositories: ``store.people`` (consent, export, delete),
``store.checkins``, ``store.questionnaires``, ``store.reminders``, ``store.plans``, ``store.stages``,
``store.coping_feedback``, ``store.notes`` (questions for the next appointment), ``store.crisis_events``.
"""

from __future__ import annotations

from bot.store.checkins import Checkins, CheckinValues, Questionnaires
from bot.store.database import Database, StoreUnavailable, user_key
from bot.store.history import AppointmentNotes, CopingFeedbackHistory, CrisisEvents, Stages
from bot.store.people import People
from bot.store.plans import PLANS, Plans
from bot.store.reminders import Reminders


class Store:
    """One database and a repository per aggregate, sharing its transactions and keys."""

    def __init__(self, url: str, secret_key: bytes, encryption_key: bytes) -> None:
        self.db = Database(url, secret_key, encryption_key)
        self.people = People(self.db)
        self.checkins = Checkins(self.db)
        self.questionnaires = Questionnaires(self.db)
        self.reminders = Reminders(self.db)
        self.plans = Plans(self.db)
        self.stages = Stages(self.db)
        self.coping_feedback = CopingFeedbackHistory(self.db)
        self.notes = AppointmentNotes(self.db)
        self.crisis_events = CrisisEvents(self.db)

    @classmethod
    def from_settings(cls) -> Store:
        from bot.config import load_settings

        settings = load_settings()
        return cls(settings.database_url, settings.secret_key, settings.encryption_key)

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.db.engine

    def migrate(self) -> None:
        self.db.migrate()

    def dispose(self) -> None:
        self.db.dispose()

    def key_for(self, sender_id: str) -> str:
        return self.db.key_for(sender_id)


__all__ = ["PLANS", "CheckinValues", "Store", "StoreUnavailable", "user_key"]
