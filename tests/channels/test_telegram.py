"""The Telegram side against a fake Bot API on loopback, with the real Rasa stack behind it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from bot.sides.telegram import SeenUpdates, split_message
from tests.channels.fake_telegram import FakeTelegram
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import Stack, free_port, http

pytestmark = pytest.mark.rasa


def start_bridge(fake: FakeTelegram, rasa_url: str, log: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram"], cwd=PROJECT_ROOT,
        env={**os.environ, "TELEGRAM_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
             "RASA_REST_URL": rasa_url, "TELEGRAM_RASA_TIMEOUT_SECONDS": "5", **env},
        stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeTelegram]:
    fake = FakeTelegram().start()
    proc = start_bridge(fake, stack.rest_url, tmp_path_factory.mktemp("tg") / "bridge.log",
                        BOT_VAR_DIR=str(stack.var_dir), REMINDER_INTERVAL_SECONDS="1")
    fake.wait_for(lambda: fake.sent(method="setMyCommands"))
    yield fake
    stop(proc)
    fake.stop()


def test_commands_are_registered(telegram: FakeTelegram) -> None:
    [call] = telegram.sent(method="setMyCommands")
    names = {c["command"] for c in call["commands"]}
    assert {"start", "checkin", "coping", "stage", "safetyplan", "help", "crisis", "export", "delete",
            "stop"} <= names


def test_start_gives_the_privacy_note_and_the_welcome(telegram: FakeTelegram) -> None:
    telegram.send_text(101, "/start")
    telegram.wait_for_text(101, "Telegram keeps its own copy")
    telegram.wait_for_text(101, "automated guide")
    consent = telegram.wait_for(lambda: [p for p in telegram.sent(101, "sendMessage") if p.get("reply_markup")])
    assert consent[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/give_consent"


def test_checkin_by_button_presses(telegram: FakeTelegram, stack: Stack) -> None:
    chat = 102
    telegram.send_text(chat, "/start")
    telegram.wait_for_text(chat, "Is it okay for me to store it?")
    telegram.press(chat, "/give_consent")
    telegram.wait_for_text(chat, "I'll keep your check-ins")
    assert telegram.sent(method="answerCallbackQuery")
    telegram.send_text(chat, "/checkin")
    telegram.wait_for_text(chat, "How is your mood")
    for data, next_question in (("7", "How anxious"), ("3", "hours did you sleep"), ("8", "medication"),
                                ("yes", "coping step"), ("skip", "Anything else")):
        telegram.press(chat, data)
        telegram.wait_for_text(chat, next_question)
    telegram.press(chat, "skip")
    telegram.wait_for_text(chat, "check-in is saved: mood 7/10, anxiety 3/10, 8 hours")
    [checkin] = json.loads(stack.cli("export", f"telegram:{chat}").stdout)["checkins"]
    assert (checkin["mood"], checkin["anxiety"], checkin["sleep_hours"]) == (7.0, 3.0, 8.0)


def test_crisis_message_gets_the_crisis_number_in_the_right_chat(telegram: FakeTelegram) -> None:
    telegram.send_text(103, "hi")
    telegram.send_text(104, "i want to kill myself")
    reply = telegram.wait_for_text(104, "988")
    assert "911" in reply
    assert not any("988" in t for t in telegram.texts(103))


def test_crisis_command_gives_the_lines(telegram: FakeTelegram) -> None:
    telegram.send_text(105, "/crisis")
    assert "911" in telegram.wait_for_text(105, "988")


def test_help_now_first_then_after_a_country_change_then_in_a_checkin(telegram: FakeTelegram) -> None:
    telegram.send_text(110, "help now")
    assert "911" in telegram.wait_for_text(110, "988")
    telegram.send_text(110, "I'm in the UK")
    telegram.wait_for_text(110, "United Kingdom")
    seen = len(telegram.texts(110))
    telegram.send_text(110, "/crisis")
    uk = telegram.wait_for_text(110, "116 123", after=seen)
    assert "999" in uk and "988" not in uk and "None" not in uk
    telegram.send_text(110, "/checkin")
    telegram.wait_for_text(110, "mood")
    seen = len(telegram.texts(110))
    telegram.send_text(110, "help now")
    assert "999" in telegram.wait_for_text(110, "116 123", after=seen)


def test_sticker_voice_photo_and_location_get_a_kind_reply(telegram: FakeTelegram) -> None:
    kinds = {
        "sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512,
                    "is_animated": False, "is_video": False},
        "voice": {"file_id": "v", "file_unique_id": "v", "duration": 3},
        "photo": [{"file_id": "p", "file_unique_id": "p", "width": 10, "height": 10}],
        "location": {"latitude": 51.5, "longitude": -0.1},
    }
    for i, (kind, body) in enumerate(kinds.items()):
        chat = 110 + i
        telegram.push({"message": telegram.message(chat, None, **{kind: body})})
        telegram.wait_for_text(chat, "I can only read text messages")


def test_duplicate_update_is_processed_once(telegram: FakeTelegram) -> None:
    message = telegram.message(120, "are you a bot?")
    telegram.push({"message": message}, update_id=50_000)
    telegram.push({"message": message}, update_id=50_000)  # delivered twice in one batch
    telegram.wait_for_text(120, "automated guide")
    telegram.send_text(120, "what can you do")
    telegram.wait_for_text(120, "I can: record")
    assert sum("automated guide" in t for t in telegram.texts(120)) == 1


def test_an_edit_is_not_a_new_message_unless_it_now_needs_crisis_help(telegram: FakeTelegram) -> None:
    telegram.push({"edited_message": {**telegram.message(121, "i went for a walk"), "edit_date": 1}})
    telegram.push({"edited_message": {**telegram.message(122, "help now"), "edit_date": 1}})
    telegram.send_text(121, "thanks")
    telegram.wait_for_text(121, "welcome")
    assert "988" in telegram.wait_for_text(122, "988")
    assert not any("988" in t for t in telegram.texts(121))  # the ordinary edit was not answered


def test_group_chats_are_declined_but_crisis_help_is_given_there(telegram: FakeTelegram) -> None:
    telegram.send_text(-500, "hello everyone", kind="group")
    telegram.wait_for_text(-500, "only talk in private chats")
    assert not any("988" in t for t in telegram.texts(-500))
    telegram.send_text(-501, "i want to kill myself tonight", kind="group")
    assert "911" in telegram.wait_for_text(-501, "988")
    telegram.wait_for_text(-501, "only talk in private chats")


def test_an_update_the_library_cannot_read_is_skipped_and_later_ones_answered(telegram: FakeTelegram) -> None:
    """A sticker without its required fields (as no Bot API sends today, but a new field or type could) once
    stopped polling: the same batch was asked for again and again, and no one was answered, crisis included."""
    telegram.push({"message": {**telegram.message(125, ""), "sticker": {"file_id": "x", "emoji": "x"}}})
    telegram.send_text(126, "help now")
    assert "911" in telegram.wait_for_text(126, "988")


def test_an_unreadable_update_that_says_help_now_still_gets_the_lines(telegram: FakeTelegram) -> None:
    telegram.push({"message": {**telegram.message(128, None), "caption": "help now", "document": {"file_id": "d"}}})
    assert "911" in telegram.wait_for_text(128, "988")


def test_a_photo_captioned_help_now_gets_the_lines(telegram: FakeTelegram) -> None:
    telegram.push({"message": {**telegram.message(127, None), "caption": "help now",
                               "photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]}})
    assert "911" in telegram.wait_for_text(127, "988")


def test_rasa_down_crisis_still_answered(tmp_path: Path) -> None:
    fake = FakeTelegram().start()
    proc = start_bridge(fake, f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook", tmp_path / "b.log")
    try:
        fake.send_text(130, "I've been stockpiling my pills")
        assert "911" in fake.wait_for_text(130, "988")
        fake.send_text(131, "check in")
        reply = fake.wait_for_text(131, "trouble")
        assert "/crisis" in reply and "988" in reply
    finally:
        stop(proc)
        fake.stop()


class _SilentRasa:
    """A Rasa that takes every message and answers none of them for a minute (a flood, a stuck replica)."""

    def __init__(self) -> None:
        import http.server
        import threading

        silent = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                silent.received += 1
                silent.released.wait(60)
                self.send_response(503)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.received = 0
        self.released = threading.Event()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/rest/webhook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()


def test_a_crisis_gets_its_reply_while_rasa_is_still_busy_with_it(tmp_path: Path) -> None:
    fake, rasa = FakeTelegram().start(), _SilentRasa()
    # (Rasa's timeout far above the wait: the reply can only be the side's own crisis reply, sent while Rasa holds
    # the message. The wait allows for a bridge that starts slowly on a loaded machine; it times nothing.)
    proc = start_bridge(fake, rasa.url, tmp_path / "b.log", TELEGRAM_RASA_TIMEOUT_SECONDS="180",
                        CRISIS_REPLY_SECONDS="1")
    try:
        fake.send_text(132, "i am going to end my life tonight")
        reply = fake.wait_for_text(132, "988", timeout=55)
        assert "911" in reply
        assert rasa.received == 1 and not rasa.released.is_set(), "Rasa had the message and had not answered"
    finally:
        stop(proc)
        rasa.stop()
        fake.stop()


def test_webhook_refuses_a_wrong_secret(stack: Stack, tmp_path: Path) -> None:
    fake = FakeTelegram().start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    proc = start_bridge(fake, stack.rest_url, tmp_path / "w.log", TELEGRAM_WEBHOOK_URL=url,
                        TELEGRAM_SECRET_TOKEN="s3cret-token", TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                        TELEGRAM_WEBHOOK_PORT=str(port))
    try:
        fake.wait_for(lambda: fake.sent(method="setWebhook"))
        assert fake.sent(method="setWebhook")[0]["secret_token"] == "s3cret-token"
        update = json.dumps({"update_id": 1, "message": fake.message(140, "are you a bot?")}).encode()
        fake.wait_for(lambda: _post(url, update, "wrong") in (403, 200))
        assert _post(url, update, "wrong") == 403
        assert _post(url, update, None) == 403
        assert _post(url, update, "s3cret-token") == 200
        fake.wait_for_text(140, "automated guide")
    finally:
        stop(proc)
        fake.stop()


def _post(url: str, body: bytes, secret: str | None) -> int:
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_long_replies_are_split() -> None:
    text = ("A sentence of about forty characters. " * 300).strip()
    parts = split_message(text)
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == text


def test_seen_updates_forget_old_ids() -> None:
    seen = SeenUpdates(size=2)
    assert seen.first_time(1) and seen.first_time(2) and not seen.first_time(2)
    assert seen.first_time(3) and seen.first_time(1)  # 1 was forgotten after 3 arrived


_ = http  # the stack's HTTP helper is re-exported for ad-hoc debugging


def test_daily_reminder_is_delivered_and_can_be_stopped(telegram: FakeTelegram) -> None:
    import datetime as dt

    chat = 150
    telegram.send_text(chat, "/start")
    telegram.wait_for_text(chat, "Is it okay for me to store it?")
    telegram.press(chat, "/give_consent")
    telegram.wait_for_text(chat, "I'll keep your check-ins")
    now = dt.datetime.utcnow().strftime("%H:%M")
    telegram.send_text(chat, f"remind me every day at {now}")
    telegram.wait_for_text(chat, f"every day at {now} (UTC)")
    reminder = telegram.wait_for(lambda: [p for p in telegram.sent(chat, "sendMessage")
                                          if "time for your daily check-in" in p.get("text", "")])
    assert reminder[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/start_checkin"
    telegram.send_text(chat, "stop reminders")
    telegram.wait_for_text(chat, "removed all your reminders")


def test_a_replica_that_is_down_is_skipped_and_probes_answer(stack: Stack, tmp_path: Path) -> None:
    """RASA_REST_URL lists a replica that is down and one that is up: every chat is answered by Rasa."""
    fake = FakeTelegram().start()
    down = f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook"
    health_port = free_port()
    proc = start_bridge(fake, f"{down},{stack.rest_url}", tmp_path / "r.log", BOT_VAR_DIR=str(stack.var_dir),
                        TELEGRAM_HEALTH_PORT=str(health_port))
    try:
        fake.wait_for(lambda: fake.sent(method="setMyCommands"))
        for chat in range(170, 176):  # some of these chats hash to the replica that is down first
            fake.send_text(chat, "what can you do?")
        for chat in range(170, 176):
            fake.wait_for_text(chat, "daily check-in")  # Rasa's answer, not the fail-safe's
            assert not any("trouble" in t for t in fake.texts(chat))
        fake.wait_for(lambda: _get(f"http://127.0.0.1:{health_port}/ready") == 200)
        assert _get(f"http://127.0.0.1:{health_port}/health") == 200
    finally:
        stop(proc)
        fake.stop()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
