"""``upgrade --sql`` / ``downgrade --sql``: the script the runner would execute, for a DBA to
review and run with the database's own client (script.py renders it with the runner).

Without ``from_version`` the history table says what is applied (read-only: no lock, no
write). With it nothing connects: ``from_version`` is taken as the applied head of the one
selected app ("zero": nothing applied, the history table created by the script).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from migrator.connection import DatabaseConfig
from migrator.errors import MissingDatabaseError, UsageError
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.planner import Step, plan_downgrade, plan_upgrade, resolve_target
from migrator.script import render_script
from migrator.verbs.shared import (
    Workspace,
    check_checksums,
    check_dialects,
    check_partials,
    read_state,
    resolve_targets,
    targets,
)

Planner = Callable[[Mapping[str, Sequence[Migration]], Mapping[str, Sequence[str]]], list[Step]]


async def upgrade_sql(
    ws: Workspace, history_table: str, target: str | None, from_version: str | None
) -> str:
    apps = ws.apps()
    chosen = targets(apps, target)
    resolve_targets(ws, chosen)

    def planner(
        available: Mapping[str, Sequence[Migration]], applied: Mapping[str, Sequence[str]]
    ) -> list[Step]:
        return plan_upgrade(available, applied, chosen)

    return await _script(ws, history_table, apps, from_version, planner, upgrade=True)


async def downgrade_sql(
    ws: Workspace, history_table: str, to: str | None, steps: int, from_version: str | None
) -> str:
    apps = ws.apps()
    chosen = targets(apps, to, allow_zero=True)
    resolve_targets(ws, chosen)

    def planner(
        available: Mapping[str, Sequence[Migration]], applied: Mapping[str, Sequence[str]]
    ) -> list[Step]:
        return plan_downgrade(available, applied, chosen, steps if to is None else None)

    return await _script(ws, history_table, apps, from_version, planner, upgrade=False)


async def _script(
    ws: Workspace,
    history_table: str,
    apps: list[str],
    from_version: str | None,
    planner: Planner,
    upgrade: bool,
) -> str:
    """``upgrade``: the script may create the history table (a downgrade needs it there)."""
    db = _one_database(ws, apps)
    partial: dict[tuple[str, str], HistoryRow] = {}
    if from_version is None:
        try:
            state = await read_state(ws, apps)
            missing = await ws.session(apps[0]).history(create=False) is None
        except MissingDatabaseError as exc:
            raise MissingDatabaseError(_no_file(exc.path, upgrade), exc.path) from None
        finally:
            await ws.release()
        check_checksums(ws, state)
        check_partials(ws, state)
        available, applied = state.available, state.applied(Status.APPLIED)
        partial = state.partial()
        create_history = upgrade and missing
    else:
        available = {app: ws.migrations(app) for app in apps}
        applied = applied_up_to(available, apps, from_version)
        create_history = upgrade  # CREATE TABLE IF NOT EXISTS: harmless when it exists
    steps = planner(available, applied)
    check_dialects(ws, steps)
    backend = db.dialect.backend(db)
    return await render_script(backend, history_table, steps, partial, ws.clock, create_history)


def _no_file(path: str, upgrade: bool) -> str:
    """A missing database file has no history to start the script from: say so rather
    than write the script of an empty database for a path that may be a typo."""
    verb = "upgrade" if upgrade else "downgrade"
    instead = (
        "pass --from zero for the script that builds a new database"
        if upgrade
        else "pass --from VERSION for the script from that applied head"
    )
    return (
        f"the database file {path} does not exist (nothing was created), so it has no "
        f"applied migrations for `{verb} --sql` to start from; check the file path in the "
        f"Tortoise config, or {instead}"
    )


def _one_database(ws: Workspace, apps: Sequence[str]) -> DatabaseConfig:
    databases = {(db := ws.databases()[app]).alias + db.display(): db for app in apps}
    if len(databases) > 1:
        raise UsageError(
            f"apps {', '.join(apps)} live in {len(databases)} databases and a script runs on "
            "one; pass --app to write the script of one app"
        )
    return next(iter(databases.values()))


def applied_up_to(
    available: Mapping[str, Sequence[Migration]], apps: Sequence[str], from_version: str
) -> dict[str, list[str]]:
    if len(apps) != 1:
        raise UsageError(f"--from names a version of one app; pass --app (apps: {', '.join(apps)})")
    app = apps[0]
    migrations = list(available[app])
    if from_version == "zero":
        return {app: []}
    head = resolve_target(migrations, from_version, app)
    return {app: [m.version for m in migrations[: migrations.index(head) + 1]]}
