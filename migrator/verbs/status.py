"""``status``: per app, the applied head, the pending migrations and whether the models
have changes no migration holds (``check``). Drift (the live schema against the snapshot)
joins once a drift check exists: ``AppStatus.drift`` stays None ("not checked") until then.
"""

from __future__ import annotations

from migrator.history import Status
from migrator.results import AppStatus, StatusReport
from migrator.verbs.check import check
from migrator.verbs.heads import pending_of
from migrator.verbs.shared import Workspace, read_rows_and_release


async def status(ws: Workspace) -> StatusReport:
    apps = ws.apps()
    unmigrated = {m.app: m.operations for m in check(ws).missing}  # no database needed
    rows = await read_rows_and_release(ws, apps)
    report = []
    for app in apps:
        applied = [r for r in rows[app] if r.status is Status.APPLIED]
        report.append(
            AppStatus(
                app=app,
                dialect=ws.databases()[app].dialect.name,
                head=applied[-1].id if applied else None,
                pending=pending_of(ws, app, rows[app]),
                unmigrated=unmigrated.get(app, []),
            )
        )
    return StatusReport(report)
