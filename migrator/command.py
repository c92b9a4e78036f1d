"""The async facade: one public method per CLI verb. Orchestration only: no SQL text here.

    async with Command(tortoise_config=TORTOISE_ORM, app="models", location="migrations") as cmd:
        await cmd.migrate(name="add_age")
        await cmd.upgrade()

Methods return dataclasses and never print, prompt or exit; the CLI is a thin layer on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.errors import MigrationFileError, UsageError
from migrator.files import Migration, load_migrations
from migrator.history import HistoryRow, Status
from migrator.planner import Direction, Step, plan_downgrade, plan_upgrade
from migrator.questioner import NonInteractiveQuestioner, NoRenameQuestioner, Questioner
from migrator.runner import Clock, Runner, StepResult, utc_now
from migrator.session import DatabaseSession


@dataclass(frozen=True, slots=True)
class MigrationResult:
    app: str
    migration_id: str
    path: Path
    operations: list[str]
    destructive: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PendingMigration:
    app: str
    migration_id: str
    path: Path
    partial: bool = False  # a non-transactional run stopped part-way: upgrade resumes it


class Command:
    def __init__(
        self,
        tortoise_config: Mapping[str, Any] | str,
        app: str | None = None,
        location: str | Path = "./migrations",
        *,
        src_folder: str | Path = ".",
        history_table: str = "migrator_history",
        questioner: Questioner | None = None,
        lock_timeout: float = 60.0,
        clock: Clock = utc_now,
    ) -> None:
        self._tortoise_config_source = tortoise_config
        self._tortoise_config: dict[str, Any] | None = None
        self.app = app
        self.location = Path(location)
        self.src_folder = Path(src_folder)
        self.history_table = history_table
        self.questioner = questioner or NonInteractiveQuestioner()
        self.lock_timeout = lock_timeout
        self.clock = clock
        self._databases: dict[str, DatabaseConfig] | None = None
        self._sessions: dict[str, DatabaseSession] = {}
        self._entered = False

    @classmethod
    def from_config(cls, config: Any, app: str | None = None, **kwargs: Any) -> Command:
        """Build from a migrator.config.Config ([tool.migrator] in pyproject.toml)."""
        return cls(
            tortoise_config=config.tortoise_orm,
            app=app,
            location=config.location,
            src_folder=config.src_folder,
            history_table=config.history_table,
            **kwargs,
        )

    async def __aenter__(self) -> Command:
        self._entered = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._entered = False
        await self._close_sessions()

    # -- configuration --------------------------------------------------------------------
    def tortoise_config(self) -> dict[str, Any]:
        if self._tortoise_config is None:
            from migrator.config import load_tortoise_config

            source = self._tortoise_config_source
            if isinstance(source, str):
                self._tortoise_config = load_tortoise_config(source, self.src_folder.resolve())
            else:
                self._tortoise_config = dict(source)
        return self._tortoise_config

    def apps(self) -> list[str]:
        from migrator.config import select_apps

        apps: list[str] = select_apps(self.tortoise_config(), self.app)
        return apps

    def databases(self) -> dict[str, DatabaseConfig]:
        from migrator.config import app_databases

        if self._databases is None:
            self._databases = app_databases(self.tortoise_config())
        return self._databases

    def migrations(self, app: str) -> list[Migration]:
        return load_migrations(self.location, app)

    # -- verbs ----------------------------------------------------------------------------
    async def init(self) -> list[Path]:
        """Create the migrations folder of every selected app; returns the folders created."""
        created = []
        for app in self.apps():
            folder = self.location / app
            if not folder.is_dir():
                try:
                    folder.mkdir(parents=True)
                except OSError as exc:
                    raise MigrationFileError(
                        f"cannot create {folder}: {exc.strerror or exc}; check permissions"
                    ) from exc
                created.append(folder)
        return created

    async def migrate(
        self,
        name: str | None = None,
        empty: bool = False,
        renames: Iterable[str] = (),
        no_rename: bool = False,
    ) -> list[MigrationResult]:
        """Write a migration for every selected app whose models changed (or an empty one)."""
        from migrator.autodetect import MigrationWriter

        questioner = NoRenameQuestioner() if no_rename else self.questioner
        writer = MigrationWriter(
            location=self.location,
            tortoise_config=self.tortoise_config(),
            databases=self.databases(),
            questioner=questioner,
            renames=renames,
        )
        return writer.write(self.apps(), name=name, empty=empty)

    async def upgrade(self, target: str | None = None) -> list[StepResult]:
        apps = self.apps()
        targets = self._targets(apps, target)
        async with self._locked(apps):
            state = await self._state(apps)
            await self._check_checksums(state.available, state.rows)
            steps = plan_upgrade(state.available, state.applied(Status.APPLIED), targets)
            return await self._run(steps, state.partial())

    async def downgrade(self, to: str | None = None, steps: int = 1) -> list[StepResult]:
        """Revert ``steps`` migrations per app, or down to ``to`` (exclusive; "zero" = all)."""
        apps = self.apps()
        targets = self._targets(apps, to, allow_zero=True)
        async with self._locked(apps):
            state = await self._state(apps)
            plan = plan_downgrade(
                state.available, state.applied(), targets, steps if to is None else None
            )
            # a partially applied migration is reverted by the inverses of what ran (runner)
            return await self._run(plan, state.partial())

    async def plan_downgrade(self, to: str | None = None, steps: int = 1) -> list[Step]:
        """What ``downgrade`` would revert, without reverting (for confirmation prompts)."""
        apps = self.apps()
        targets = self._targets(apps, to, allow_zero=True)
        try:
            state = await self._state(apps)
        finally:
            await self._release()
        return plan_downgrade(
            state.available, state.applied(), targets, steps if to is None else None
        )

    async def history(self) -> list[HistoryRow]:
        try:
            rows = await self._history_rows(self.apps())
        finally:
            await self._release()
        return [row for app_rows in rows.values() for row in app_rows]

    async def heads(self) -> list[PendingMigration]:
        """Migrations in the folder that are not (fully) applied to the database."""
        apps = self.apps()
        try:
            rows = await self._history_rows(apps)
        finally:
            await self._release()
        pending = []
        for app in apps:
            status = {r.version: r.status for r in rows[app]}
            for m in self.migrations(app):
                if status.get(m.version) is not Status.APPLIED:
                    partial = status.get(m.version) is Status.PARTIAL
                    pending.append(PendingMigration(app, m.id, m.path, partial))
        return pending

    async def init_db(self) -> tuple[list[MigrationResult], list[StepResult]]:
        """Write the initial migration of every selected app and apply it."""
        for app in self.apps():
            if self.migrations(app):
                raise UsageError(
                    f"app {app} already has migrations in {self.location / app}; "
                    "run `migrator upgrade` instead"
                )
        await self.init()
        written = await self.migrate(name="initial")
        return written, await self.upgrade()

    # -- internals ------------------------------------------------------------------------
    def _targets(
        self, apps: Sequence[str], target: str | None, allow_zero: bool = False
    ) -> dict[str, str | None]:
        if target is None:
            return {}
        if target == "zero" and allow_zero:
            return dict.fromkeys(apps, "zero")
        if len(apps) != 1:
            raise UsageError(
                f"a target version needs one app; pass --app (apps: {', '.join(apps)})"
            )
        return {apps[0]: target}

    def _session(self, app: str) -> DatabaseSession:
        db = self.databases()[app]
        key = f"{db.dialect}:{db.alias}:{db.display()}"
        if key not in self._sessions:
            self._sessions[key] = DatabaseSession(db, get_dialect(db.dialect), self.history_table)
        return self._sessions[key]

    async def _release(self) -> None:
        """Outside ``async with``, every verb closes what it opened."""
        if not self._entered:
            await self._close_sessions()

    async def _close_sessions(self) -> None:
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()

    def _locked(self, apps: Sequence[str]) -> Any:
        return _LockAll(self, apps)

    async def _state(self, apps: Sequence[str]) -> _State:
        available = {app: self.migrations(app) for app in apps}
        return _State(available, await self._history_rows(apps))

    async def _history_rows(self, apps: Sequence[str]) -> dict[str, list[HistoryRow]]:
        result = {}
        for app in apps:
            history = await self._session(app).history(create=False)
            result[app] = await history.rows(app) if history else []
        return result

    async def _check_checksums(
        self, available: Mapping[str, Sequence[Migration]], rows: Mapping[str, list[HistoryRow]]
    ) -> None:
        from migrator.validate import verify_checksums

        verify_checksums(available, rows)

    async def _run(
        self, steps: list[Step], partial: Mapping[tuple[str, str], HistoryRow]
    ) -> list[StepResult]:
        results = []
        for step in steps:
            session = self._session(step.migration.app)
            history = await session.history(create=True)
            assert history is not None
            runner = Runner(
                await session.connection(), session.dialect, history, self.clock, session.secrets
            )
            key = (step.migration.app, step.migration.version)
            results.append(await runner.run(step, partial.get(key)))
        return results


@dataclass(frozen=True, slots=True)
class _State:
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


class _LockAll:
    """Holds the deploy lock of every selected app for the whole run (sorted: no deadlock)."""

    def __init__(self, command: Command, apps: Sequence[str]) -> None:
        self.command = command
        self.apps = sorted(apps)
        self.held: list[tuple[DatabaseSession, str]] = []

    async def __aenter__(self) -> None:
        for app in self.apps:
            session = self.command._session(app)
            await session.lock(app, self.command.lock_timeout)
            self.held.append((session, app))

    async def __aexit__(self, *exc: object) -> None:
        for session, app in reversed(self.held):
            await session.unlock(app)
        if not self.command._entered:
            await self.command._close_sessions()


__all__ = ["Command", "Direction", "MigrationResult", "PendingMigration", "StepResult"]
