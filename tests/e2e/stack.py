"""A real Recovery Guide stack (action server + Rasa) on free loopback ports, for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bot.ops.cli import MODEL, PROJECT_ROOT, process_commands, stop_process_groups

TOKEN = "e2e-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: bytes | None = None, timeout: float = 30,
         headers: dict[str, str] | None = None, internal: bool = True) -> tuple[int, Any]:
    """A request as our sides make it: with the internal token Rasa's REST channel asks for, unless
    ``internal`` is false (a stranger's request)."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if internal:
        sent["X-Internal-Token"] = os.environ["INTERNAL_API_TOKEN"]
    request = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw)
    except json.JSONDecodeError:
        return status, raw.decode("utf-8", "replace")


def wait_until_ok(url: str, procs: list[subprocess.Popen], log: Path, seconds: float) -> None:
    """Wait for ``url`` to answer 200; fail at once if one of ``procs`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError(f"a process exited; see {log}")
        try:
            if http("GET", url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready in {seconds} s; see {log}")


class Stack:
    def __init__(self, var_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        if not MODEL.exists():
            raise RuntimeError(f"{MODEL} is missing: run `make train` (make test does it first)")
        self.var_dir = var_dir
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.env = {**os.environ, "BOT_VAR_DIR": str(var_dir), "RASA_AUTH_TOKEN": TOKEN,
                    "BOT_COUNTRY": "US", "RASA_TELEMETRY_ENABLED": "false",
                    "TRACKER_STORE_URL": f"sqlite:///{var_dir / 'conversations.db'}",
                    "TRACKER_DIALECT": "sqlite", **(extra_env or {})}
        self.commands = process_commands(self.env, self.rasa_port, self.actions_port, TOKEN)
        self.procs: dict[str, subprocess.Popen] = {}
        self.log = open(var_dir / "stack.log", "ab")

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.commands["actions"][0], "-m", "bot", *args], cwd=PROJECT_ROOT,
                              env=self.env, capture_output=True, text=True, timeout=120)

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(self.commands[name], cwd=PROJECT_ROOT, env=self.env,
                                            stdout=self.log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc:
            stop_process_groups([proc], timeout=20)

    def wait_until(self, url: str, seconds: float = 300) -> None:
        wait_until_ok(url, list(self.procs.values()), self.var_dir / "stack.log", seconds)

    def start_actions(self) -> None:
        self.start("actions")
        self.wait_until(f"http://127.0.0.1:{self.actions_port}/health")

    def up(self) -> Stack:
        assert self.cli("migrate").returncode == 0
        try:
            self.start_actions()
            self.start("rasa")
            self.wait_until(f"http://127.0.0.1:{self.rasa_port}/status?token={TOKEN}")
        except BaseException:
            self.down()  # a stack that never came up leaves no processes behind for the rest of the run
            raise
        return self

    def down(self) -> None:
        for name in list(self.procs):
            self.stop(name)
        self.log.close()

    def say(self, sender: str, message: str, **extra: Any) -> list[dict[str, Any]]:
        status, replies = http("POST", self.rest_url,
                               json.dumps({"sender": sender, "message": message, **extra}).encode())
        assert status == 200, replies
        return replies

    def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        url = (f"http://127.0.0.1:{self.rasa_port}/conversations/{sender}/tracker?token={TOKEN}"
               f"&include_events={include_events}")
        return http("GET", url)[1]


def web_session(web_url: str) -> dict[str, str]:
    """A new widget session on the web side at ``web_url``: the Authorization header to send."""
    status, body = http("POST", f"{web_url}/session", b"", internal=False)
    assert status == 200, body
    return {"Authorization": f"Bearer {body['token']}"}


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)
