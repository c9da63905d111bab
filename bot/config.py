"""Settings from the environment or a ``.env`` file (pydantic settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"


class Settings(BaseSettings):
    """Every setting the bot reads; names match ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = TELEGRAM_BASE_URL
    telegram_base_file_url: str = TELEGRAM_BASE_FILE_URL
    database_path: str = "data/coach.db"
    database_sync: Literal["normal", "full"] = "normal"
    log_level: str = "INFO"
    telegram_http: Literal["aiohttp", "httpx"] = "aiohttp"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    practice_seed: int | None = None

    @field_validator("practice_seed", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        """``PRACTICE_SEED=`` (blank) means truly random, like leaving it out."""
        return None if isinstance(value, str) and not value.strip() else value

    # Comma-separated Telegram user ids; unset or blank: everyone may use the bot.
    allowed_user_ids: str = ""
    messages_per_second: float = 3.0

    @field_validator("allowed_user_ids")
    @classmethod
    def _ids_are_numbers(cls, value: str) -> str:
        bad = [part for part in value.split(",") if part.strip() and not part.strip().isdigit()]
        if bad:
            raise ValueError(f"ALLOWED_USER_IDS takes Telegram user ids (numbers), not {bad[0]!r}")
        return value

    @property
    def allowed_ids(self) -> frozenset[int] | None:
        """The users who may use the bot, or None when everyone may (unset or blank)."""
        ids = frozenset(int(p) for p in self.allowed_user_ids.split(",") if p.strip())
        return ids or None

    @property
    def token(self) -> str | None:
        """The bot token, or None when unset or blank."""
        if self.telegram_bot_token is None:
            return None
        value = self.telegram_bot_token.get_secret_value().strip()
        return value or None
