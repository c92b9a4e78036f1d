"""asyncmy behind migrator's Connection protocol."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import asyncmy
from asyncmy import errors as mysql_errors
from asyncmy.charset import charset_by_name
from asyncmy.cursors import Cursor

from migrator.connection import DatabaseConfig
from migrator.dialects.mysql.types import DEFAULT_CHARSET
from migrator.dsn import mask_text
from migrator.errors import ConfigError, DatabaseError

DEFAULT_SQL_MODE = "STRICT_TRANS_TABLES"  # Tortoise's default session sql_mode
CONNECT_TIMEOUT = 10
# credentials keys (from Tortoise's expand_db_url) asyncmy.connect understands as they are
_PASSED_THROUGH = ("ssl", "unix_socket", "init_command", "program_name", "server_public_key")
_DRIVER_ERRORS = (OSError, asyncio.TimeoutError, mysql_errors.Error)


class _QuietCursor(Cursor):
    """asyncmy logs every server warning (``DROP ... IF EXISTS`` of nothing, deprecations)
    through ``logging``, which lands on stderr: library code stays silent."""

    async def _show_warnings(self, conn: Any) -> None:
        return None


class MySQLConnection:
    """One asyncmy connection in autocommit mode (transactions are explicit statements)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        async with self.raw.cursor() as cursor:
            # args=None: without parameters a '%' in the SQL is text, not a format marker
            await cursor.execute(sql, tuple(params) if params else None)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async with self.raw.cursor() as cursor:
            await cursor.execute(sql, tuple(params) if params else None)
            rows = await cursor.fetchall()
        return [tuple(row) for row in rows or ()]

    async def close(self) -> None:
        try:
            await self.raw.ensure_closed()
        except _DRIVER_ERRORS:
            self.raw.close()


async def connect(db: DatabaseConfig, *, with_database: bool = True) -> MySQLConnection:
    """Open a connection to ``db``; any failure is a DatabaseError naming the masked DSN."""
    creds = db.credentials
    if with_database and not db.database:
        # the driver would connect to no database, and every table query would then fail
        # with "No database selected"
        raise DatabaseError(
            f"connection {db.alias!r} ({db.display()}) names no database; add its name to "
            f"the db_url, e.g. {db.dialect.example_dsn()}"
        )
    try:
        raw = await asyncmy.connect(
            host=creds.get("host") or "localhost",
            port=int(creds.get("port") or 3306),
            user=creds.get("user"),
            password=str(creds.get("password") or ""),
            database=(db.database or None) if with_database else None,
            charset=charset_of(creds),
            autocommit=True,
            cursor_cls=_QuietCursor,
            connect_timeout=_number(creds.get("connect_timeout"), CONNECT_TIMEOUT),
            **{key: creds[key] for key in _PASSED_THROUGH if creds.get(key) is not None},
        )
    except _DRIVER_ERRORS as exc:
        raise DatabaseError(
            f"could not connect to {db.display()}: {reason(exc, db)}; check that the server "
            "is running and the credentials in the Tortoise config are right"
        ) from None
    conn = MySQLConnection(raw)
    # bound, not handed to asyncmy: it splices sql_mode into SET unquoted, so a list of
    # modes ("STRICT_TRANS_TABLES,NO_ZERO_DATE") would be a syntax error
    await conn.execute(
        "SET SESSION sql_mode = %s", (str(creds.get("sql_mode") or DEFAULT_SQL_MODE),)
    )
    engine = creds.get("storage_engine")
    if engine:  # as Tortoise's client does, so tables land in the same engine
        await conn.execute("SET default_storage_engine = %s", (str(engine),))
    return conn


def charset_of(credentials: Mapping[str, Any]) -> str:
    """The connection charset; checked, because it is also spelled into CREATE DATABASE."""
    charset = str(credentials.get("charset") or DEFAULT_CHARSET)
    if charset_by_name(charset) is None:
        raise ConfigError(
            f"unknown MySQL charset {charset!r} in the database URL; use one the server "
            "knows, e.g. utf8mb4 (Tortoise's default)"
        )
    return charset


def _number(value: Any, fallback: int) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return fallback


def reason(exc: BaseException, db: DatabaseConfig) -> str:
    password = db.credentials.get("password")
    secrets = (password,) if isinstance(password, str) else ()
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return mask_text(text, secrets)
