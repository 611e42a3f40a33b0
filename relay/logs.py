"""Structured logs: one JSON object per line on stderr.

What may appear: event names, envelope ids, fingerprints, sizes, status codes, durations, error
codes. What must never appear: envelope bytes, identity names or any text from a card, invitation
codes, keys. Call `log_event` with explicit fields; never log a request body or a card.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

LOGGER_NAME = "scelle.relay"
logger = logging.getLogger(LOGGER_NAME)

_SAFE_TYPES = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if isinstance(v, _SAFE_TYPES)})
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type only: a message or traceback could quote data.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, sort_keys=True, separators=(",", ":"))


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, event, extra={"fields": fields})


def configure(level: str = "info") -> None:
    """Send relay logs to stderr as JSON; silence uvicorn's access log (we log requests)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (LOGGER_NAME, "uvicorn.error"):
        target = logging.getLogger(name)
        target.handlers[:] = [handler]
        target.setLevel(level.upper())
        target.propagate = False
    logging.getLogger("uvicorn.access").disabled = True
