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
from migrator.errors import ConflictError, DatabaseError, MigrationFileError, UsageError
from migrator.files import Migration, load_migrations
from migrator.history import HistoryRow, Status
from migrator.planner import Direction, Step, plan_downgrade, plan_upgrade, resolve_target
from migrator.questioner import NonInteractiveQuestioner, NoRenameQuestioner, Questioner
from migrator.runner import Clock, Runner, StepResult, utc_now
from migrator.session import DatabaseSession
from migrator.validate import Problem


@dataclass(frozen=True, slots=True)
class MigrationResult:
    app: str
    migration_id: str
    path: Path
    operations: list[str]
    destructive: list[str] = field(default_factory=list)  # upgrade blocks that lose data
    downgrade_destructive: list[str] = field(default_factory=list)  # same, for the downgrade
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChecksumFix:
    """One history row whose checksum ``fix_checksums`` replaced."""

    app: str
    migration_id: str
    old_checksum: str
    new_checksum: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What ``validate`` found: every problem, and how many applied migrations it checked."""

    problems: list[Problem]
    applied: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class PendingMigration:
    app: str
    migration_id: str
    path: Path
    partial: bool = False  # a non-transactional run stopped part-way: upgrade resumes it
    statements_done: int = 0  # of a partial migration
    statements_total: int = 0  # of a partial migration (statements in upgrade.sql)


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
        """Build from a migrator.pyproject.Config ([tool.migrator] in pyproject.toml)."""
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
            from migrator.tortoise_config import load_tortoise_config

            source = self._tortoise_config_source
            if isinstance(source, str):
                self._tortoise_config = load_tortoise_config(source, self.src_folder.resolve())
            else:
                self._tortoise_config = dict(source)
        return self._tortoise_config

    def apps(self) -> list[str]:
        from migrator.tortoise_config import select_apps

        apps: list[str] = select_apps(self.tortoise_config(), self.app)
        return apps

    def databases(self) -> dict[str, DatabaseConfig]:
        from migrator.tortoise_config import app_databases

        if self._databases is None:
            self._databases = app_databases(self.tortoise_config())
        return self._databases

    def migrations(self, app: str) -> list[Migration]:
        return load_migrations(self.location, app)

    def secrets(self) -> tuple[str, ...]:
        """The passwords in the loaded Tortoise config, so that error output can mask them
        wherever they appear; empty while the config is not loaded."""
        from migrator.tortoise_config import connection_secrets

        if self._tortoise_config is None:
            return ()
        return connection_secrets(self._tortoise_config)

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
        self._resolve_targets(targets)  # an unknown version fails before any connection
        async with self._locked(apps):
            state = await self._state(apps)
            await self._check_checksums(state.available, state.rows)
            self._check_partials(state)
            steps = plan_upgrade(state.available, state.applied(Status.APPLIED), targets)
            return await self._run(steps, state.partial())

    async def downgrade(
        self, to: str | None = None, steps: int = 1, expected: Sequence[Step] | None = None
    ) -> list[StepResult]:
        """Revert ``steps`` migrations per app, or down to ``to`` (exclusive; "zero" = all).

        ``expected``: the plan someone confirmed (``plan_downgrade``). It was made before the
        lock was taken; if another run applied or reverted migrations since, the plan under
        the lock differs and nothing is reverted, so only what was confirmed ever runs."""
        apps = self.apps()
        targets = self._targets(apps, to, allow_zero=True)
        self._resolve_targets(targets)
        async with self._locked(apps):
            state = await self._state(apps)
            plan = plan_downgrade(
                state.available, state.applied(), targets, steps if to is None else None
            )
            if expected is not None and _ids(plan) != _ids(expected):
                raise ConflictError(
                    f"the downgrade plan changed while waiting for the deploy lock (confirmed: "
                    f"{', '.join(_ids(expected)) or 'nothing'}; now: "
                    f"{', '.join(_ids(plan)) or 'nothing'}): another run changed the database; "
                    "nothing was reverted, run downgrade again"
                )
            _require_downgrade_files(plan)
            # a partially applied migration is reverted by the inverses of what ran (runner)
            return await self._run(plan, state.partial())

    async def plan_downgrade(self, to: str | None = None, steps: int = 1) -> list[Step]:
        """What ``downgrade`` would revert, without reverting (for confirmation prompts)."""
        apps = self.apps()
        targets = self._targets(apps, to, allow_zero=True)
        self._resolve_targets(targets)
        try:
            state = await self._state(apps)
        finally:
            await self._release()
        plan = plan_downgrade(
            state.available, state.applied(), targets, steps if to is None else None
        )
        _require_downgrade_files(plan)
        return plan

    async def validate(self) -> ValidationReport:
        """Every problem with the applied migrations and the folder, without stopping at the
        first: changed or missing files, corrupt snapshots, branches, partial runs."""
        from migrator.files import scan_migrations
        from migrator.validate import find_problems

        apps = self.apps()
        scans = {app: scan_migrations(self.location, app) for app in apps}
        try:
            rows = await self._history_rows(apps)
        finally:
            await self._release()
        dialects = {app: self.databases()[app].dialect for app in apps}
        applied = sum(r.status is Status.APPLIED for app_rows in rows.values() for r in app_rows)
        return ValidationReport(find_problems(scans, rows, dialects), applied)

    async def fix_checksums(self, version: str | None = None) -> list[ChecksumFix]:
        """Record the current checksum of applied migrations whose upgrade.sql was edited on
        purpose (all of them, or only ``version``). Takes the deploy lock: a concurrent
        upgrade must not check against a half-updated history."""
        apps = self.apps()
        targets = self._targets(apps, version)
        async with self._locked(apps):
            state = await self._state(apps)
            fixes = []
            for app in apps:
                chosen = _fix_candidates(app, state, targets.get(app))
                for migration, row in chosen:
                    new = migration.checksum()
                    if new == row.checksum:
                        continue
                    history = await self._session(app).history(create=False)
                    assert history is not None  # rows were read from it
                    await history.update_checksum(app, row.version, new)
                    fixes.append(ChecksumFix(app, migration.id, row.checksum, new))
            return fixes

    async def history(self) -> list[HistoryRow]:
        """Applied migrations; a partial one carries its statement total (``partial 1/3``)."""
        apps = self.apps()
        try:
            rows = await self._history_rows(apps)
        finally:
            await self._release()
        return [self._with_total(row) for app in apps for row in rows[app]]

    def _with_total(self, row: HistoryRow) -> HistoryRow:
        from dataclasses import replace

        from migrator.errors import MigratorError
        from migrator.runner import statement_count

        if row.status is not Status.PARTIAL:
            return row
        found = [m for m in self.migrations(row.app) if m.version == row.version]
        try:
            total = statement_count(found[0], self.databases()[row.app].dialect)
        except (IndexError, MigratorError):
            return row  # the file is gone or unreadable: the count stays unknown
        return replace(row, statements_total=total)

    async def heads(self) -> list[PendingMigration]:
        """Migrations in the folder that are not (fully) applied to the database."""
        apps = self.apps()
        try:
            rows = await self._history_rows(apps)
        finally:
            await self._release()
        pending = []
        for app in apps:
            by_version = {r.version: r for r in rows[app]}
            for m in self.migrations(app):
                row = by_version.get(m.version)
                if row is None:
                    pending.append(PendingMigration(app, m.id, m.path))
                elif row.status is Status.PARTIAL:
                    total = self._with_total(row).statements_total or 0
                    pending.append(
                        PendingMigration(app, m.id, m.path, True, row.statements_done, total)
                    )
        return pending

    async def init_db(self) -> tuple[list[MigrationResult], list[StepResult]]:
        """Write the initial migration of every selected app and apply it."""
        for app in self.apps():
            if self.migrations(app):
                raise UsageError(
                    f"app {app} already has migrations in {self.location / app}; "
                    "run `migrator upgrade` instead"
                )
        await self._check_tables_absent()  # before anything is written
        await self.init()
        written = await self.migrate(name="initial")
        return written, await self.upgrade()

    async def _check_tables_absent(self) -> None:
        """init-db's initial migration creates every table: one that exists already would
        make it fail after the migration was written, leaving a migration that never applies."""
        from migrator.autodetect import MigrationWriter

        writer = MigrationWriter(
            location=self.location,
            tortoise_config=self.tortoise_config(),
            databases=self.databases(),
            questioner=self.questioner,
        )
        try:
            for planned in writer.plan(self.apps(), name="initial", empty=False):
                session = self._session(planned.app)
                dialect = session.dialect
                existing = await dialect.table_names(await session.connection())
                clash = sorted(set(planned.state.tables) & existing)
                if clash:
                    raise DatabaseError(
                        f"{session.db.display()} already has table(s) {', '.join(clash)} of "
                        f"app {planned.app}; init-db needs a database without them: drop them "
                        "or point the Tortoise config at an empty database"
                    )
        finally:
            await self._release()

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

    def _resolve_targets(self, targets: Mapping[str, str | None]) -> None:
        for app, target in targets.items():
            if target is not None and target != "zero":
                resolve_target(self.migrations(app), target, app)

    def _session(self, app: str) -> DatabaseSession:
        db = self.databases()[app]
        key = f"{db.dialect}:{db.alias}:{db.display()}"
        if key not in self._sessions:
            dialect = get_dialect(db.dialect, db)
            self._sessions[key] = DatabaseSession(db, dialect, self.history_table)
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

        verify_checksums(available, rows, self.location)

    def _check_partials(self, state: _State) -> None:
        """A partially applied migration whose statements that ran were edited stops the
        run before anything runs (the runner would stop only when it reaches it)."""
        from migrator.runner import check_resumable

        for (app, version), row in state.partial().items():
            for m in state.available.get(app, ()):
                if m.version == version:
                    check_resumable(m, row, self.databases()[app].dialect)

    async def _run(
        self, steps: list[Step], partial: Mapping[tuple[str, str], HistoryRow]
    ) -> list[StepResult]:
        self._check_dialects(steps)
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

    def _check_dialects(self, steps: Sequence[Step]) -> None:
        """Every migration of the plan must be SQL for the database it runs on: before the
        first one runs, so a wrong folder applies nothing (MySQL could not roll it back)."""
        for step in steps:
            m, db = step.migration, self.databases()[step.migration.app]
            if m.dialect and m.dialect != db.dialect:
                raise MigrationFileError(
                    f"app {m.app}: migration {m.id} in {m.path.parent} was written for "
                    f"{m.dialect}, but the Tortoise config points the app at {db.dialect} "
                    f"({db.display()}); nothing was run: keep one migrations folder per "
                    "database kind (see --location)"
                )


def _ids(plan: Sequence[Step]) -> list[str]:
    return [f"{s.migration.app} {s.migration.id}" for s in plan]


def _require_downgrade_files(plan: Sequence[Step]) -> None:
    """Every downgrade.sql of the plan must be there before the first one runs."""
    for step in plan:
        path = step.migration.downgrade_path
        if not path.is_file():
            raise MigrationFileError(
                f"{path} is missing, so {step.migration.app} {step.migration.id} cannot be "
                "reverted; restore it from version control (nothing was reverted)"
            )


def _fix_candidates(
    app: str, state: _State, target: str | None
) -> list[tuple[Migration, HistoryRow]]:
    """(migration, applied row) pairs ``fix_checksums`` may update: every applied migration
    whose file exists, or exactly ``target``, which must be applied and present."""
    migrations = state.available[app]
    rows = {r.version: r for r in state.rows[app] if r.status is Status.APPLIED}
    if target is None:
        return [(m, rows[m.version]) for m in migrations if m.version in rows]
    migration = resolve_target(migrations, target, app)
    if migration.version not in rows:
        raise UsageError(
            f"app {app}: {migration.id} is not applied, so it has no checksum to fix; "
            "see `migrator history`"
        )
    return [(migration, rows[migration.version])]


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


__all__ = [
    "ChecksumFix",
    "Command",
    "Direction",
    "MigrationResult",
    "PendingMigration",
    "Problem",
    "StepResult",
    "ValidationReport",
]
