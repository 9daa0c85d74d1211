"""`python -m bot run` (what `make run` starts): comes up with no tokens, answers, stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.channels.fake_telegram import FakeTelegram
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import free_port, http

pytestmark = pytest.mark.rasa


def test_run_starts_everything_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    fake = FakeTelegram().start()
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"RASA_AUTH_TOKEN", "DATABASE_URL", "TELEGRAM_TOKEN", "TRACKER_STORE_URL",
                        "ACTION_ENDPOINT_URL", "RASA_REST_URL"}}
    env.update(BOT_VAR_DIR=str(tmp_path), TELEGRAM_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
               WEB_PORT=str(web_port))
    log = open(tmp_path / "run.log", "w+b")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--rasa-port", str(rasa_port),
         "--actions-port", str(actions_port)],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        output = ""
        while "ready:" not in output and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(1)
            output = (tmp_path / "run.log").read_text(errors="replace")
        assert "ready:" in output, output[-3000:]
        assert "RASA_AUTH_TOKEN was not set" in output
        status, replies = http("POST", f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                               json.dumps({"sender": "smoke", "message": "hello"}).encode())
        assert status == 200 and "Recovery Guide" in replies[0]["text"]
        # the HTTP API is on and protected by the token
        assert http("GET", f"http://127.0.0.1:{rasa_port}/status")[0] == 401
        # so are Rasa's greeting and version (they name the version to whoever asks)
        assert http("GET", f"http://127.0.0.1:{rasa_port}/")[0] == 401
        assert http("GET", f"http://127.0.0.1:{rasa_port}/version")[0] == 401
        assert "version" not in json.dumps(http("GET", f"http://127.0.0.1:{rasa_port}/status")[1])
        # the web side serves the demo clinic page with the widget
        status, page = http("GET", f"http://127.0.0.1:{web_port}/")
        assert status == 200 and 'src="/widget.js"' in page
        assert (tmp_path / "recovery-guide.db").exists()
        assert oct((tmp_path / "fernet.key").stat().st_mode & 0o777) == "0o600"
        # the Telegram side polls the (fake) Bot API and answers each chat
        fake.send_text(201, "/start")
        fake.send_text(202, "i want to end my life")
        fake.push({"message": fake.message(203, None, sticker={
            "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512,
            "is_animated": False, "is_video": False})})
        fake.wait_for_text(201, "automated guide")
        assert "911" in fake.wait_for_text(202, "988")
        fake.wait_for_text(203, "I can only read text messages")
        assert not any("988" in t for t in fake.texts(201) + fake.texts(203))
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        log.close()
        fake.stop()
    for port in (rasa_port, actions_port, web_port):
        with pytest.raises(OSError):
            http("GET", f"http://127.0.0.1:{port}/", timeout=2)
