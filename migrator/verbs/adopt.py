"""``adopt``: take over a database whose tables exist but that migrator does not manage yet.

1. Refuse, before anything is written (after connecting: a connection error is reported as
   such): history rows of the app (already managed: nothing to adopt), migrator migrations
   in the app's folder that the database has not applied, a table of the models missing
   from the database.
2. Plan the initial migration from the models (the migrate verb's writer) and compare the
   live database with what it creates (``drift``'s reference schema and comparison).
3. When they differ, plan a reconcile migration: the live schema turned back into a state
   (``migrator.reconcile``) and diffed against the models' with the existing diff/render.
4. Let the questioner confirm (``--yes`` in scripts); then, under the deploy lock, check
   again that nothing changed, write the migrations and record the initial one as applied
   without running it (``stamp``'s history row, with its checksum). ``upgrade`` then
   applies the reconcile migration.

Tables no model declares are never touched; they are listed as not managed.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace

from migrator import legacy
from migrator import operations as ops
from migrator.dialects.base.inspector import LiveSchema
from migrator.diff import diff
from migrator.drift import compare
from migrator.errors import UsageError
from migrator.files import Migration, app_dir, load_migrations
from migrator.history import Status
from migrator.questioner import NoRenameQuestioner
from migrator.reconcile import live_state, missing_tables
from migrator.results import AdoptResult
from migrator.state import SchemaState
from migrator.verbs import stamp as stamp_verb
from migrator.verbs.drift import expected_schema
from migrator.verbs.migrate import MigrationWriter, PlannedMigration, with_tables_of, writer
from migrator.verbs.shared import LockAll, Workspace, history_rows

RECONCILE_NAME = "reconcile"


@dataclass(frozen=True, slots=True)
class _Options:
    drop_extra_columns: bool
    drop_old_history: bool


@dataclass(frozen=True, slots=True)
class _Plan:
    initial: PlannedMigration
    reconcile: PlannedMigration | None
    result: AdoptResult
    old_history: list[str]


async def adopt(
    ws: Workspace, drop_extra_columns: bool = False, drop_old_history: bool = False
) -> list[AdoptResult]:
    apps = ws.apps()
    try:
        legacy.check_folder(ws.location)  # Tortoise's migration package itself
        for app in apps:
            legacy.check_folder(app_dir(ws.location, app))  # Aerich's <location>/<app>
        await _refuse_managed(ws, apps)
        options = _Options(drop_extra_columns, drop_old_history)
        first = await _plan(ws, apps, options)
        if not ws.questioner.confirm_adopt([line for p in first[1] for line in describe(p.result)]):
            raise UsageError("adopt was not confirmed; nothing was written")
        async with LockAll(ws, apps):
            await _refuse_managed(ws, apps)  # an upgrade may have run while we asked
            again = await _plan(ws, apps, options)
            if [p.result for p in again[1]] != [p.result for p in first[1]]:
                raise UsageError(
                    "the database changed while adopt was waiting for the deploy lock; "
                    "nothing was written: run `migrator adopt` again"
                )
            results = await _write_and_record(ws, again[0], again[1])
            if drop_old_history:
                await _drop_old_history(ws, again[1])
            return results
    finally:
        await ws.release()


async def _refuse_managed(ws: Workspace, apps: Sequence[str]) -> None:
    """Connect first (a connection error is that error), then refuse a database migrator
    already manages (its history lists migrations) and, on one it does not, a folder
    holding migrator migrations it has not applied."""
    rows = await history_rows(ws, apps)
    for app in apps:
        applied = {r.id for r in rows[app] if r.status is Status.APPLIED}
        if rows[app]:
            waiting = [m.id for m in ws.migrations(app) if m.id not in applied]
            raise UsageError(
                f"app {app}: the database ({ws.session(app).db.display()}) is already managed "
                f"by migrator: its history table lists {len(rows[app])} migration(s) of app "
                f"{app}, so there is nothing to adopt; "
                + (
                    f"run `migrator upgrade` to apply {', '.join(waiting)}"
                    if waiting
                    else "use `migrator status`, `migrator migrate` and `migrator upgrade`"
                )
            )
        if ws.migrations(app):
            raise UsageError(
                f"app {app}: the migrations folder {ws.location / app} already holds "
                "migrator migrations that the database has not applied; adopt writes the "
                "initial migration itself: move them away (or apply them with `migrator "
                "upgrade` if the database is empty)"
            )


async def _plan(
    ws: Workspace, apps: Sequence[str], options: _Options
) -> tuple[MigrationWriter, list[_Plan]]:
    notes = {app: legacy.check_config(ws.tortoise_config(), app) for app in apps}
    w = writer(ws)
    planned = {p.app: p for p in w.plan(apps, "initial", empty=False)}
    keep = ws.table_filter()
    plans = []
    for app in apps:
        if app not in planned:
            raise UsageError(f"app {app} has no models: nothing to adopt")
        initial = planned[app]
        state = _owned(initial.state, ws)
        session = ws.session(app)
        live = await session.backend.inspect(await session.connection(), state.schemas)
        old = legacy.history_tables(live.tables, options.drop_old_history)
        live = live.without(*(n for n in live.tables if keep.excluded(n)))
        missing = missing_tables(state, live)
        if missing:
            raise UsageError(
                f"app {app}: the database ({session.db.display()}) has no table "
                f"{', '.join(missing)} of the models; adopt takes over an existing schema: "
                "create the tables first (or use `migrator init-db` on an empty database)"
            )
        expected = await expected_schema(ws, app, _with_other_apps(state, planned, app, ws))
        plan = _plan_app(ws, w, initial, state, expected, live, options.drop_extra_columns)
        result = replace(plan.result, notes=notes[app] + old.notes)
        plans.append(replace(plan, result=result, old_history=old.history_tables))
    return w, plans


def _plan_app(
    ws: Workspace,
    w: MigrationWriter,
    initial: PlannedMigration,
    state: SchemaState,
    expected: LiveSchema,
    live: LiveSchema,
    drop_extra: bool,
) -> _Plan:
    app = initial.app
    differences = compare(expected, live, list(state.tables))
    current, findings = live_state(state, expected, live, drop_extra)
    operations = diff(current, state, NoRenameQuestioner())
    reconcile = _reconcile(ws, initial, current, operations) if operations else None
    statements = [s for r in reconcile.upgrade for s in r.statements] if reconcile else []
    others = sorted(t for t in live.tables if t not in w.owners)
    result = AdoptResult(
        app=app,
        database=ws.session(app).db.display(),
        baseline=f"{initial.version}_{initial.name}",
        reconcile=f"{reconcile.version}_{reconcile.name}" if reconcile else None,
        differences=differences,
        statements=statements,
        unmanaged=others,
        extra_columns=list(findings.extra_columns),
        extra_columns_dropped=drop_extra,
        left_alone=list(findings.kept),
    )
    return _Plan(initial, reconcile, result, [])


def _reconcile(
    ws: Workspace, initial: PlannedMigration, current: SchemaState, operations: list[ops.Operation]
) -> PlannedMigration:
    dialect = ws.databases()[initial.app].dialect
    return PlannedMigration(
        app=initial.app,
        version=f"{int(initial.version) + 1:0{len(initial.version)}d}",
        name=RECONCILE_NAME,
        parent=None,  # set once the initial migration is written
        state=initial.state,
        operations=operations,
        upgrade=dialect.render_all(operations, current, ws.online_ddl),
        downgrade=dialect.render_all(ops.reverse_all(operations), initial.state, ws.online_ddl),
    )


def _owned(state: SchemaState, ws: Workspace) -> SchemaState:
    keep = ws.table_filter()
    tables = {n: t for n, t in state.tables.items() if not keep.excluded(n)}
    return SchemaState(state.dialect, tables)


def _with_other_apps(
    state: SchemaState, planned: dict[str, PlannedMigration], app: str, ws: Workspace
) -> SchemaState:
    """The app's tables plus those of the other apps on its database (foreign keys cross)."""
    db = ws.databases()[app]
    others = {
        other: p.state
        for other, p in planned.items()
        if other != app and ws.databases()[other] == db
    }
    return with_tables_of(state, others)


async def _write_and_record(
    ws: Workspace, w: MigrationWriter, plans: list[_Plan]
) -> list[AdoptResult]:
    written: list[Migration] = []
    try:
        for plan in plans:
            w.write_planned([plan.initial])
            initial = load_migrations(ws.location, plan.initial.app)[-1]
            written.append(initial)
            if plan.reconcile is not None:
                w.write_planned([replace(plan.reconcile, parent=initial)])
                written.append(load_migrations(ws.location, plan.initial.app)[-1])
        for plan in plans:
            baseline = next(m for m in written if m.app == plan.initial.app)
            await stamp_verb.record(ws, baseline)
    except BaseException:
        for migration in written:
            shutil.rmtree(migration.path, ignore_errors=True)
        raise
    return [plan.result for plan in plans]


async def _drop_old_history(ws: Workspace, plans: list[_Plan]) -> None:
    """Drop Aerich's / Tortoise's history tables (``--drop-old-history``), once."""
    done: set[tuple[str, str]] = set()
    for plan in plans:
        session = ws.session(plan.initial.app)
        for table in plan.old_history:
            key = (session.db.display(), table)
            if key not in done:
                done.add(key)
                conn = await session.connection()
                await conn.execute(f"DROP TABLE {session.dialect.quote(table)}")


def describe(result: AdoptResult) -> list[str]:
    """What adopt will do (or did) for one app, in lines a person reads."""
    lines = [f"App {result.app} ({result.database}):"]
    if not result.differences and not result.statements:
        lines.append(f"  the database matches the models: {result.baseline} is recorded as applied")
    else:
        lines.append(f"  {result.baseline} is recorded as applied; the database differs:")
        for table in result.differences:
            lines += [f"    table {table.table}: {d}" for d in table.differences]
    if result.reconcile:
        lines.append(f"  {result.reconcile} (run it with `migrator upgrade`):")
        lines += [f"    {s.rstrip(';')};" for s in result.statements]
    for column in result.extra_columns:
        lines.append(
            f"  column {column} is not in the models: "
            + (
                "dropped by the reconcile migration"
                if result.extra_columns_dropped
                else "kept (pass --drop-extra-columns to drop it)"
            )
        )
    lines += [f"  not reconciled: {line}" for line in result.left_alone]
    lines += [f"  {note}" for note in result.notes]
    if result.unmanaged:
        lines.append(
            f"  not managed (no model declares them; add them to exclude_tables in "
            f"[tool.migrator] to silence this): {', '.join(result.unmanaged)}"
        )
    return lines
