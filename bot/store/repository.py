"""What the rest of the bot may ask of the database.

Every write is one transaction that has committed before the function returns, so a caller that
acknowledges to the user after the call never acknowledges something that was not stored. A database
that cannot be reached raises :class:`StoreUnavailable`, which callers turn into an honest answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

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
    User,
    utcnow,
)

MIGRATIONS = Path(__file__).parent / "migrations"
SAFETY_PLAN_STEPS = (
    "warning_signs",
    "coping",
    "distractions",
    "people",
    "professionals",
    "environment",
)
RELAPSE_PLAN_STEPS = ("warning_signs", "triggers", "what_helps", "contacts")
PLANS = {"safety": (SafetyPlan, SAFETY_PLAN_STEPS), "relapse": (RelapsePlan, RELAPSE_PLAN_STEPS)}


EMPTY_EXPORT: dict[str, Any] = {
    "user": None, "checkins": [], "crisis_events": [], "questionnaires": [], "stage_history": [],
    "coping_feedback": [], "relapse_plan": None, "reminders": [], "safety_plan": None, "appointment_notes": [],
}


class StoreUnavailable(RuntimeError):
    """The database could not be reached or refused the write; nothing was stored."""


def user_key(sender_id: str, secret: bytes) -> str:
    """Pseudonymous key for a sender id (channels qualify ids, e.g. ``telegram:123``)."""
    return hmac.new(secret, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CheckinValues:
    mood: float
    anxiety: float
    sleep_hours: float
    medication: str
    coping_used: str | None = None
    note: str | None = None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Store:
    """A database plus the key material for pseudonyms and encryption."""

    def __init__(self, url: str, secret_key: bytes, encryption_key: bytes) -> None:
        self.url = url
        self._secret = secret_key
        self._fernet = Fernet(encryption_key)
        connect_args: dict[str, Any] = {}
        if url.startswith("postgresql"):
            connect_args["connect_timeout"] = 3
        self.engine: Engine = create_engine(
            url, future=True, pool_pre_ping=True, connect_args=connect_args
        )
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    # ------------------------------------------------------------------------ lifecycle
    @classmethod
    def from_settings(cls) -> Store:
        from bot.config import load_settings

        settings = load_settings()
        return cls(settings.database_url, settings.secret_key, settings.encryption_key)

    def migrate(self) -> None:
        """Apply Alembic migrations up to head."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with Session(self.engine, future=True) as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise StoreUnavailable(str(exc.__class__.__name__)) from exc

    def key_for(self, sender_id: str) -> str:
        return user_key(sender_id, self._secret)

    # ---------------------------------------------------------------------- encryption
    def _encrypt(self, text: str | None) -> str | None:
        return None if text is None else self._fernet.encrypt(text.encode()).decode()

    def _decrypt(self, token: str | None) -> str | None:
        return None if token is None else self._fernet.decrypt(token.encode()).decode()

    # ---------------------------------------------------------------------------- users
    @staticmethod
    def _user(session: Session, key: str, create: bool = True) -> User | None:
        user = session.execute(select(User).where(User.user_key == key)).scalar_one_or_none()
        if user is None and create:
            user = User(user_key=key)
            session.add(user)
            session.flush()
        return user

    def set_consent(self, sender_id: str, consent: bool) -> None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            user.consent = consent
            user.consent_updated_at = utcnow()

    def get_consent(self, sender_id: str) -> bool | None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            return None if user is None else user.consent

    # ------------------------------------------------------------------------- check-ins
    def save_checkin(self, sender_id: str, values: CheckinValues, dedupe_key: str) -> bool:
        """Store a check-in; False when this exact form run was already stored."""
        key = self.key_for(sender_id)
        digest = hashlib.sha256(f"{key}|{dedupe_key}".encode()).hexdigest()
        try:
            with self._transaction() as session:
                if session.execute(
                    select(Checkin.id).where(Checkin.dedupe_key == digest)
                ).first():
                    return False
                user = self._user(session, key)
                session.add(
                    Checkin(
                        user_id=user.id,
                        mood=values.mood,
                        anxiety=values.anxiety,
                        sleep_hours=values.sleep_hours,
                        medication=values.medication,
                        coping_used=self._encrypt(values.coping_used),
                        note=self._encrypt(values.note),
                        dedupe_key=digest,
                    )
                )
        except IntegrityError:
            return False  # a concurrent delivery stored it first
        return True

    def recent_checkins(self, sender_id: str, days: int) -> list[dict[str, Any]]:
        """Check-ins of the last ``days`` days, oldest first (numbers only, no free text)."""
        since = utcnow() - dt.timedelta(days=days)
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return []
            rows = session.execute(
                select(Checkin).where(Checkin.user_id == user.id, Checkin.created_at >= since)
                .order_by(Checkin.created_at, Checkin.id)
            ).scalars()
            return [{"created_at": c.created_at, "mood": c.mood, "anxiety": c.anxiety,
                     "sleep_hours": c.sleep_hours} for c in rows]

    # ------------------------------------------------------------------- questionnaires
    def save_questionnaire(self, sender_id: str, questionnaire: str, scores: list[int], band: str) -> None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            session.add(QuestionnaireResult(
                user_id=user.id, questionnaire=questionnaire,
                item_scores=",".join(str(s) for s in scores), total=sum(scores), band=band,
            ))

    def last_questionnaire_at(self, sender_id: str) -> dt.datetime | None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return None
            return session.execute(
                select(QuestionnaireResult.created_at).where(QuestionnaireResult.user_id == user.id)
                .order_by(QuestionnaireResult.created_at.desc()).limit(1)
            ).scalar_one_or_none()

    # ------------------------------------------------------------------------- reminders
    def add_reminder(self, sender_id: str, kind: str, local_time: str | None, timezone: str,
                     once_at: dt.datetime | None = None) -> bool:
        """A reminder of ``kind``: daily at ``local_time``, or once at ``once_at`` (UTC).

        Returns False when the same daily reminder was already there (nothing added)."""
        channel = sender_id.split(":", 1)[0] if ":" in sender_id else "rest"
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            if once_at is None and any(r.kind == kind and r.local_time == local_time and r.once_at is None
                                       for r in user.reminders):
                return False
            local = once_at.strftime("%H:%M") if once_at is not None else str(local_time)
            session.add(Reminder(user_id=user.id, address=self._encrypt(sender_id), channel=channel, kind=kind,
                                 local_time=local, timezone=timezone, once_at=once_at))
            return True

    def list_reminders(self, sender_id: str) -> list[dict[str, Any]]:
        """The sender's reminders, daily ones by time of day, then one-off ones."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return []
            found = [{"id": r.id, "kind": r.kind, "local_time": r.local_time, "timezone": r.timezone,
                      "once_at": r.once_at} for r in user.reminders]
        return sorted(found, key=lambda r: (r["once_at"] is not None, r["local_time"]))

    def change_reminder(self, sender_id: str, reminder_id: int, local_time: str, timezone: str) -> None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            reminder = session.get(Reminder, reminder_id)
            if user is None or reminder is None or reminder.user_id != user.id:
                return
            reminder.local_time, reminder.timezone, reminder.once_at = local_time, timezone, None
            reminder.last_sent_on = None
            reminder.updated_at = utcnow()

    def remove_reminders(self, sender_id: str, kind: str | None = None, local_time: str | None = None) -> int:
        """Delete the sender's reminders (of ``kind`` and at ``local_time`` when given). Returns how many."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return 0
            gone = [r for r in user.reminders if (kind is None or r.kind == kind)
                    and (local_time is None or r.local_time == local_time)]
            for reminder in gone:
                session.delete(reminder)
            return len(gone)

    def reminder_timezone(self, sender_id: str) -> str | None:
        """The time zone the sender's reminders use, if they have any."""
        reminders = self.list_reminders(sender_id)
        return reminders[-1]["timezone"] if reminders else None

    def set_reminder_timezone(self, sender_id: str, timezone: str) -> int:
        """Move every reminder of the sender to ``timezone`` (same local times). Returns how many."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return 0
            for reminder in user.reminders:
                reminder.timezone = timezone
            return len(user.reminders)

    @staticmethod
    def _due_on(reminder: Reminder, now_utc: dt.datetime) -> dt.date | None:
        from bot.core.reminders import due_local_date, due_once

        if reminder.once_at is not None:
            return due_once(reminder.once_at, reminder.last_sent_on, now_utc)
        return due_local_date(reminder.local_time, reminder.timezone, reminder.last_sent_on, now_utc)

    def due_reminders(self, channel: str, now_utc: dt.datetime) -> list[tuple[int, str, dt.date, str]]:
        """(reminder id, sender id, local date, kind) for each reminder on ``channel`` due now."""
        with self._transaction() as session:
            rows = session.execute(select(Reminder).where(Reminder.channel == channel)).scalars()
            due = []
            for r in rows:
                local_date = self._due_on(r, now_utc)
                if local_date is not None:
                    due.append((r.id, self._decrypt(r.address), local_date, r.kind))
            return due

    def take_due_reminders(self, sender_id: str, now_utc: dt.datetime) -> list[str]:
        """The kinds of this sender's reminders due now, marked sent; for channels that poll."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            kinds = []
            for reminder in list(user.reminders) if user is not None else []:
                local_date = self._due_on(reminder, now_utc)
                if local_date is None:
                    continue
                kinds.append(reminder.kind)
                if reminder.once_at is not None:
                    session.delete(reminder)
                else:
                    reminder.last_sent_on = local_date
            return kinds

    def mark_reminder_sent(self, reminder_id: int, local_date: dt.date) -> None:
        with self._transaction() as session:
            reminder = session.get(Reminder, reminder_id)
            if reminder is None:
                return
            if reminder.once_at is not None:
                session.delete(reminder)
            else:
                reminder.last_sent_on = local_date

    # ----------------------------------------------------------------- appointment notes
    def add_appointment_note(self, sender_id: str, text: str) -> None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            session.add(AppointmentNote(user_id=user.id, text=self._encrypt(text)))

    def appointment_notes(self, sender_id: str) -> list[str]:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return []
            rows = session.execute(select(AppointmentNote).where(AppointmentNote.user_id == user.id)
                                   .order_by(AppointmentNote.created_at, AppointmentNote.id)).scalars()
            return [str(self._decrypt(n.text)) for n in rows]

    # ---------------------------------------------------------------------- crisis events
    def record_crisis_event(
        self, sender_id: str | None, category: str, country: str, resource_shown: str
    ) -> None:
        """Store that a crisis reply was shown; ``sender_id`` None stores it without a user."""
        with self._transaction() as session:
            user_id = self._user(session, self.key_for(sender_id)).id if sender_id else None
            session.add(
                CrisisEvent(
                    user_id=user_id,
                    category=category,
                    country=country,
                    resource_shown=resource_shown,
                )
            )

    # ------------------------------------------------------------------------------ plans
    def save_plan(self, sender_id: str, kind: str, steps: dict[str, str | None]) -> None:
        """Store (or replace) a user's safety or relapse-prevention plan, encrypted."""
        model, keys = PLANS[kind]
        payload = self._encrypt(json.dumps({k: steps.get(k) for k in keys}))
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            plan = session.execute(select(model).where(model.user_id == user.id)).scalar_one_or_none()
            if plan is None:
                session.add(model(user_id=user.id, steps=payload))
            else:
                plan.steps = payload
                plan.updated_at = utcnow()

    def get_plan(self, sender_id: str, kind: str) -> dict[str, str | None] | None:
        model, _ = PLANS[kind]
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return None
            plan = session.execute(select(model).where(model.user_id == user.id)).scalar_one_or_none()
            return None if plan is None else json.loads(self._decrypt(plan.steps))

    def save_safety_plan(self, sender_id: str, steps: dict[str, str | None]) -> None:
        self.save_plan(sender_id, "safety", steps)

    def get_safety_plan(self, sender_id: str) -> dict[str, str | None] | None:
        return self.get_plan(sender_id, "safety")

    # ---------------------------------------------------------------------- recovery stage
    def record_stage(self, sender_id: str, stage: str, source: str) -> str | None:
        """Add a stage to the user's history; returns the stage recorded before it, if any."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            previous = session.execute(
                select(StageRecord.stage).where(StageRecord.user_id == user.id)
                .order_by(StageRecord.created_at.desc(), StageRecord.id.desc()).limit(1)
            ).scalar_one_or_none()
            session.add(StageRecord(user_id=user.id, stage=stage, source=source))
            return previous

    def current_stage(self, sender_id: str) -> str | None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return None
            return session.execute(
                select(StageRecord.stage).where(StageRecord.user_id == user.id)
                .order_by(StageRecord.created_at.desc(), StageRecord.id.desc()).limit(1)
            ).scalar_one_or_none()

    # ------------------------------------------------------------------- coping feedback
    def record_coping_feedback(self, sender_id: str, step_id: str, helped: bool) -> None:
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id))
            session.add(CopingFeedback(user_id=user.id, step_id=step_id, helped=helped))

    def coping_feedback(self, sender_id: str) -> dict[str, list[bool]]:
        """Each rated step's answers, oldest first."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
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

    # ------------------------------------------------------------------------ data rights
    def export_user(self, sender_id: str) -> dict[str, Any]:
        """Everything stored about a sender, with field names that say what they are."""
        with self._transaction() as session:
            user = self._user(session, self.key_for(sender_id), create=False)
            if user is None:
                return dict(EMPTY_EXPORT)
            def rows(model: Any) -> Any:
                """The user's rows of ``model``, oldest first."""
                return session.execute(
                    select(model).where(model.user_id == user.id).order_by(model.created_at, model.id)
                ).scalars()

            checkins, events, results = rows(Checkin), rows(CrisisEvent), rows(QuestionnaireResult)
            stages, feedback, notes = rows(StageRecord), rows(CopingFeedback), rows(AppointmentNote)
            plan, relapse, reminders = user.safety_plan, user.relapse_plan, user.reminders
            return {
                "user": {
                    "pseudonymous_key": user.user_key,
                    "created_at": user.created_at.isoformat(),
                    "consent": user.consent,
                    "consent_updated_at": user.consent_updated_at.isoformat()
                    if user.consent_updated_at
                    else None,
                },
                "checkins": [
                    {
                        "created_at": c.created_at.isoformat(),
                        "mood": c.mood,
                        "anxiety": c.anxiety,
                        "sleep_hours": c.sleep_hours,
                        "medication": c.medication,
                        "coping_used": self._decrypt(c.coping_used),
                        "note": self._decrypt(c.note),
                    }
                    for c in checkins
                ],
                "crisis_events": [
                    {
                        "created_at": e.created_at.isoformat(),
                        "category": e.category,
                        "country": e.country,
                        "resource_shown": e.resource_shown,
                    }
                    for e in events
                ],
                "questionnaires": [
                    {
                        "created_at": r.created_at.isoformat(),
                        "questionnaire": r.questionnaire,
                        "item_scores": [int(x) for x in r.item_scores.split(",")],
                        "total": r.total,
                        "severity": r.band,
                    }
                    for r in results
                ],
                "stage_history": [
                    {"created_at": r.created_at.isoformat(), "stage": r.stage, "source": r.source} for r in stages
                ],
                "coping_feedback": [
                    {"created_at": f.created_at.isoformat(), "step": f.step_id, "helped": f.helped}
                    for f in feedback
                ],
                "relapse_plan": None
                if relapse is None
                else {"updated_at": relapse.updated_at.isoformat(), **json.loads(self._decrypt(relapse.steps))},
                "reminders": [
                    {"kind": r.kind, "local_time": r.local_time, "timezone": r.timezone,
                     "once_at": r.once_at.isoformat() if r.once_at else None}
                    for r in reminders
                ],
                "safety_plan": None
                if plan is None
                else {"updated_at": plan.updated_at.isoformat(), **json.loads(self._decrypt(plan.steps))},
                "appointment_notes": [
                    {"created_at": n.created_at.isoformat(), "text": self._decrypt(n.text)} for n in notes
                ],
            }

    def delete_user(self, sender_id: str) -> bool:
        """Delete everything stored about a sender. True when there was something to delete."""
        key = self.key_for(sender_id)
        with self._transaction() as session:
            user = self._user(session, key, create=False)
            if user is None:
                return False
            for model in (Checkin, CrisisEvent, QuestionnaireResult, Reminder, SafetyPlan, StageRecord,
                          CopingFeedback, RelapsePlan, AppointmentNote):
                session.execute(delete(model).where(model.user_id == user.id))
            session.delete(user)
        return True

    def delete_conversation(self, sender_id: str, tracker_url: str | None = None) -> int:
        """Delete Rasa's stored conversation (the tracker store's ``events`` rows) for a sender."""
        from sqlalchemy import MetaData, Table

        engine = create_engine(tracker_url, future=True) if tracker_url else self.engine
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
