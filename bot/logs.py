"""Logging without secrets: the token is masked everywhere, httpx's URL lines are quiet."""

from __future__ import annotations

import logging

MASK = "[TOKEN]"


class RedactToken(logging.Filter):
    """Replace the bot token in any log record's final text."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, MASK)
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            if self.token in str(error):
                record.exc_info = None
                record.exc_text = None
                record.msg = f"{record.getMessage()} ({type(error).__name__})"
                record.args = None
        return True


class DropBootstrapErrors(logging.Filter):
    """python-telegram-bot's own start-up error lines: ``run_telegram`` prints one clear line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("telegram.ext") and "Bootstrap" in record.getMessage())


def mask_token_in_records(token: str | None) -> None:
    """Mask the token as each log record is made, for every handler (not only ours)."""
    if not token:
        return
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks", None) == token:
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record stays as it is
            return record
        if token in message:
            record.msg = message.replace(token, MASK)
            record.args = None
        return record

    factory.masks = token  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def quiet_http_logs() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token."""
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # transitions logs every state entered at INFO: noise, and a cost on every message.
    logging.getLogger("transitions").setLevel(logging.WARNING)


def setup_logging(level: str = "INFO", token: str | None = None) -> None:
    """Configure the root logger once: level from LOG_LEVEL, token masked, httpx quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    handler.addFilter(DropBootstrapErrors())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, str(level).upper(), logging.INFO))
    mask_token_in_records(token)
    quiet_http_logs()
