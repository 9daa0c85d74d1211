"""Keeping message text out of logs.

Rasa and rasa-sdk log whole requests (tracker, user text) and exception messages (which can quote an
answer) when an action fails. For the loggers that do, :class:`WithholdMessageText` keeps the log
line's first words, the exception's type and where it happened, and drops the rest.
"""

from __future__ import annotations

import logging
import logging.config
import traceback
from pathlib import Path
from typing import Mapping

import yaml

from bot.config import log_format_json, log_level

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
    """Attach the filter to the loggers that leak (idempotent); with JSON logs, warnings become log lines too."""
    if json_logs_wanted():
        logging.captureWarnings(True)
    for name in LEAKY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdMessageText) for f in logger.filters):
            logger.addFilter(WithholdMessageText())


LOGGING_CONFIG = Path(__file__).with_name("logging-json.yml")


def json_logs_wanted(env: Mapping[str, str] | None = None) -> bool:
    """LOG_FORMAT=json in ``env`` (default: this process's environment)."""
    return log_format_json(env)


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, event (structlog's renderer, already pinned by Rasa)."""
    import structlog

    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, structlog.processors.JSONRenderer()],
        foreign_pre_chain=[
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.format_exc_info,
        ],
    )


def configure(level: str | None = None) -> None:
    """Logging for our own processes: text lines, or JSON lines with LOG_FORMAT=json; never message text."""
    level = level or log_level()
    if json_logs_wanted():
        logging.config.dictConfig(yaml.safe_load(LOGGING_CONFIG.read_text(encoding="utf-8")))
        logging.getLogger().setLevel(level)
    else:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, WithholdMessageText) for f in handler.filters):
                handler.addFilter(WithholdMessageText())
    install()
