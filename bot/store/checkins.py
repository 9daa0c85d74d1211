"""Check-ins and questionnaire results: a person's own numbers over time."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.models import Checkin, QuestionnaireResult, utcnow


@dataclass(frozen=True)
class CheckinValues:
    mood: float
    anxiety: float | None  # None: left out ("skip", said twice)
    sleep_hours: float | None
    medication: str
    coping_used: str | None = None
    note: str | None = None


class Checkins:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, sender_id: str, values: CheckinValues, dedupe_key: str) -> bool:
        """Store a check-in; False when this exact form run was already stored."""
        digest = hashlib.sha256(f"{self.db.key_for(sender_id)}|{dedupe_key}".encode()).hexdigest()
        try:
            with self.db.transaction() as session:
                if session.execute(select(Checkin.id).where(Checkin.dedupe_key == digest)).first():
                    return False
                user = self.db.user(session, sender_id)
                session.add(Checkin(
                    user_id=user.id, mood=values.mood, anxiety=values.anxiety, sleep_hours=values.sleep_hours,
                    medication=values.medication, coping_used=self.db.encrypt(values.coping_used),
                    note=self.db.encrypt(values.note), dedupe_key=digest,
                ))
        except IntegrityError:
            return False  # a concurrent delivery stored it first
        return True

    def delete_latest(self, sender_id: str) -> dict[str, Any] | None:
        """Delete the sender's most recent check-in; its numbers and date, or None when there was none."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return None
            latest = session.execute(select(Checkin).where(Checkin.user_id == user.id)
                                     .order_by(Checkin.created_at.desc(), Checkin.id.desc()).limit(1)).scalar()
            if latest is None:
                return None
            deleted = {"created_at": latest.created_at, "mood": latest.mood, "anxiety": latest.anxiety,
                       "sleep_hours": latest.sleep_hours}
            session.delete(latest)
            return deleted

    def correct_latest(self, sender_id: str, field: str, value: float,
                       within: dt.timedelta) -> tuple[bool, float | None]:
        """Set ``field`` (mood, anxiety or sleep_hours) of the sender's most recent check-in, when it was saved
        ``within`` ago or less: (True, its value before), or (False, None) when there is no such check-in."""
        if field not in ("mood", "anxiety", "sleep_hours"):
            raise ValueError(f"not a check-in rating: {field}")
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return False, None
            latest = session.execute(select(Checkin).where(Checkin.user_id == user.id,
                                                           Checkin.created_at >= utcnow() - within)
                                     .order_by(Checkin.created_at.desc(), Checkin.id.desc()).limit(1)).scalar()
            if latest is None:
                return False, None
            old = getattr(latest, field)
            setattr(latest, field, value)
            return True, old

    def recent(self, sender_id: str, days: int) -> list[dict[str, Any]]:
        """Check-ins of the last ``days`` days, oldest first (numbers only, no free text)."""
        since = utcnow() - dt.timedelta(days=days)
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return []
            rows = session.execute(
                select(Checkin).where(Checkin.user_id == user.id, Checkin.created_at >= since)
                .order_by(Checkin.created_at, Checkin.id)
            ).scalars()
            return [{"created_at": c.created_at, "mood": c.mood, "anxiety": c.anxiety,
                     "sleep_hours": c.sleep_hours} for c in rows]


class Questionnaires:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, sender_id: str, questionnaire: str, scores: list[int], band: str) -> None:
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            session.add(QuestionnaireResult(
                user_id=user.id, questionnaire=questionnaire,
                item_scores=",".join(str(s) for s in scores), total=sum(scores), band=band,
            ))

    def last_taken_at(self, sender_id: str) -> dt.datetime | None:
        return self.db.newest(sender_id, QuestionnaireResult.created_at)

    def latest(self, sender_id: str) -> dict[str, list[dict[str, Any]]]:
        """The last two results of each questionnaire taken, newest first ({"phq9": [newest, before]})."""
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id, create=False)
            if user is None:
                return {}
            rows = session.execute(select(QuestionnaireResult).where(QuestionnaireResult.user_id == user.id)
                                   .order_by(QuestionnaireResult.created_at.desc(), QuestionnaireResult.id.desc())
                                   ).scalars()
            results: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                taken = results.setdefault(row.questionnaire, [])
                if len(taken) < 2:
                    taken.append({"total": row.total, "band": row.band, "created_at": row.created_at})
            return results
