"""asyncpg behind migrator's Connection protocol, database creation and the deploy lock."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import asyncpg

from migrator.connection import Connection, DatabaseConfig
from migrator.dsn import mask_text
from migrator.errors import DatabaseError

MAINTENANCE_DATABASE = "postgres"
CONNECT_TIMEOUT = 10.0
_LOCK_POLL_START = 0.05
_LOCK_POLL_MAX = 0.5
_CHECK_INTERVAL_SINCE = 140000  # server_version_num of PostgreSQL 14
_CLIENT_CHECK_MS = 1000
# credentials keys (from Tortoise's expand_db_url) asyncpg.connect understands as they are
_PASSED_THROUGH = ("ssl", "server_settings")


class PostgresConnection:
    """One asyncpg connection in autocommit mode (transactions are explicit statements)."""

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if params:
            await self.raw.execute(sql, *params)
        else:
            # no arguments: asyncpg uses the simple query protocol, so "$1" inside a
            # dollar-quoted function body is plain text, not a parameter
            await self.raw.execute(sql)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = await self.raw.fetch(sql, *params)
        return [tuple(row) for row in rows]

    async def close(self) -> None:
        await self.raw.close()


async def connect(db: DatabaseConfig) -> PostgresConnection:
    """Open a connection to ``db``; any failure is a DatabaseError naming the masked DSN."""
    creds = db.credentials
    server_settings = dict(creds.get("server_settings") or {})
    # literals double their quotes and never use backslash escapes: make sure the server
    # reads them that way whatever postgresql.conf says
    server_settings["standard_conforming_strings"] = "on"
    if creds.get("schema"):
        server_settings["search_path"] = str(creds["schema"])
    if creds.get("application_name"):
        server_settings["application_name"] = str(creds["application_name"])
    extra = {key: creds[key] for key in _PASSED_THROUGH if key in creds}
    extra["server_settings"] = server_settings
    try:
        raw = await asyncpg.connect(
            host=creds.get("host"),
            port=int(creds.get("port") or 5432),
            user=creds.get("user"),
            password=creds.get("password"),
            database=db.database or None,
            timeout=CONNECT_TIMEOUT,
            # migrations change the schema under cached prepared statements
            statement_cache_size=0,
            **extra,
        )
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise DatabaseError(
            f"could not connect to {db.display()}: {_reason(exc, db)}; check that the server "
            "is running and the credentials in the Tortoise config are right"
        ) from None
    return PostgresConnection(raw)


async def create_database(db: DatabaseConfig) -> None:
    await _on_maintenance(db, f"CREATE DATABASE {_quote(db.database)}", "create")


async def drop_database(db: DatabaseConfig) -> None:
    # FORCE ends sessions a failed test or a killed runner left behind
    await _on_maintenance(db, f"DROP DATABASE IF EXISTS {_quote(db.database)} WITH (FORCE)", "drop")


async def _on_maintenance(db: DatabaseConfig, sql: str, verb: str) -> None:
    maintenance = replace(db, credentials={**db.credentials, "database": MAINTENANCE_DATABASE})
    conn = await connect(maintenance)
    try:
        await conn.execute(sql)
    except asyncpg.PostgresError as exc:
        raise DatabaseError(
            f"could not {verb} database {db.database!r} on {db.display()}: {_reason(exc, db)}"
        ) from None
    finally:
        await conn.close()


# -- deploy lock ---------------------------------------------------------------------------


def lock_id(key: str) -> int:
    """A stable signed 64-bit advisory-lock id for ``key``."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def acquire_lock(conn: Connection, key: str, timeout: float) -> bool:
    """Poll ``pg_try_advisory_lock``: a session lock, so it dies with the connection."""
    await _watch_client(conn)
    deadline = time.monotonic() + max(timeout, 0.0)
    pause = _LOCK_POLL_START
    while True:
        rows = await conn.fetch("SELECT pg_try_advisory_lock($1)", (lock_id(key),))
        if rows[0][0]:
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        await asyncio.sleep(min(pause, left))
        pause = min(pause * 2, _LOCK_POLL_MAX)


async def release_lock(conn: Connection, key: str) -> None:
    await conn.fetch("SELECT pg_advisory_unlock($1)", (lock_id(key),))


async def _watch_client(conn: Connection) -> None:
    """Make the server end this session soon after its client dies, even mid-statement.

    A server backend only notices a vanished client when it next reads from it, so a
    runner killed during a long statement (an index build, a big UPDATE) would keep its
    transaction and its advisory lock until that statement finished, blocking the next
    deploy for as long. ``client_connection_check_interval`` (PostgreSQL 14+) makes the
    backend poll the socket while it works. Best effort: older servers and platforms
    without the needed kernel support keep the old behaviour.
    """
    rows = await conn.fetch("SELECT current_setting('server_version_num')::int")
    if int(rows[0][0]) < _CHECK_INTERVAL_SINCE:
        return
    # "must be set to 0 on this platform" where the kernel cannot tell
    with contextlib.suppress(asyncpg.PostgresError):
        await conn.execute(f"SET client_connection_check_interval = {_CLIENT_CHECK_MS}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reason(exc: BaseException, db: DatabaseConfig) -> str:
    password = db.credentials.get("password")
    secrets = (password,) if isinstance(password, str) else ()
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return mask_text(text, secrets)
