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
    internal_token: str  # what the sides show Rasa's REST channel
    action_server_token: str  # what Rasa shows the action server
    web_session_key: bytes  # signs the web widget's sessions


def var_dir() -> Path:
    """The bot's own directory (embedded databases, generated keys): readable by its owner only."""
    path = Path(os.environ.get("BOT_VAR_DIR") or PROJECT_ROOT / "var")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except PermissionError:
        pass  # a directory the operator owns and set up; keep their permissions
    return path


def protect_files(directory: Path) -> None:
    """Make the databases and keys in ``directory`` readable by their owner only (0600)."""
    for path in directory.iterdir():
        if path.is_file() and path.suffix in (".db", ".key", ".token", ".db-wal", ".db-shm", ".db-journal"):
            try:
                path.chmod(0o600)
            except PermissionError:
                pass


# Secrets copied from an example file and never changed: the bot refuses to start with them.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "replace-me", "your-secret", "xxxxxxxx")
SECRET_VARIABLES = ("DATABASE_URL", "TRACKER_STORE_URL", "REDIS_URL", "BOT_SECRET_KEY", "BOT_ENCRYPTION_KEY",
                    "RASA_AUTH_TOKEN", "INTERNAL_API_TOKEN",
                    "ACTION_SERVER_TOKEN", "TELEGRAM_SECRET_TOKEN", "WEB_SESSION_KEY")


class PlaceholderSecret(SystemExit):
    """A secret in the environment is still the example's placeholder."""


def refuse_placeholder_secrets(environ: dict[str, str] | None = None) -> None:
    environ = dict(os.environ) if environ is None else environ
    for name in SECRET_VARIABLES:
        value = (environ.get(name) or "").lower()
        if value and any(marker in value for marker in PLACEHOLDER_MARKERS):
            raise PlaceholderSecret(
                f"{name} is still a placeholder ({environ[name][:12]}...). Set a real secret "
                f"(for example: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'), or unset "
                f"it to have one generated into the bot's var/ directory.")


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


@dataclass(frozen=True)
class ClinicContact:
    """How to reach people at the clinic (``CLINIC_NAME``, ``CLINIC_PHONE``, ``CLINIC_HOURS``)."""

    name: str | None
    phone: str | None
    hours: str | None

    @property
    def configured(self) -> bool:
        return bool(self.phone)


def clinic_contact() -> ClinicContact:
    def read(name: str) -> str | None:
        return (os.environ.get(name) or "").strip() or None

    return ClinicContact(name=read("CLINIC_NAME"), phone=read("CLINIC_PHONE"), hours=read("CLINIC_HOURS"))


def _new_token() -> bytes:
    return secrets.token_urlsafe(32).encode()


def internal_api_token() -> str:
    """The token the sides show Rasa's REST channel (``INTERNAL_API_TOKEN``, else var/internal-api.token)."""
    refuse_placeholder_secrets()
    return _key_from_env_or_file("INTERNAL_API_TOKEN", "internal-api.token", _new_token).decode()


def web_session_key() -> bytes:
    """The key that signs the web widget's sessions (``WEB_SESSION_KEY``, else var/web-session.key)."""
    refuse_placeholder_secrets()
    return _key_from_env_or_file("WEB_SESSION_KEY", "web-session.key", _new_token)


def action_server_token() -> str:
    """The token Rasa shows the action server (``ACTION_SERVER_TOKEN``, else var/action-server.token)."""
    refuse_placeholder_secrets()
    return _key_from_env_or_file("ACTION_SERVER_TOKEN", "action-server.token", _new_token).decode()


def load_settings() -> Settings:
    from cryptography.fernet import Fernet

    refuse_placeholder_secrets()
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
        internal_token=internal_api_token(),
        action_server_token=action_server_token(),
        web_session_key=web_session_key(),
    )
