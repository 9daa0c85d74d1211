"""The action server's answers are checked against Rasa's schema as Rasa checks them, with one validator."""

from __future__ import annotations

import pytest


@pytest.fixture()
def one_validator():  # type: ignore[no-untyped-def]
    from rasa.core.actions.action import RemoteAction

    from bot.rasa.action_results import validate_with_one_validator

    rasa_check = RemoteAction.__dict__["_validate_action_result"]
    validate_with_one_validator()
    yield RemoteAction
    RemoteAction._validate_action_result = rasa_check


ANSWERS = [
    {"events": [{"event": "slot", "name": "mood", "value": 5}], "responses": [{"response": "utter_ask_anxiety"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}]},
]
NOT_ANSWERS = [
    {"events": [{"event": "slot", "value": 5}]},  # a slot event without its name
    {"events": "slot mood 5"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [{"response": 7}], "events": [{"name": 3, "event": "slot"}]},
]


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_valid_answer_passes_both_ways(one_validator, answer) -> None:  # type: ignore[no-untyped-def]
    from jsonschema import validate

    validate(answer, one_validator.action_response_format_spec())  # Rasa's own check passes it too
    assert one_validator._validate_action_result(object.__new__(one_validator), answer) is True


@pytest.mark.parametrize("answer", NOT_ANSWERS)
def test_an_invalid_answer_is_refused_with_rasas_error(one_validator, answer) -> None:  # type: ignore[no-untyped-def]
    from jsonschema import ValidationError, validate

    with pytest.raises(ValidationError) as by_rasa:
        validate(answer, one_validator.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        one_validator._validate_action_result(object.__new__(one_validator), answer)
    assert ours.value.message.startswith(by_rasa.value.message)
    assert "Failed to validate Action server response" in ours.value.message
