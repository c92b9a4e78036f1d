"""``upgrade``: apply the pending migrations of every selected app (up to a target), under
the deploy lock, after checking the applied ones against their files."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.errors import DriftError
from migrator.history import Status
from migrator.lint import LintConfig
from migrator.planner import Step, plan_upgrade
from migrator.preflight import missing_objects, touching
from migrator.results import StepResult
from migrator.verbs.lint import refuse_destructive
from migrator.verbs.other_tools import refuse_other_tool_database, refuse_other_tool_folder
from migrator.verbs.shared import (
    LockAll,
    State,
    Workspace,
    check_checksums,
    check_partials,
    read_state,
    require_migrations,
    resolve_targets,
    run_steps,
    targets,
)


async def upgrade(
    ws: Workspace, target: str | None = None, no_destructive: LintConfig | None = None
) -> list[StepResult]:
    """``no_destructive``: refuse (applying nothing) when a pending migration has a
    destructive lint finding its file does not acknowledge."""
    apps = ws.apps()
    refuse_other_tool_folder(ws, apps, "upgrade")
    require_migrations(ws, apps, "upgrade")
    chosen = targets(apps, target)
    resolve_targets(ws, chosen)  # an unknown version fails before any connection
    async with LockAll(ws, apps, create=True):
        state = await read_state(ws, apps)
        check_checksums(ws, state)
        check_partials(ws, state)
        await check_first_run(ws, state)
        steps = plan_upgrade(state.available, state.applied(Status.APPLIED), chosen)
        if no_destructive is not None:
            refuse_destructive(ws, steps, no_destructive)
        await check_live_objects(ws, state, steps)
        return await run_steps(ws, steps, state.partial())


async def check_first_run(ws: Workspace, state: State) -> None:
    """An app migrator has applied nothing to whose first migration's tables exist already
    in a database with Aerich's or Tortoise's history table: that tool built them, so the
    way in is ``adopt``, not CREATE TABLE failing on the first of them."""
    for app, migrations in state.available.items():
        if migrations and not state.rows[app]:
            tables = set(migrations[0].state().tables)
            await refuse_other_tool_database(ws, app, "upgrade", tables)


async def check_live_objects(ws: Workspace, state: State, steps: Sequence[Step]) -> None:
    """Stop before anything runs when an object the pending migrations drop, rename or
    alter is not in the database (someone changed it by hand, another tool built it)."""
    for app in sorted({s.migration.app for s in steps}):
        chain = [s.migration for s in steps if s.migration.app == app]
        applied = state.applied(Status.APPLIED)[app]
        if not applied or state.partial():
            continue  # nothing applied yet (CREATE only), or a resumed run: the runner checks
        baseline = next(m for m in state.available[app] if m.version == applied[-1])
        before = baseline.state()
        operations = touching(before, [m.state() for m in chain])
        if not operations:
            continue  # only new tables: nothing to look for (and no catalog read)
        session = ws.session(app)
        live = await session.backend.inspect(await session.connection(), before.schemas)
        missing = missing_objects(operations, before, live)
        if missing:
            raise DriftError(
                f"app {app}: the pending migrations change {'; '.join(missing)}, which the "
                f"database ({session.db.display()}) does not hold as {baseline.id} left it; "
                "nothing was run: see `migrator drift` for every difference"
            )
