"""``heads``: the migrations in the folder that are not (fully) applied to the database."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.history import HistoryRow, Status
from migrator.results import PendingMigration
from migrator.validate import verify_history
from migrator.verbs.history import with_total
from migrator.verbs.shared import Workspace, read_rows_and_release, require_migrations


async def heads(ws: Workspace) -> list[PendingMigration]:
    apps = ws.apps()
    require_migrations(ws, apps, "heads")
    rows = await read_rows_and_release(ws, apps)
    return [p for app in apps for p in pending_of(ws, app, rows[app])]


def pending_of(
    ws: Workspace, app: str, rows: Sequence[HistoryRow], refuse_conflicts: bool = True
) -> list[PendingMigration]:
    """``app``'s migrations that its history ``rows`` do not list as applied. A version
    applied as another migration (two branches) is a conflict, not an applied migration:
    an error, unless the caller reports it itself (``refuse_conflicts=False``, ``status``)."""
    migrations = ws.migrations(app)
    if refuse_conflicts:
        verify_history({app: migrations}, {app: rows})
    by_id = {r.id: r for r in rows}
    by_version = {r.version: r for r in rows}
    pending = []
    for m in migrations:
        # matched by version and name (or a renamed directory, which verify_history let by)
        row = by_id.get(m.id) or by_version.get(m.version)
        if row is None:
            pending.append(PendingMigration(app, m.id, m.path))
        elif row.status is Status.PARTIAL:
            total = with_total(ws, row).statements_total or 0
            pending.append(PendingMigration(app, m.id, m.path, True, row.statements_done, total))
    return pending
