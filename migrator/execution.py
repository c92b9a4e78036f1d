"""What every path of the runner shares while one migration file runs on one connection:
executing a statement (a driver error becomes an ApplyError naming the file, line and
statement), rolling back quietly, and the migration's data migration.

Data migrations (python_migration.py). A migration's ``migration.py`` runs ``upgrade(conn)``
after the statements of upgrade.sql and ``downgrade(conn)`` before those of downgrade.sql. In
one transaction per migration it shares that transaction; in a journaled migration it is one
more step after the last statement, run in a transaction together with the history change
that marks the migration applied (a failure leaves ``partial n/n+1``; upgrade runs it again).
A journaled downgrade of an applied migration runs ``downgrade(conn)`` first, in a
transaction of its own (a later failure leaves it run: running downgrade again runs it again).
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from migrator.connection import Connection
from migrator.dialects.base.backend import Backend, MigrationGuard
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.dsn import mask_text
from migrator.errors import ApplyError, MigratorError
from migrator.history import History
from migrator.lock_retry import LockRetries
from migrator.planner import Direction, Step
from migrator.python_migration import MigrationConnection, failure_text
from migrator.sqlfile import SqlFile

Clock = Callable[[], datetime.datetime]
Record = Callable[[], Awaitable[None]]
PythonStep = Callable[[MigrationConnection], Awaitable[None]]


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


@dataclass(slots=True)
class Execution:
    """One migration file running on ``conn``. ``offline``: ``conn`` writes a script
    (script.py) instead of reaching a database, so the backend's ``script_guard`` stands in
    for its live ``migration_guard``."""

    conn: Connection
    backend: Backend
    history: History
    clock: Clock
    secrets: tuple[str, ...]
    offline: bool
    retries: LockRetries
    file: SqlFile  # the file being run
    python: PythonStep | None  # the data migration of the step being run

    @property
    def dialect(self) -> Dialect:
        return self.backend.dialect

    def guard(self, statements: Sequence[str]) -> AbstractAsyncContextManager[MigrationGuard]:
        """The backend's guard around the migration that runs ``statements``."""
        make = self.backend.script_guard if self.offline else self.backend.migration_guard
        return make(self.conn, statements)

    def now(self) -> datetime.datetime:
        """The clock's time as naive UTC, what every dialect's history column stores; an
        injected clock may give an aware time."""
        now = self.clock()
        if now.tzinfo is not None:
            now = now.astimezone(datetime.UTC).replace(tzinfo=None)
        return now

    async def clear_failed_build(self, sql: str) -> None:
        """What a failed earlier run of ``sql`` left behind goes first; a script cannot
        look, so offline SQL leaves that to whoever runs it."""
        if not self.offline:
            await self.backend.clear_failed_build(self.conn, sql)

    async def execute(
        self,
        path: object,
        statements: list[Statement],
        number: int,
        statement: Statement,
        outcome: str,
        prefix: str = "",
    ) -> None:
        try:
            await self.conn.execute(prefix + statement.sql)
        except MigratorError:
            raise
        except Exception as exc:  # the driver's error: report it with its location
            where = statement_label(self.file, number)
            raise ApplyError(
                f"{path}:{statement.line}: {where} failed: "
                f"{preview(statement.sql)} -- database said: {self.driver_message(exc)}. "
                f"{outcome}"
            ) from exc

    def driver_message(self, exc: Exception) -> str:
        """What the server said (the backend's one line), passwords masked."""
        return mask_text(self.backend.error_text(exc), self.secrets)

    async def run_python(self, step: Step, outcome: str) -> None:
        """Run the step's data migration on this connection (inside the caller's
        transaction); a failure is an ApplyError naming the file and line that raised."""
        if self.python is None:
            return
        m = step.migration
        try:
            await self.python(MigrationConnection(self.conn, self.dialect))
        except MigratorError:
            raise
        except Exception as exc:
            raise ApplyError(
                f"{failure_text(exc)} -- {step.direction.value}() of {m.python_path} "
                f"failed. {outcome}"
            ) from exc

    async def python_step(self, step: Step, total: int, t0: float, record: Record) -> None:
        """A journaled migration's data migration, in one transaction with ``record`` (the
        history change that follows it)."""
        m = step.migration
        if step.direction is Direction.UP:
            outcome = (
                f"migration {m.id} is partially applied ({total} of {total + 1} steps ran: "
                "every statement of upgrade.sql); fix the cause and run upgrade again to run "
                "the data migration again"
            )
        else:
            outcome = (
                f"the downgrade of {m.id} was rolled back: it stays applied; fix the cause "
                "and run downgrade again"
            )

        async def attempt() -> None:
            await self.conn.execute(self.dialect.begin_sql)
            try:
                await self.run_python(step, outcome)
                await self._record_and_commit(m.id, record, outcome)
            except BaseException:
                await rollback_quietly(self.conn, self.dialect)
                raise

        await self.retries.retrying(attempt)

    async def _record_and_commit(self, migration_id: str, record: Record, outcome: str) -> None:
        """The history change after a data migration, and the COMMIT: a driver error is an
        ApplyError saying the data migration's changes were rolled back."""
        try:
            await record()
            await self.conn.execute(self.dialect.commit_sql)
        except MigratorError:
            raise
        except Exception as exc:
            raise ApplyError(
                f"the data migration of {migration_id} ran but recording it in the history table "
                f"{self.history.table} failed, so its changes were rolled back -- database "
                f"said: {self.driver_message(exc)}; {outcome}"
            ) from exc


def statement_label(file: SqlFile, number: int) -> str:
    """Statement ``number`` (1-based) of ``file`` as an error names it: its number among the
    file's statements and, when the file is made of blocks, the ``-- [k/n]`` block it sits
    in, so the message points at a label that is in the file."""
    label = f"statement {number} of {len(file.statements)}"
    for block in file.blocks or ():
        position = number - block.first
        if 1 <= position <= len(block.statements):
            title = preview(block.title, 80)
            if len(block.statements) == 1:
                return f"{label} (block [{block.index}/{block.total}] {title})"
            return (
                f"{label} (statement {position} of {len(block.statements)} in block "
                f"[{block.index}/{block.total}] {title})"
            )
    return label


def preview(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def ms(t0: float) -> int:
    return int((time.monotonic() - t0) * 1000)


async def rollback_quietly(conn: Connection, dialect: Dialect) -> None:
    # the original error matters more than a failed rollback
    with contextlib.suppress(Exception):
        await conn.execute(dialect.rollback_sql)
