"""Executes planned steps against one database.

Transactional DDL (SQLite, PostgreSQL): each migration runs in one transaction together with
its history row, so it is applied whole or not at all.

Non-transactional DDL (MySQL/MariaDB commit every DDL statement): the history row is written
first with status ``partial`` and advanced after every statement, so a failed migration is
visible as such and a later ``upgrade`` resumes at the statement that failed. No statement
that ran is ever run again.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from migrator.connection import Connection
from migrator.dialects.base import Dialect
from migrator.dsn import mask_text
from migrator.errors import ApplyError, MigratorError
from migrator.files import Migration
from migrator.history import History, HistoryRow, Status
from migrator.planner import Direction, Step
from migrator.sqlsplit import Statement, split_sql

Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True, slots=True)
class StepResult:
    app: str
    migration_id: str
    direction: Direction
    statements: int
    duration_ms: int
    resumed_at: int = 0  # statements skipped because a partial run had executed them


class Runner:
    def __init__(
        self,
        conn: Connection,
        dialect: Dialect,
        history: History,
        clock: Clock = utc_now,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self.conn = conn
        self.dialect = dialect
        self.history = history
        self.clock = clock
        self.secrets = secrets

    async def run(self, step: Step, partial: HistoryRow | None = None) -> StepResult:
        m = step.migration
        if step.direction is Direction.UP:
            path, sql = m.upgrade_path, m.upgrade_sql()
        else:
            path, sql = m.downgrade_path, m.downgrade_sql()
        statements = split_sql(sql, self.dialect.name)
        if self.dialect.transactional_ddl:
            return await self._run_transaction(step, statements, path, sql)
        return await self._run_journaled(step, statements, path, sql, partial)

    # -- one transaction per migration ----------------------------------------------------
    async def _run_transaction(
        self, step: Step, statements: list[Statement], path: object, sql: str
    ) -> StepResult:
        m = step.migration
        started, t0 = self.clock(), time.monotonic()
        context = await self.dialect.prepare_migration(self.conn)
        try:
            await self.conn.execute(self.dialect.begin_sql)
            try:
                for number, statement in enumerate(statements, start=1):
                    await self._execute(m, path, statements, number, statement)
                await self.dialect.verify_migration(self.conn, context)
                duration = _ms(t0)
                await self._record(step, sql, started, duration, len(statements))
                await self.conn.execute("COMMIT")
            except BaseException:
                await _rollback_quietly(self.conn)
                raise
        finally:
            await self.dialect.finish_migration(self.conn, context)
        return StepResult(m.app, m.id, step.direction, len(statements), _ms(t0))

    async def _record(
        self, step: Step, sql: str, started: datetime.datetime, duration: int, count: int
    ) -> None:
        m = step.migration
        if step.direction is Direction.UP:
            await self.history.record(
                m.app, m.version, m.name, m.checksum(), Status.APPLIED, count, started, duration
            )
        else:
            await self.history.unrecord(m.app, m.version)

    # -- statement journal for non-transactional DDL --------------------------------------
    async def _run_journaled(
        self,
        step: Step,
        statements: list[Statement],
        path: object,
        sql: str,
        partial: HistoryRow | None,
    ) -> StepResult:
        m = step.migration
        started, t0 = self.clock(), time.monotonic()
        up = step.direction is Direction.UP
        skip = partial.statements_done if (partial and up) else 0
        if up and partial is None:
            await self.history.record(
                m.app, m.version, m.name, m.checksum(), Status.PARTIAL, 0, started, 0
            )
        for number, statement in enumerate(statements, start=1):
            if number <= skip:
                continue
            await self._execute(m, path, statements, number, statement, journaled=True)
            if up:
                await self.history.update_progress(
                    m.app, m.version, Status.PARTIAL, number, _ms(t0)
                )
        if up:
            await self.history.update_checksum(m.app, m.version, m.checksum())
            await self.history.update_progress(
                m.app, m.version, Status.APPLIED, len(statements), _ms(t0)
            )
        else:
            await self.history.unrecord(m.app, m.version)
        return StepResult(m.app, m.id, step.direction, len(statements) - skip, _ms(t0), skip)

    # -- shared ----------------------------------------------------------------------------
    async def _execute(
        self,
        m: Migration,
        path: object,
        statements: list[Statement],
        number: int,
        statement: Statement,
        journaled: bool = False,
    ) -> None:
        try:
            await self.conn.execute(statement.sql)
        except MigratorError:
            raise
        except Exception as exc:  # the driver's error: report it with its location
            message = mask_text(
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                self.secrets,
            )
            outcome = (
                f"migration {m.id} is partially applied ({number - 1} of {len(statements)} "
                f"statements ran); fix the cause and run upgrade again to resume at statement "
                f"{number}"
                if journaled
                else f"migration {m.id} was rolled back; earlier migrations stay applied"
            )
            raise ApplyError(
                f"{path}:{statement.line}: statement {number} of {len(statements)} failed: "
                f"{_preview(statement.sql)} -- database said: {message}. {outcome}"
            ) from exc


def _preview(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _ms(t0: float) -> int:
    return int((time.monotonic() - t0) * 1000)


async def _rollback_quietly(conn: Connection) -> None:
    # the original error matters more than a failed rollback
    with contextlib.suppress(Exception):
        await conn.execute("ROLLBACK")
