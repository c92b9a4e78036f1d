"""``downgrade``: revert the latest migrations (or down to a target), under the deploy lock.

A confirmed downgrade plans first, without the lock, asks the questioner, then runs only if
the plan under the lock is still the one that was confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.errors import ConflictError, MigrationFileError, UsageError
from migrator.planner import Step, plan_downgrade
from migrator.results import StepResult
from migrator.verbs.shared import (
    LockAll,
    State,
    Workspace,
    read_state,
    require_migrations,
    resolve_targets,
    run_steps,
    targets,
)


async def plan(ws: Workspace, to: str | None = None, steps: int = 1) -> list[Step]:
    """What ``downgrade`` would revert, without reverting (for confirmation prompts)."""
    apps = ws.apps()
    require_migrations(ws, apps, "downgrade")
    chosen = targets(apps, to, allow_zero=True)
    resolve_targets(ws, chosen)
    try:
        state = await read_state(ws, apps)
    finally:
        await ws.release()
    planned = _plan(state, chosen, steps if to is None else None)
    _require_downgrade_files(planned)
    return planned


async def downgrade(
    ws: Workspace, to: str | None = None, steps: int = 1, expected: Sequence[Step] | None = None
) -> list[StepResult]:
    """Revert ``steps`` migrations per app, or down to ``to`` (exclusive; "zero" = all).

    ``expected``: the plan someone confirmed (``plan``). It was made before the lock was
    taken; if another run applied or reverted migrations since, the plan under the lock
    differs and nothing is reverted, so only what was confirmed ever runs."""
    apps = ws.apps()
    require_migrations(ws, apps, "downgrade")
    chosen = targets(apps, to, allow_zero=True)
    resolve_targets(ws, chosen)
    async with LockAll(ws, apps):
        state = await read_state(ws, apps)
        planned = _plan(state, chosen, steps if to is None else None)
        if expected is not None and _ids(planned) != _ids(expected):
            raise ConflictError(
                f"the downgrade plan changed while waiting for the deploy lock (confirmed: "
                f"{', '.join(_ids(expected)) or 'nothing'}; now: "
                f"{', '.join(_ids(planned)) or 'nothing'}): another run changed the database; "
                "nothing was reverted, run downgrade again"
            )
        _require_downgrade_files(planned)
        # a partially applied migration is reverted by the inverses of what ran (runner)
        return await run_steps(ws, planned, state.partial())


async def confirmed_downgrade(
    ws: Workspace, to: str | None = None, steps: int = 1
) -> list[StepResult]:
    """Plan, let the questioner confirm (naming what can be lost), then revert exactly the
    confirmed plan. Nothing to revert asks nothing."""
    planned = await plan(ws, to, steps)
    if not planned:
        return []
    if not ws.questioner.confirm_downgrade(planned, losses(planned)):
        raise UsageError("downgrade cancelled; nothing was changed")
    return await downgrade(ws, to, steps, expected=planned)


def losses(planned: Sequence[Step]) -> list[str]:
    """One line per step whose downgrade can lose data: ``app id: what, what``."""
    return [
        f"{s.migration.app} {s.migration.id}: {', '.join(lost)}"
        for s in planned
        if (lost := s.migration.downgrade_losses())
    ]


def _plan(state: State, chosen: dict[str, str | None], steps: int | None) -> list[Step]:
    from migrator.validate import verify_history

    # reverting a version applied as another migration would run the wrong downgrade.sql
    verify_history(state.available, state.rows)
    return plan_downgrade(state.available, state.applied(), chosen, steps)


def _ids(planned: Sequence[Step]) -> list[str]:
    return [f"{s.migration.app} {s.migration.id}" for s in planned]


def _require_downgrade_files(planned: Sequence[Step]) -> None:
    """Every downgrade.sql of the plan must be there before the first one runs."""
    for step in planned:
        path = step.migration.downgrade_path
        if not path.is_file():
            raise MigrationFileError(
                f"{path} is missing, so {step.migration.app} {step.migration.id} cannot be "
                "reverted; restore it from version control (nothing was reverted)"
            )
