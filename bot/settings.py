"""Configuration from the environment (documented in README.md and .env.example)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.content.loader import PROJECT_ROOT


@dataclass(frozen=True)
class Settings:
    country: str
    database_url: str
    var_dir: Path
    clinic_alert_webhook: str | None
    secret_key: bytes
    encryption_key: bytes


def var_dir() -> Path:
    path = Path(os.environ.get("BOT_VAR_DIR") or PROJECT_ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_country() -> str:
    return (os.environ.get("BOT_COUNTRY") or "US").strip().upper()


def _key_from_env_or_file(env_name: str, filename: str, make: Callable[[], bytes]) -> bytes:
    """A secret from the environment, else generated once into var/ with 0600 permissions."""
    value = os.environ.get(env_name)
    if value:
        return value.encode()
    path = var_dir() / filename
    if not path.exists():
        # Written whole under another name, then linked: processes starting together all read the same key.
        draft = path.with_name(f".{filename}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(make())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()


def load_settings() -> Settings:
    from cryptography.fernet import Fernet

    directory = var_dir()
    return Settings(
        country=default_country(),
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{directory / 'recovery-guide.db'}",
        var_dir=directory,
        clinic_alert_webhook=os.environ.get("CLINIC_ALERT_WEBHOOK") or None,
        secret_key=_key_from_env_or_file(
            "BOT_SECRET_KEY", "secret.key", lambda: secrets.token_hex(32).encode()
        ),
        encryption_key=_key_from_env_or_file("BOT_ENCRYPTION_KEY", "fernet.key", Fernet.generate_key),
    )
