"""Executes planned steps against one database: ``Runner.run`` applies or reverts one
migration and picks how.

- One transaction per migration (transactional.py): SQLite and PostgreSQL, when nothing in
  the migration's files is marked to run outside a transaction and no earlier run stopped
  part-way.
- A statement journal (journal.py): MySQL/MariaDB, whose DDL commits implicitly, and a
  transactional database's migration with statements outside the transaction; a partially
  applied migration resumes where it stopped (resume.py says whether it may).
- A journaled downgrade (revert.py): undoes block by block what the upgrade ran.

What every path shares (executing a statement, the data migration) is in execution.py; the
lock timeouts and retries in lock_retry.py.
"""

from __future__ import annotations

import asyncio

from migrator.connection import Connection
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.dialect import Dialect
from migrator.errors import MigrationFileError
from migrator.execution import Clock, Execution, PythonStep, utc_now
from migrator.files import Migration
from migrator.history import History, HistoryRow
from migrator.journal import run_journaled, run_segmented
from migrator.lock_retry import LockRetries, Sleep
from migrator.planner import Direction, Step
from migrator.python_migration import function as python_function
from migrator.results import StepResult
from migrator.revert import revert_journaled
from migrator.sqlfile import parse_file
from migrator.timeouts import DdlTimeouts
from migrator.transactional import refuse_own_transaction, rolled_back, run_transaction


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
        self._offline = offline
        self.retries = LockRetries(
            conn, backend, timeouts if timeouts is not None else DdlTimeouts(), sleep
        )

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
        file = parse_file(sql, self.dialect)
        statements = list(file.statements)
        ex = Execution(
            self.conn,
            self.backend,
            self.history,
            self.clock,
            self.secrets,
            self._offline,
            self.retries,
            file,
            self._load_python(step),
        )
        await self.retries.set_timeouts()
        if self.dialect.transactional_ddl:
            up_outside, down_outside = _outside(m, self.dialect)
            if partial is None and not up_outside and not down_outside:
                return await self.retries.retrying(
                    lambda: run_transaction(
                        ex, step, statements, path, rolled_back(step, ran_before)
                    )
                )
            if step.direction is Direction.UP:
                refuse_own_transaction(self.dialect, path, statements, up_outside)
                return await run_segmented(ex, step, statements, path, partial, up_outside)
            return await revert_journaled(ex, step, statements, partial, down_outside)
        if step.direction is Direction.UP:
            return await run_journaled(ex, step, statements, path, partial)
        return await revert_journaled(ex, step, statements, partial)

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


def _outside(m: Migration, dialect: Dialect) -> tuple[frozenset[int], frozenset[int]]:
    """The statements of upgrade.sql and downgrade.sql marked to run outside a transaction."""
    up = parse_file(m.upgrade_sql(), dialect).outside
    down = (
        parse_file(m.downgrade_sql(), dialect).outside if m.downgrade_path.exists() else frozenset()
    )
    return up, down
