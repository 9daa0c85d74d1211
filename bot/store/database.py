"""The database connection, its transactions, and the key material for pseudonyms and encryption.

Every write is one transaction that has committed before the function returns, so a caller that
acknowledges to the user after the call never acknowledges something that was not stored. A database
that cannot be reached raises :class:`StoreUnavailable`, which callers turn into an honest answer.
"""

from __future__ import annotations

import hashlib
import hmac
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.store.models import User

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreUnavailable(RuntimeError):
    """The database could not be reached or refused the write; nothing was stored."""


def user_key(sender_id: str, secret: bytes) -> str:
    """Pseudonymous key for a sender id (channels qualify ids, e.g. ``telegram:123``)."""
    return hmac.new(secret, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """An engine, transactions that report an unreachable database as :class:`StoreUnavailable`, the
    pseudonymous key of a sender, and Fernet encryption of free text."""

    def __init__(self, url: str, secret_key: bytes, encryption_key: bytes) -> None:
        self.url = url
        self._secret = secret_key
        self._fernet = Fernet(encryption_key)
        connect_args: dict[str, Any] = {}
        if url.startswith("postgresql"):
            connect_args["connect_timeout"] = 3
        self.engine: Engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    def migrate(self) -> None:
        """Apply Alembic migrations up to head."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise StoreUnavailable(str(exc.__class__.__name__)) from exc

    def key_for(self, sender_id: str) -> str:
        return user_key(sender_id, self._secret)

    def encrypt(self, text: str | None) -> str | None:
        return None if text is None else self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str | None) -> str | None:
        return None if token is None else self._fernet.decrypt(token.encode()).decode()

    def newest(self, sender_id: str, column: Any) -> Any:
        """``column`` of the sender's newest row of its table (None when there is none)."""
        model = column.class_
        with self.transaction() as session:
            user = self.user(session, sender_id, create=False)
            if user is None:
                return None
            return session.execute(select(column).where(model.user_id == user.id)
                                   .order_by(model.created_at.desc(), model.id.desc()).limit(1)).scalar_one_or_none()

    def user(self, session: Session, sender_id: str, create: bool = True) -> User | None:
        """The sender's user row (created when ``create``), found by pseudonymous key."""
        key = self.key_for(sender_id)
        user = session.execute(select(User).where(User.user_key == key)).scalar_one_or_none()
        if user is None and create:
            user = User(user_key=key)
            session.add(user)
            session.flush()
        return user
