"""One migration in one transaction (transactional DDL: SQLite, PostgreSQL).

Each migration runs in one transaction together with its history row, so it is applied
whole or not at all. A file that manages a transaction itself is refused before anything
runs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from migrator.checksums import migration_checksum
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.errors import ApplyError, MigrationFileError, MigratorError
from migrator.execution import Execution, ms, preview, rollback_quietly
from migrator.history import HistoryRow, Status
from migrator.planner import Direction, Step
from migrator.results import StepResult
from migrator.sqlfile import OUTSIDE_TRANSACTION_MARK


async def run_transaction(
    ex: Execution, step: Step, statements: list[Statement], path: object, outcome: str
) -> StepResult:
    m = step.migration
    dialect = ex.dialect
    refuse_own_transaction(dialect, path, statements)
    started, t0 = ex.now(), time.monotonic()
    # a driver that takes several statements in one text gets BEGIN together with the
    # first statement: the same transaction, one round trip fewer
    # (a data migration running first needs its own BEGIN)
    python_first = ex.python is not None and step.direction is Direction.DOWN
    batch_begin = dialect.batches_statements and bool(statements) and not python_first
    sqls = [s.sql for s in statements]
    async with ex.guard(sqls) as guard:
        if not batch_begin:
            await ex.conn.execute(dialect.begin_sql)
        try:
            if python_first:
                await ex.run_python(step, outcome)
            for number, statement in enumerate(statements, start=1):
                prefix = f"{dialect.begin_sql};\n" if batch_begin and number == 1 else ""
                await ex.execute(path, statements, number, statement, outcome, prefix)
            if not python_first:
                await ex.run_python(step, outcome)
            await guard.verify()
            # the checksum of the code that ran: the file is read once
            row = HistoryRow(
                m.app,
                m.version,
                m.name,
                migration_checksum(statements, dialect, m.python_source()),
                Status.APPLIED,
                len(statements),
                started,
                ms(t0),
            )
            try:
                await _record_and_commit(ex, step.direction, row)
            except MigratorError:
                raise
            except Exception as exc:  # e.g. a DEFERRABLE constraint, checked at COMMIT
                raise ApplyError(
                    f"{path}: migration {m.id} failed at COMMIT, after all "
                    f"{len(statements)} statements ran -- database said: "
                    f"{ex.driver_message(exc)}. {outcome}"
                ) from exc
        except BaseException:
            await rollback_quietly(ex.conn, dialect)
            raise
    return StepResult(m.app, m.id, step.direction, len(statements), ms(t0))


async def _record_and_commit(ex: Execution, direction: Direction, row: HistoryRow) -> None:
    """Write (UP) or remove (DOWN) the history row and commit. A driver that takes several
    statements in one text gets both in one round trip (Dialect.batches_statements)."""
    batch = ex.dialect.batches_statements
    sql = ""
    if direction is Direction.UP:
        if batch:
            sql = ex.history.record_statement(row)
        else:
            await ex.history.record(row)
    elif batch:
        sql = ex.history.unrecord_statement(row.app, row.version)
    else:
        await ex.history.unrecord(row.app, row.version)
    commit = ex.dialect.commit_sql
    await ex.conn.execute(f"{sql};\n{commit}" if batch else commit)


def rolled_back(step: Step, ran_before: int) -> str:
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


def refuse_own_transaction(
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
                f"({preview(statement.sql)}) cannot run inside a transaction; put a line "
                f"`{OUTSIDE_TRANSACTION_MARK}: <why>` above it (it covers the statements "
                "down to the next block header); nothing was run"
            )
        if dialect.ends_migration_transaction(statement.sql):
            raise MigrationFileError(
                f"{path}:{statement.line}: statement {number} of {len(statements)} "
                f"({preview(statement.sql)}) manages a transaction, but the runner applies "
                "each migration in one transaction together with its history row; remove it "
                "(use SAVEPOINT for a partial undo), or split the file into two migrations "
                "with `migrator migrate --empty`; nothing was run"
            )
