"""Shared fixtures: a store per test on SQLite and PostgreSQL, and the trained model."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest
from cryptography.fernet import Fernet

from tests.e2e.stack import Stack

if TYPE_CHECKING:  # the store is SQLAlchemy 2 (Python 3.12); tests/rasa run in Rasa's environment without it
    from bot.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MODEL = PROJECT_ROOT / "models" / "recovery-guide.tar.gz"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# Every process a test starts (Rasa, the sides) shows and checks this token on Rasa's REST channel.
os.environ.setdefault("INTERNAL_API_TOKEN", "test-internal-api-token")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def postgres_reachable() -> bool:
    try:
        import psycopg
    except ImportError:  # Rasa's environment has psycopg2
        import psycopg2 as psycopg  # type: ignore[no-redef]

    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


_POSTGRES = postgres_reachable()


# tests/rasa/ import Rasa in-process: they run in Rasa's own environment (Python 3.10), everything else in
# the bot's (Python 3.12). `make test` runs both.
RASA_ENVIRONMENT = sys.version_info[:2] == (3, 10)
collect_ignore_glob = [] if RASA_ENVIRONMENT else ["rasa/*"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = "reachable" if _POSTGRES else "NOT reachable: PostgreSQL store tests are skipped"
    where = ("Rasa's environment: run tests/rasa only" if RASA_ENVIRONMENT
             else "tests/rasa/ run in Rasa's environment (.venv-rasa; make test does)")
    return [f"PostgreSQL at {POSTGRES_URL}: {state}", where]


@pytest.fixture(autouse=True)
def _isolated_var_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys and databases generated during tests go to a temporary var/, never the project's."""
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path_factory.mktemp("var")))


def _keys() -> tuple[bytes, bytes]:
    return b"test-secret", Fernet.generate_key()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store; on PostgreSQL in a schema of its own that is dropped afterwards."""
    from bot.store import Store

    secret, key = _keys()
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.db'}", secret, key)
        s.migrate()
        yield s
        s.dispose()
        return
    if not _POSTGRES:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    import psycopg

    schema = f"rg_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(POSTGRES_URL)
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
