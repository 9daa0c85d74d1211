"""Keeping message text out of logs.

Rasa and rasa-sdk log whole requests (tracker, user text) and exception messages (which can quote an
answer) when an action fails. For the loggers that do, :class:`WithholdMessageText` keeps the log
line's first words, the exception's type and where it happened, and drops the rest.
"""

from __future__ import annotations

import logging
import traceback

# Loggers that are known to put user text into error lines.
LEAKY_LOGGERS = (
    "rasa.core.processor",
    "rasa.core.actions.action",
    "rasa.core.agent",
    "rasa.server",
    "rasa_sdk.endpoint",
    "rasa_sdk.executor",
    "rasa_sdk.forms",
    "sanic.error",
)
MARKERS = ('"text"', "'text'", "request_body", "parse_data", "latest_message", "tracker")


class WithholdMessageText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage().split("\n")[0]
        if any(marker in message for marker in MARKERS) or len(message) > 500:
            cut = min([message.find(m) for m in MARKERS if m in message] + [80])
            message = f"{message[:cut]}... [details withheld: may contain message text]"
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            where = traceback.extract_tb(tb)[-1] if tb else None
            place = f" at {where.filename}:{where.lineno}" if where else ""
            message = f"{message} [{kind.__name__}{place}; details withheld]"
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = message, ()
        return True


def install() -> None:
    """Attach the filter to the loggers that leak (idempotent)."""
    for name in LEAKY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdMessageText) for f in logger.filters):
            logger.addFilter(WithholdMessageText())
