"""`make bench`: each benchmark adds a section; the session writes docs/benchmarks.md and a summary."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

SECTIONS: dict[str, str] = {}
SUMMARY: list[str] = []


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(row for row in Path("/proc/meminfo").read_text().splitlines()
                          if row.startswith("MemTotal")).split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "unknown"
    return f"{os.cpu_count()} cores, {memory}, {cpu}; Python {platform.python_version()}"


@pytest.fixture(scope="session")
def report() -> dict[str, str]:
    return SECTIONS


@pytest.fixture(scope="session")
def summary() -> list[str]:
    return SUMMARY


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not SECTIONS:
        return
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {dt.date.today().isoformat()}: {machine_line()}.",
        "Reproduce with `make bench` (after `make test`). Ratios are the headline; absolute times vary",
        "between runs and machines.",
        "",
    ]
    for name in sorted(SECTIONS):
        lines += [SECTIONS[name].rstrip(), ""]
    (PROJECT_ROOT / "docs").mkdir(exist_ok=True)
    (PROJECT_ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines))
    print("\n".join(["", "Benchmark summary (docs/benchmarks.md has the details):", *SUMMARY]))
