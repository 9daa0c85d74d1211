"""Tables. Users are known only by a pseudonymous key; free text is encrypted at rest."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# How a row appears in a person's data export: with field names that say what they are. Free text is
# decrypted with the function the repository passes in.
Decrypt = Callable[[str | None], str | None]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class UserRecord:
    """Columns shared by every per-user history table: id, owner (deleted with the user) and time."""

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    @declared_attr
    def user_id(cls) -> Mapped[int]:  # noqa: N805 (SQLAlchemy passes the class)
        return mapped_column(Integer, ForeignKey("rg_users.id", ondelete="CASCADE"), nullable=False, index=True)


class User(Base):
    __tablename__ = "rg_users"
    id = Column(Integer, primary_key=True)
    user_key = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    consent = Column(Boolean, nullable=True)
    consent_updated_at = Column(DateTime, nullable=True)

    checkins = relationship("Checkin", cascade="all, delete-orphan", passive_deletes=True)
    crisis_events = relationship("CrisisEvent", cascade="all, delete-orphan", passive_deletes=True)
    questionnaire_results = relationship(
        "QuestionnaireResult", cascade="all, delete-orphan", passive_deletes=True
    )
    stage_history = relationship("StageRecord", cascade="all, delete-orphan", passive_deletes=True)
    coping_feedback = relationship("CopingFeedback", cascade="all, delete-orphan", passive_deletes=True)
    relapse_plan = relationship(
        "RelapsePlan", cascade="all, delete-orphan", uselist=False, passive_deletes=True
    )
    appointment_notes = relationship("AppointmentNote", cascade="all, delete-orphan", passive_deletes=True)
    reminders = relationship("Reminder", cascade="all, delete-orphan", passive_deletes=True)
    safety_plan = relationship(
        "SafetyPlan", cascade="all, delete-orphan", uselist=False, passive_deletes=True
    )

    def exported(self) -> dict[str, Any]:
        return {"pseudonymous_key": self.user_key, "created_at": _iso(self.created_at), "consent": self.consent,
                "consent_updated_at": _iso(self.consent_updated_at)}


class Checkin(UserRecord, Base):
    __tablename__ = "rg_checkins"
    mood = Column(Float, nullable=False)
    anxiety = Column(Float, nullable=True)  # NULL: the person left the step out
    sleep_hours = Column(Float, nullable=True)
    medication = Column(String(32), nullable=False)
    coping_used = Column(Text, nullable=True)  # encrypted
    note = Column(Text, nullable=True)  # encrypted
    # One check-in per form run: a repeated delivery of the last answer cannot store it twice.
    dedupe_key = Column(String(64), nullable=False, unique=True)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "mood": self.mood, "anxiety": self.anxiety,
                "sleep_hours": self.sleep_hours, "medication": self.medication,
                "coping_used": decrypt(self.coping_used), "note": decrypt(self.note)}


class CrisisEvent(Base):
    """A crisis reply was shown. Never the message text."""

    __tablename__ = "rg_crisis_events"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("rg_users.id", ondelete="CASCADE"), nullable=True, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    category = Column(String(32), nullable=False)
    country = Column(String(8), nullable=False)
    resource_shown = Column(String(64), nullable=False)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "category": self.category, "country": self.country,
                "resource_shown": self.resource_shown}


class PlanRecord:
    """One plan per user, replaced when edited; its steps are encrypted JSON."""

    id = Column(Integer, primary_key=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
    steps = Column(Text, nullable=False)

    @declared_attr
    def user_id(cls) -> Mapped[int]:  # noqa: N805 (SQLAlchemy passes the class)
        return mapped_column(Integer, ForeignKey("rg_users.id", ondelete="CASCADE"), nullable=False, unique=True)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"updated_at": _iso(self.updated_at), **json.loads(str(decrypt(self.steps)))}


class SafetyPlan(PlanRecord, Base):
    """The six safety-planning steps."""

    __tablename__ = "rg_safety_plans"


class QuestionnaireResult(UserRecord, Base):
    """A completed PHQ-9 or GAD-7: item scores, total and severity band."""

    __tablename__ = "rg_questionnaire_results"
    questionnaire = Column(String(16), nullable=False)
    item_scores = Column(String(64), nullable=False)  # comma-separated 0-3 scores, in item order
    total = Column(Integer, nullable=False)
    band = Column(String(32), nullable=False)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "questionnaire": self.questionnaire,
                "item_scores": [int(x) for x in self.item_scores.split(",")], "total": self.total,
                "severity": self.band}


class Reminder(Base):
    """A reminder (check-in, medication or coping practice): daily at a local time in the person's time
    zone, or once at ``once_at``; and where to deliver it (encrypted). Several per person."""

    __tablename__ = "rg_reminders"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("rg_users.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(16), nullable=False, default="checkin", server_default="checkin")
    once_at = Column(DateTime, nullable=True)  # UTC; set for "in 10 minutes", deleted once sent
    address = Column(Text, nullable=False)  # encrypted channel-qualified sender id, e.g. telegram:123
    channel = Column(String(16), nullable=False, index=True)
    local_time = Column(String(5), nullable=False)  # HH:MM
    timezone = Column(String(64), nullable=False)
    last_sent_on = Column(Date, nullable=True)  # local date of the last delivery
    updated_at = Column(DateTime, nullable=False, default=utcnow)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"kind": self.kind, "local_time": self.local_time, "timezone": self.timezone,
                "once_at": _iso(self.once_at)}


class StageRecord(UserRecord, Base):
    """Where the user said (or the stage check found) they are in recovery, with when and how."""

    __tablename__ = "rg_stage_history"
    stage = Column(String(16), nullable=False)
    source = Column(String(16), nullable=False)  # conversation, stage_check

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "stage": self.stage, "source": self.source}


class CopingFeedback(UserRecord, Base):
    __tablename__ = "rg_coping_feedback"
    step_id = Column(String(64), nullable=False)
    helped = Column(Boolean, nullable=False)

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "step": self.step_id, "helped": self.helped}


class RelapsePlan(PlanRecord, Base):
    """Warning signs, triggers, what helps, who to contact."""

    __tablename__ = "rg_relapse_plans"


class AppointmentNote(UserRecord, Base):
    """A question the person asked to keep for their next appointment (encrypted)."""

    __tablename__ = "rg_appointment_notes"
    text = Column(Text, nullable=False)  # encrypted

    def exported(self, decrypt: Decrypt) -> dict[str, Any]:
        return {"created_at": _iso(self.created_at), "text": decrypt(self.text)}
