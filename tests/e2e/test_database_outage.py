"""PostgreSQL goes down in the middle of a check-in: an honest answer, and nothing confirmed is lost."""

from __future__ import annotations

import json
import uuid
from typing import Iterator

import psycopg
import pytest

from tests.conftest import POSTGRES_URL, postgres_reachable
from tests.e2e.stack import Stack, free_port, texts
from tests.e2e.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.rasa, pytest.mark.postgres]


@pytest.fixture
def stack_on_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, TcpProxy]]:
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    schema = f"rg_outage_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(POSTGRES_URL)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE SCHEMA {schema}")
    proxy = TcpProxy("127.0.0.1", 5432, free_port())
    proxy.up()
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/test?options=-csearch_path%3D{schema}"
    stack = Stack(tmp_path_factory.mktemp("outage"), extra_env={"DATABASE_URL": url}).up()
    try:
        yield stack, proxy
    finally:
        stack.down()
        proxy.down()
        admin.cursor().execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def test_database_down_mid_checkin(stack_on_postgres: tuple[Stack, TcpProxy]) -> None:
    stack, proxy = stack_on_postgres
    sender = "outage-user"
    stack.say(sender, "hi")
    stack.say(sender, "yes")
    for answer in ("check in", "6", "2", "7", "yes", "skip"):
        stack.say(sender, answer)
    assert "saved" in texts(stack.say(sender, "first one"))

    for answer in ("check in", "3", "8", "4"):
        stack.say(sender, answer)
    proxy.down()  # the database stops in the middle of the second check-in
    stack.say(sender, "no")
    stack.say(sender, "skip")
    reply = texts(stack.say(sender, "second one"))
    assert "couldn't save" in reply and "saved:" not in reply
    # a crisis message while the database is down still gets the crisis reply
    assert "988" in texts(stack.say(sender, "i want to die"))

    proxy.up()
    assert "saved" in texts(stack.say(sender, "save my check-in"))
    checkins = json.loads(stack.cli("export", sender).stdout)["checkins"]
    assert [(c["mood"], c["note"]) for c in checkins] == [(6.0, "first one"), (3.0, "second one")]
