"""Shared fixtures: a store per test on SQLite and PostgreSQL, and the trained model."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from cryptography.fernet import Fernet

from bot.store import Store
from tests.e2e.stack import Stack

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MODEL = PROJECT_ROOT / "models" / "recovery-guide.tar.gz"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# Every process a test starts (Rasa, the sides) shows and checks this token on Rasa's REST channel.
os.environ.setdefault("INTERNAL_API_TOKEN", "test-internal-api-token")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def postgres_reachable() -> bool:
    import psycopg2

    try:
        psycopg2.connect(POSTGRES_URL, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


_POSTGRES = postgres_reachable()


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = "reachable" if _POSTGRES else "NOT reachable: PostgreSQL store tests are skipped"
    return [f"PostgreSQL at {POSTGRES_URL}: {state}"]


@pytest.fixture(autouse=True)
def _isolated_var_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys and databases generated during tests go to a temporary var/, never the project's."""
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path_factory.mktemp("var")))


def _keys() -> tuple[bytes, bytes]:
    return b"test-secret", Fernet.generate_key()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store; on PostgreSQL in a schema of its own that is dropped afterwards."""
    secret, key = _keys()
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.db'}", secret, key)
        s.migrate()
        yield s
        s.dispose()
        return
    if not _POSTGRES:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    import psycopg2

    schema = f"rg_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE SCHEMA {schema}")
    s = Store(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", secret, key)
    try:
        s.migrate()
        yield s
    finally:
        s.dispose()
        admin.cursor().execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One running bot (action server + Rasa) for the whole session; the model is trained once, by make."""
    running = Stack(tmp_path_factory.mktemp("stack")).up()
    yield running
    running.down()
