"""Fire-and-forget work on the running event loop that must not be garbage-collected mid-flight."""

from __future__ import annotations

import asyncio
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")
_PENDING: set[asyncio.Task[Any]] = set()


def run_in_background(coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Start ``coroutine`` now and keep a reference to it until it finishes."""
    task = asyncio.get_running_loop().create_task(coroutine)
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)
    return task
