"""Property-based fuzzing of every public entry's request handling: never a server error, and a crisis
message still gets the crisis reply afterwards. Bounded in count and time; loopback only."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.requests import BadRequest, parse_chat_request
from tests.channels.test_widget import WebSide
from tests.e2e.stack import Stack, http, texts, web_session

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
REQUESTS = st.fixed_dictionaries({}, optional={
    "message": st.text() | JSON_VALUES, "sender": st.text() | JSON_VALUES, "message_id": st.text() | JSON_VALUES,
    "metadata": st.dictionaries(st.sampled_from(["country", "timezone", "channel", "other"]), JSON_VALUES,
                                max_size=4) | JSON_VALUES,
})
BODIES = st.one_of(
    st.binary(max_size=512),
    REQUESTS.map(lambda r: json.dumps(r).encode("utf-8", "surrogatepass")),
    st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES)
def test_request_parsing_only_ever_refuses_with_a_reason(body: bytes) -> None:
    try:
        parsed = parse_chat_request(body)
    except BadRequest as problem:
        assert str(problem)
    else:
        parsed["message"].encode("utf-8")  # always valid text from here on
        json.dumps(parsed)


@pytest.mark.rasa
def test_the_running_stack_never_answers_a_fuzzed_request_with_a_server_error(stack: Stack, web: WebSide) -> None:
    session = web_session(web.url)
    statuses: list[tuple[int, int]] = []

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=BODIES)
    def send(body: bytes) -> None:
        web_status, _ = http("POST", f"{web.url}/webhooks/rest/webhook", body, headers=session, internal=False)
        rasa_status, _ = http("POST", stack.rest_url, body)
        statuses.append((web_status, rasa_status))
        assert web_status < 500 and rasa_status < 500, body

    send()
    assert len(statuses) >= 300
    for process in stack.procs.values():
        assert process.poll() is None, "a process stopped or restarted during the fuzzing"
    status, replies = http("POST", f"{web.url}/webhooks/rest/webhook",
                           json.dumps({"message": "i want to kill myself"}).encode(), headers=session, internal=False)
    assert status == 200 and "988" in texts(replies)
