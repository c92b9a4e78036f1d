"""Executes planned steps against one database.

Transactional DDL (SQLite, PostgreSQL): each migration runs in one transaction together with
its history row, so it is applied whole or not at all.

Non-transactional DDL (MySQL/MariaDB commit every DDL statement): the history row is written
first with status ``partial`` and advanced after every statement, so a failed migration is
visible as such (``history``: ``partial 1/3``) and a later ``upgrade`` resumes at the
statement that failed. No statement that ran is ever run again. Each statement shares a
transaction with its journal entry, so a data change (INSERT/UPDATE) and its record commit
together; DDL commits implicitly, which leaves only the moment between a DDL statement and
its record. A transaction the file writes itself (START TRANSACTION ... COMMIT) is left
whole: its statements' entries commit with it, and a failure inside it rolls it all back.

Editing a partially applied migration. While a row is ``partial`` its checksum covers only
the statements that ran (statements 1..k of upgrade.sql, split and normalised like the file
checksum), not the whole file. So the usual fix for a failed statement, editing that
statement (or any later one) in upgrade.sql, is allowed: ``upgrade`` resumes with the edited
text. Editing, removing or reordering a statement that already ran is refused with a
ChecksumError before anything runs, because the database no longer matches the file and
resuming would skip the wrong statements. Once the migration completes, the row records the
checksum of the whole file like any applied migration.

Reverting. ``downgrade`` of a partially applied migration runs only the inverses of what ran:
the upgrade file's ``-- [k/n]`` block headers say which statements belong to which
operation, and each downgrade block says which upgrade block it undoes (sqlfile.py). The
downgrade blocks of the fully run upgrade blocks run in file order; after each, the row moves
back to ``partial`` at the start of the block it undid, so a downgrade that fails can be
continued by ``downgrade`` or turned around by ``upgrade``. That holds for the downgrade of a
fully applied generated migration too. Refused, with a one-line message saying what to do:
a migration that stopped inside a multi-statement block (its inverse assumes the whole block
ran), and a partially applied migration whose files have no block headers (hand-written).

Statements outside the transaction on a transactional database (PostgreSQL's online DDL:
``CREATE INDEX CONCURRENTLY`` and friends, or anything below an ``-- OUTSIDE TRANSACTION``
mark, see sqlfile.py). Such a migration is journaled like MySQL's, both ways: each marked
statement runs and commits on its own, the unmarked statements between them run in one
transaction together with their journal entry, so a failure leaves ``partial k/n`` at a
statement boundary and ``upgrade`` resumes there. A concurrent index build that failed
leaves an INVALID index behind; it is dropped before the build runs again.

Data migrations (python_migration.py). A migration's ``migration.py`` runs ``upgrade(conn)``
after the statements of upgrade.sql and ``downgrade(conn)`` before those of downgrade.sql. In
one transaction per migration it shares that transaction; in a journaled migration it is one
more step after the last statement, run in a transaction together with the history change
that marks the migration applied (a failure leaves ``partial n/n+1``; upgrade runs it again).
A journaled downgrade of an applied migration runs ``downgrade(conn)`` first, in a
transaction of its own (a later failure leaves it run: running downgrade again runs it again).

Lock timeouts (timeouts.py). The session runs with a short ``lock_timeout``; a step (the
migration's transaction, or one journaled group) that gave up waiting for a lock is rolled
back and tried again after a pause, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from migrator.checksums import code_checksum, migration_checksum, prefix_checksums
from migrator.connection import Connection
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.dsn import mask_text
from migrator.errors import ApplyError, ChecksumError, MigrationFileError, MigratorError
from migrator.files import Migration
from migrator.history import History, HistoryRow, Status
from migrator.planner import Direction, Step
from migrator.python_migration import MigrationConnection, failure_text
from migrator.python_migration import function as python_function
from migrator.results import StepResult
from migrator.sqlfile import (
    OUTSIDE_TRANSACTION_MARK,
    Block,
    SqlFile,
    parse_file,
    progress,
    undo_map,
)
from migrator.timeouts import DdlTimeouts

Clock = Callable[[], datetime.datetime]
Sleep = Callable[[float], Awaitable[None]]
Record = Callable[[], Awaitable[None]]
PythonStep = Callable[[MigrationConnection], Awaitable[None]]
T = TypeVar("T")


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def statements_checksum(statements: Sequence[Statement], count: int, dialect: Dialect) -> str:
    """What a partial history row vouches for: the first ``count`` statements' code."""
    return code_checksum(statements, dialect, count)


def statement_count(migration: Migration, dialect: Dialect) -> int:
    """How many steps the migration's upgrade runs (for ``partial 1/3``): the statements of
    upgrade.sql, and its data migration (``migration.py``) as one more."""
    return len(dialect.split(migration.upgrade_sql())) + (1 if migration.has_python else 0)


@dataclass(frozen=True, slots=True)
class _Undo:
    """One downgrade block to run, and how many upgrade statements stay in effect after it."""

    block: Block
    remaining: int


@dataclass(frozen=True, slots=True)
class _Group:
    """Statements ``first``..``last`` (1-based) that run together: in one transaction
    (``transaction``) or, a single statement, on its own."""

    first: int
    last: int
    transaction: bool


class Runner:
    def __init__(
        self,
        conn: Connection,
        backend: Backend,
        history: History,
        clock: Clock = utc_now,
        secrets: tuple[str, ...] = (),
        offline: bool = False,
        timeouts: DdlTimeouts | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """``offline``: ``conn`` writes a script (script.py) instead of reaching a database,
        so the backend's ``script_guard`` stands in for its live ``migration_guard``."""
        self.conn = conn
        self.backend = backend
        self.dialect = backend.dialect
        self.history = history
        self.clock = clock
        self.secrets = secrets
        self._guard = backend.script_guard if offline else backend.migration_guard
        self._file = SqlFile((), None, (), False)  # the file ``run`` is running
        self._offline = offline
        self.timeouts = timeouts if timeouts is not None else DdlTimeouts()
        self.sleep = sleep  # the pause before a lock retry (tests observe it)
        self._lock_timeout: float | None = None  # the session's, once set
        self._python: PythonStep | None = None  # the data migration of the step ``run`` runs

    async def _clear_failed_build(self, conn: Connection, sql: str) -> None:
        """What a failed earlier run of ``sql`` left behind goes first; a script cannot
        look, so offline SQL leaves that to whoever runs it."""
        if not self._offline:
            await self.backend.clear_failed_build(conn, sql)

    def _now(self) -> datetime.datetime:
        """The clock's time as naive UTC, what every dialect's history column stores; an
        injected clock may give an aware time."""
        now = self.clock()
        if now.tzinfo is not None:
            now = now.astimezone(datetime.UTC).replace(tzinfo=None)
        return now

    async def run(
        self, step: Step, partial: HistoryRow | None = None, ran_before: int = 0
    ) -> StepResult:
        """Apply or revert one migration. ``ran_before``: how many migrations this run
        already applied or reverted (only for what an error message says stays done)."""
        m = step.migration
        if step.direction is Direction.UP:
            path, sql = m.upgrade_path, m.upgrade_sql()
        else:
            path, sql = m.downgrade_path, m.downgrade_sql()
        self._file = parse_file(sql, self.dialect)
        statements = list(self._file.statements)
        self._python = self._load_python(step)
        await self._set_timeouts()
        if self.dialect.transactional_ddl:
            up_outside, down_outside = _outside(m, self.dialect)
            if partial is None and not up_outside and not down_outside:
                return await self._retrying(
                    lambda: self._run_transaction(
                        step, statements, path, _rolled_back(step, ran_before)
                    )
                )
            if step.direction is Direction.UP:
                _refuse_own_transaction(self.dialect, path, statements, up_outside)
                return await self._run_segmented(step, statements, path, partial, up_outside)
            return await self._revert_journaled(step, statements, partial, down_outside)
        if step.direction is Direction.UP:
            return await self._run_journaled(step, statements, path, partial)
        return await self._revert_journaled(step, statements, partial)

    # -- data migrations -----------------------------------------------------------------
    def _load_python(self, step: Step) -> PythonStep | None:
        """The migration's ``upgrade``/``downgrade`` function, loaded before anything runs;
        offline SQL cannot run Python, so a script is refused."""
        m = step.migration
        if not m.has_python:
            return None
        if self._offline:
            raise MigrationFileError(
                f"migration {m.id} has a data migration ({m.python_path}) that offline SQL "
                "cannot run; apply it with `migrator upgrade` against the database"
            )
        return python_function(m.python_path, step.direction.value)

    async def _run_python(self, step: Step, outcome: str) -> None:
        """Run the step's data migration on this connection (inside the caller's
        transaction); a failure is an ApplyError naming the file and line that raised."""
        if self._python is None:
            return
        m = step.migration
        try:
            await self._python(MigrationConnection(self.conn, self.dialect))
        except MigratorError:
            raise
        except Exception as exc:
            raise ApplyError(
                f"{failure_text(exc)} -- {step.direction.value}() of {m.python_path} "
                f"failed. {outcome}"
            ) from exc

    async def _python_step(self, step: Step, total: int, t0: float, record: Record) -> None:
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
                await self._run_python(step, outcome)
                await record()
                await self.conn.execute(self.dialect.commit_sql)
            except BaseException:
                await _rollback_quietly(self.conn, self.dialect)
                raise

        await self._retrying(attempt)

    # -- lock timeouts ---------------------------------------------------------------------
    async def _set_timeouts(self) -> None:
        t = self.timeouts
        for sql in self.dialect.session_timeout_statements(t.lock_timeout, t.statement_timeout):
            await self.conn.execute(sql)
        self._lock_timeout = t.lock_timeout

    async def _lock_timeout_for(self, statements: Sequence[Statement]) -> None:
        """No lock timeout for statements whose wait lets writers through (a concurrent
        index build waits for every older transaction: giving up would only start over)."""
        writers_pass = all(self.dialect.waits_without_blocking_writers(s.sql) for s in statements)
        wanted = 0.0 if writers_pass and statements else self.timeouts.lock_timeout
        if wanted != self._lock_timeout:
            for sql in self.dialect.session_timeout_statements(wanted, None):
                await self.conn.execute(sql)
            self._lock_timeout = wanted

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt`` (which rolls back what it did when it fails) again after a pause
        when it gave up waiting for a lock, up to ``lock_retries`` times."""
        tries = 0
        while True:
            try:
                return await attempt()
            except ApplyError as exc:
                if not self.backend.is_lock_timeout(exc.__cause__):
                    raise
                tries += 1
                if tries > self.timeouts.lock_retries:
                    raise ApplyError(
                        f"{exc} (tried {tries} times, each waiting "
                        f"{self.timeouts.lock_timeout:g} s for a lock that a long transaction "
                        "holds: run it again when that transaction ends, or raise "
                        "--ddl-lock-timeout / --ddl-lock-retries)"
                    ) from exc.__cause__
                await self.sleep(self.timeouts.pause(tries))

    # -- one transaction per migration ----------------------------------------------------
    async def _run_transaction(
        self, step: Step, statements: list[Statement], path: object, outcome: str
    ) -> StepResult:
        m = step.migration
        _refuse_own_transaction(self.dialect, path, statements)
        started, t0 = self._now(), time.monotonic()
        # a driver that takes several statements in one text gets BEGIN together with the
        # first statement: the same transaction, one round trip fewer
        # (a data migration running first needs its own BEGIN)
        python_first = self._python is not None and step.direction is Direction.DOWN
        batch_begin = self.dialect.batches_statements and bool(statements) and not python_first
        sqls = [s.sql for s in statements]
        async with self._guard(self.conn, sqls) as guard:
            if not batch_begin:
                await self.conn.execute(self.dialect.begin_sql)
            try:
                if python_first:
                    await self._run_python(step, outcome)
                for number, statement in enumerate(statements, start=1):
                    prefix = f"{self.dialect.begin_sql};\n" if batch_begin and number == 1 else ""
                    await self._execute(path, statements, number, statement, outcome, prefix)
                if not python_first:
                    await self._run_python(step, outcome)
                await guard.verify()
                # the checksum of the code that ran: the file is read once
                row = HistoryRow(
                    m.app,
                    m.version,
                    m.name,
                    migration_checksum(statements, self.dialect, m.python_source()),
                    Status.APPLIED,
                    len(statements),
                    started,
                    _ms(t0),
                )
                try:
                    await self._record_and_commit(step.direction, row)
                except MigratorError:
                    raise
                except Exception as exc:  # e.g. a DEFERRABLE constraint, checked at COMMIT
                    raise ApplyError(
                        f"{path}: migration {m.id} failed at COMMIT, after all "
                        f"{len(statements)} statements ran -- database said: "
                        f"{self._driver_message(exc)}. {outcome}"
                    ) from exc
            except BaseException:
                await _rollback_quietly(self.conn, self.dialect)
                raise
        return StepResult(m.app, m.id, step.direction, len(statements), _ms(t0))

    async def _record_and_commit(self, direction: Direction, row: HistoryRow) -> None:
        """Write (UP) or remove (DOWN) the history row and commit. A driver that takes several
        statements in one text gets both in one round trip (Dialect.batches_statements)."""
        batch = self.dialect.batches_statements
        sql = ""
        if direction is Direction.UP:
            if batch:
                sql = self.history.record_statement(row)
            else:
                await self.history.record(row)
        elif batch:
            sql = self.history.unrecord_statement(row.app, row.version)
        else:
            await self.history.unrecord(row.app, row.version)
        commit = self.dialect.commit_sql
        await self.conn.execute(f"{sql};\n{commit}" if batch else commit)

    # -- transactional DDL with statements outside the transaction ------------------------
    async def _run_segmented(
        self,
        step: Step,
        statements: list[Statement],
        path: object,
        partial: HistoryRow | None,
        outside: frozenset[int],
    ) -> StepResult:
        m = step.migration
        started, t0 = self._now(), time.monotonic()
        skip = await self._start_journal(m, statements, started, partial)
        total = len(statements)
        for group in _groups(skip + 1, total, outside, transactional=True):
            await self._retrying(
                lambda group=group: self._run_up_group(m, path, statements, group, t0)  # type: ignore[misc]
            )

        async def applied() -> None:
            await self.history.update_progress(
                m.app, m.version, Status.APPLIED, total, _ms(t0), m.checksum()
            )

        if self._python is not None:
            await self._python_step(step, total, t0, applied)
        else:
            await applied()
        return StepResult(m.app, m.id, step.direction, total - skip, _ms(t0), skip)

    async def _start_journal(
        self,
        m: Migration,
        statements: list[Statement],
        started: datetime.datetime,
        partial: HistoryRow | None,
    ) -> int:
        """Record the migration as ``partial 0/n`` (or check a partial row): how many of its
        statements already ran."""
        if partial is not None:
            _check_ran_unchanged(m, statements, partial, self.dialect)
            return partial.statements_done
        await self.history.record(
            HistoryRow(
                m.app,
                m.version,
                m.name,
                statements_checksum(statements, 0, self.dialect),
                Status.PARTIAL,
                0,
                started,
                0,
            )
        )
        return 0

    async def _run_up_group(
        self, m: Migration, path: object, statements: list[Statement], group: _Group, t0: float
    ) -> None:
        total, first = len(statements), group.first
        outcome = (
            f"migration {m.id} is partially applied ({first - 1} of {total} statements "
            f"ran); fix the cause (or edit the failed statement in the file) and run upgrade "
            f"again to resume at statement {first}"
        )
        members = statements[first - 1 : group.last]
        await self._lock_timeout_for(members)
        if not group.transaction:
            await self._clear_failed_build(self.conn, members[0].sql)
        else:
            await self.conn.execute(self.dialect.begin_sql)
        try:
            for number in range(first, group.last + 1):
                await self._execute(path, statements, number, statements[number - 1], outcome)
            await self._journal(
                m,
                group.last,
                total,
                _ms(t0),
                statements_checksum(statements, group.last, self.dialect),
            )
            if group.transaction:
                await self.conn.execute(self.dialect.commit_sql)
        except BaseException:
            if group.transaction:
                await _rollback_quietly(self.conn, self.dialect)
            raise

    # -- statement journal for non-transactional DDL --------------------------------------
    async def _run_journaled(
        self, step: Step, statements: list[Statement], path: object, partial: HistoryRow | None
    ) -> StepResult:
        m = step.migration
        started, t0 = self._now(), time.monotonic()
        skip = 0
        if partial is None:
            empty = statements_checksum(statements, 0, self.dialect)
            row = HistoryRow(m.app, m.version, m.name, empty, Status.PARTIAL, 0, started, 0)
            await self._history_write(
                self.history.record(row),
                f"recording migration {m.id} in the history table {self.history.table} "
                "failed before any of its statements ran",
                "nothing of it ran; fix the cause and run upgrade again",
            )
        else:
            _check_ran_unchanged(m, statements, partial, self.dialect)
            skip = partial.statements_done
        total = len(statements)
        user_transaction = False
        for number, statement in enumerate(statements, start=1):
            if number <= skip:
                continue
            outcome = (
                f"migration {m.id} is partially applied ({number - 1} of {total} statements "
                f"ran); fix the cause (or edit statement {number} in the file) and run upgrade "
                f"again to resume at statement {number}"
            )
            # Statement and journal entry share a transaction unless the file manages its
            # own: a DML statement and its record then commit together or not at all (DDL
            # commits implicitly, so for DDL this narrows the window but cannot close it).
            inside, user_transaction = _user_transaction(
                self.dialect, statement.sql, user_transaction
            )
            wrap = not inside and not self.dialect.manages_transaction(statement.sql)

            async def attempt(
                number: int = number,
                statement: Statement = statement,
                outcome: str = outcome,
                wrap: bool = wrap,
            ) -> None:
                if wrap:
                    await self.conn.execute(self.dialect.begin_sql)
                try:
                    await self._execute(path, statements, number, statement, outcome)
                    await self._journal(
                        m,
                        number,
                        total,
                        _ms(t0),
                        statements_checksum(statements, number, self.dialect),
                    )
                    if wrap:
                        await self.conn.execute(self.dialect.commit_sql)
                except BaseException:
                    # ours, or the file's own transaction that this failure ends: either
                    # way the connection goes back to autocommit with nothing half-done
                    await _rollback_quietly(self.conn, self.dialect)
                    raise

            # a statement inside the file's own transaction cannot be tried alone again
            await (self._retrying(attempt) if wrap else attempt())
        if self._python is not None:

            async def applied() -> None:
                await self.history.update_progress(
                    m.app, m.version, Status.APPLIED, total, _ms(t0), m.checksum()
                )

            await self._python_step(step, total, t0, applied)
            return StepResult(m.app, m.id, step.direction, total - skip, _ms(t0), skip)
        await self._history_write(
            self.history.update_progress(
                m.app, m.version, Status.APPLIED, total, _ms(t0), m.checksum()
            ),
            f"all {total} statements of migration {m.id} ran but marking it applied in the "
            f"history table {self.history.table} failed",
            f"it stays recorded as partial {total}/{total}; fix the cause and run upgrade "
            "again to mark it applied (no statement runs again)",
        )
        return StepResult(m.app, m.id, step.direction, total - skip, _ms(t0), skip)

    async def _history_write(self, write: Awaitable[None], what: str, outcome: str) -> None:
        """A journal write outside a statement's transaction: a driver error becomes an
        ApplyError that says what state the journal is in."""
        try:
            await write
        except MigratorError:
            raise
        except Exception as exc:
            raise ApplyError(
                f"{what} -- database said: {self._driver_message(exc)}; {outcome}"
            ) from exc

    async def _journal(
        self, m: Migration, number: int, total: int, duration: int, checksum: str
    ) -> None:
        try:
            await self.history.update_progress(
                m.app, m.version, Status.PARTIAL, number, duration, checksum
            )
        except MigratorError:
            raise
        except Exception as exc:
            message = mask_text(str(exc).strip().splitlines()[0] if str(exc).strip() else "", ())
            raise ApplyError(
                f"{statement_label(self._file, number)} of migration {m.id} ran but recording "
                "it in "
                f"the history table {self.history.table} failed: {message or type(exc).__name__}"
                "; a data change was rolled back with it, schema changes stay: check the "
                "history table (migrator history) before running upgrade again"
            ) from exc

    async def _revert_journaled(
        self,
        step: Step,
        statements: list[Statement],
        partial: HistoryRow | None,
        outside: frozenset[int] = frozenset(),
    ) -> StepResult:
        """Run the downgrade blocks that undo what ran. On a transactional database each
        block's statements (those not marked to run outside) share a transaction with the
        history change that follows them."""
        m = step.migration
        t0 = time.monotonic()
        upgrade = self.dialect.split(m.upgrade_sql())
        if partial is not None:
            _check_ran_unchanged(m, upgrade, partial, self.dialect)
        undo = _undo_plan(m, self.dialect, partial)
        if partial is not None and partial.statements_done < len(upgrade):
            # the statement that failed may have left an INVALID index
            await self._clear_failed_build(self.conn, upgrade[partial.statements_done].sql)

        async def unrecord() -> None:
            await self.history.unrecord(m.app, m.version)

        async def nothing() -> None:
            pass

        if partial is None and self._python is not None:  # a partial row: it never ran
            await self._python_step(step, len(upgrade), t0, nothing)
        if undo is None:  # a fully applied migration without blocks: run the whole file
            await self._run_statements(
                m, statements, 1, len(statements), None, False, outside, unrecord
            )
            return StepResult(m.app, m.id, step.direction, len(statements), _ms(t0))
        ran = 0
        for position, item in enumerate(undo):
            first = item.block.first + 1
            last = first + len(item.block.statements) - 1
            recorded = _recorded_before(undo, position, partial)

            async def advance(remaining: int = item.remaining) -> None:
                await self.history.update_progress(
                    m.app,
                    m.version,
                    Status.PARTIAL,
                    remaining,
                    _ms(t0),
                    statements_checksum(upgrade, remaining, self.dialect),
                )

            record = unrecord if position == len(undo) - 1 else advance
            await self._run_statements(m, statements, first, last, recorded, True, outside, record)
            ran += len(item.block.statements)
        if not undo:
            await unrecord()
        return StepResult(m.app, m.id, step.direction, ran, _ms(t0))

    async def _run_statements(
        self,
        m: Migration,
        statements: list[Statement],
        first: int,
        last: int,
        recorded: int | None,
        blocks: bool,
        outside: frozenset[int],
        record: Record,
    ) -> None:
        """Run downgrade statements ``first``..``last`` (1-based), then ``record`` the
        history change. ``recorded``: how many upgrade statements the history row says are
        in effect (None: still applied)."""
        groups = _groups(first, last, outside, self.dialect.transactional_ddl)
        if not groups:
            await record()
        for position, group in enumerate(groups):
            final = record if position == len(groups) - 1 else None
            await self._retrying(
                lambda group=group, final=final: self._run_down_group(  # type: ignore[misc]
                    m, statements, group, first, recorded, blocks, final
                )
            )

    async def _run_down_group(
        self,
        m: Migration,
        statements: list[Statement],
        group: _Group,
        first: int,
        recorded: int | None,
        blocks: bool,
        record: Record | None,
    ) -> None:
        members = statements[group.first - 1 : group.last]
        await self._lock_timeout_for(members)
        if group.transaction:
            await self.conn.execute(self.dialect.begin_sql)
        elif members:
            await self._clear_failed_build(self.conn, members[0].sql)
        try:
            for number in range(group.first, group.last + 1):
                # a failed transaction undoes its group: what ran before the group stays
                ran_to = group.first - 1 if group.transaction else number - 1
                outcome = _down_outcome(m, len(statements), first, ran_to, recorded, blocks)
                await self._execute(
                    m.downgrade_path, statements, number, statements[number - 1], outcome
                )
            if record is not None:
                await record()
            if group.transaction:
                await self.conn.execute(self.dialect.commit_sql)
        except BaseException:
            if group.transaction:
                await _rollback_quietly(self.conn, self.dialect)
            raise

    # -- shared ----------------------------------------------------------------------------
    async def _execute(
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
            where = statement_label(self._file, number)
            raise ApplyError(
                f"{path}:{statement.line}: {where} failed: "
                f"{_preview(statement.sql)} -- database said: {self._driver_message(exc)}. "
                f"{outcome}"
            ) from exc

    def _driver_message(self, exc: Exception) -> str:
        """The first line of a driver error, passwords masked."""
        text = str(exc).strip()
        return mask_text(text.splitlines()[0] if text else type(exc).__name__, self.secrets)


def _down_outcome(
    m: Migration, total: int, first: int, ran_to: int, recorded: int | None, blocks: bool
) -> str:
    """What a failure in a downgrade leaves when statements up to ``ran_to`` are in effect,
    and what to do."""
    if not blocks:
        return (
            f"downgrade of {m.id} stopped after {ran_to} of {total} statements and the "
            "history still lists it as applied; run the rest of the file by hand and delete "
            "its history row"
        )
    state = (
        "still recorded as applied"
        if recorded is None
        else f"recorded as partial, {recorded} upgrade statements in effect"
    )
    by_hand = (
        f"; first undo statements {first}-{ran_to} of this file by hand" if ran_to >= first else ""
    )
    return (
        f"migration {m.id} is {state}{by_hand}; fix the cause and run downgrade again to "
        "continue, or upgrade to re-apply it"
    )


def _groups(first: int, last: int, outside: frozenset[int], transactional: bool) -> list[_Group]:
    """Statements ``first``..``last`` (1-based) as they run: consecutive statements that may
    share a transaction in one group, each statement marked to run outside it (every one,
    where DDL is not transactional) alone."""
    groups: list[_Group] = []
    for number in range(first, last + 1):
        alone = not transactional or (number - 1) in outside
        previous = groups[-1] if groups else None
        if not alone and previous is not None and previous.transaction:
            groups[-1] = _Group(previous.first, number, True)
        else:
            groups.append(_Group(number, number, not alone))
    return groups


def _outside(m: Migration, dialect: Dialect) -> tuple[frozenset[int], frozenset[int]]:
    """The statements of upgrade.sql and downgrade.sql marked to run outside a transaction."""
    up = parse_file(m.upgrade_sql(), dialect).outside
    down = (
        parse_file(m.downgrade_sql(), dialect).outside if m.downgrade_path.exists() else frozenset()
    )
    return up, down


def statement_label(file: SqlFile, number: int) -> str:
    """Statement ``number`` (1-based) of ``file`` as an error names it: its number among the
    file's statements and, when the file is made of blocks, the ``-- [k/n]`` block it sits
    in, so the message points at a label that is in the file."""
    label = f"statement {number} of {len(file.statements)}"
    for block in file.blocks or ():
        position = number - block.first
        if 1 <= position <= len(block.statements):
            title = _preview(block.title, 80)
            if len(block.statements) == 1:
                return f"{label} (block [{block.index}/{block.total}] {title})"
            return (
                f"{label} (statement {position} of {len(block.statements)} in block "
                f"[{block.index}/{block.total}] {title})"
            )
    return label


def _rolled_back(step: Step, ran_before: int) -> str:
    """What a failure inside a migration's transaction leaves: the migration as it was and
    what ran before it (said only when something did)."""
    m = step.migration
    if step.direction is Direction.UP:
        outcome = f"migration {m.id} was rolled back and is not applied"
        if m.parent is not None or ran_before:
            outcome += "; earlier migrations stay applied"
        return outcome
    outcome = f"the downgrade of {m.id} was rolled back: it stays applied"
    if ran_before:
        outcome += f"; the {ran_before} migration(s) reverted before it stay reverted"
    return outcome


def _refuse_own_transaction(
    dialect: Dialect,
    path: object,
    statements: Sequence[Statement],
    outside: frozenset[int] = frozenset(),
) -> None:
    """A COMMIT or ROLLBACK in the file would end the runner's transaction: what ran before
    it would stay while the history says nothing (or a ROLLBACK undo what the history then
    records as applied). Refused before anything runs."""
    for number, statement in enumerate(statements, start=1):
        if dialect.must_run_outside_transaction(statement.sql) and number - 1 not in outside:
            raise MigrationFileError(
                f"{path}:{statement.line}: statement {number} of {len(statements)} "
                f"({_preview(statement.sql)}) cannot run inside a transaction; put a line "
                f"`{OUTSIDE_TRANSACTION_MARK}: <why>` above it (it covers the statements "
                "down to the next block header); nothing was run"
            )
        if dialect.ends_migration_transaction(statement.sql):
            raise MigrationFileError(
                f"{path}:{statement.line}: statement {number} of {len(statements)} "
                f"({_preview(statement.sql)}) manages a transaction, but the runner applies "
                "each migration in one transaction together with its history row; remove it "
                "(use SAVEPOINT for a partial undo), or split the file into two migrations "
                "with `migrator migrate --empty`; nothing was run"
            )


def _user_transaction(dialect: Dialect, sql: str, open_before: bool) -> tuple[bool, bool]:
    """(whether ``sql`` runs inside a transaction the migration file opened itself, whether
    that transaction is still open after it): from its START TRANSACTION to its COMMIT or
    ROLLBACK, both included."""
    inside = open_before or dialect.opens_transaction(sql)
    return inside, inside and not dialect.closes_transaction(sql)


def check_resumable(m: Migration, row: HistoryRow, dialect: Dialect) -> None:
    """ChecksumError when a statement of partially applied ``m`` that already ran was edited
    (the runner checks it again when it reaches ``m``; a command may check up front)."""
    _check_ran_unchanged(m, dialect.split(m.upgrade_sql()), row, dialect)


def _check_ran_unchanged(
    m: Migration, statements: list[Statement], row: HistoryRow, dialect: Dialect
) -> None:
    """Refuse to resume or revert when a statement that already ran was edited (comments
    and layout do not count, see checksums.py)."""
    done = row.statements_done
    if done == 0:
        return
    intact = done <= len(statements) and (
        row.checksum in prefix_checksums(statements, dialect, done)
        or m.accepts(row.checksum)  # rows journaled before partial rows carried a prefix
    )
    if not intact:
        raise ChecksumError(
            f"{m.upgrade_path}: statements 1-{done} of partially applied migration {m.id} "
            f"already ran but were edited since; revert that edit (only statements from "
            f"{done + 1} on may change before the migration completes)"
        )


def _undo_plan(m: Migration, dialect: Dialect, partial: HistoryRow | None) -> list[_Undo] | None:
    """The downgrade blocks that undo what ran, in the order to run them. None when the
    files have no usable blocks and the migration is fully applied (run the whole file)."""
    done = partial.statements_done if partial is not None else None
    if done == 0:
        return []  # nothing ran: only the history row goes
    upgrade = parse_file(m.upgrade_sql(), dialect)
    undoes = undo_map(upgrade, parse_file(m.downgrade_sql(), dialect))
    if upgrade.blocks is None or undoes is None:
        if done is None:
            return None
        raise ApplyError(
            f"migration {m.id} is partially applied ({done} statements of {m.upgrade_path} "
            f"ran) and its files have no matching `-- [k/n]` block headers, so migrator "
            "cannot tell which downgrade statements undo them; fix the cause and finish it "
            "with `migrator upgrade`, then downgrade"
        )
    if done is None:  # fully applied: every statement ran
        done = len(upgrade.statements)
    ran = progress(upgrade.blocks, done)
    if ran.stopped_inside is not None:
        raise _stopped_inside(m, ran.stopped_inside, done)
    return [
        _Undo(undo.downgrade, undo.upgrade.first)
        for undo in undoes
        if undo.upgrade.index in ran.complete
    ]


def _stopped_inside(m: Migration, block: Block, done: int) -> ApplyError:
    end = block.first + len(block.statements)
    return ApplyError(
        f"migration {m.id} stopped inside block [{block.index}/{block.total}] "
        f"({block.title}) of {m.upgrade_path}: statements {block.first + 1}-{done} ran, "
        f"{done + 1}-{end} did not, and its downgrade assumes the whole block ran; fix "
        "the cause and finish it with `migrator upgrade`, then downgrade (or undo "
        "those statements by hand)"
    )


def _recorded_before(undo: list[_Undo], position: int, partial: HistoryRow | None) -> int | None:
    """How many upgrade statements the history row says are in effect while block
    ``position`` of the undo plan runs (None: the row still says applied)."""
    if position > 0:
        return undo[position - 1].remaining
    return partial.statements_done if partial is not None else None


def _preview(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _ms(t0: float) -> int:
    return int((time.monotonic() - t0) * 1000)


async def _rollback_quietly(conn: Connection, dialect: Dialect) -> None:
    # the original error matters more than a failed rollback
    with contextlib.suppress(Exception):
        await conn.execute(dialect.rollback_sql)
