"""``drift``: how each database differs from what its applied migrations built.

The expectation is the snapshot of each app's latest applied migration, created by the
dialect's own CREATE statements in a scratch namespace of the same server
(``Backend.reference_schema``) and read back with the same inspector as the live database,
so both sides are spelled by the server and compare exactly. Apps sharing a database are
built together (their foreign keys cross). Excluded tables are neither built nor reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from migrator.dialects.base.inspector import LiveSchema
from migrator.diff import diff
from migrator.drift import compare, unmanaged
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.planner import check_applied
from migrator.questioner import NoRenameQuestioner
from migrator.results import AppDrift, DriftReport
from migrator.state import SchemaState
from migrator.verbs.other_tools import refuse_other_tool_folder, refuse_unadopted_database
from migrator.verbs.shared import Workspace, history_rows


async def drift(ws: Workspace) -> DriftReport:
    apps = ws.apps()
    refuse_other_tool_folder(ws, apps, "drift")
    try:
        rows = await history_rows(ws, apps)
        entries: list[AppDrift] = []
        for group in by_database(ws, apps):
            if not any(rows[app] for app in group):  # another tool's database, not adopted?
                await refuse_unadopted_database(ws, group, "drift")
            entries += await database_drift(ws, group, rows)
        return DriftReport(entries)
    finally:
        await ws.release()


def by_database(ws: Workspace, apps: Sequence[str]) -> list[list[str]]:
    """``apps`` grouped by the database they live in (config order kept)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for app in apps:
        db = ws.databases()[app]
        groups[f"{db.dialect.name}:{db.display()}"].append(app)
    return list(groups.values())


def baseline(
    available: Sequence[Migration], rows: Sequence[HistoryRow], app: str
) -> Migration | None:
    """The latest fully applied migration of ``app`` (None when none is)."""
    applied = [r.version for r in rows if r.status is Status.APPLIED]
    check_applied(available, applied, app)
    return available[len(applied) - 1] if applied else None


async def expected_schema(ws: Workspace, app: str, state: SchemaState) -> LiveSchema:
    """The live schema ``state`` gives on ``app``'s server (see the module docstring)."""
    dialect = ws.databases()[app].dialect
    keep = ws.table_filter()
    state = SchemaState(
        state.dialect, {n: t for n, t in state.tables.items() if not keep.excluded(n)}
    )
    backend = ws.session(app).backend
    scratch = backend.scratch_schemas(state.schemas)
    state = state.with_schemas(scratch)  # Meta.schema tables: built in scratch schemas too
    operations = diff(SchemaState(state.dialect), state, NoRenameQuestioner())
    rendered = dialect.render_all(operations, SchemaState(state.dialect))
    statements = [statement for r in rendered for statement in r.statements]
    built = await backend.reference_schema(statements, tuple(scratch.values()))
    return built.with_schemas({made: schema for schema, made in scratch.items()})


async def database_drift(
    ws: Workspace, apps: Sequence[str], rows: dict[str, list[HistoryRow]]
) -> list[AppDrift]:
    """The drift of ``apps`` (one database), then its tables no app's migrations create."""
    session = ws.session(apps[0])
    keep = ws.table_filter()
    states: dict[str, SchemaState] = {}
    baselines: dict[str, Migration | None] = {}
    for app in apps:
        found = baseline(ws.migrations(app), rows[app], app)
        baselines[app] = found
        states[app] = found.state() if found else SchemaState(session.dialect.name)
    merged = SchemaState(
        session.dialect.name, {n: t for s in states.values() for n, t in s.tables.items()}
    )
    expected = await expected_schema(ws, apps[0], merged)
    live = await session.backend.inspect(await session.connection(), merged.schemas)
    live = live.without(*(n for n in live.tables if keep.excluded(n)))
    entries = []
    for app in apps:
        found = baselines[app]
        owned = keep.keep(states[app].tables)
        entries.append(
            AppDrift(
                app,
                session.db.display(),
                found.id if found else None,
                compare(expected, live, owned),
                _partial(rows[app]),
            )
        )
    extra = unmanaged(live, [*merged.tables, *await _tables_of_other_apps(ws, apps)])
    if extra:
        entries.append(AppDrift(None, session.db.display(), None, extra))
    return entries


def _partial(rows: Sequence[HistoryRow]) -> str | None:
    partial = [r for r in rows if r.status is Status.PARTIAL]
    return partial[0].id if partial else None


async def _tables_of_other_apps(ws: Workspace, apps: Sequence[str]) -> list[str]:
    """The tables the applied migrations of the config's other apps on the same database
    create (``--app`` selects some apps; the others' tables are theirs, not unmanaged)."""
    databases = ws.databases()
    others = [a for a, db in databases.items() if db == databases[apps[0]] and a not in apps]
    rows = await history_rows(ws, others)
    tables: list[str] = []
    for app in others:
        found = baseline(ws.migrations(app), rows[app], app)
        tables += list(found.state().tables) if found else []
    return tables
