"""Optional clinic alert for crisis events (``CLINIC_ALERT_WEBHOOK``).

The alert is sent in the background with retries and backoff; it never delays or blocks the reply,
and it never carries message text.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from actions.background import run_in_background

logger = logging.getLogger(__name__)


async def post_alert(
    url: str, payload: dict[str, Any], attempts: int = 5, first_delay: float = 1.0, timeout: float = 5.0
) -> bool:
    """POST ``payload`` as JSON, retrying with exponential backoff. True once delivered."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
                async with session.post(url, json=payload) as response:
                    if response.status < 300:
                        return True
                    logger.warning("clinic alert attempt %d got HTTP %d", attempt, response.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            logger.warning("clinic alert attempt %d failed: %s", attempt, exc.__class__.__name__)
        if attempt < attempts:
            await asyncio.sleep(delay)
            delay *= 2
    logger.error("clinic alert not delivered after %d attempts", attempts)
    return False


def schedule_alert(url: str, payload: dict[str, Any], **kwargs: Any) -> asyncio.Task[bool]:
    """Start :func:`post_alert` in the background of the running event loop."""
    return run_in_background(post_alert(url, payload, **kwargs))
