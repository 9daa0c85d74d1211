"""Scale-out: throughput with two Rasa replicas (and two action servers) against one, behind nginx."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.bench.stacks import LoadResult, run_locust
from tests.scale.cluster import Cluster, missing_services

pytestmark = pytest.mark.bench
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
USERS = 20


def _measure(work: Path, replicas: int) -> LoadResult:
    cluster = Cluster(work / f"replicas-{replicas}", rasa_replicas=replicas, action_servers=replicas)
    try:
        cluster.up()
        return run_locust(f"http://127.0.0.1:{cluster.rasa_listen}", USERS, SECONDS, "recovery-guide", work)
    finally:
        cluster.down()


def test_two_replicas_against_one(tmp_path: Path, report: dict[str, str], summary: list[str]) -> None:
    reason = missing_services()
    if reason:
        pytest.skip(reason)
    results = {replicas: _measure(tmp_path, replicas) for replicas in (1, 2)}
    gain = results[2].throughput / results[1].throughput if results[1].throughput else 0.0
    rows = [f"| {n} | {r.users} | {r.p50:.0f} | {r.p95:.0f} | {r.throughput:.1f} | {r.requests} | {r.failures} |"
            for n, r in results.items()]
    report["40-scale-out"] = "\n".join([
        "## Scale-out",
        "",
        f"The same locust script ({USERS} users, {SECONDS} s, no think time) through nginx's Rasa listener, with",
        "the tracker store on PostgreSQL and the lock store on Redis, against one Rasa replica with one action",
        "server and against two of each (`tests/scale/cluster.py`, started as deploy/ starts them, JSON logs).",
        "Everything, locust included, shares this machine's cores, so this shows the cost and the gain of",
        "replicas on one machine, not what two machines give. Command: `make bench`.",
        "",
        "| Rasa replicas | users | p50 ms | p95 ms | messages/s | messages | failures |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"**Two replicas: {gain:.2f}x the throughput of one** on {os.cpu_count()} cores.",
    ])
    summary.append(f"scale-out: 2 replicas {results[2].throughput:.1f} msg/s vs 1 replica "
                   f"{results[1].throughput:.1f} msg/s ({gain:.2f}x)")
    assert results[1].failures == 0 and results[2].failures == 0
