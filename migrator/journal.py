"""A migration applied statement by statement, each recorded in its history row.

Non-transactional DDL (MySQL/MariaDB commit every DDL statement): the history row is written
first with status ``partial`` and advanced after every statement, so a failed migration is
visible as such (``history``: ``partial 1/3``) and a later ``upgrade`` resumes at the
statement that failed. No statement that ran is ever run again. Each statement shares a
transaction with its journal entry, so a data change (INSERT/UPDATE) and its record commit
together; DDL commits implicitly, which leaves only the moment between a DDL statement and
its record. A transaction the file writes itself (START TRANSACTION ... COMMIT) is left
whole: its statements' entries commit with it, and a failure inside it rolls it all back.

Statements outside the transaction on a transactional database (PostgreSQL's online DDL:
``CREATE INDEX CONCURRENTLY`` and friends, or anything below an ``-- OUTSIDE TRANSACTION``
mark, see sqlfile.py). Such a migration is journaled like MySQL's, both ways: each marked
statement runs and commits on its own, the unmarked statements between them run in one
transaction together with their journal entry, so a failure leaves ``partial k/n`` at a
statement boundary and ``upgrade`` resumes there. A concurrent index build that failed
leaves an INVALID index behind; it is dropped before the build runs again.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass

from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.dsn import mask_text
from migrator.errors import ApplyError, MigratorError
from migrator.execution import Execution, ms, rollback_quietly, statement_label
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.planner import Step
from migrator.results import StepResult
from migrator.resume import check_ran_unchanged, statements_checksum


@dataclass(frozen=True, slots=True)
class Group:
    """Statements ``first``..``last`` (1-based) that run together: in one transaction
    (``transaction``) or, a single statement, on its own."""

    first: int
    last: int
    transaction: bool


@contextlib.asynccontextmanager
async def group_scope(
    ex: Execution, group: Group, members: Sequence[Statement]
) -> AsyncIterator[None]:
    """Where a group's statements run: in their transaction (committed at the end, rolled
    back on any failure), or alone, after what a failed earlier build left is cleared."""
    await ex.retries.lock_timeout_for(members)
    if group.transaction:
        await ex.conn.execute(ex.dialect.begin_sql)
    elif members:
        await ex.clear_failed_build(members[0].sql)
    try:
        yield
        if group.transaction:
            await ex.conn.execute(ex.dialect.commit_sql)
    except BaseException:
        if group.transaction:
            await rollback_quietly(ex.conn, ex.dialect)
        raise


# -- transactional DDL with statements outside the transaction ----------------------------
async def run_segmented(
    ex: Execution,
    step: Step,
    statements: list[Statement],
    path: object,
    partial: HistoryRow | None,
    outside: frozenset[int],
) -> StepResult:
    m = step.migration
    started, t0 = ex.now(), time.monotonic()
    skip = await _start_journal(ex, m, statements, started, partial)
    total = len(statements)
    for group in groups(skip + 1, total, outside, transactional=True):
        await ex.retries.retrying(
            lambda group=group: _run_up_group(ex, m, path, statements, group, t0)  # type: ignore[misc]
        )

    async def applied() -> None:
        await ex.history.update_progress(
            m.app, m.version, Status.APPLIED, total, ms(t0), m.checksum()
        )

    if ex.python is not None:
        await ex.python_step(step, total, t0, applied)
    else:
        await _history_write(ex, applied(), *_final_write_failed(ex, m, total))
    return StepResult(m.app, m.id, step.direction, total - skip, ms(t0), skip)


async def _start_journal(
    ex: Execution,
    m: Migration,
    statements: list[Statement],
    started: datetime.datetime,
    partial: HistoryRow | None,
) -> int:
    """Record the migration as ``partial 0/n`` (or check a partial row): how many of its
    statements already ran."""
    if partial is not None:
        check_ran_unchanged(m, statements, partial, ex.dialect)
        return partial.statements_done
    empty = statements_checksum(statements, 0, ex.dialect)
    row = HistoryRow(m.app, m.version, m.name, empty, Status.PARTIAL, 0, started, 0)
    await _history_write(ex, ex.history.record(row), *_first_write_failed(ex, m))
    return 0


async def _run_up_group(
    ex: Execution, m: Migration, path: object, statements: list[Statement], group: Group, t0: float
) -> None:
    total, first = len(statements), group.first
    outcome = (
        f"migration {m.id} is partially applied ({first - 1} of {total} statements "
        f"ran); fix the cause (or edit the failed statement in the file) and run upgrade "
        f"again to resume at statement {first}"
    )
    async with group_scope(ex, group, statements[first - 1 : group.last]):
        for number in range(first, group.last + 1):
            await ex.execute(path, statements, number, statements[number - 1], outcome)
        await _journal(
            ex,
            m,
            group.last,
            total,
            ms(t0),
            statements_checksum(statements, group.last, ex.dialect),
        )


# -- statement journal for non-transactional DDL ------------------------------------------
async def run_journaled(
    ex: Execution, step: Step, statements: list[Statement], path: object, partial: HistoryRow | None
) -> StepResult:
    m = step.migration
    dialect = ex.dialect
    started, t0 = ex.now(), time.monotonic()
    skip = 0
    if partial is None:
        empty = statements_checksum(statements, 0, dialect)
        row = HistoryRow(m.app, m.version, m.name, empty, Status.PARTIAL, 0, started, 0)
        await _history_write(ex, ex.history.record(row), *_first_write_failed(ex, m))
    else:
        check_ran_unchanged(m, statements, partial, dialect)
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
        inside, user_transaction = _user_transaction(dialect, statement.sql, user_transaction)
        wrap = not inside and not dialect.manages_transaction(statement.sql)

        async def attempt(
            number: int = number,
            statement: Statement = statement,
            outcome: str = outcome,
            wrap: bool = wrap,
        ) -> None:
            if wrap:
                await ex.conn.execute(dialect.begin_sql)
            try:
                await ex.execute(path, statements, number, statement, outcome)
                await _journal(
                    ex,
                    m,
                    number,
                    total,
                    ms(t0),
                    statements_checksum(statements, number, dialect),
                )
                if wrap:
                    await ex.conn.execute(dialect.commit_sql)
            except BaseException:
                # ours, or the file's own transaction that this failure ends: either
                # way the connection goes back to autocommit with nothing half-done
                await rollback_quietly(ex.conn, dialect)
                raise

        # a statement inside the file's own transaction cannot be tried alone again
        await (ex.retries.retrying(attempt) if wrap else attempt())
    if ex.python is not None:

        async def applied() -> None:
            await ex.history.update_progress(
                m.app, m.version, Status.APPLIED, total, ms(t0), m.checksum()
            )

        await ex.python_step(step, total, t0, applied)
        return StepResult(m.app, m.id, step.direction, total - skip, ms(t0), skip)
    await _history_write(
        ex,
        ex.history.update_progress(m.app, m.version, Status.APPLIED, total, ms(t0), m.checksum()),
        *_final_write_failed(ex, m, total),
    )
    return StepResult(m.app, m.id, step.direction, total - skip, ms(t0), skip)


async def _history_write(ex: Execution, write: Awaitable[None], what: str, outcome: str) -> None:
    """A journal write outside a statement's transaction: a driver error becomes an
    ApplyError that says what state the journal is in."""
    try:
        await write
    except MigratorError:
        raise
    except Exception as exc:
        raise ApplyError(f"{what} -- database said: {ex.driver_message(exc)}; {outcome}") from exc


def _first_write_failed(ex: Execution, m: Migration) -> tuple[str, str]:
    """What a failed ``partial 0/n`` row says, and the journal's state then."""
    return (
        f"recording migration {m.id} in the history table {ex.history.table} "
        "failed before any of its statements ran",
        "nothing of it ran; fix the cause and run upgrade again",
    )


def _final_write_failed(ex: Execution, m: Migration, total: int) -> tuple[str, str]:
    """What a failed applied mark after the last statement says, and the journal's state."""
    return (
        f"all {total} statements of migration {m.id} ran but marking it applied in the "
        f"history table {ex.history.table} failed",
        f"it stays recorded as partial {total}/{total}; fix the cause and run upgrade "
        "again to mark it applied (no statement runs again)",
    )


async def _journal(
    ex: Execution, m: Migration, number: int, total: int, duration: int, checksum: str
) -> None:
    try:
        await ex.history.update_progress(
            m.app, m.version, Status.PARTIAL, number, duration, checksum
        )
    except MigratorError:
        raise
    except Exception as exc:
        message = mask_text(str(exc).strip().splitlines()[0] if str(exc).strip() else "", ())
        raise ApplyError(
            f"{statement_label(ex.file, number)} of migration {m.id} ran but recording "
            "it in "
            f"the history table {ex.history.table} failed: {message or type(exc).__name__}"
            "; a data change was rolled back with it, schema changes stay: check the "
            "history table (migrator history) before running upgrade again"
        ) from exc


def groups(first: int, last: int, outside: frozenset[int], transactional: bool) -> list[Group]:
    """Statements ``first``..``last`` (1-based) as they run: consecutive statements that may
    share a transaction in one group, each statement marked to run outside it (every one,
    where DDL is not transactional) alone."""
    found: list[Group] = []
    for number in range(first, last + 1):
        alone = not transactional or (number - 1) in outside
        previous = found[-1] if found else None
        if not alone and previous is not None and previous.transaction:
            found[-1] = Group(previous.first, number, True)
        else:
            found.append(Group(number, number, not alone))
    return found


def _user_transaction(dialect: Dialect, sql: str, open_before: bool) -> tuple[bool, bool]:
    """(whether ``sql`` runs inside a transaction the migration file opened itself, whether
    that transaction is still open after it): from its START TRANSACTION to its COMMIT or
    ROLLBACK, both included."""
    inside = open_before or dialect.opens_transaction(sql)
    return inside, inside and not dialect.closes_transaction(sql)
