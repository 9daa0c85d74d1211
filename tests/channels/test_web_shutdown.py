"""The web side stops gracefully: a message in progress is answered, new connections are refused."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import free_port, http, web_session


class HeldRasa:
    """A stand-in for Rasa's REST channel that holds each message until released."""

    def __init__(self) -> None:
        self.received = threading.Event()
        self.release = threading.Event()
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name): Rasa's /ready, for the side's own
                body = b'{"status": "ready"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers["Content-Length"]))
                held.received.set()
                held.release.wait(timeout=30)
                body = json.dumps([{"recipient_id": "web:x", "text": "answer after the signal"}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/rest/webhook"


def test_sigterm_finishes_the_message_in_progress(tmp_path: Path) -> None:
    rasa = HeldRasa()
    port = free_port()
    env = {**os.environ, "RASA_REST_URL": rasa.url, "WEB_PORT": str(port), "BOT_VAR_DIR": str(tmp_path)}
    web = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=PROJECT_ROOT, env=env,
                           stdout=open(tmp_path / "web.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(120):
            try:
                if http("GET", f"http://127.0.0.1:{port}/ready", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            threading.Event().wait(0.25)
        answer: dict[str, Any] = {}
        body = json.dumps({"message": "hello"}).encode()
        session = web_session(f"http://127.0.0.1:{port}")

        def send() -> None:
            answer["status"], answer["replies"] = http("POST", f"http://127.0.0.1:{port}/webhooks/rest/webhook", body,
                                                       headers=session)

        sender = threading.Thread(target=send)
        sender.start()
        assert rasa.received.wait(timeout=30), "the message should reach Rasa"
        os.killpg(web.pid, signal.SIGTERM)
        for _ in range(40):  # the listener closes shortly after the signal
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except ConnectionRefusedError:
                break
            threading.Event().wait(0.1)
        else:
            pytest.fail("the web side kept accepting connections after SIGTERM")
        assert web.poll() is None, "the web side must wait for the message in progress"
        rasa.release.set()
        sender.join(timeout=30)
        assert answer["status"] == 200 and answer["replies"][0]["text"] == "answer after the signal"
        assert web.wait(timeout=30) == 0
    finally:
        rasa.release.set()
        if web.poll() is None:
            os.killpg(web.pid, signal.SIGKILL)
        rasa.server.shutdown()
