"""The safety plan and the relapse-prevention plan: one of each per person, encrypted."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.database import Database
from bot.store.models import RelapsePlan, SafetyPlan, utcnow

SAFETY_PLAN_STEPS = ("warning_signs", "coping", "distractions", "people", "professionals", "environment")
RELAPSE_PLAN_STEPS = ("warning_signs", "triggers", "what_helps", "contacts")
PLANS = {"safety": (SafetyPlan, SAFETY_PLAN_STEPS), "relapse": (RelapsePlan, RELAPSE_PLAN_STEPS)}


class Plans:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, sender_id: str, kind: str, steps: dict[str, str | None]) -> None:
        """Store (or replace) a user's safety or relapse-prevention plan, encrypted."""
        model, keys = PLANS[kind]
        payload = self.db.encrypt(json.dumps({k: steps.get(k) for k in keys}))
        with self.db.transaction() as session:
            user = self.db.user(session, sender_id)
            plan = session.execute(select(model).where(model.user_id == user.id)).scalar_one_or_none()
            if plan is None:
                session.add(model(user_id=user.id, steps=payload))
            else:
                plan.steps = payload
                plan.updated_at = utcnow()

    def get(self, sender_id: str, kind: str) -> dict[str, str | None] | None:
        model, _ = PLANS[kind]
        with self.db.transaction() as session:
            plan = self._stored(session, sender_id, model)
            return None if plan is None else json.loads(str(self.db.decrypt(plan.steps)))

    def delete(self, sender_id: str, kind: str) -> bool:
        """Delete one of a user's plans (the rest of what is stored stays); False when there was none."""
        model, _ = PLANS[kind]
        with self.db.transaction() as session:
            plan = self._stored(session, sender_id, model)
            if plan is None:
                return False
            session.delete(plan)
            return True

    def _stored(self, session: Session, sender_id: str,
                model: type[SafetyPlan] | type[RelapsePlan]) -> SafetyPlan | RelapsePlan | None:
        """The user's stored plan of this model, or None (no such user, or no plan)."""
        user = self.db.user(session, sender_id, create=False)
        if user is None:
            return None
        return session.execute(select(model).where(model.user_id == user.id)).scalar_one_or_none()
