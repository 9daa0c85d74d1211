"""What a person told the bot over time: recovery stage, coping steps that helped, questions for the
doctor, and crisis replies shown (never their text)."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.database import Database
from bot.store.models import AppointmentNote, CopingFeedback, CrisisEvent, StageRecord


class Stages:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, sender_id: str, stage: str, source: str) -> str | None:
        """Add a stage to the user's history; returns the stage recorded before it, if any."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            previous = session.execute(
                select(StageRecord.stage).where(StageRecord.user_id == user.id)
                .order_by(StageRecord.created_at.desc(), StageRecord.id.desc()).limit(1)
            ).scalar_one_or_none()
            session.add(StageRecord(user_id=user.id, stage=stage, source=source))
            return previous

    def current(self, sender_id: str) -> str | None:
        return self.db.newest(sender_id, StageRecord.stage)


class CopingFeedbackHistory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, sender_id: str, step_id: str, helped: bool) -> None:
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            session.add(CopingFeedback(user_id=user.id, step_id=step_id, helped=helped))

    def by_step(self, sender_id: str) -> dict[str, list[bool]]:
        """Each rated step's answers, oldest first."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return {}
            rows = session.execute(
                select(CopingFeedback.step_id, CopingFeedback.helped)
                .where(CopingFeedback.user_id == user.id).order_by(CopingFeedback.created_at, CopingFeedback.id)
            ).all()
        feedback: dict[str, list[bool]] = {}
        for step_id, helped in rows:
            feedback.setdefault(step_id, []).append(bool(helped))
        return feedback


class AppointmentNotes:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, sender_id: str, text: str) -> None:
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            session.add(AppointmentNote(user_id=user.id, text=self.db.encrypt(text)))

    def list(self, sender_id: str) -> list[str]:
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return []
            rows = session.execute(select(AppointmentNote).where(AppointmentNote.user_id == user.id)
                                   .order_by(AppointmentNote.created_at, AppointmentNote.id)).scalars()
            return [str(self.db.decrypt(n.text)) for n in rows]


class CrisisEvents:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, sender_id: str | None, category: str, country: str, resource_shown: str) -> None:
        """Store that a crisis reply was shown; ``sender_id`` None stores it without a user."""
        with self.db.transaction() as session:
            user_id = self.db.user(session, sender_id).id if sender_id else None
            session.add(CrisisEvent(user_id=user_id, category=category, country=country,
                                    resource_shown=resource_shown))
