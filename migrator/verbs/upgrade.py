"""``upgrade``: apply the pending migrations of every selected app (up to a target), under
the deploy lock, after checking the applied ones against their files."""

from __future__ import annotations

from migrator.history import Status
from migrator.planner import plan_upgrade
from migrator.results import StepResult
from migrator.verbs.shared import (
    LockAll,
    Workspace,
    check_checksums,
    check_partials,
    read_state,
    require_migrations,
    resolve_targets,
    run_steps,
    targets,
)


async def upgrade(ws: Workspace, target: str | None = None) -> list[StepResult]:
    apps = ws.apps()
    require_migrations(ws, apps, "upgrade")
    chosen = targets(apps, target)
    resolve_targets(ws, chosen)  # an unknown version fails before any connection
    async with LockAll(ws, apps):
        state = await read_state(ws, apps)
        check_checksums(ws, state)
        check_partials(ws, state)
        steps = plan_upgrade(state.available, state.applied(Status.APPLIED), chosen)
        return await run_steps(ws, steps, state.partial())
