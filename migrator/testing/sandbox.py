"""Fresh, throwaway databases for a project's tests.

``Sandbox.create(config)`` reads the project's Tortoise config and points every connection at
a new database of the same kind on the same server (PostgreSQL/MySQL: ``CREATE DATABASE``
through the dialect's Backend; SQLite: a new file in a temporary folder). ``drop()`` removes
exactly the databases it created, never the configured ones. ``MigratorDatabase`` wraps a
sandbox for tests: upgrade/downgrade to any version, run SQL, read the live schema; its
methods are synchronous, so plain (non-async) tests can use them.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from migrator.command import Command
from migrator.connection import Connection, DatabaseConfig
from migrator.results import PendingMigration, StepResult

if TYPE_CHECKING:
    from migrator.dialects.base.inspector import LiveSchema
    from migrator.pyproject import Config

T = TypeVar("T")


@dataclass
class Sandbox:
    """The project's settings with every connection moved to a fresh database."""

    config: Config
    tortoise_config: dict[str, Any]
    databases: list[DatabaseConfig]  # the ones created, one per connection
    folder: Path  # temporary folder (SQLite files)
    created: list[DatabaseConfig] = field(default_factory=list)

    @classmethod
    def prepare(cls, config: Config) -> Sandbox:
        """The sandbox of ``config`` (nothing created yet: see ``create``)."""
        from migrator.tortoise_config import database_for, load_tortoise_config

        tortoise_config = load_tortoise_config(config.tortoise_orm, config.src_folder)
        folder = Path(tempfile.mkdtemp(prefix="migrator-test-"))
        connections: dict[str, Any] = {}
        databases = []
        for alias, spec in tortoise_config["connections"].items():
            db = fresh_database(database_for(alias, spec), folder)
            connections[alias] = {"engine": db.engine, "credentials": dict(db.credentials)}
            databases.append(db)
        return cls(config, {**tortoise_config, "connections": connections}, databases, folder)

    async def create(self) -> None:
        for db in self.databases:
            await db.dialect.backend(db).create_database()
            self.created.append(db)

    async def drop(self) -> None:
        """Drop the databases this sandbox created (and only those), then its folder."""
        created, self.created = self.created, []
        try:
            for db in created:
                await db.dialect.backend(db).drop_database()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def model_schemas(self) -> tuple[str, ...]:
        """The other schemas (Meta.schema, PostgreSQL) the project's migrations create
        tables in: read with the connection's own wherever the sandbox inspects."""
        command = self.command()
        found = {
            schema
            for app in command.apps()
            for migration in command.migrations(app)
            for schema in migration.state().schemas
        }
        return tuple(sorted(found))

    def command(self, app: str | None = None) -> Command:
        """A Command on the sandbox's databases with the project's migrations folder."""
        return Command(
            self.tortoise_config,
            app,
            self.config.location,
            src_folder=self.config.src_folder,
            history_table=self.config.history_table,
        )


def fresh_database(db: DatabaseConfig, folder: Path) -> DatabaseConfig:
    """``db`` renamed to a new, unused name (SQLite: a file in ``folder``)."""
    suffix = f"_test_{uuid.uuid4().hex[:12]}"
    credentials = db.dialect.fresh_database(db.credentials, db.alias, suffix, str(folder))
    return DatabaseConfig(db.dialect, db.engine, credentials, db.alias)


def run_sync(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code, also when the calling thread
    already runs an event loop (an async test): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    box: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            box.append(asyncio.run(factory()))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return box[0]


class MigratorDatabase:
    """A fresh database (one per connection of the project) for one test.

    ``upgrade("0002")`` migrates to a version, ``execute``/``fetch`` run SQL on an app's
    database (parameters in the driver's style: ``placeholder(1)`` spells the first one),
    ``insert`` adds a row, ``schema()`` reads the live schema, ``tortoise_config`` is the
    config to pass to ``Tortoise.init`` to use the models on it."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.tortoise_config = sandbox.tortoise_config
        self.location = sandbox.config.location

    def command(self, app: str | None = None) -> Command:
        return self.sandbox.command(app)

    def apps(self) -> list[str]:
        return self.command().apps()

    def database(self, app: str | None = None) -> DatabaseConfig:
        command = self.command(app)
        return command.databases()[command.apps()[0]]

    # -- migrating ------------------------------------------------------------------------
    def upgrade(self, target: str | None = None, app: str | None = None) -> list[StepResult]:
        """Apply pending migrations (with ``target``: up to that version of ``app``, which
        may be left out when the project has one app)."""
        return run_sync(lambda: self.command(app).upgrade(target))

    def downgrade(
        self, to: str | None = None, steps: int = 1, app: str | None = None
    ) -> list[StepResult]:
        return run_sync(lambda: self.command(app).downgrade(to, steps))

    def heads(self, app: str | None = None) -> list[PendingMigration]:
        return run_sync(lambda: self.command(app).heads())

    # -- SQL ------------------------------------------------------------------------------
    def placeholder(self, position: int, app: str | None = None) -> str:
        return self.database(app).dialect.placeholder(position)

    def execute(self, sql: str, params: Sequence[Any] = (), app: str | None = None) -> None:
        run_sync(lambda: on_connection(self.database(app), lambda c: c.execute(sql, params)))

    def fetch(
        self, sql: str, params: Sequence[Any] = (), app: str | None = None
    ) -> list[tuple[Any, ...]]:
        return run_sync(lambda: on_connection(self.database(app), lambda c: c.fetch(sql, params)))

    def insert(self, table: str, row: Mapping[str, Any], app: str | None = None) -> None:
        """INSERT one row given as ``{column: value}`` (names quoted, values bound)."""
        db = self.database(app)
        sql, params = insert_sql(db, table, row)
        self.execute(sql, params, app)

    def schema(self, app: str | None = None) -> LiveSchema:
        """The live schema of ``app``'s database, without migrator's history table."""
        db = self.database(app)
        history, schemas = self.sandbox.config.history_table, self.sandbox.model_schemas()
        return run_sync(lambda: live_schema(db, history, schemas))


async def on_connection(db: DatabaseConfig, work: Callable[[Connection], Awaitable[T]]) -> T:
    conn = await db.dialect.backend(db).connect()
    try:
        return await work(conn)
    finally:
        await conn.close()


async def live_schema(
    db: DatabaseConfig, history_table: str, schemas: Sequence[str] = ()
) -> LiveSchema:
    """The database's tables, with those of the other ``schemas`` (keyed schema.table)."""
    backend = db.dialect.backend(db)
    schema = await on_connection(db, lambda conn: backend.inspect(conn, schemas))
    return schema.without(*(t for t in schema.tables if t.startswith(history_table)))


def insert_sql(db: DatabaseConfig, table: str, row: Mapping[str, Any]) -> tuple[str, list[Any]]:
    dialect = db.dialect
    columns = ", ".join(dialect.quote(c) for c in row)
    values = ", ".join(dialect.placeholder(i + 1) for i in range(len(row)))
    target = dialect.quote_table(table)  # a state key: schema.table for a Meta.schema table
    return f"INSERT INTO {target} ({columns}) VALUES ({values})", list(row.values())
