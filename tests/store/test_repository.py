"""The store on SQLite and PostgreSQL: check-ins, consent, crisis events, safety plan, data rights."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store import CheckinValues, Store, StoreUnavailable
from bot.store.people import EMPTY_EXPORT

VALUES = CheckinValues(mood=6, anxiety=3.5, sleep_hours=7.5, medication="yes",
                       coping_used="paced breathing", note="A quiet day, saw my sister.")


def test_checkin_round_trip(store: Store) -> None:
    assert store.checkins.save("web:anna", VALUES, "checkin:1")
    [row] = store.people.export("web:anna")["checkins"]
    assert (row["mood"], row["anxiety"], row["sleep_hours"], row["medication"]) == (6, 3.5, 7.5, "yes")
    assert row["coping_used"] == "paced breathing"
    assert row["note"] == "A quiet day, saw my sister."


def test_repeated_delivery_does_not_duplicate(store: Store) -> None:
    assert store.checkins.save("web:anna", VALUES, "checkin:1") is True
    assert store.checkins.save("web:anna", VALUES, "checkin:1") is False
    assert store.checkins.save("web:anna", VALUES, "checkin:2") is True
    assert len(store.people.export("web:anna")["checkins"]) == 2


def test_same_form_run_of_two_people_is_two_checkins(store: Store) -> None:
    store.checkins.save("web:anna", VALUES, "checkin:1")
    store.checkins.save("web:ben", VALUES, "checkin:1")
    assert len(store.people.export("web:ben")["checkins"]) == 1


def test_free_text_is_encrypted_and_users_are_pseudonymous(store: Store) -> None:
    store.checkins.save("telegram:12345", VALUES, "checkin:1")
    with store.engine.connect() as conn:
        note, coping = conn.execute(text("SELECT note, coping_used FROM rg_checkins")).one()
        keys = [k for (k,) in conn.execute(text("SELECT user_key FROM rg_users"))]
    assert "sister" not in note and "breathing" not in coping
    assert keys == [store.key_for("telegram:12345")]
    assert "12345" not in keys[0]


def test_consent_is_recorded_and_changeable(store: Store) -> None:
    assert store.people.get_consent("web:anna") is None
    store.people.set_consent("web:anna", True)
    assert store.people.get_consent("web:anna") is True
    store.people.set_consent("web:anna", False)
    assert store.people.get_consent("web:anna") is False


def test_crisis_event_stores_no_text_and_can_be_anonymous(store: Store) -> None:
    store.crisis_events.record("web:anna", "self_harm", "GB", "gb-samaritans")
    store.crisis_events.record(None, "overdose", "US", "us-poison")
    assert store.people.export("web:anna")["crisis_events"] == [
        {"created_at": store.people.export("web:anna")["crisis_events"][0]["created_at"],
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
    store.plans.save("web:anna", "safety", plan)
    assert store.plans.get("web:anna", "safety") == plan
    store.plans.save("web:anna", "safety", {**plan, "coping": "music"})
    assert store.plans.get("web:anna", "safety")["coping"] == "music"


def test_export_delete_export_leaves_nothing(store: Store) -> None:
    store.people.set_consent("web:anna", True)
    store.checkins.save("web:anna", VALUES, "checkin:1")
    store.crisis_events.record("web:anna", "abuse", "US", "us-ndvh")
    store.plans.save("web:anna", "safety", {"warning_signs": "x"})
    store.checkins.save("web:ben", VALUES, "checkin:1")
    assert store.people.export("web:anna")["user"] is not None
    assert store.people.delete("web:anna") is True
    assert store.people.export("web:anna") == EMPTY_EXPORT
    assert len(store.people.export("web:ben")["checkins"]) == 1
    with store.engine.connect() as conn:
        counts = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("rg_users", "rg_checkins", "rg_crisis_events", "rg_safety_plans")}
    assert counts == {"rg_users": 1, "rg_checkins": 1, "rg_crisis_events": 0, "rg_safety_plans": 0}


def test_unreachable_database_raises_store_unavailable() -> None:
    from cryptography.fernet import Fernet

    down = Store("postgresql://postgres@127.0.0.1:1/none", b"s", Fernet.generate_key())
    with pytest.raises(StoreUnavailable):
        down.checkins.save("web:anna", VALUES, "checkin:1")
    with pytest.raises(StoreUnavailable):
        down.people.export("web:anna")


def test_migrations_are_repeatable(store: Store) -> None:
    store.migrate()
    store.migrate()
    assert store.checkins.save("web:anna", VALUES, "checkin:1")


def test_reminders_due_marked_and_deleted(store: Store) -> None:
    import datetime as dt

    assert store.reminders.add("telegram:555", "checkin", "12:00", "UTC")
    assert store.reminders.add("web:anna", "checkin", "12:00", "UTC")
    noon = dt.datetime(2026, 11, 25, 12, 5)
    [(reminder_id, sender, day, kind)] = store.reminders.due("telegram", noon)
    assert sender == "telegram:555" and day == dt.date(2026, 11, 25) and kind == "checkin"
    store.reminders.mark_sent(reminder_id, day)
    assert store.reminders.due("telegram", noon) == []
    assert [(r["kind"], r["local_time"], r["timezone"]) for r in store.people.export("telegram:555")["reminders"]] \
        == [("checkin", "12:00", "UTC")]
    with store.engine.connect() as conn:
        [address] = conn.execute(text("SELECT address FROM rg_reminders WHERE channel = 'telegram'")).one()
    assert "555" not in address
    store.people.delete("web:anna")
    assert store.reminders.due("web", noon) == []


def test_several_reminders_by_kind_changed_and_removed(store: Store) -> None:
    import datetime as dt

    sender = "telegram:777"
    assert store.reminders.add(sender, "checkin", "20:00", "Europe/London")
    assert store.reminders.add(sender, "medication", "09:00", "Europe/London")
    assert not store.reminders.add(sender, "medication", "09:00", "Europe/London")  # the same one twice: kept once
    assert [(r["kind"], r["local_time"]) for r in store.reminders.list(sender)] == [
        ("medication", "09:00"), ("checkin", "20:00")]
    medication = next(r for r in store.reminders.list(sender) if r["kind"] == "medication")
    store.reminders.change(sender, medication["id"], "07:30", "Europe/London")
    assert {r["kind"]: r["local_time"] for r in store.reminders.list(sender)} == {"medication": "07:30",
                                                                                   "checkin": "20:00"}
    store.reminders.change("telegram:other", medication["id"], "11:00", "UTC")  # someone else's id: no change
    assert {r["local_time"] for r in store.reminders.list(sender)} == {"07:30", "20:00"}
    assert store.reminders.set_timezone(sender, "America/New_York") == 2
    assert store.reminders.timezone(sender) == "America/New_York"
    assert store.reminders.remove(sender, "medication") == 1
    assert [r["kind"] for r in store.reminders.list(sender)] == ["checkin"]
    once = dt.datetime(2026, 11, 25, 12, 10)
    store.reminders.add(sender, "checkin", None, "UTC", once_at=once)
    assert store.reminders.take_due(sender, dt.datetime(2026, 11, 25, 12, 0)) == []
    assert store.reminders.take_due(sender, dt.datetime(2026, 11, 25, 12, 11)) == ["checkin"]
    assert [r["once_at"] for r in store.reminders.list(sender)] == [None]  # a one-off reminder goes once sent
    assert store.reminders.remove(sender) == 1 and store.reminders.list(sender) == []


def test_appointment_notes_are_encrypted_exported_and_deleted(store: Store) -> None:
    sender = "web:notes"
    store.notes.add(sender, "should I stop my lithium?")
    assert store.notes.list(sender) == ["should I stop my lithium?"]
    with store.engine.connect() as conn:
        [stored] = conn.execute(text("SELECT text FROM rg_appointment_notes")).one()
    assert "lithium" not in stored
    assert store.people.export(sender)["appointment_notes"][0]["text"] == "should I stop my lithium?"
    assert store.people.delete(sender) and store.notes.list(sender) == []


def test_migrations_match_the_models(store: Store) -> None:
    """Alembic finds nothing to autogenerate: every model change has its migration."""
    from alembic import command
    from alembic.config import Config

    from bot.store.database import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)
