"""``validate``: every problem with the applied migrations and the folder, without stopping
at the first (the checks themselves live in migrator/validate.py)."""

from __future__ import annotations

from migrator.files import scan_migrations
from migrator.history import Status
from migrator.results import ValidationReport
from migrator.validate import find_problems
from migrator.verbs.shared import Workspace, read_rows_and_release


async def validate(ws: Workspace) -> ValidationReport:
    apps = ws.apps()
    scans = {app: scan_migrations(ws.location, app) for app in apps}
    rows = await read_rows_and_release(ws, apps)
    dialects = {app: ws.databases()[app].dialect for app in apps}
    applied = sum(r.status is Status.APPLIED for app_rows in rows.values() for r in app_rows)
    return ValidationReport(find_problems(scans, rows, dialects), applied)
