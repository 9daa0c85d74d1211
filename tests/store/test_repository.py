"""The store on SQLite and PostgreSQL: check-ins, consent, crisis events, safety plan, data rights."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store import Store, StoreUnavailable
from bot.store.repository import EMPTY_EXPORT, CheckinValues

VALUES = CheckinValues(mood=6, anxiety=3.5, sleep_hours=7.5, medication="yes",
                       coping_used="paced breathing", note="A quiet day, saw my sister.")


def test_checkin_round_trip(store: Store) -> None:
    assert store.save_checkin("web:anna", VALUES, "checkin:1")
    [row] = store.export_user("web:anna")["checkins"]
    assert (row["mood"], row["anxiety"], row["sleep_hours"], row["medication"]) == (6, 3.5, 7.5, "yes")
    assert row["coping_used"] == "paced breathing"
    assert row["note"] == "A quiet day, saw my sister."


def test_repeated_delivery_does_not_duplicate(store: Store) -> None:
    assert store.save_checkin("web:anna", VALUES, "checkin:1") is True
    assert store.save_checkin("web:anna", VALUES, "checkin:1") is False
    assert store.save_checkin("web:anna", VALUES, "checkin:2") is True
    assert len(store.export_user("web:anna")["checkins"]) == 2


def test_same_form_run_of_two_people_is_two_checkins(store: Store) -> None:
    store.save_checkin("web:anna", VALUES, "checkin:1")
    store.save_checkin("web:ben", VALUES, "checkin:1")
    assert len(store.export_user("web:ben")["checkins"]) == 1


def test_free_text_is_encrypted_and_users_are_pseudonymous(store: Store) -> None:
    store.save_checkin("telegram:12345", VALUES, "checkin:1")
    with store.engine.connect() as conn:
        note, coping = conn.execute(text("SELECT note, coping_used FROM rg_checkins")).one()
        keys = [k for (k,) in conn.execute(text("SELECT user_key FROM rg_users"))]
    assert "sister" not in note and "breathing" not in coping
    assert keys == [store.key_for("telegram:12345")]
    assert "12345" not in keys[0]


def test_consent_is_recorded_and_changeable(store: Store) -> None:
    assert store.get_consent("web:anna") is None
    store.set_consent("web:anna", True)
    assert store.get_consent("web:anna") is True
    store.set_consent("web:anna", False)
    assert store.get_consent("web:anna") is False


def test_crisis_event_stores_no_text_and_can_be_anonymous(store: Store) -> None:
    store.record_crisis_event("web:anna", "self_harm", "GB", "gb-samaritans")
    store.record_crisis_event(None, "overdose", "US", "us-poison")
    assert store.export_user("web:anna")["crisis_events"] == [
        {"created_at": store.export_user("web:anna")["crisis_events"][0]["created_at"],
         "category": "self_harm", "country": "GB", "resource_shown": "gb-samaritans"}
    ]
    with store.engine.connect() as conn:
        columns = [c for c in conn.execute(text("SELECT * FROM rg_crisis_events")).keys()]
        anonymous = conn.execute(text("SELECT count(*) FROM rg_crisis_events WHERE user_id IS NULL")).scalar()
    assert not {"text", "message"} & set(columns)
    assert anonymous == 1


def test_safety_plan_save_show_and_edit(store: Store) -> None:
    plan = {"warning_signs": "not sleeping", "coping": "walk", "distractions": "the park",
            "people": "my sister", "professionals": "Dr Patel", "environment": "meds with my partner"}
    store.save_safety_plan("web:anna", plan)
    assert store.get_safety_plan("web:anna") == plan
    store.save_safety_plan("web:anna", {**plan, "coping": "music"})
    assert store.get_safety_plan("web:anna")["coping"] == "music"


def test_export_delete_export_leaves_nothing(store: Store) -> None:
    store.set_consent("web:anna", True)
    store.save_checkin("web:anna", VALUES, "checkin:1")
    store.record_crisis_event("web:anna", "abuse", "US", "us-ndvh")
    store.save_safety_plan("web:anna", {"warning_signs": "x"})
    store.save_checkin("web:ben", VALUES, "checkin:1")
    assert store.export_user("web:anna")["user"] is not None
    assert store.delete_user("web:anna") is True
    assert store.export_user("web:anna") == EMPTY_EXPORT
    assert len(store.export_user("web:ben")["checkins"]) == 1
    with store.engine.connect() as conn:
        counts = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("rg_users", "rg_checkins", "rg_crisis_events", "rg_safety_plans")}
    assert counts == {"rg_users": 1, "rg_checkins": 1, "rg_crisis_events": 0, "rg_safety_plans": 0}


def test_unreachable_database_raises_store_unavailable() -> None:
    from cryptography.fernet import Fernet

    down = Store("postgresql://postgres@127.0.0.1:1/none", b"s", Fernet.generate_key())
    with pytest.raises(StoreUnavailable):
        down.save_checkin("web:anna", VALUES, "checkin:1")
    with pytest.raises(StoreUnavailable):
        down.export_user("web:anna")


def test_migrations_are_repeatable(store: Store) -> None:
    store.migrate()
    store.migrate()
    assert store.save_checkin("web:anna", VALUES, "checkin:1")


def test_reminders_due_marked_and_deleted(store: Store) -> None:
    import datetime as dt

    store.set_reminder("telegram:555", "12:00", "UTC")
    store.set_reminder("web:anna", "12:00", "UTC")
    noon = dt.datetime(2026, 11, 25, 12, 5)
    [(reminder_id, sender, day)] = store.due_reminders("telegram", noon)
    assert sender == "telegram:555" and day == dt.date(2026, 11, 25)
    store.mark_reminder_sent(reminder_id, day)
    assert store.due_reminders("telegram", noon) == []
    assert store.export_user("telegram:555")["reminder"] == {"local_time": "12:00", "timezone": "UTC"}
    with store.engine.connect() as conn:
        [address] = conn.execute(text("SELECT address FROM rg_reminders WHERE channel = 'telegram'")).one()
    assert "555" not in address
    store.set_reminder("telegram:555", "20:00", "Europe/London")  # changing the time keeps one reminder
    assert store.export_user("telegram:555")["reminder"]["local_time"] == "20:00"
    assert store.stop_reminder("telegram:555") and store.export_user("telegram:555")["reminder"] is None
    store.delete_user("web:anna")
    assert store.due_reminders("web", noon) == []


def test_migrations_match_the_models(store: Store) -> None:
    """Alembic finds nothing to autogenerate: every model change has its migration."""
    from alembic import command
    from alembic.config import Config

    from bot.store.repository import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)
