"""PostgreSQL at run time: asyncpg connections, database creation and the advisory-lock
deploy lock; the catalog queries for the history table."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

import asyncpg

from migrator.connection import Connection, DatabaseConfig
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.inspector import LiveSchema
from migrator.dialects.postgres.connection import connect, reason
from migrator.dialects.postgres.inspector import PostgresInspector
from migrator.dialects.postgres.online import concurrent_index_name, concurrent_index_schema
from migrator.errors import DatabaseError

MAINTENANCE_DATABASE = "postgres"
_LOCK_POLL_START = 0.05
_LOCK_POLL_MAX = 0.5
_CHECK_INTERVAL_SINCE = 140000  # server_version_num of PostgreSQL 14
_CLIENT_CHECK_MS = 1000


class PostgresBackend(Backend):
    async def estimated_rows(self, conn: Connection, table: str) -> int | None:
        # reltuples: the planner's estimate, -1 until the table is first vacuumed/analyzed
        rows = await conn.fetch(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)",
            (self.dialect.quote_table(table),),  # a state key: "schema.table" qualified
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None and rows[0][0] >= 0 else None

    inspector: ClassVar[PostgresInspector] = PostgresInspector()

    async def connect(self) -> Connection:
        return await connect(self.db)

    async def create_database(self) -> None:
        await _create_database(self.db)

    async def drop_database(self) -> None:
        await _drop_database(self.db)

    async def reference_schema(
        self, statements: Sequence[str], schemas: Sequence[str] = ()
    ) -> LiveSchema:
        """Built in a scratch schema inside a transaction that is rolled back: no other
        session ever sees it and nothing stays behind (needs CREATE on the database). The
        statements create the scratch ``schemas`` themselves (CREATE SCHEMA IF NOT EXISTS),
        inside the same transaction."""
        scratch = f"_migrator_reference_{uuid.uuid4().hex[:12]}"
        conn = await connect(self.db)
        try:
            await conn.execute("BEGIN")
            try:
                await conn.execute(f'CREATE SCHEMA "{scratch}"')
                await conn.execute(f'SET LOCAL search_path TO "{scratch}"')
                for statement in statements:
                    await conn.execute(statement)
                return await self.inspect(conn, schemas)
            finally:
                await conn.execute("ROLLBACK")
        finally:
            await conn.close()

    async def acquire_lock(self, conn: Connection, key: str, timeout: float) -> bool:
        return await acquire_lock(conn, key, timeout)

    async def release_lock(self, conn: Connection, key: str) -> None:
        await release_lock(conn, key)

    def is_lock_timeout(self, exc: BaseException | None) -> bool:
        return isinstance(exc, asyncpg.exceptions.LockNotAvailableError)

    def error_text(self, exc: BaseException) -> str:
        """The server's message and its DETAIL line, which names the offending row (``Key
        (sku)=(A1) is duplicated.``) where the message alone does not."""
        text = super().error_text(exc)
        detail = getattr(exc, "detail", None) if isinstance(exc, asyncpg.PostgresError) else None
        if isinstance(detail, str) and detail.strip():
            return f"{text} ({' '.join(detail.split())})"
        return text

    async def clear_failed_build(self, conn: Connection, sql: str) -> str | None:
        """A ``CREATE INDEX CONCURRENTLY`` that failed (or was cancelled, or lost its
        connection) leaves its index INVALID: present, maintained by every write, never
        used, and in the way of the next attempt. Drop it (concurrently) first. Only the
        deploy-lock holder builds migration indexes, so an invalid index of that name is a
        leftover, not another session's build in progress."""
        name, schema = concurrent_index_name(sql), concurrent_index_schema(sql)
        if name is None or not await self.inspector.index_is_invalid(conn, name, schema):
            return None
        qualified = f"{_quote(schema)}.{_quote(name)}" if schema else _quote(name)
        await conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {qualified}")
        return name

    async def table_exists(self, conn: Connection, name: str) -> bool:
        # the catalog, not information_schema: its privilege checks cost milliseconds
        rows = await conn.fetch(
            "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relname = $1 AND c.relkind IN ('r', 'p')",
            (name,),
        )
        return bool(rows)


async def _create_database(db: DatabaseConfig) -> None:
    await _on_maintenance(db, f"CREATE DATABASE {_quote(db.database)}", "create")


async def _drop_database(db: DatabaseConfig) -> None:
    # FORCE ends sessions a failed test or a killed runner left behind
    await _on_maintenance(db, f"DROP DATABASE IF EXISTS {_quote(db.database)} WITH (FORCE)", "drop")


async def _on_maintenance(db: DatabaseConfig, sql: str, verb: str) -> None:
    maintenance = replace(db, credentials={**db.credentials, "database": MAINTENANCE_DATABASE})
    conn = await connect(maintenance)
    try:
        await conn.execute(sql)
    except asyncpg.PostgresError as exc:
        raise DatabaseError(
            f"could not {verb} database {db.database!r} on {db.display()}: {reason(exc, db)}"
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
