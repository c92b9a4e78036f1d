"""What several verbs need: the Workspace they run in, the migrations folder and the history
table read together (``State``), the deploy lock of every selected app (``LockAll``), target
resolution, the pre-run checks and running planned steps."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from migrator.connection import DatabaseConfig
from migrator.errors import MigrationFileError, UsageError
from migrator.exclusion import TableFilter
from migrator.execution import Clock
from migrator.files import Migration, app_dir
from migrator.history import HistoryRow, Status
from migrator.planner import Direction, Step, resolve_target
from migrator.questioner import Questioner
from migrator.results import StepResult
from migrator.runner import Runner
from migrator.session import DatabaseSession
from migrator.timeouts import DdlTimeouts

log = logging.getLogger("migrator")


class Workspace(Protocol):
    """What a verb runs in: the Command facade provides it (config, folders, sessions)."""

    location: Path
    questioner: Questioner
    lock_timeout: float
    clock: Clock
    progress: Callable[[StepResult], None] | None  # told after each step, as it happens
    online_ddl: bool  # generate online DDL for existing tables (migrate)
    ddl_timeouts: DdlTimeouts  # lock/statement timeouts of every migration statement

    def tortoise_config(self) -> dict[str, object]: ...

    def apps(self) -> list[str]: ...

    def databases(self) -> dict[str, DatabaseConfig]: ...

    def migrations(self, app: str) -> list[Migration]: ...

    def session(self, app: str) -> DatabaseSession: ...

    def table_filter(self) -> TableFilter:
        """The tables migrator does not own (exclude_tables and the history tables)."""

    async def release(self) -> None:
        """Close the sessions unless an ``async with`` keeps them open."""


@dataclass(frozen=True, slots=True)
class State:
    """The migrations folder and the history table of the selected apps, read together."""

    available: dict[str, list[Migration]]
    rows: dict[str, list[HistoryRow]]

    def applied(self, status: Status | None = None) -> dict[str, list[str]]:
        """Versions in the history per app (only those with ``status`` when given)."""
        return {
            app: [r.version for r in rows if status is None or r.status is status]
            for app, rows in self.rows.items()
        }

    def partial(self) -> dict[tuple[str, str], HistoryRow]:
        return {
            (r.app, r.version): r
            for rows in self.rows.values()
            for r in rows
            if r.status is Status.PARTIAL
        }


class LockAll:
    """Holds the deploy lock of every selected app for the whole run (sorted: no deadlock).
    ``create``: a database that is a missing file is created (the verbs that write rows);
    otherwise it is a MissingDatabaseError."""

    def __init__(self, ws: Workspace, apps: Sequence[str], create: bool = False) -> None:
        self.ws = ws
        self.create = create
        self.apps = sorted(apps)
        self.held: list[tuple[DatabaseSession, str]] = []

    async def __aenter__(self) -> None:
        for app in self.apps:
            session = self.ws.session(app)
            await session.lock(app, self.ws.lock_timeout, self.create)
            self.held.append((session, app))

    async def __aexit__(self, *exc: object) -> None:
        for session, app in reversed(self.held):
            await session.unlock(app)
        await self.ws.release()


async def read_state(ws: Workspace, apps: Sequence[str]) -> State:
    available = {app: ws.migrations(app) for app in apps}
    return State(available, await history_rows(ws, apps))


async def history_rows(ws: Workspace, apps: Sequence[str]) -> dict[str, list[HistoryRow]]:
    result = {}
    for app in apps:
        history = await ws.session(app).history(create=False)
        result[app] = await history.rows(app) if history else []
    return result


async def read_rows_and_release(ws: Workspace, apps: Sequence[str]) -> dict[str, list[HistoryRow]]:
    """The history rows, for the read-only verbs (no lock; outside ``async with`` the
    connections are closed again)."""
    try:
        return await history_rows(ws, apps)
    finally:
        await ws.release()


def targets(
    apps: Sequence[str], target: str | None, allow_zero: bool = False
) -> dict[str, str | None]:
    if target is None:
        return {}
    if target == "zero" and allow_zero:
        return dict.fromkeys(apps, "zero")
    if len(apps) != 1:
        raise UsageError(f"a target version needs one app; pass --app (apps: {', '.join(apps)})")
    return {apps[0]: target}


def resolve_targets(ws: Workspace, targets: Mapping[str, str | None]) -> None:
    """An unknown or ambiguous version fails here, before any connection."""
    for app, target in targets.items():
        if target is not None and target != "zero":
            resolve_target(ws.migrations(app), target, app)


def check_checksums(ws: Workspace, state: State) -> None:
    from migrator.validate import verify_checksums

    verify_checksums(state.available, state.rows, ws.location)


def check_partials(ws: Workspace, state: State) -> None:
    """A partially applied migration whose statements that ran were edited stops the
    run before anything runs (the runner would stop only when it reaches it)."""
    from migrator.resume import check_resumable

    for (app, version), row in state.partial().items():
        for m in state.available.get(app, ()):
            if m.version == version:
                check_resumable(m, row, ws.databases()[app].dialect)


async def run_steps(
    ws: Workspace, steps: list[Step], partial: Mapping[tuple[str, str], HistoryRow]
) -> list[StepResult]:
    check_dialects(ws, steps)
    results: list[StepResult] = []
    for step in steps:
        m = step.migration
        session = ws.session(m.app)
        history = await session.history(create=True)
        assert history is not None
        runner = Runner(
            await session.connection(),
            session.backend,
            history,
            ws.clock,
            session.secrets,
            timeouts=ws.ddl_timeouts,
        )
        verb = "applying" if step.direction is Direction.UP else "reverting"
        log.info("%s %s %s", verb, m.app, m.id)
        result = await runner.run(step, partial.get((m.app, m.version)), len(results))
        created = session.take_created_file()
        if created:
            result = dataclasses.replace(result, created_database=created)
        done = "applied" if step.direction is Direction.UP else "reverted"
        log.info(
            "%s %s %s (%d statements, %d ms)",
            done,
            m.app,
            m.id,
            result.statements,
            result.duration_ms,
        )
        results.append(result)
        if ws.progress is not None:
            ws.progress(result)
    return results


def require_migrations(ws: Workspace, apps: Sequence[str], verb: str) -> None:
    """A missing migrations folder, or an empty one for an app with models, is an error
    naming the absolute path looked at: run from the wrong directory, a relative location
    would otherwise find nothing and report success with nothing applied."""
    config = ws.tortoise_config()
    for app in apps:
        folder = app_dir(ws.location, app)
        if not folder.is_dir():
            raise MigrationFileError(
                f"{verb}: no migrations folder for app {app} at {folder}; check location "
                "(a relative one resolves against pyproject.toml with -c/from_pyproject, "
                "against the current directory with Command(location=...)) or run "
                "`migrator init` / `migrator migrate` first"
            )
        if not ws.migrations(app) and _has_models(config, app):
            raise MigrationFileError(
                f"{verb}: app {app} has models but {folder} holds no migrations; "
                "run `migrator migrate` to write the first one, or check location"
            )


def _has_models(config: Mapping[str, object], app: str) -> bool:
    apps = config.get("apps")
    spec = apps.get(app) if isinstance(apps, Mapping) else None
    models = spec.get("models") if isinstance(spec, Mapping) else None
    return bool(models)


def check_dialects(ws: Workspace, steps: Sequence[Step]) -> None:
    """Every migration of the plan must be SQL for the database it runs on: before the
    first one runs, so a wrong folder applies nothing (MySQL could not roll it back)."""
    for step in steps:
        m, db = step.migration, ws.databases()[step.migration.app]
        if m.dialect and m.dialect != db.dialect.name:
            raise MigrationFileError(
                f"app {m.app}: migration {m.id} in {m.path.parent} was written for "
                f"{m.dialect}, but the Tortoise config points the app at {db.dialect.name} "
                f"({db.display()}); nothing was run: keep one migrations folder per "
                "database kind (see --location)"
            )
