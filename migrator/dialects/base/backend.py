"""The runtime half of a dialect: connections, the deploy lock, the guard around one
migration, database creation and the few catalog questions the history table needs.

A Backend is made by ``Dialect.backend(db)`` for one configured database; each dialect's
``backend.py`` imports its driver, so nothing here is imported by rendering or ``--help``.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from migrator.connection import Connection, DatabaseConfig
    from migrator.dialects.base.dialect import Dialect
    from migrator.dialects.base.inspector import Inspector, LiveSchema


class MigrationGuard(Protocol):
    """What ``Backend.migration_guard`` yields: ``verify`` runs inside the migration's
    transaction right before COMMIT and raises ApplyError to roll it back."""

    async def verify(self) -> None: ...


class NoGuard:
    """The guard of a migration that needs none."""

    async def verify(self) -> None:
        return None


NO_GUARD = NoGuard()


@contextlib.asynccontextmanager
async def no_guard() -> AsyncIterator[MigrationGuard]:
    yield NO_GUARD


class Backend(ABC):
    # the SQL that names the schema unqualified tables land in (information_schema queries)
    current_schema_sql: ClassVar[str] = "current_schema()"

    def __init__(self, dialect: Dialect, db: DatabaseConfig) -> None:
        self.dialect = dialect
        self.db = db

    @abstractmethod
    async def connect(self) -> Connection:
        """Open a connection to the database in autocommit mode."""

    def missing_database_file(self) -> str | None:
        """The absolute path of the file ``connect`` would create, when the database is a
        file that does not exist yet (a typo'd or relative path makes a new empty one)."""
        return None

    @abstractmethod
    async def create_database(self) -> None:
        """Create the database (tests and ``init-db``)."""

    @abstractmethod
    async def drop_database(self) -> None: ...

    # -- deploy lock (held for a whole upgrade/downgrade run) ------------------------------
    @abstractmethod
    async def acquire_lock(self, conn: Connection, key: str, timeout: float) -> bool:
        """Take the named deploy lock, waiting up to ``timeout`` seconds; False on timeout.
        The lock must die with the connection, so a killed runner never leaves it behind."""

    @abstractmethod
    async def release_lock(self, conn: Connection, key: str) -> None: ...

    # -- around one migration ----------------------------------------------------------------
    def migration_guard(
        self, conn: Connection, statements: Sequence[str]
    ) -> AbstractAsyncContextManager[MigrationGuard]:
        """Entered before the transaction of each migration with the statements it will run;
        the yielded guard's ``verify`` is awaited before COMMIT; left after COMMIT or
        ROLLBACK (SQLite turns foreign keys off around a migration that needs it)."""
        return no_guard()

    def script_guard(
        self, conn: Connection, statements: Sequence[str]
    ) -> AbstractAsyncContextManager[MigrationGuard]:
        """``migration_guard`` for offline SQL: ``conn`` records a script and cannot answer
        queries, so the guard writes the statements that stand in for its checks."""
        return no_guard()

    def error_text(self, exc: BaseException) -> str:
        """What the server said about a failed statement, in one line (passwords are masked
        by the caller): the driver's first line by default."""
        text = str(exc).strip()
        return text.splitlines()[0] if text else type(exc).__name__

    # -- lock timeouts and online DDL --------------------------------------------------------
    def is_lock_timeout(self, exc: BaseException | None) -> bool:
        """Did a statement fail because it gave up waiting for a lock (and nothing of it
        took effect), so that running it again later may succeed?"""
        return False

    async def clear_failed_build(self, conn: Connection, sql: str) -> str | None:
        """Before ``sql`` runs outside a transaction: remove what an earlier failed run of
        it left behind (PostgreSQL: the INVALID index of a failed concurrent build). The
        name of what was removed, or None."""
        return None

    # -- live schema -------------------------------------------------------------------------
    inspector: ClassVar[Inspector]

    async def inspect(self, conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
        """Read the live schema, normalised for comparison (see base/inspector.py), with the
        tables of the other ``schemas`` the models name (``SchemaState.schemas``)."""
        return await self.inspector.inspect(conn, schemas)

    async def build_and_inspect(self, conn: Connection, statements: Sequence[str]) -> LiveSchema:
        """Run ``statements`` on a scratch connection, read what they built, close it."""
        try:
            for statement in statements:
                await conn.execute(statement)
            return await self.inspect(conn)
        finally:
            await conn.close()

    def scratch_schemas(self, schemas: Sequence[str]) -> dict[str, str]:
        """A fresh scratch name for each of ``schemas`` (Meta.schema): the reference schema
        is built with the tables moved there, so qualified names never reach the real ones.
        Unique per call (a random part) and short enough for any identifier limit."""
        run = uuid.uuid4().hex[:12]
        return {schema: f"_migrator_ref_{run}_{n}" for n, schema in enumerate(schemas)}

    async def reference_schema(
        self, statements: Sequence[str], schemas: Sequence[str] = ()
    ) -> LiveSchema:
        """The schema ``statements`` (CREATE TABLE/INDEX from a snapshot) build in an empty
        scratch namespace, read back by this dialect's inspector with the tables of the
        scratch ``schemas`` the statements name; nothing is left behind.

        The server normalises types, defaults and names itself, so the result compares
        exactly with ``inspect`` of a database migrator built (drift), on every server
        version, without a second copy of each catalog's spelling rules."""
        raise NotImplementedError

    async def table_names(self, conn: Connection) -> set[str]:
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.tables "
            f"WHERE table_schema = {self.current_schema_sql}"
        )
        return {str(r[0]) for r in rows}

    async def table_exists(self, conn: Connection, name: str) -> bool:
        """Is there a table ``name`` (in the current schema)? One row at most, unlike
        ``table_names``: every verb asks this of the history table."""
        rows = await conn.fetch(
            "SELECT 1 FROM information_schema.tables "
            f"WHERE table_schema = {self.current_schema_sql} "
            f"AND table_name = {self.dialect.placeholder(1)} AND table_type = 'BASE TABLE'",
            (name,),
        )
        return bool(rows)

    async def estimated_rows(self, conn: Connection, table: str) -> int | None:
        """The table's row count as the catalog estimates it (None: unknown or no table)."""
        return None

    def timestamp_param(self, value: datetime.datetime) -> Any:
        """A UTC timestamp as the driver wants it bound."""
        return value
