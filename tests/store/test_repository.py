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

    assert store.add_reminder("telegram:555", "checkin", "12:00", "UTC")
    assert store.add_reminder("web:anna", "checkin", "12:00", "UTC")
    noon = dt.datetime(2026, 11, 25, 12, 5)
    [(reminder_id, sender, day, kind)] = store.due_reminders("telegram", noon)
    assert sender == "telegram:555" and day == dt.date(2026, 11, 25) and kind == "checkin"
    store.mark_reminder_sent(reminder_id, day)
    assert store.due_reminders("telegram", noon) == []
    assert [(r["kind"], r["local_time"], r["timezone"]) for r in store.export_user("telegram:555")["reminders"]] \
        == [("checkin", "12:00", "UTC")]
    with store.engine.connect() as conn:
        [address] = conn.execute(text("SELECT address FROM rg_reminders WHERE channel = 'telegram'")).one()
    assert "555" not in address
    store.delete_user("web:anna")
    assert store.due_reminders("web", noon) == []


def test_several_reminders_by_kind_changed_and_removed(store: Store) -> None:
    import datetime as dt

    sender = "telegram:777"
    assert store.add_reminder(sender, "checkin", "20:00", "Europe/London")
    assert store.add_reminder(sender, "medication", "09:00", "Europe/London")
    assert not store.add_reminder(sender, "medication", "09:00", "Europe/London")  # the same one twice: kept once
    assert [(r["kind"], r["local_time"]) for r in store.list_reminders(sender)] == [
        ("medication", "09:00"), ("checkin", "20:00")]
    medication = next(r for r in store.list_reminders(sender) if r["kind"] == "medication")
    store.change_reminder(sender, medication["id"], "07:30", "Europe/London")
    assert {r["kind"]: r["local_time"] for r in store.list_reminders(sender)} == {"medication": "07:30",
                                                                                   "checkin": "20:00"}
    store.change_reminder("telegram:other", medication["id"], "11:00", "UTC")  # someone else's id: no change
    assert {r["local_time"] for r in store.list_reminders(sender)} == {"07:30", "20:00"}
    assert store.set_reminder_timezone(sender, "America/New_York") == 2
    assert store.reminder_timezone(sender) == "America/New_York"
    assert store.remove_reminders(sender, "medication") == 1
    assert [r["kind"] for r in store.list_reminders(sender)] == ["checkin"]
    once = dt.datetime(2026, 11, 25, 12, 10)
    store.add_reminder(sender, "checkin", None, "UTC", once_at=once)
    assert store.take_due_reminders(sender, dt.datetime(2026, 11, 25, 12, 0)) == []
    assert store.take_due_reminders(sender, dt.datetime(2026, 11, 25, 12, 11)) == ["checkin"]
    assert [r["once_at"] for r in store.list_reminders(sender)] == [None]  # a one-off reminder goes once sent
    assert store.remove_reminders(sender) == 1 and store.list_reminders(sender) == []


def test_appointment_notes_are_encrypted_exported_and_deleted(store: Store) -> None:
    sender = "web:notes"
    store.add_appointment_note(sender, "should I stop my lithium?")
    assert store.appointment_notes(sender) == ["should I stop my lithium?"]
    with store.engine.connect() as conn:
        [stored] = conn.execute(text("SELECT text FROM rg_appointment_notes")).one()
    assert "lithium" not in stored
    assert store.export_user(sender)["appointment_notes"][0]["text"] == "should I stop my lithium?"
    assert store.delete_user(sender) and store.appointment_notes(sender) == []


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
