"""MySQL/MariaDB at run time: asyncmy connections, database creation, the GET_LOCK deploy
lock and the UTC-naive timestamps DATETIME columns take."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from asyncmy import errors as mysql_errors

from migrator.connection import Connection, DatabaseConfig
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.inspector import Inspector, LiveSchema
from migrator.dialects.mysql.connection import charset_of, connect, reason
from migrator.dialects.mysql.inspector import MySQLInspector
from migrator.errors import DatabaseError

LOCK_NAME_LIMIT = 64  # GET_LOCK refuses longer names


class MySQLBackend(Backend):
    async def estimated_rows(self, conn: Connection, table: str) -> int | None:
        # InnoDB's estimate (sampled), as information_schema reports it
        rows = await conn.fetch(
            "SELECT TABLE_ROWS FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
            (table,),
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    inspector: ClassVar[Inspector] = MySQLInspector()
    current_schema_sql: ClassVar[str] = "DATABASE()"

    def is_lock_timeout(self, exc: BaseException | None) -> bool:
        # ER_LOCK_WAIT_TIMEOUT: a metadata (or row) lock wait gave up; the statement did nothing
        return isinstance(exc, mysql_errors.MySQLError) and bool(exc.args) and exc.args[0] == 1205

    async def connect(self) -> Connection:
        return await connect(self.db)

    async def create_database(self) -> None:
        await _create_database(self.db)

    async def drop_database(self) -> None:
        await _drop_database(self.db)

    async def reference_schema(
        self, statements: Sequence[str], schemas: Sequence[str] = ()
    ) -> LiveSchema:
        """Built in a scratch database beside the real one (MySQL cannot roll DDL back),
        created with the same character set and dropped again; needs CREATE and DROP."""
        name = f"_migrator_reference_{uuid.uuid4().hex[:12]}"
        scratch = replace(self.db, credentials={**self.db.credentials, "database": name})
        await _create_database(scratch)
        try:
            return await self.build_and_inspect(await connect(scratch), statements)
        finally:
            await _drop_database(scratch)

    async def acquire_lock(self, conn: Connection, key: str, timeout: float) -> bool:
        return await acquire_lock(conn, key, timeout)

    async def release_lock(self, conn: Connection, key: str) -> None:
        await release_lock(conn, key)

    def timestamp_param(self, value: datetime.datetime) -> Any:
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value


async def _create_database(db: DatabaseConfig) -> None:
    charset = charset_of(db.credentials)
    await _on_server(db, f"CREATE DATABASE {_quote(db.database)} CHARACTER SET {charset}", "create")


async def _drop_database(db: DatabaseConfig) -> None:
    await _on_server(db, f"DROP DATABASE IF EXISTS {_quote(db.database)}", "drop")


async def _on_server(db: DatabaseConfig, sql: str, verb: str) -> None:
    conn = await connect(db, with_database=False)
    try:
        await conn.execute(sql)
    except mysql_errors.Error as exc:
        raise DatabaseError(
            f"could not {verb} database {db.database!r} on {db.display()}: {reason(exc, db)}"
        ) from None
    finally:
        await conn.close()


# -- deploy lock ---------------------------------------------------------------------------


async def lock_name(conn: Connection, key: str) -> str:
    """``migrator:<database>:<key>``, hashed when longer than GET_LOCK allows: the lock is
    server-wide, so the database name keeps two databases on one server apart."""
    rows = await conn.fetch("SELECT DATABASE()")
    database = str(rows[0][0] or "") if rows else ""
    name = f"migrator:{database}:{key}"
    if len(name) <= LOCK_NAME_LIMIT:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()
    return f"migrator:{digest}"[:LOCK_NAME_LIMIT]


async def acquire_lock(conn: Connection, key: str, timeout: float) -> bool:
    """GET_LOCK: a session lock, so it dies with the connection."""
    name = await lock_name(conn, key)
    rows = await conn.fetch("SELECT GET_LOCK(%s, %s)", (name, max(timeout, 0.0)))
    return bool(rows and rows[0][0] == 1)


async def release_lock(conn: Connection, key: str) -> None:
    await conn.fetch("SELECT RELEASE_LOCK(%s)", (await lock_name(conn, key),))


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
