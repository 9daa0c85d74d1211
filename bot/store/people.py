"""A person: their consent, everything stored about them (export), and forgetting them (delete)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table, create_engine, delete, select
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.store.database import Database, StoreUnavailable
from bot.store.models import (
    AppointmentNote,
    Checkin,
    CopingFeedback,
    CrisisEvent,
    QuestionnaireResult,
    RelapsePlan,
    Reminder,
    SafetyPlan,
    StageRecord,
    utcnow,
)

# The export, section by section: the rows of each model, oldest first (each model says how it exports).
HISTORY = {"checkins": Checkin, "crisis_events": CrisisEvent, "questionnaires": QuestionnaireResult,
           "stage_history": StageRecord, "coping_feedback": CopingFeedback, "appointment_notes": AppointmentNote}
EMPTY_EXPORT: dict[str, Any] = {"user": None, **{name: [] for name in HISTORY}, "reminders": [],
                                "safety_plan": None, "relapse_plan": None}
OWNED = (Checkin, CrisisEvent, QuestionnaireResult, Reminder, SafetyPlan, StageRecord, CopingFeedback,
         RelapsePlan, AppointmentNote)


class People:
    def __init__(self, db: Database) -> None:
        self.db = db

    def set_consent(self, sender_id: str, consent: bool) -> None:
        """Record a yes, or a no from someone with something stored (nothing new is stored for them, and
        what is kept stays theirs to export or delete). A no from someone never stored leaves no record:
        the conversation remembers it, the database keeps nothing about them."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=consent)
            if user is None:
                return
            user.consent = consent
            user.consent_updated_at = utcnow()

    def get_consent(self, sender_id: str) -> bool | None:
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            return None if user is None else user.consent

    def export(self, sender_id: str) -> dict[str, Any]:
        """Everything stored about a sender, with field names that say what they are."""
        decrypt = self.db.decrypt
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return {k: (list(v) if isinstance(v, list) else v) for k, v in EMPTY_EXPORT.items()}
            export: dict[str, Any] = {"user": user.exported()}
            for name, model in HISTORY.items():
                rows = session.execute(select(model).where(model.user_id == user.id)
                                       .order_by(model.created_at, model.id)).scalars()
                export[name] = [row.exported(decrypt) for row in rows]
            export["reminders"] = [r.exported(decrypt) for r in user.reminders]
            for name, plan in (("safety_plan", user.safety_plan), ("relapse_plan", user.relapse_plan)):
                export[name] = None if plan is None else plan.exported(decrypt)
            return export

    def delete(self, sender_id: str) -> bool:
        """Delete everything stored about a sender. True when there was something to delete."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return False
            for model in OWNED:
                session.execute(delete(model).where(model.user_id == user.id))
            session.delete(user)
        return True

    def delete_conversation(self, sender_id: str, tracker_url: str | None = None) -> int:
        """Delete Rasa's stored conversation (the tracker store's ``events`` rows) for a sender."""
        engine = create_engine(tracker_url) if tracker_url else self.db.engine
        try:
            with engine.begin() as connection:
                if not engine.dialect.has_table(connection, "events"):
                    return 0
                events = Table("events", MetaData(), autoload_with=connection)
                result = connection.execute(delete(events).where(events.c.sender_id == sender_id))
                return result.rowcount or 0
        except (OperationalError, DBAPIError) as exc:
            raise StoreUnavailable(exc.__class__.__name__) from exc
        finally:
            if tracker_url:
                engine.dispose()
