"""Two Rasa replicas and two action servers behind nginx, on PostgreSQL and Redis, losing a replica.

50 conversations run at once through nginx and the web side: consent, a check-in with a crisis
message in the middle of the form, the check-in resumed and finished. One Rasa replica is killed
(SIGKILL) while messages are in flight; later it comes back and the other replica is stopped
gracefully (SIGTERM). Afterwards: every conversation went on to the end, every crisis message got the
crisis reply, every confirmed check-in is stored exactly once, and Rasa handled every message once.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterator
from unittest import mock

import aiohttp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from tests.scale.cluster import Cluster, missing_services

pytestmark = [pytest.mark.scale, pytest.mark.rasa, pytest.mark.postgres]

CONVERSATIONS = 50
CRISIS_MESSAGES = [
    "I want to kill myself",
    "honestly I keep thinking everyone would be better off without me",
    "I've been cutting myself again",
    "I have a plan to end it tonight",
    "i dont want to be alive anymore",
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    reason = missing_services()
    if reason:
        pytest.skip(f"scale test needs PostgreSQL, Redis and nginx on this machine: {reason}")
    running = Cluster(tmp_path_factory.mktemp("scale"))
    try:
        yield running.up()
    finally:
        running.down()


@dataclass
class Conversation:
    number: int
    sender: str = field(init=False)
    sent: list[tuple[str, str, list[dict[str, Any]]]] = field(default_factory=list)
    token: str | None = None

    def __post_init__(self) -> None:
        self.sender = ""  # known once the web side has issued the session (Driver.say)

    @property
    def mood(self) -> int:
        # 1 to 10: a mood of 0 is asked about first (the direct question about thoughts of suicide), which is not
        # what this test is about
        return 1 + self.number % 10

    @property
    def anxiety(self) -> int:
        return (self.number * 3) % 11

    @property
    def sleep(self) -> int:
        return 4 + self.number % 6

    @property
    def crisis(self) -> str:
        return CRISIS_MESSAGES[self.number % len(CRISIS_MESSAGES)]

    def replies_to(self, message: str) -> str:
        return "\n".join(r.get("text", "") for m, t, rs in self.sent if t == message for r in rs)


class Driver:
    """Sends each conversation's messages through nginx's public listener, as the widget does."""

    def __init__(self, url: str) -> None:
        self.url = f"{url}/webhooks/rest/webhook"
        self.session_url = f"{url}/session"
        self.answered = 0

    async def say(self, session: aiohttp.ClientSession, conversation: Conversation, message: str) -> str:
        if conversation.token is None:  # the widget's first step: a session from the web side
            async with session.post(self.session_url) as response:
                assert response.status == 200, f"session: HTTP {response.status}"
                conversation.token = (await response.json())["token"]
            conversation.sender = "web:" + conversation.token.split(".")[0]
        message_id = uuid.uuid4().hex
        body = {"message": message, "message_id": message_id}
        headers = {"Authorization": f"Bearer {conversation.token}"}
        async with session.post(self.url, json=body, headers=headers) as response:
            assert response.status == 200, f"{conversation.sender}: HTTP {response.status}"
            replies = await response.json()
        conversation.sent.append((message_id, message, replies))
        self.answered += 1
        return "\n".join(r.get("text", "") for r in replies)

    async def phase(self, conversations: list[Conversation], steps: list[tuple[str, str]],
                    when: int | None = None, action: Any = None) -> None:
        """Every conversation sends its ``steps`` (message template, text expected in the reply) in order.

        After ``when`` answers in this phase, ``action`` runs (in a thread) while messages are in flight.
        """
        start = self.answered

        async def one(session: aiohttp.ClientSession, conversation: Conversation) -> None:
            for template, expected in steps:
                message = template.format(c=conversation)
                reply = await self.say(session, conversation, message)
                assert expected.format(c=conversation) in reply, (
                    f"{conversation.sender}: {message!r} got {reply!r}, expected {expected!r}")

        async def trigger() -> None:
            while self.answered - start < when:
                await asyncio.sleep(0.02)
            await asyncio.to_thread(action)

        timeout = aiohttp.ClientTimeout(total=90)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            tasks = [one(session, c) for c in conversations]
            if action is not None:
                tasks.append(trigger())
            await asyncio.gather(*tasks)


def test_each_conversation_stays_on_one_replica(cluster: Cluster) -> None:
    import urllib.request

    before = len(cluster.access_log())
    keys = [uuid.uuid4().hex for _ in range(20)]
    for key in keys:
        for _ in range(4):
            request = urllib.request.Request(f"http://127.0.0.1:{cluster.rasa_listen}/webhooks/rest/",
                                             headers={"X-Conversation-Key": key})
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 200
    lines: list[dict] = []
    for _ in range(50):  # nginx writes its access log line just after the response
        lines = [line for line in cluster.access_log()[before:] if line["path"] == "/webhooks/rest/"]
        if len(lines) == 80:
            break
        time.sleep(0.1)
    assert len(lines) == 80
    upstreams = [line["upstream"] for line in lines]
    for index in range(20):
        assert len(set(upstreams[index * 4:(index + 1) * 4])) == 1, "a conversation key moved between replicas"
    assert len(set(upstreams)) == 2, "both replicas should get conversations"


def test_fifty_conversations_survive_losing_a_replica(cluster: Cluster) -> None:
    conversations = [Conversation(n) for n in range(CONVERSATIONS)]
    driver = Driver(cluster.public_url)

    def kill_first_replica() -> None:
        cluster.signal("rasa0", signal.SIGKILL)

    def stop_second_replica() -> None:
        cluster.signal("rasa1", signal.SIGTERM)

    # Phase A: consent, start a check-in, a crisis in the middle of the form; replica 0 dies mid-way.
    asyncio.run(driver.phase(conversations, [
        ("hi", "store"),
        ("yes", ""),
        ("check in", "mood"),
        ("{c.mood}", "anxious"),
        ("{c.crisis}", "988"),
    ], when=CONVERSATIONS * 2, action=kill_first_replica))
    assert cluster.procs["rasa0"].wait(timeout=10) != 0

    # Replica 0 comes back (as systemd or Kubernetes would restart it).
    cluster.start_rasa(0)
    cluster.wait_rasa_ready(0)
    graceful_from = len(cluster.access_log())

    # Phase B: answer the safety question, then resume the check-in; replica 1 is stopped gracefully
    # mid-way. (After a plan the bot asks about safety again before anything else, so the answer comes
    # first.)
    asyncio.run(driver.phase(conversations, [
        ("I'm safe right now", "988"),
        ("check in", "anxious"),
        ("{c.anxiety}", "sleep"),
        ("{c.sleep}", "medication"),
    ], when=CONVERSATIONS * 2, action=stop_second_replica))
    assert cluster.procs["rasa1"].wait(timeout=30) == 0, "SIGTERM should stop Rasa cleanly"
    graceful_lines = cluster.access_log()[graceful_from:]

    # Phase C: finish on the remaining replica.
    asyncio.run(driver.phase(conversations, [
        ("yes", "coping"),
        ("skip", "note"),
        ("skip", "saved"),
    ]))

    # Every crisis message got the crisis reply, in the same turn.
    for conversation in conversations:
        crisis_reply = conversation.replies_to(conversation.crisis)
        assert "988" in crisis_reply and "911" in crisis_reply, conversation.sender

    # Every confirmed check-in is stored, once, with the answers given.
    env = {"DATABASE_URL": cluster.database_url, "BOT_VAR_DIR": str(cluster.work),
           "BOT_SECRET_KEY": cluster.env["BOT_SECRET_KEY"], "BOT_ENCRYPTION_KEY": cluster.env["BOT_ENCRYPTION_KEY"]}
    with mock.patch.dict(os.environ, env):
        from bot.store import Store

        store = Store.from_settings()
        try:
            for conversation in conversations:
                assert f"mood {conversation.mood}/10" in conversation.replies_to("skip")
                checkins = store.people.export(conversation.sender)["checkins"]
                assert len(checkins) == 1, f"{conversation.sender}: {len(checkins)} check-ins stored"
                assert checkins[0]["mood"] == conversation.mood
                assert checkins[0]["anxiety"] == conversation.anxiety
                assert checkins[0]["sleep_hours"] == float(conversation.sleep)
        finally:
            store.dispose()

    # Rasa handled every message exactly once (no message answered twice), in every conversation.
    engine = create_engine(cluster.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events WHERE type_name = 'user'")).all()
    engine.dispose()
    handled: dict[str, int] = {}
    sealed = Fernet(cluster.env["BOT_ENCRYPTION_KEY"].encode())  # event text is encrypted at rest
    for (data,) in rows:
        message_id = json.loads(sealed.decrypt(data.encode())).get("message_id")
        handled[message_id] = handled.get(message_id, 0) + 1
    for conversation in conversations:
        for message_id, message, _ in conversation.sent:
            times = handled.get(message_id)
            assert times == 1, f"{conversation.sender}: {message!r} handled {times} times"

    # While replica 1 drained, its conversations moved to replica 0 (nginx saw answers from both).
    upstreams = {line["upstream"] for line in graceful_lines
                 if line["listener"] == str(cluster.rasa_listen) and line["status"] == 200}
    assert {f"127.0.0.1:{port}" for port in cluster.rasa_ports} <= upstreams

    # Logs are JSON lines and carry no message text.
    for name in ("rasa0", "rasa1", "actions0", "actions1", "web"):
        log = (cluster.work / f"{name}.log").read_text(errors="replace")
        for message in {m for c in conversations for m in (c.crisis,)}:
            assert message not in log, f"{name}.log contains message text"
    web_lines = [line for line in (cluster.work / "web.log").read_text().splitlines() if line.startswith("{")]
    assert web_lines and all(json.loads(line)["event"] for line in web_lines)


def test_scale_test_reports_why_it_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.scale import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "reachable", lambda host, port: port != 6379)
    assert cluster_module.missing_services() == "Redis is not reachable at 127.0.0.1:6379"
    monkeypatch.setattr(cluster_module, "reachable", lambda host, port: False)
    assert "PostgreSQL" in (cluster_module.missing_services() or "")


HOLD_LOCK = """
import sys
from rasa.core.lock_store import RedisLockStore
locks = RedisLockStore(host="127.0.0.1", port=6379, db=2, key_prefix=sys.argv[1])
ticket = locks.issue_ticket(sys.argv[2], lock_lifetime=60)
print("held", flush=True)
sys.stdin.readline()
locks.finish_serving(sys.argv[2], ticket)
"""


def test_a_stopping_replica_finishes_the_message_in_progress(cluster: Cluster) -> None:
    """SIGTERM while a message is in progress: it is answered, new connections are refused, exit 0."""
    import socket
    import threading

    from bot.config import rasa_python
    from tests.e2e.stack import http

    assert cluster.procs["rasa0"].poll() is None, "replica 0 should be serving after the previous test"
    url = f"http://127.0.0.1:{cluster.rasa_ports[0]}/webhooks/rest/webhook"
    sender = f"scale-{uuid.uuid4().hex[:12]}"
    assert http("POST", url, json.dumps({"sender": sender, "message": "hi"}).encode())[0] == 200
    # Hold the conversation's lock (as another replica handling it would), so the next message waits in Rasa.
    # Rasa's own lock store does it, in Rasa's environment: the tests' environment has no Rasa.
    holder = subprocess.Popen([rasa_python(), "-c", HOLD_LOCK, cluster.env["LOCK_STORE_PREFIX"], sender],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    answer: dict[str, Any] = {}

    def send() -> None:
        try:
            answer["status"], answer["replies"] = http(
                "POST", url, json.dumps({"sender": sender, "message": "yes", "message_id": "m-1"}).encode(),
                timeout=90)
        except OSError as exc:  # the connection closed without an answer
            answer["error"] = repr(exc)

    sender_thread = threading.Thread(target=send)
    sender_thread.start()
    time.sleep(1.0)
    cluster.signal("rasa0", signal.SIGTERM)
    time.sleep(1.0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", cluster.rasa_ports[0]), timeout=2).close()
    assert cluster.procs["rasa0"].poll() is None, "the replica must wait for the message in progress"
    holder.communicate("release\n", timeout=30)
    sender_thread.join(timeout=90)
    assert answer.get("status") == 200, answer.get("error") or "no answer within 90 s"
    assert "keep your check-ins" in " ".join(r.get("text", "") for r in answer["replies"])
    assert cluster.procs["rasa0"].wait(timeout=30) == 0
