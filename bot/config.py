"""Every setting the bot reads from the environment, read here and nowhere else, with one default each.

README.md ("Settings") and .env.example document them. Sections follow the processes: shared, Rasa,
the action server, the web side, the Telegram side, the supervisor. Functions read the environment when
called (tests and the supervisor change it), and each variable is read in exactly one place.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------------------------------- defaults
DEFAULT_COUNTRY = "US"
DEFAULT_RASA_PORT = 5005
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_REPLY_TIMEOUT_SECONDS = 20.0
DEFAULT_CRISIS_REPLY_SECONDS = 5.0
# How long a conversation's lock in Redis lasts (Rasa's default: 60 s). A replica that dies holding it blocks the
# conversation until it expires. Our turns take well under a second; 10 s is far above that.
DEFAULT_TICKET_LOCK_SECONDS = 10
DEFAULT_WEB_MESSAGES_IN_FLIGHT = 16
DEFAULT_WEB_TRUSTED_PROXIES = "127.0.0.1,::1"


def address_set(raw: str) -> frozenset[str]:
    """The addresses in a comma-separated setting ("127.0.0.1, ::1"), without spaces or empty entries."""
    return frozenset(part.strip() for part in raw.split(",") if part.strip())
DEFAULT_ALLOWED_ORIGINS = "http://localhost:8000"
DEFAULT_WEB_PORT = 8000
DEFAULT_WEB_SESSION_HOURS = 12.0
DEFAULT_LOCK_STORE_PREFIX = "recoveryguide"
DEFAULT_RETENTION_DAYS = 30.0
DEFAULT_DRAIN_SECONDS = 20.0
DEFAULT_TIMEZONE = "UTC"
# Rasa runs in its own environment (Python 3.10); everything else in this one.
DEFAULT_RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def _read(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The variable's value with surrounding spaces removed; '' when unset."""
    return ((os.environ if environ is None else environ).get(name) or "").strip()


# --------------------------------------------------------------------------------------------- shared
def content_dir() -> Path:
    """The clinical content (``BOT_CONTENT_DIR``, default data/content)."""
    return Path(_read("BOT_CONTENT_DIR") or PROJECT_ROOT / "data" / "content")


def risk_model_dir() -> Path:
    """The trained risk classifier (``RISK_MODEL_DIR``, default models/risk-classifier)."""
    return Path(_read("RISK_MODEL_DIR") or PROJECT_ROOT / "models" / "risk-classifier")


def log_format_json(environ: Mapping[str, str] | None = None) -> bool:
    """``LOG_FORMAT=json``: one JSON object per log line."""
    return _read("LOG_FORMAT", environ).lower() == "json"


def log_level() -> str:
    return _read("LOG_LEVEL") or "INFO"


def default_timezone() -> str:
    """Reminders' time zone when the channel gives none (``BOT_TIMEZONE``)."""
    return _read("BOT_TIMEZONE") or DEFAULT_TIMEZONE


def rasa_rest_url(environ: Mapping[str, str] | None = None, port: int = DEFAULT_RASA_PORT) -> str:
    """Rasa's REST channel; several replicas separated by commas (``RASA_REST_URL``)."""
    return _read("RASA_REST_URL", environ) or f"http://127.0.0.1:{port}/webhooks/rest/webhook"


def reply_timeout() -> float:
    """How long a side (and Rasa's channel) waits for Rasa's answer (``RASA_REPLY_TIMEOUT_SECONDS``)."""
    return float(_read("RASA_REPLY_TIMEOUT_SECONDS") or DEFAULT_REPLY_TIMEOUT_SECONDS)


def crisis_reply_seconds() -> float:
    """How long a side waits for Rasa's answer to a message its own screen finds to be a crisis before it sends
    the crisis reply itself (``CRISIS_REPLY_SECONDS``); Rasa still handles the message."""
    return float(_read("CRISIS_REPLY_SECONDS") or DEFAULT_CRISIS_REPLY_SECONDS)


def allowed_origins(environ: Mapping[str, str] | None = None) -> str:
    """Origins that may embed the widget (``WEB_ALLOWED_ORIGINS``, comma-separated)."""
    return _read("WEB_ALLOWED_ORIGINS", environ) or DEFAULT_ALLOWED_ORIGINS


def tracker_store_url(environ: Mapping[str, str] | None = None) -> str | None:
    """Rasa's conversations (``TRACKER_STORE_URL``; default: beside the bot's own database)."""
    return _read("TRACKER_STORE_URL", environ) or None


def clinic_alert_webhook() -> str | None:
    return _read("CLINIC_ALERT_WEBHOOK") or None


def redis_url(environ: Mapping[str, str] | None = None) -> str:
    """Redis shared by several Rasa replicas (``REDIS_URL``); '' for one process."""
    return _read("REDIS_URL", environ)


def lock_store_prefix(environ: Mapping[str, str] | None = None) -> str:
    return _read("LOCK_STORE_PREFIX", environ) or DEFAULT_LOCK_STORE_PREFIX


# ----------------------------------------------------------------------------------------------- Rasa
def lock_store_environment(env: Mapping[str, str]) -> dict[str, str]:
    """The lock store endpoints.yml asks for: Redis when REDIS_URL is set (several replicas), else in memory."""
    from urllib.parse import urlsplit

    redis = redis_url(env)
    lock: dict[str, str] = {"LOCK_STORE_TYPE": env.get("LOCK_STORE_TYPE") or ("redis" if redis else "in_memory")}
    parts = urlsplit(redis) if redis else None
    db = (parts.path.strip("/") if parts else "") or "1"
    lock["LOCK_STORE_HOST"] = env.get("LOCK_STORE_HOST") or (parts.hostname if parts else None) or "localhost"
    lock["LOCK_STORE_PORT"] = env.get("LOCK_STORE_PORT") or str((parts.port if parts else None) or 6379)
    lock["LOCK_STORE_DB"] = env.get("LOCK_STORE_DB") or db
    lock["LOCK_STORE_PASSWORD"] = env.get("LOCK_STORE_PASSWORD") or (parts.password if parts else None) or ""
    lock["LOCK_STORE_PREFIX"] = lock_store_prefix(env)
    lock["TICKET_LOCK_LIFETIME"] = str(ticket_lock_seconds(env))
    return lock


def ticket_lock_seconds(environ: Mapping[str, str] | None = None) -> int:
    """How long a conversation's lock lasts (``TICKET_LOCK_LIFETIME``): a message resent to the next replica after
    one died may wait this long for the lock before it is handled, so the channels give it this much longer."""
    return int(_read("TICKET_LOCK_LIFETIME", environ) or DEFAULT_TICKET_LOCK_SECONDS)


def rasa_python(environ: Mapping[str, str] | None = None) -> str:
    """The interpreter that runs Rasa (``RASA_PYTHON``, default .venv-rasa/bin/python)."""
    return _read("RASA_PYTHON", environ) or str(DEFAULT_RASA_PYTHON)


def rasa_host(environ: Mapping[str, str] | None = None) -> str:
    return _read("RASA_HOST", environ) or "127.0.0.1"


def rasa_port() -> int:
    return int(_read("RASA_PORT") or DEFAULT_RASA_PORT)


def rasa_auth_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The token of Rasa's HTTP API (``RASA_AUTH_TOKEN``)."""
    return _read("RASA_AUTH_TOKEN", environ) or None


def drain_seconds() -> float:
    """How long a stopping Rasa replica finishes what it accepted (``RASA_DRAIN_SECONDS``)."""
    return float(_read("RASA_DRAIN_SECONDS") or DEFAULT_DRAIN_SECONDS)


def retention_days() -> float:
    """Days a consented conversation's events are kept (``CONVERSATION_RETENTION_DAYS``)."""
    return float(_read("CONVERSATION_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


# ---------------------------------------------------------------------------------------- action server
def actions_host() -> str:
    return _read("ACTIONS_HOST") or "127.0.0.1"


def actions_port() -> int:
    return int(_read("ACTIONS_PORT") or DEFAULT_ACTIONS_PORT)


# ------------------------------------------------------------------------------------------- web side
@dataclass(frozen=True)
class WebSettings:
    host: str
    port: int
    rasa_url: str
    reply_timeout: float
    crisis_seconds: float = DEFAULT_CRISIS_REPLY_SECONDS
    # Messages one client address may have waiting for a reply at once (WEB_MESSAGES_IN_FLIGHT).
    in_flight: int = DEFAULT_WEB_MESSAGES_IN_FLIGHT
    # Addresses whose X-Forwarded-For names the client (WEB_TRUSTED_PROXIES: nginx in front).
    trusted_proxies: frozenset[str] = address_set(DEFAULT_WEB_TRUSTED_PROXIES)


def web_port(environ: Mapping[str, str] | None = None) -> int:
    return int(_read("WEB_PORT", environ) or DEFAULT_WEB_PORT)


def web_settings() -> WebSettings:
    return WebSettings(host=_read("WEB_HOST") or "127.0.0.1", port=web_port(), rasa_url=rasa_rest_url(),
                       reply_timeout=reply_timeout(), crisis_seconds=crisis_reply_seconds(),
                       in_flight=int(_read("WEB_MESSAGES_IN_FLIGHT") or DEFAULT_WEB_MESSAGES_IN_FLIGHT),
                       trusted_proxies=address_set(_read("WEB_TRUSTED_PROXIES") or DEFAULT_WEB_TRUSTED_PROXIES))


# -------------------------------------------------------------------------------------- Telegram side
@dataclass(frozen=True)
class TelegramSettings:
    token: str
    rasa_url: str
    api_base_url: str | None = None
    webhook_url: str | None = None
    secret_token: str | None = None
    listen: str = "0.0.0.0"
    port: int = 8443
    rasa_timeout: float = 8.0
    crisis_seconds: float = DEFAULT_CRISIS_REPLY_SECONDS
    reminder_interval: float = 30.0
    health_port: int | None = None
    health_host: str = "127.0.0.1"


def telegram_enabled(environ: Mapping[str, str] | None = None) -> bool:
    return bool(_read("TELEGRAM_TOKEN", environ))


def telegram_settings() -> TelegramSettings:
    token = _read("TELEGRAM_TOKEN")
    if not token:
        raise SystemExit("TELEGRAM_TOKEN is not set; the Telegram side is off.")
    webhook = _read("TELEGRAM_WEBHOOK_URL") or None
    secret = _read("TELEGRAM_SECRET_TOKEN") or None
    if webhook and not secret:
        raise SystemExit("TELEGRAM_WEBHOOK_URL needs TELEGRAM_SECRET_TOKEN so forged updates are refused.")
    health_port = _read("TELEGRAM_HEALTH_PORT")
    return TelegramSettings(
        token=token,
        rasa_url=rasa_rest_url(),
        api_base_url=_read("TELEGRAM_API_BASE_URL") or None,
        webhook_url=webhook,
        secret_token=secret,
        listen=_read("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
        port=int(_read("TELEGRAM_WEBHOOK_PORT") or 8443),
        rasa_timeout=float(_read("TELEGRAM_RASA_TIMEOUT_SECONDS") or 8),
        crisis_seconds=crisis_reply_seconds(),
        reminder_interval=float(_read("REMINDER_INTERVAL_SECONDS") or 30),
        health_port=int(health_port) if health_port else None,
        health_host=_read("TELEGRAM_HEALTH_HOST") or "127.0.0.1",
    )


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
    path = Path(_read("BOT_VAR_DIR") or PROJECT_ROOT / "var")
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
    """The country whose crisis lines are shown until the conversation names another (``BOT_COUNTRY``)."""
    return (_read("BOT_COUNTRY") or DEFAULT_COUNTRY).upper()


def _key_from_env_or_file(env_name: str, filename: str, make: Callable[[], bytes]) -> bytes:
    """A secret from the environment, else generated once into var/ with 0600 permissions."""
    value = _read(env_name)
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
        return _read(name) or None

    return ClinicContact(name=read("CLINIC_NAME"), phone=read("CLINIC_PHONE"), hours=read("CLINIC_HOURS"))


def _new_token() -> bytes:
    return secrets.token_urlsafe(32).encode()


def internal_api_token() -> str:
    """The token the sides show Rasa's REST channel (``INTERNAL_API_TOKEN``, else var/internal-api.token)."""
    refuse_placeholder_secrets()
    return _key_from_env_or_file("INTERNAL_API_TOKEN", "internal-api.token", _new_token).decode()


def web_session_hours() -> float:
    """How long a web widget session token lasts from when it was issued or renewed (``WEB_SESSION_HOURS``)."""
    return float(_read("WEB_SESSION_HOURS") or DEFAULT_WEB_SESSION_HOURS)


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
        database_url=_read("DATABASE_URL") or f"sqlite:///{directory / 'recovery-guide.db'}",
        var_dir=directory,
        clinic_alert_webhook=clinic_alert_webhook(),
        secret_key=_key_from_env_or_file(
            "BOT_SECRET_KEY", "secret.key", lambda: secrets.token_hex(32).encode()
        ),
        encryption_key=_key_from_env_or_file("BOT_ENCRYPTION_KEY", "fernet.key", Fernet.generate_key),
        internal_token=internal_api_token(),
        action_server_token=action_server_token(),
        web_session_key=web_session_key(),
    )
