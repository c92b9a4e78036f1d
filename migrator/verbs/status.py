"""``status``: per app, the applied head, the pending migrations, whether the models have
changes no migration holds (``check``, no database needed) and the drift of the live schema
against the latest applied migration (the ``drift`` verb's comparison, per database), and
the problems ``validate`` finds (an applied migration edited or missing, a version applied
as another migration, a partial run): ``upgrade`` would refuse them, so the gate fails too.
A project of Aerich or Tortoise's migrations not adopted yet (their folder at the location,
or their history table and nothing applied by migrator) is refused in one line naming
``adopt``: its tables are the models', not tables to exclude.

A database that cannot be reached does not stop the report: its apps say why, with head,
pending and drift unknown. A drift comparison that fails (the scratch namespace needs CREATE
on PostgreSQL and MySQL/MariaDB) leaves drift "not checked" with the reason. Unknown is
never "in sync".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from migrator.dsn import mask_text
from migrator.errors import DatabaseError, MigratorError
from migrator.files import scan_migrations
from migrator.history import HistoryRow, Status
from migrator.results import AppDrift, AppStatus, StatusReport
from migrator.validate import Problem, find_problems
from migrator.verbs.check import check
from migrator.verbs.drift import by_database, database_drift
from migrator.verbs.heads import pending_of
from migrator.verbs.other_tools import refuse_other_tool_folder, refuse_unadopted_database
from migrator.verbs.shared import Workspace, history_rows

Rows = dict[str, list[HistoryRow]]


async def status(ws: Workspace) -> StatusReport:
    apps = ws.apps()
    refuse_other_tool_folder(ws, apps, "status")  # Aerich's or Tortoise's: adopt first
    unmigrated = {m.app: m.operations for m in check(ws).missing}  # no database needed
    report: dict[str, AppStatus] = {}
    try:
        for group in by_database(ws, apps):
            for entry in await _database_status(ws, group, unmigrated):
                report[entry.app] = entry
    finally:
        await ws.release()
    return StatusReport([report[app] for app in apps])


async def _database_status(
    ws: Workspace, apps: Sequence[str], unmigrated: Mapping[str, list[str]]
) -> list[AppStatus]:
    """The apps of one database."""
    dialect = ws.databases()[apps[0]].dialect.name
    try:
        rows = await history_rows(ws, apps)
    except DatabaseError as exc:
        return [
            AppStatus(app, dialect, None, [], unmigrated.get(app, []), database_error=str(exc))
            for app in apps
        ]
    if not any(rows.values()):  # migrator applied nothing here: another tool's database?
        await refuse_unadopted_database(ws, apps, "status")
    drift, unchecked = await _drift(ws, apps, rows)
    problems = _problems(ws, apps, rows)
    result = []
    for app in apps:
        applied = [r for r in rows[app] if r.status is Status.APPLIED]
        result.append(
            AppStatus(
                app=app,
                dialect=dialect,
                head=applied[-1].id if applied else None,
                pending=pending_of(ws, app, rows[app], refuse_conflicts=False),
                unmigrated=unmigrated.get(app, []),
                drift=None if drift is None else drift[app],
                drift_unchecked=unchecked,
                problems=[p for p in problems if p.app == app],
            )
        )
    return result


def _problems(ws: Workspace, apps: Sequence[str], rows: Rows) -> list[Problem]:
    """What ``validate`` reports for these apps (their folders against their history)."""
    scans = {app: scan_migrations(ws.location, app) for app in apps}
    dialects = {app: ws.databases()[app].dialect for app in apps}
    return find_problems(scans, rows, dialects)


async def _drift(
    ws: Workspace, apps: Sequence[str], rows: Rows
) -> tuple[dict[str, list[str]] | None, str | None]:
    """Per app its drift lines; tables no app's migrations create count for every app of the
    database. (None, reason) when the comparison could not run."""
    try:
        entries = await database_drift(ws, apps, rows)
    except Exception as exc:  # any failure of the comparison leaves drift unknown, not fatal
        text = mask_text(" ".join(str(exc).split()), ws.session(apps[0]).secrets)
        return None, text if isinstance(exc, MigratorError) else f"{type(exc).__name__}: {text}"
    unmanaged = [line for e in entries if e.app is None for line in _lines(e)]
    return {e.app: _lines(e) + unmanaged for e in entries if e.app is not None}, None


def _lines(entry: AppDrift) -> list[str]:
    return [f"table {t.table}: {line}" for t in entry.tables for line in t.differences]
