"""``stamp``: record a migration as applied without running it (or remove its record), and
``upgrade --fake``: the same for every pending migration up to a target. Both under the
deploy lock, with the checksum ``upgrade`` would have recorded, so ``validate`` agrees."""

from __future__ import annotations

from migrator.errors import UsageError
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.planner import Direction, Step, plan_upgrade, resolve_target
from migrator.results import StampResult
from migrator.verbs.shared import (
    LockAll,
    State,
    Workspace,
    check_checksums,
    check_dialects,
    read_state,
    resolve_targets,
    targets,
)


async def stamp(ws: Workspace, version: str, unapply: bool = False) -> StampResult:
    apps = ws.apps()
    if len(apps) != 1:
        raise UsageError(f"stamp needs one app; pass --app (apps: {', '.join(apps)})")
    app = apps[0]
    migration = resolve_target(ws.migrations(app), version, app)  # unknown: before connecting
    async with LockAll(ws, apps, create=not unapply):
        state = await read_state(ws, apps)
        check_checksums(ws, state)
        _refuse_partial(state, app)
        applied = state.applied(Status.APPLIED)[app]
        if unapply:
            return await _unstamp(ws, migration, applied)
        available = state.available[app]
        position = available.index(migration)
        if migration.version in applied:
            raise UsageError(f"app {app}: {migration.id} is already applied; nothing to stamp")
        if position != len(applied):
            raise UsageError(
                f"app {app}: cannot stamp {migration.id} out of order; the next migration to "
                f"apply is {available[len(applied)].id} (use `upgrade --fake {version}` to "
                "record every migration up to it)"
            )
        check_dialects(ws, [Step(migration, Direction.UP)])
        return await record(ws, migration)


async def fake_upgrade(ws: Workspace, target: str | None) -> list[StampResult]:
    apps = ws.apps()
    chosen = targets(apps, target)
    resolve_targets(ws, chosen)
    async with LockAll(ws, apps, create=True):
        state = await read_state(ws, apps)
        check_checksums(ws, state)
        for app in apps:
            _refuse_partial(state, app)
        steps = plan_upgrade(state.available, state.applied(Status.APPLIED), chosen)
        check_dialects(ws, steps)
        return [await record(ws, step.migration) for step in steps]


async def record(ws: Workspace, m: Migration) -> StampResult:
    session = ws.session(m.app)
    history = await session.history(create=True)
    assert history is not None
    sql = m.upgrade_sql()
    row = HistoryRow(
        m.app,
        m.version,
        m.name,
        m.checksum(),
        Status.APPLIED,
        len(session.dialect.split(sql)),
        ws.clock(),
        0,
    )
    await history.record(row)
    return StampResult(m.app, m.id, applied=True, created_database=session.take_created_file())


async def _unstamp(ws: Workspace, m: Migration, applied: list[str]) -> StampResult:
    if m.version not in applied:
        raise UsageError(f"app {m.app}: {m.id} is not applied; nothing to unstamp")
    if applied[-1] != m.version:
        raise UsageError(
            f"app {m.app}: cannot unstamp {m.id} out of order; the latest applied migration "
            f"is {applied[-1]}: unstamp that first"
        )
    history = await ws.session(m.app).history(create=False)
    assert history is not None
    await history.unrecord(m.app, m.version)
    return StampResult(m.app, m.id, applied=False)


def _refuse_partial(state: State, app: str) -> None:
    for (partial_app, _version), row in state.partial().items():
        if partial_app == app:
            raise UsageError(
                f"app {app}: {row.id} is partially applied; run `migrator upgrade` to finish "
                "it (or `migrator downgrade` to revert it) before stamping"
            )
