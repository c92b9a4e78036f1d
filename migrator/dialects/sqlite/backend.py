"""SQLite at run time: aiosqlite connections, database files, the flock deploy lock and the
foreign-key guard around each migration.

SQLite has no server: "creating" a database makes its file and "dropping" it removes the
file with its journals.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from migrator.dialects.base.backend import Backend, MigrationGuard
from migrator.dialects.base.inspector import Inspector, LiveSchema
from migrator.dialects.sqlite import connection, guard
from migrator.dialects.sqlite.inspector import SqliteInspector, table_names
from migrator.errors import DatabaseError

if TYPE_CHECKING:
    from migrator.connection import Connection

_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", connection.LOCK_SUFFIX)


class SqliteBackend(Backend):
    async def estimated_rows(self, conn: Connection, table: str) -> int | None:
        # no catalog estimate: an exact count (SQLite databases are local and small)
        if not await self.table_exists(conn, table):
            return None
        rows = await conn.fetch(f"SELECT count(*) FROM {self.dialect.quote(table)}")
        return int(rows[0][0])

    inspector: ClassVar[Inspector] = SqliteInspector()

    async def connect(self) -> Connection:
        return await connection.connect(self.db)

    def missing_database_file(self) -> str | None:
        path = connection.database_path(self.db)
        if path == connection.MEMORY or Path(path).exists():
            return None
        return os.path.abspath(path)

    async def create_database(self) -> None:
        """Create the database file (an empty file is a valid empty SQLite database)."""
        path = connection.database_path(self.db)
        if path == connection.MEMORY:
            return
        connection.check_directory(path)
        try:
            Path(path).touch(exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create SQLite database {path}: {exc.strerror}") from exc

    async def drop_database(self) -> None:
        """Remove the database file with its WAL, shared-memory, journal and lock files."""
        path = connection.database_path(self.db)
        if path == connection.MEMORY:
            return
        for name in (path, *(path + suffix for suffix in _COMPANION_SUFFIXES)):
            with contextlib.suppress(FileNotFoundError):
                os.remove(name)

    async def acquire_lock(self, conn: Connection, key: str, timeout: float) -> bool:
        return await _sqlite(conn).acquire_lock(key, timeout)

    async def release_lock(self, conn: Connection, key: str) -> None:
        await _sqlite(conn).release_lock(key)

    def migration_guard(
        self, conn: Connection, statements: Sequence[str]
    ) -> AbstractAsyncContextManager[MigrationGuard]:
        return guard.migration_guard(conn, statements)

    def script_guard(
        self, conn: Connection, statements: Sequence[str]
    ) -> AbstractAsyncContextManager[MigrationGuard]:
        return guard.script_guard(conn, statements)

    async def table_names(self, conn: Connection) -> set[str]:
        return await table_names(conn)

    async def reference_schema(
        self, statements: Sequence[str], schemas: Sequence[str] = ()
    ) -> LiveSchema:
        """Built in a private in-memory database: the user's file is never touched."""
        scratch = replace(self.db, credentials={"file_path": connection.MEMORY})
        return await self.build_and_inspect(await connection.connect(scratch), statements)

    async def table_exists(self, conn: Connection, name: str) -> bool:
        rows = await conn.fetch(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
        return bool(rows)

    def timestamp_param(self, value: datetime.datetime) -> Any:
        # bound as ISO text: sqlite3's implicit datetime adapter is deprecated (Python 3.12)
        return value.isoformat()


def _sqlite(conn: Connection) -> connection.SqliteConnection:
    if not isinstance(conn, connection.SqliteConnection):
        raise TypeError(f"the SQLite deploy lock needs a SQLite connection, got {type(conn)!r}")
    return conn
