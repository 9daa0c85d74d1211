"""The supervisor of `bot run`: a crash loop of the Telegram channel (its API unreachable) never takes the web chat
down with it; a crash loop of any other process still stops everything."""

from __future__ import annotations

import sys
import threading
import time

from bot.ops.cli import Supervisor

FAILS = [sys.executable, "-c", "import sys; sys.exit(1)"]
LASTS = [sys.executable, "-c", "import time; time.sleep(60)"]


class QuickSupervisor(Supervisor):
    MAX_RESTARTS = 2
    WINDOW_SECONDS = 30.0


def _watch(supervisor: Supervisor) -> tuple[threading.Thread, list[int]]:
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.watch()), daemon=True)
    thread.start()
    return thread, result


def test_a_telegram_crash_loop_is_retried_alone_while_the_web_side_goes_on() -> None:
    supervisor = QuickSupervisor({"telegram": FAILS, "web": LASTS}, env={})
    supervisor.start_all()
    try:
        thread, result = _watch(supervisor)
        deadline = time.monotonic() + 20
        while "telegram" not in supervisor.waiting and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "telegram" in supervisor.waiting and supervisor.waits["telegram"] >= 30
        assert thread.is_alive() and not result  # still watching: nothing was stopped
        assert supervisor.procs["web"].poll() is None
    finally:
        supervisor.stop()


def test_a_crash_loop_of_another_process_stops_everything() -> None:
    supervisor = QuickSupervisor({"actions": FAILS, "web": LASTS}, env={})
    supervisor.start_all()
    try:
        thread, result = _watch(supervisor)
        thread.join(20)
        assert result == [1]
    finally:
        supervisor.stop()
