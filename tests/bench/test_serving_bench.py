"""Serving: latency and throughput over REST next to Rasa's starter bot, memory, start-up and training."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.bench.stacks import (
    RASA,
    LoadResult,
    init_starter_bot,
    rss_mib,
    run_locust,
    start_recovery_guide,
    start_starter_bot,
)
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.bench
USERS = (1, 20, 50)
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))


def _row(bot: str, r: LoadResult) -> str:
    return (f"| {bot} | {r.users} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | {r.throughput:.1f} | "
            f"{r.requests} | {r.failures} |")


def test_serving_against_the_starter_bot(tmp_path: Path, report: dict[str, str], summary: list[str]) -> None:
    ours: dict[int, LoadResult] = {}
    starter: dict[int, LoadResult] = {}
    bot, rasa_port, ready_seconds = start_recovery_guide(tmp_path)
    try:
        for users in USERS:
            ours[users] = run_locust(f"http://127.0.0.1:{rasa_port}", users, SECONDS, "recovery-guide", tmp_path)
        memory = {"Rasa": rss_mib(f"--port {rasa_port}"), "action server": rss_mib("bot.ops.actions_server"),
                  "web side": rss_mib("-m bot web")}
    finally:
        bot.stop()
    starter_dir = tmp_path / "starter"
    starter_dir.mkdir()
    starter_train = init_starter_bot(starter_dir)
    starter_bot, starter_port = start_starter_bot(starter_dir)
    try:
        for users in USERS:
            starter[users] = run_locust(f"http://127.0.0.1:{starter_port}", users, SECONDS, "starter", tmp_path)
        memory["starter bot (Rasa)"] = rss_mib(f"--port {starter_port}")
    finally:
        starter_bot.stop()

    scratch, cached = _training_times(tmp_path)
    ratio = ours[20].throughput / starter[20].throughput if starter[20].throughput else 0.0
    rows = ["| bot | users | p50 ms | p95 ms | p99 ms | messages/s | messages | failures |",
            "|---|---|---|---|---|---|---|---|"]
    for users in USERS:
        rows += [_row("Recovery Guide", ours[users]), _row("rasa init starter", starter[users])]
    report["30-serving"] = "\n".join([
        "## Serving",
        "",
        f"Locust ({SECONDS} s per level, no think time) against `python -m bot run` (what `make run` starts:",
        "SQLite, every message screened, check-ins written) and Rasa's `rasa init` starter bot served by the same",
        "Rasa on the same machine in the same run. Our script: greeting, consent, a full check-in, a coping",
        "request, goodbye (11 messages); the starter's: hello, I am sad, yes, bye. Locust runs on the same 2 cores.",
        "Command: `make bench`.",
        "",
        *rows,
        "",
        f"**Throughput at 20 users: {ratio:.2f}x the starter bot** (goal: at least 0.8x). "
        f"p95 at 1 user: {ours[1].p95:.0f} ms (goal: under 250 ms).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| time from `python -m bot run` to ready (model already trained) | {ready_seconds:.1f} s (goal: 90 s) |",
        *[f"| RSS after load: {name} | {mib:.0f} MiB |" for name, mib in memory.items()],
        f"| training our model from scratch (empty cache) | {scratch:.0f} s |",
        f"| training again with Rasa's cache (data unchanged, model file removed) | {cached:.0f} s |",
        f"| `rasa init` (creates and trains the starter bot) | {starter_train:.0f} s |",
    ])
    summary.append(f"serving: 20-user throughput {ratio:.2f}x starter; p95 at 1 user {ours[1].p95:.0f} ms; "
                   f"ready in {ready_seconds:.0f} s")
    assert ours[1].failures == 0 and ours[20].requests > 0


def _training_times(tmp_path: Path) -> tuple[float, float]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(tmp_path / "cache")}
    out = tmp_path / "models"
    started = time.monotonic()
    subprocess.run([RASA, "train", "--force", "--out", str(out), "--quiet"], cwd=PROJECT_ROOT, env=env,
                   check=True, capture_output=True, timeout=1800)
    scratch = time.monotonic() - started
    shutil.rmtree(out)  # keep the cache, lose the model: the next training reuses every cached step
    started = time.monotonic()
    subprocess.run([RASA, "train", "--out", str(out), "--quiet"], cwd=PROJECT_ROOT, env=env,
                   check=True, capture_output=True, timeout=1800)
    cached = time.monotonic() - started
    shutil.rmtree(out, ignore_errors=True)
    return scratch, cached
