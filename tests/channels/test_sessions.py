"""The web widget's session tokens: signed, bound to one session id, and limited in time."""

from bot.sides.sessions import new_session_token, sender_for, session_id_of

KEY = b"k" * 32
HOUR = 3600.0


def test_a_token_names_its_session_until_it_expires() -> None:
    token = new_session_token(KEY, now=1_000_000)
    sender = sender_for(token, KEY, 12 * HOUR, now=1_000_000 + 11 * HOUR)
    assert sender == "web:" + token.split(".")[0]
    assert sender_for(token, KEY, 12 * HOUR, now=1_000_000 + 12 * HOUR + 1) is None


def test_a_renewed_token_keeps_the_session_and_starts_a_new_lifetime() -> None:
    first = new_session_token(KEY, now=1_000_000)
    renewed = new_session_token(KEY, session_id_of(first, KEY, 12 * HOUR, now=1_000_000 + HOUR), now=1_000_000 + HOUR)
    later = 1_000_000 + 12 * HOUR + 60
    assert sender_for(first, KEY, 12 * HOUR, now=later) is None
    assert sender_for(renewed, KEY, 12 * HOUR, now=later) == "web:" + first.split(".")[0]


def test_a_changed_issue_time_or_another_key_is_refused() -> None:
    token = new_session_token(KEY, now=1_000_000)
    session_id, _, signature = token.split(".")
    assert sender_for(f"{session_id}.{2_000_000}.{signature}", KEY, 12 * HOUR, now=2_000_000) is None
    assert sender_for(token, b"other" * 8, 12 * HOUR, now=1_000_000) is None
    assert sender_for(f"{session_id}.{signature}", KEY, 12 * HOUR, now=1_000_000) is None  # the old form
    assert sender_for(new_session_token(KEY, now=1_000_000 + HOUR), KEY, 12 * HOUR, now=1_000_000) is None


def test_a_token_can_only_be_written_one_way() -> None:
    session_id, issued, signature = new_session_token(KEY, now=1_000_000).split(".")
    assert sender_for(f"{session_id}.0{issued}.{signature}", KEY, 12 * HOUR, now=1_000_000) is None
