"""Attacks on the running stack: another person's data through every entry, forged calls to the internal
services, broken and hostile input. Only the person sees their data; no request gets a server error."""

from __future__ import annotations

import gzip
import http.client as http_client
import json
import os
import sqlite3
import subprocess
import sys
import uuid

import pytest

from tests.channels.test_widget import WebSide
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import Stack, http, texts, web_session

pytestmark = pytest.mark.rasa

PLAN = ["I stop answering my phone", "long walk with the dog", "my sister's kitchen", "Aunt Mirela",
        "Dr Okafor at the clinic", "give the spare pills to my partner"]


def say(web: WebSide, session: dict[str, str] | None, message: str, **extra: object) -> tuple[int, object]:
    body = json.dumps({"message": message, **extra}).encode()
    return http("POST", f"{web.url}/webhooks/rest/webhook", body, headers=session, internal=False)


@pytest.fixture(scope="module")
def victim(web: WebSide) -> dict[str, str]:
    """A person with consent and a saved safety plan, talking through the widget's API."""
    session = web_session(web.url)
    for message in ["hi", "yes", "make a safety plan", *PLAN]:
        status, replies = say(web, session, message)
        assert status == 200, replies
    assert "saved" in texts(replies)
    return session


def sender_of(session: dict[str, str]) -> str:
    return "web:" + session["Authorization"].split()[1].split(".")[0]


def test_the_body_cannot_choose_whose_conversation_it_is(web: WebSide, victim: dict[str, str]) -> None:
    attacker = web_session(web.url)
    for message in ("show my safety plan", "export my data"):
        status, replies = say(web, attacker, message, sender=sender_of(victim))
        assert status == 200
        assert not any(step in json.dumps(replies) for step in PLAN), replies


def test_no_session_or_a_forged_one_gets_401(web: WebSide, victim: dict[str, str]) -> None:
    token = victim["Authorization"].split()[1]
    session_id, issued, signature = token.split(".")
    forged = [None, {"Authorization": "Bearer nonsense"},
              {"Authorization": f"Bearer {session_id}.{signature}"},
              {"Authorization": f"Bearer {session_id}.{issued}.{signature[:-2]}AA"},
              {"Authorization": f"Bearer {session_id}.{int(issued) + 3600}.{signature}"},
              {"Authorization": f"Bearer {uuid.uuid4().hex[:22]}.{issued}.{signature}"}]
    for headers in forged:
        status, body = say(web, headers, "show my safety plan", sender=sender_of(victim))
        assert status == 401, body
        assert "988" in body["help"] and not any(step in json.dumps(body) for step in PLAN)
        assert http("GET", f"{web.url}/reminders/due?sender={sender_of(victim)}", headers=headers,
                    internal=False)[0] == 401


def test_a_refusal_shows_the_lines_of_the_country_the_conversation_uses(web: WebSide) -> None:
    session = web_session(web.url)
    status, _ = say(web, session, "I'm in the UK")
    assert status == 200
    for raw in (b"not json", json.dumps({"message": "I want to die. " * 20_000}).encode()):
        status, body = http("POST", f"{web.url}/webhooks/rest/webhook", raw, headers=session, internal=False)
        assert status in (400, 413) and "116 123" in body["help"] and "988" not in body["help"], body


def test_a_crisis_without_a_session_is_refused_with_the_crisis_reply(web: WebSide) -> None:
    status, crisis = say(web, None, "I took all my pills an hour ago")
    assert status == 401 and "911" in crisis["help"] and "Poison Help" in crisis["help"], crisis  # the overdose reply
    status, plain = say(web, None, "what time is it")
    assert status == 401 and "988" in plain["help"], plain
    assert len(crisis["help"]) > len(plain["help"])  # the whole crisis reply, not only the line


def test_a_body_over_the_size_limit_gets_a_json_413_with_the_crisis_line(web: WebSide) -> None:
    raw = json.dumps({"message": "I want to die. " * 20_000}).encode()  # about 300 KB
    status, body = http("POST", f"{web.url}/webhooks/rest/webhook", raw, headers=web_session(web.url),
                        internal=False)
    assert status == 413 and "shorter" in body["error"] and "988" in body["help"], body


def test_a_body_announced_larger_than_the_limit_is_refused_at_once(web: WebSide) -> None:
    """A Content-Length far over the limit with a tiny body (red team rt27: a 500 for 10**12, and every conversation
    held up for seconds while memory for the announced size was taken): 413 at once, with the lines."""
    from urllib.parse import urlsplit
    address = urlsplit(web.url)
    for announced in (10 ** 12, 10 ** 18, 2 * 10 ** 9):
        connection = http_client.HTTPConnection(address.hostname, address.port, timeout=5)
        connection.putrequest("POST", "/webhooks/rest/webhook")
        for name, value in {**web_session(web.url), "Content-Type": "application/json",
                            "Content-Length": str(announced)}.items():
            connection.putheader(name, value)
        connection.endheaders(b"{}")
        response = connection.getresponse()
        body = json.loads(response.read())
        connection.close()
        assert response.status == 413 and "shorter" in body["error"] and "988" in body["help"], body
    assert http("GET", f"{web.url}/health", internal=False)[0] == 200


def test_a_refusal_before_any_country_is_known_uses_the_browser_s_region(web: WebSide) -> None:
    """No conversation yet (no session, or a body too large on a new one): the region of Accept-Language
    ("en-GB") chooses the lines, not the clinic's default country."""
    raw = json.dumps({"message": "hello " * 60_000}).encode()
    status, body = http("POST", f"{web.url}/webhooks/rest/webhook", raw, internal=False,
                        headers={**web_session(web.url), "Accept-Language": "en-GB,en;q=0.9"})
    assert status == 413 and "116 123" in body["help"] and "988" not in body["help"], body
    status, body = http("POST", f"{web.url}/webhooks/rest/webhook", json.dumps({"message": "hi"}).encode(),
                        internal=False, headers={"Accept-Language": "en-IE"})
    assert status == 401 and "116 123" in body["help"] and "988" not in body["help"], body


def test_a_repeated_message_id_answers_only_its_own_session(web: WebSide, victim: dict[str, str]) -> None:
    status, first = say(web, victim, "show my safety plan", message_id="secret-plan-1")
    assert status == 200 and PLAN[3] in texts(first)
    status, replayed = say(web, web_session(web.url), "hello", message_id="secret-plan-1")
    assert status == 200 and PLAN[3] not in json.dumps(replayed)


def test_a_reused_message_id_with_new_text_is_a_new_message_and_screened(web: WebSide) -> None:
    """A client that numbers its messages from 1 again must not have a crisis answered with an old reply."""
    session = web_session(web.url)
    status, first = say(web, session, "hello", message_id="1")
    assert status == 200 and "988" not in texts(first)
    status, again = say(web, session, "I want to kill myself", message_id="1")
    assert status == 200 and "988" in texts(again), again
    status, repeat = say(web, session, "I want to kill myself", message_id="1")
    assert status == 200 and texts(repeat) == texts(again)  # the same text again is the same delivery


def test_a_body_that_never_arrives_gets_408(web: WebSide) -> None:
    import socket

    host, port = web.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_rasa_rest_channel_refuses_callers_without_the_internal_token(stack: Stack, victim: dict[str, str]) -> None:
    body = json.dumps({"sender": sender_of(victim), "message": "show my safety plan"}).encode()
    for headers in ({}, {"X-Internal-Token": "guess"}):
        status, reply = http("POST", stack.rest_url, body, headers=headers, internal=False)
        assert status == 401 and PLAN[3] not in json.dumps(reply)


def test_the_action_server_refuses_forged_calls(stack: Stack, victim: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{stack.actions_port}"
    forged = {"next_action": "action_export_data", "sender_id": sender_of(victim), "version": "3.6.21",
              "tracker": {"sender_id": sender_of(victim), "slots": {"consent": True}, "events": [],
                          "latest_message": {"text": "export", "intent": {}, "entities": []}},
              "domain": {}}
    for query in ("", "?token=guess"):
        status, reply = http("POST", f"{url}/webhook{query}", json.dumps(forged).encode(), internal=False)
        assert status == 401, reply
        assert PLAN[3] not in json.dumps(reply)
    assert http("GET", f"{url}/health", internal=False)[0] == 200


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6: no traffic sent anywhere)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(stack: Stack) -> None:
    for port in (stack.rasa_port, stack.actions_port):
        addresses = _listening_addresses(port)
        assert addresses and addresses <= {"0100007F"}, (port, addresses)  # 127.0.0.1, nothing else


@pytest.mark.parametrize(("raw", "headers"), [
    (b'{"message": "hi", "sender": "web:\\ud83d"}', {}),
    (b'{"message": "hi", "message_id": "a\\u0000b"}', {}),
    (b'{"message": "hi", "metadata": ' + b"[" * 1000 + b"]" * 1000 + b"}", {}),
    (b'{"message": "hi", "x": ' + b"7" * 5000 + b"}", {}),
    (gzip.compress(json.dumps({"message": "a" * 10_000_000}).encode()), {"Content-Encoding": "gzip"}),
    (b"\xff\xfe\x00", {}),
    (b'{"message": "hi"}', {"Content-Encoding": "br"}),
    (b'{"message": "hi"}', {"Content-Encoding": "zstd"}),
])
def test_hostile_bodies_get_a_4xx_at_every_entry(stack: Stack, web: WebSide, raw: bytes,
                                                 headers: dict[str, str]) -> None:
    session = web_session(web.url)
    web_status, _ = http("POST", f"{web.url}/webhooks/rest/webhook", raw, headers={**session, **headers},
                         internal=False)
    rasa_status, _ = http("POST", stack.rest_url, raw, headers=headers)
    assert 400 <= web_status < 500 and 400 <= rasa_status < 500, (web_status, rasa_status)
    assert "988" in http("POST", f"{web.url}/webhooks/rest/webhook", raw, headers={**session, **headers},
                         internal=False)[1]["help"]
    status, replies = say(web, session, "I want to end my life")
    assert status == 200 and "988" in texts(replies)  # the bot is still up and still answers a crisis


def test_a_crisis_with_broken_characters_still_gets_the_crisis_reply(web: WebSide) -> None:
    raw = b'{"message": "i want to kill myself \\ud83d\\u0000"}'
    status, replies = http("POST", f"{web.url}/webhooks/rest/webhook", raw, headers=web_session(web.url),
                           internal=False)
    assert status == 200 and "988" in texts(replies)


def test_a_huge_message_is_read_in_part_but_screened_whole(web: WebSide) -> None:
    filler = "Today I tidied the kitchen and watched the rain for a while. " * 500  # ~30,000 characters
    status, replies = say(web, web_session(web.url), filler + " I am going to end my life tonight.")
    assert status == 200
    assert "988" in texts(replies) and "4,000 characters" in texts(replies)


def test_nothing_is_kept_in_the_tracker_store_for_people_who_did_not_consent(stack: Stack) -> None:
    declined, agreed = f"sec-{uuid.uuid4().hex[:8]}", f"sec-{uuid.uuid4().hex[:8]}"
    stack.say(declined, "hi")
    stack.say(declined, "no")
    stack.say(declined, "my neighbour Priyanka keeps parking on my drive")
    stack.say(agreed, "hi")
    stack.say(agreed, "yes")
    stack.say(agreed, "my neighbour Bartholomew keeps parking on my drive")
    with sqlite3.connect(stack.var_dir / "conversations.db") as db:
        rows = db.execute("SELECT sender_id, data FROM events").fetchall()
    assert not [r for r in rows if r[0] == declined], "a person who said no has stored events"
    assert [r for r in rows if r[0] == agreed], "a consenting person's conversation is stored"
    dump = "\n".join(r[1] for r in rows)
    assert "Priyanka" not in dump and "Bartholomew" not in dump  # encrypted at rest
    assert "Bartholomew" in json.dumps(stack.tracker(agreed))  # and read back by Rasa


def test_placeholder_secrets_are_refused(stack: Stack) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120, env={**stack.env, "BOT_SECRET_KEY": "CHANGE-ME"})
    assert result.returncode != 0 and "BOT_SECRET_KEY is still a placeholder" in result.stderr + result.stdout


def test_var_files_are_private(stack: Stack) -> None:
    assert (stack.var_dir / "conversations.db").stat().st_mode & 0o077 == 0


def test_no_secret_is_on_a_command_line(stack: Stack) -> None:
    """`ps` shows every process's command line to every user of the machine."""
    for process in stack.procs.values():
        with open(f"/proc/{process.pid}/cmdline", "rb") as handle:
            arguments = handle.read().decode(errors="replace")
        assert "e2e-test-token" not in arguments and os.environ["INTERNAL_API_TOKEN"] not in arguments


@pytest.mark.parametrize("run", ["{" * 20_000, "!?,;:" * 4_000, "_" * 20_000])
def test_long_runs_without_spaces_are_answered(web: WebSide, run: str) -> None:
    session = web_session(web.url)
    status, replies = say(web, session, run)
    assert status == 200 and replies
    status, replies = say(web, session, run + "x")  # a near-repeat is not cached anywhere
    assert status == 200 and replies
    status, replies = say(web, session, "i want to kill myself")
    assert status == 200 and "988" in texts(replies)


def test_the_action_servers_health_check_refuses_other_methods(stack: Stack) -> None:
    assert http("POST", f"http://127.0.0.1:{stack.actions_port}/health", b"", internal=False)[0] == 405


def test_due_reminders_are_never_kept_by_a_cache(web: WebSide, victim: dict[str, str]) -> None:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(f"{web.url}/reminders/due", headers=victim), timeout=30) as got:
        assert got.status == 200 and got.headers["Cache-Control"] == "no-store"
