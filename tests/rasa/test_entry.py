"""How Rasa is started: the HTTP API's token reaches it inside the process, whatever its first character."""

from __future__ import annotations

import pytest

from bot.rasa.entry import token_given, with_auth_token


@pytest.mark.parametrize("token", ["abc", "-starts-with-a-dash", "--looks-like-a-flag"])
def test_the_token_is_one_argument_that_rasa_parses(token: str) -> None:
    import argparse

    from rasa.cli.arguments.run import add_server_arguments

    arguments = with_auth_token(["--port", "5005"], token)
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    assert parser.parse_known_args(arguments)[0].auth_token == token


def test_a_token_given_on_the_command_line_is_kept() -> None:
    assert with_auth_token(["--auth-token=x"], "y") == ["--auth-token=x"]
    assert with_auth_token(["--port", "1"], None) == ["--port", "1"]


def test_the_greeting_and_version_take_the_token_as_rasa_s_routes_do() -> None:
    assert token_given("secret", "secret", None)
    assert token_given("secret", None, "Bearer secret")
    assert token_given("secret", None, "bearer  secret ")
    assert not token_given("secret", None, None)
    assert not token_given("secret", "wrong", "Bearer wrong")
    assert not token_given("secret", "", "Basic secret")
