"""endpoints.yml as Rasa reads it, with the environment our run command gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops.cli import process_commands
from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize("redis_url, expected",
                         [(None, "InMemoryLockStore"), ("redis://127.0.0.1:6379/2", "RedisLockStore")])
def test_endpoints_yml_gives_rasa_the_lock_store(
    redis_url: str | None, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import read_endpoints_from_path

    env = {"TRACKER_STORE_URL": f"sqlite:///{tmp_path / 't.db'}", "TRACKER_DIALECT": "sqlite"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    process_commands(env, 5005, 5055, "token")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(PROJECT_ROOT / "endpoints.yml")
    assert type(LockStore.create(endpoints.lock_store)).__name__ == expected
