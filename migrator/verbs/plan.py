"""``plan`` (and ``upgrade --dry-run``): the pending migrations, each statement with the lock
it takes, whether it runs in the migration's transaction, rewrites or scans its table, can
lose data, and the table's estimated rows from the catalog. Read only: no lock is taken.

Without ``from_version`` the history table says what is pending and the catalog gives row
estimates; with it nothing connects (``--from`` as in ``upgrade --sql``) and rows are unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

from migrator.connection import Connection
from migrator.dialects import dialect_for_file
from migrator.dialects.base.traits import StatementTraits
from migrator.files import Migration
from migrator.history import Status
from migrator.lint import LintConfig
from migrator.planner import Step, plan_upgrade
from migrator.results import PlannedMigration, PlannedStatement, PlanReport
from migrator.sqlfile import parse_file
from migrator.state import SchemaState
from migrator.verbs.lint import lint_migration
from migrator.verbs.offline_sql import applied_up_to
from migrator.verbs.shared import (
    Workspace,
    check_checksums,
    read_state,
    resolve_targets,
    targets,
)


async def plan(
    ws: Workspace, target: str | None, config: LintConfig, from_version: str | None = None
) -> PlanReport:
    apps = ws.apps()
    chosen = targets(apps, target)
    resolve_targets(ws, chosen)
    if from_version is not None:
        available = {app: ws.migrations(app) for app in apps}
        steps = plan_upgrade(available, applied_up_to(available, apps, from_version), chosen)
        return PlanReport([_planned(ws, s, config, {}) for s in steps], database_reachable=False)
    try:
        state = await read_state(ws, apps)
        check_checksums(ws, state)
        steps = plan_upgrade(state.available, state.applied(Status.APPLIED), chosen)
        planned = []
        for step in steps:
            conn = await ws.session(step.migration.app).connection()
            rows = await _estimates(ws, step, conn)
            planned.append(_planned(ws, step, config, rows))
        return PlanReport(planned, database_reachable=True)
    finally:
        await ws.release()


async def _estimates(ws: Workspace, step: Step, conn: Connection) -> dict[str, int | None]:
    m = step.migration
    db = ws.databases()[m.app]
    backend = db.dialect.backend(db)
    tables = {t.table for t in _traits(ws, m) if t.table}
    return {table: await backend.estimated_rows(conn, table) for table in sorted(tables)}


def _before(ws: Workspace, m: Migration) -> tuple[Migration | None, SchemaState]:
    migrations = ws.migrations(m.app)
    position = [x.version for x in migrations].index(m.version)
    parent = migrations[position - 1] if position else None
    return parent, parent.state() if parent else SchemaState(m.dialect)


def _traits(ws: Workspace, m: Migration) -> list[StatementTraits]:
    dialect = dialect_for_file(m.dialect)
    sql = parse_file(m.upgrade_sql(), dialect)
    return dialect.classify_all([s.sql for s in sql.statements], _before(ws, m)[1])


def _planned(
    ws: Workspace, step: Step, config: LintConfig, rows: Mapping[str, int | None]
) -> PlannedMigration:
    m = step.migration
    dialect = dialect_for_file(m.dialect)
    sql = parse_file(m.upgrade_sql(), dialect)
    parent, before = _before(ws, m)
    traits = dialect.classify_all([s.sql for s in sql.statements], before)
    statements = [
        PlannedStatement(
            line=s.line,
            sql=t.sql,
            table=t.table,
            in_transaction=dialect.transactional_ddl
            and t.transactional
            and position not in sql.outside,
            lock=t.lock,
            blocks_reads=t.blocks_reads,
            blocks_writes=t.blocks_writes,
            rewrites_table=t.rewrites_table,
            scans_table=t.scans_table,
            destructive=t.destructive,
            lock_known=t.known,
            estimated_rows=rows.get(t.table) if t.table else None,
        )
        for position, (s, t) in enumerate(zip(sql.statements, traits, strict=True))
    ]
    findings = lint_migration(m, parent, config)
    return PlannedMigration(m.app, m.id, m.dialect, m.upgrade_path, statements, findings)
