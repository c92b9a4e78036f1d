"""``history``: the migrations applied to the database, in the order they were applied."""

from __future__ import annotations

from dataclasses import replace

from migrator.errors import MigratorError
from migrator.history import HistoryRow, Status
from migrator.resume import statement_count
from migrator.verbs.shared import Workspace, read_rows_and_release


async def history(ws: Workspace) -> list[HistoryRow]:
    """Applied migrations; a partial one carries its statement total (``partial 1/3``)."""
    apps = ws.apps()
    rows = await read_rows_and_release(ws, apps)
    return [with_total(ws, row) for app in apps for row in rows[app]]


def with_total(ws: Workspace, row: HistoryRow) -> HistoryRow:
    """A partial row with the statement count of its upgrade.sql (unknown when the file is
    gone or unreadable)."""
    if row.status is not Status.PARTIAL:
        return row
    found = [m for m in ws.migrations(row.app) if m.version == row.version]
    try:
        total = statement_count(found[0], ws.databases()[row.app].dialect)
    except (IndexError, MigratorError):
        return row
    return replace(row, statements_total=total)
