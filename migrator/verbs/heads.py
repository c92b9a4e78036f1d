"""``heads``: the migrations in the folder that are not (fully) applied to the database."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.history import HistoryRow, Status
from migrator.results import PendingMigration
from migrator.verbs.history import with_total
from migrator.verbs.shared import Workspace, read_rows_and_release, require_migrations


async def heads(ws: Workspace) -> list[PendingMigration]:
    apps = ws.apps()
    require_migrations(ws, apps, "heads")
    rows = await read_rows_and_release(ws, apps)
    return [p for app in apps for p in pending_of(ws, app, rows[app])]


def pending_of(ws: Workspace, app: str, rows: Sequence[HistoryRow]) -> list[PendingMigration]:
    """``app``'s migrations that its history ``rows`` do not list as applied."""
    by_version = {r.version: r for r in rows}
    pending = []
    for m in ws.migrations(app):
        row = by_version.get(m.version)
        if row is None:
            pending.append(PendingMigration(app, m.id, m.path))
        elif row.status is Status.PARTIAL:
            total = with_total(ws, row).statements_total or 0
            pending.append(PendingMigration(app, m.id, m.path, True, row.statements_done, total))
    return pending
