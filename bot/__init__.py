"""The coach's engine, storage and front ends (terminal and Telegram)."""

import os

# Opt in to python-telegram-bot's future time types now (durations as timedelta); the code
# handles both, and it keeps the deprecation warnings out of the logs.
os.environ.setdefault("PTB_TIMEDELTA", "true")
