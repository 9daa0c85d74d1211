"""Processes: which Python each runs on, its memory after load, time to ready, and setting up both
environments on a machine with nothing cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from bot.config import PROJECT_ROOT, rasa_python
from tests.channels.fake_telegram import FakeTelegram
from tests.e2e.stack import free_port, http, web_session

pytestmark = pytest.mark.bench

# Goals from the process-layout issue (MiB of resident memory after load).
GOALS = {"web side": 150, "Telegram side": 150, "action server": 250}
STACK_GOAL_MIB = 2048
PROCESSES = {  # name -> what its command line contains
    "Rasa": "bot.rasa.entry", "action server": "bot.ops.actions_server", "web side": "-m bot web",
    "Telegram side": "-m bot telegram", "supervisor (`python -m bot run`)": "-m bot run",
}


def _process(pattern: str) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        if pattern in " ".join(proc.info["cmdline"] or []):
            return proc
    raise LookupError(pattern)


def _python_version(proc: psutil.Process) -> str:
    out = subprocess.run([proc.exe(), "-c", "import platform; print(platform.python_version())"],
                         capture_output=True, text=True, timeout=60).stdout
    return out.strip()


FAIL_SAFE = """
from bot.sides.web import WebSide, widget_config
WebSide('http://127.0.0.1:9/webhooks/rest/webhook').app(); widget_config()
from bot.core.replies import fail_safe_reply
fail_safe_reply('i want to end my life', 'US')
print(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])
"""


def _fail_safe_mib() -> float:
    out = subprocess.run([sys.executable, "-c", FAIL_SAFE], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def _base_python(python: str) -> str:
    out = subprocess.run([python, "-c", "import sys; print(sys._base_executable)"], capture_output=True, text=True,
                         timeout=60)
    return out.stdout.strip()


def _setup_seconds(python: str, lock: str) -> float:
    """A new venv from ``lock`` with pip's cache off, as on a fresh machine (packages from the registry)."""
    with tempfile.TemporaryDirectory() as work:
        started = time.monotonic()
        subprocess.run([python, "-m", "venv", f"{work}/venv"], check=True, timeout=600)
        pip = [f"{work}/venv/bin/python", "-m", "pip", "install", "--quiet", "--no-cache-dir"]
        subprocess.run([*pip, "pip==24.2"], check=True, capture_output=True, timeout=600)
        subprocess.run([*pip, "-r", str(PROJECT_ROOT / lock)], check=True, capture_output=True, timeout=1800)
        return time.monotonic() - started


def test_processes(tmp_path: Path, report: dict[str, str], summary: list[str]) -> None:
    fake = FakeTelegram().start()
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"RASA_AUTH_TOKEN", "DATABASE_URL", "TRACKER_STORE_URL", "RASA_REST_URL"}}
    env.update(BOT_VAR_DIR=str(tmp_path), TELEGRAM_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
               WEB_PORT=str(web_port))
    log = open(tmp_path / "run.log", "w+b")
    started = time.monotonic()
    run = subprocess.Popen([sys.executable, "-m", "bot", "run", "--rasa-port", str(rasa_port), "--actions-port",
                            str(actions_port)], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)
    rows = []
    try:
        while "ready:" not in (tmp_path / "run.log").read_text(errors="replace"):
            assert run.poll() is None and time.monotonic() - started < 300, "the bot did not start"
            time.sleep(0.2)
        ready = time.monotonic() - started
        # Load: a conversation through the web side (session, consent, check-in, a crisis) and through Telegram.
        web = f"http://127.0.0.1:{web_port}"
        headers = web_session(web)
        for text in ("hello", "/give_consent", "check in", "6", "4", "7", "yes", "i want to end my life"):
            status, _ = http("POST", f"{web}/webhooks/rest/webhook", json.dumps({"message": text}).encode(),
                             headers=headers, internal=False)
            assert status == 200
        for chat, text in ((301, "/start"), (302, "i want to end my life"), (301, "check in")):
            fake.send_text(chat, text)
        fake.wait_for_text(302, "988")
        time.sleep(2)
        total = 0.0
        for name, pattern in PROCESSES.items():
            proc = _process(pattern)
            mib = proc.memory_info().rss / 2**20
            total += mib
            goal = GOALS.get(name)
            verdict = "" if goal is None else (f"≤ {goal}: met" if mib <= goal else f"≤ {goal}: MISSED")
            rows.append(f"| {name} | Python {_python_version(proc)} | {mib:.0f} MiB | {verdict} |")
    finally:
        os.killpg(run.pid, 2)
        run.wait(timeout=60)
        log.close()
        fake.stop()
    # The base interpreters the Makefile finds (a venv's python makes a venv of its base Python).
    setup_rasa = _setup_seconds(_base_python(rasa_python()), "requirements-rasa.lock")
    setup_bot = _setup_seconds(_base_python(sys.executable), "requirements.lock")
    stack_verdict = "met" if total <= STACK_GOAL_MIB else "MISSED"
    report["05-processes"] = "\n".join([
        "## Processes",
        "",
        "`python -m bot run` (what `make run` starts) with the Telegram side on a fake Bot API, after a",
        "conversation through the web side (session, consent, check-in, a crisis) and three Telegram messages.",
        "Memory is each process's own resident set. Command: `make bench`.",
        "",
        "| process | runs on | RSS after load | goal |",
        "|---|---|---|---|",
        *rows,
        f"| **whole stack** | | **{total:.0f} MiB** | ≤ {STACK_GOAL_MIB}: {stack_verdict} |",
        f"| web side once its fail-safe has screened a message (Rasa down: spaCy and the classifier loaded) "
        f"| Python {sys.version.split()[0]} | {_fail_safe_mib():.0f} MiB | |",
        "",
        "| measure | value |",
        "|---|---|",
        f"| time from `python -m bot run` to ready (models trained) | {ready:.1f} s |",
        f"| setting up Rasa's environment (Python 3.10, requirements-rasa.lock, no pip cache) | {setup_rasa:.0f} s |",
        f"| setting up the bot's environment (Python 3.12, requirements.lock, no pip cache) | {setup_bot:.0f} s |",
    ])
    summary.append(f"processes: whole stack {total:.0f} MiB; ready in {ready:.0f} s; setup {setup_rasa:.0f} s "
                   f"(Rasa) + {setup_bot:.0f} s (bot), side by side in make")
    assert total > 0
