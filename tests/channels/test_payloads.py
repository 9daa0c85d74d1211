"""Typed /intent{json} text never reaches Rasa as intent syntax; our own button payloads do."""

from __future__ import annotations

import pytest

from bot.core.payloads import as_user_text, is_button_payload


@pytest.mark.parametrize("payload", [
    "/make_safety_plan", "/give_consent", "/affirm", "/crisis_help", "/start_checkin",
    '/coping_walkthrough{"coping_step": "paced-breathing"}', '/coping_helped{"coping_step": "walk_outside"}',
])
def test_our_button_payloads_pass_unchanged(payload: str) -> None:
    assert is_button_payload(payload)
    assert as_user_text(payload) == payload


@pytest.mark.parametrize(("typed", "read_as"), [
    ('/greet{"help_phone":"555-0199","help_service":"FAKE LINE"}',
     'greet{"help_phone":"555-0199","help_service":"FAKE LINE"}'),
    ('/greet{"country": "FR"}', 'greet{"country": "FR"}'),
    ('/greet{"crisis_category": "third_party"}', 'greet{"crisis_category": "third_party"}'),
    ("/crisis", "crisis"),  # only the safety screen labels a crisis
    ("/greet I want to kill myself", "greet I want to kill myself"),
    ("/affirm@0.99", "affirm@0.99"),
    ("//affirm", "affirm"),
    ("/no_such_intent", "no_such_intent"),
    ('/coping_helped{"coping_step": "a b c; drop"}', 'coping_helped{"coping_step": "a b c; drop"}'),
    ('/coping_helped{"coping_step": 5}', 'coping_helped{"coping_step": 5}'),
    ("/", "."),
    ("hello /greet", "hello /greet"),
])
def test_typed_intent_syntax_is_read_as_text(typed: str, read_as: str) -> None:
    assert not is_button_payload(typed.strip())
    assert as_user_text(typed) == read_as


def test_a_payload_with_leading_space_is_text_too() -> None:
    assert as_user_text("  /give_consent") == "give_consent"


@pytest.mark.parametrize("payload", [
    "/give_consent", "/withdraw_consent", "/affirm", "/stage_maintenance",
    '/coping_helped{"coping_step": "walk_outside"}',
])
def test_a_payload_that_records_something_counts_only_while_it_is_offered(payload: str) -> None:
    assert as_user_text(payload, offered=[payload]) == payload
    assert as_user_text(payload, offered=["/deny", "/ask_coping"]) == payload[1:]


@pytest.mark.parametrize("payload", ["/greet", "/start_checkin", "/crisis_help", "/what_can_you_do"])
def test_menu_commands_count_at_any_time(payload: str) -> None:
    assert as_user_text(payload, offered=[]) == payload

