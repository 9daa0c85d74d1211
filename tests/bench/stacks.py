"""Processes for `make bench`: our bot as `make run` starts it, Rasa's starter bot, and locust."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bot.config import rasa_python
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import free_port, http

RASA = str(Path(rasa_python()).with_name("rasa"))
LOCUST = str(PROJECT_ROOT / ".venv-bench" / "bin" / "locust")


def rss_mib(pattern: str) -> float:
    """Resident memory (MiB) of the processes whose command line contains ``pattern``."""
    out = subprocess.run(["ps", "-ww", "-eo", "rss=,args="], capture_output=True, text=True).stdout
    total_kib = sum(int(line.split(None, 1)[0]) for line in out.splitlines()
                    if pattern in line and "ps -eo" not in line)
    return total_kib / 1024


@dataclass
class LoadResult:
    users: int
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    throughput: float


def run_locust(host: str, users: int, seconds: int, bot: str, out_dir: Path) -> LoadResult:
    prefix = out_dir / f"{bot}-{users}"
    subprocess.run(
        [LOCUST, "-f", str(PROJECT_ROOT / "tests" / "bench" / "locustfile.py"), "--headless", "-u", str(users),
         "-r", str(users), "-t", f"{seconds}s", "--host", host, "--csv", str(prefix), "--only-summary",
         "--stop-timeout", "10"],
        env={**os.environ, "BENCH_BOT": bot}, capture_output=True, text=True, timeout=seconds + 120,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    return LoadResult(users, int(row["Request Count"]), int(row["Failure Count"]), float(row["50%"]),
                      float(row["95%"]), float(row["99%"]), float(row["Requests/s"]))


class Process:
    def __init__(self, args: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.log = log

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def start_recovery_guide(work: Path) -> tuple[Process, int, float]:
    """`python -m bot run` (what `make run` starts) on free ports; returns seconds until ready."""
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_TOKEN", "DATABASE_URL", "RASA_AUTH_TOKEN"}}
    env.update(BOT_VAR_DIR=str(work), WEB_PORT=str(web_port))
    started = time.monotonic()
    process = Process([sys.executable, "-m", "bot", "run", "--rasa-port", str(rasa_port), "--actions-port",
                       str(actions_port)], PROJECT_ROOT, env, work / "run.log")
    while "ready:" not in process.log.read_text(errors="replace"):
        if process.proc.poll() is not None or time.monotonic() - started > 300:
            raise RuntimeError(f"bot did not start; see {process.log}")
        time.sleep(0.2)
    return process, rasa_port, time.monotonic() - started


def init_starter_bot(work: Path) -> float:
    """`rasa init` in ``work`` (it trains the starter model); returns the seconds it took."""
    started = time.monotonic()
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(work)], cwd=work, check=True,
                   capture_output=True, text=True, timeout=1800,
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return time.monotonic() - started


def start_starter_bot(work: Path) -> tuple[Process, int]:
    port = free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    process = Process([RASA, "run", "--port", str(port), "--enable-api", "--auth-token", "bench", "-m", "models"],
                      work, env, work / "starter.log")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if http("GET", f"http://127.0.0.1:{port}/status?token=bench", timeout=2)[0] == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"starter bot did not start; see {work / 'starter.log'}")
