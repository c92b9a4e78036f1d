"""The async facade: one public method per CLI verb, each delegating to migrator/verbs/.

    async with Command.from_pyproject("/srv/app/pyproject.toml") as cmd:
        await cmd.migrate(name="add_age")
        await cmd.upgrade()

Paths: ``from_pyproject`` resolves ``location``, ``src_folder`` and a relative SQLite file path
in the Tortoise config against the folder of the pyproject.toml, as the CLI does. With
``Command(...)`` they resolve once, against the current directory when the Command is built,
and are stored absolute: changing directory afterwards changes nothing.

The Command holds the configuration and the database sessions (the verbs' ``Workspace``);
the verbs do the work. Methods return results.py dataclasses and never print, prompt or
exit (a prompt goes through the injected questioner); the CLI is a thin layer on top.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from migrator import arguments as check
from migrator.connection import DatabaseConfig
from migrator.errors import UsageError
from migrator.exclusion import TableFilter
from migrator.execution import Clock, utc_now
from migrator.files import Migration, load_migrations
from migrator.history import HistoryRow
from migrator.lint import LintConfig
from migrator.planner import Direction, Step
from migrator.questioner import NonInteractiveQuestioner, Questioner
from migrator.results import (
    AdoptResult,
    CheckReport,
    ChecksumFix,
    DriftReport,
    InitDbResult,
    InitResult,
    LintReport,
    MergeResult,
    MigrationResult,
    PendingMigration,
    PlanReport,
    Problem,
    StampResult,
    StatusReport,
    StepResult,
    ValidationReport,
)
from migrator.session import DatabaseSession
from migrator.timeouts import DdlTimeouts
from migrator.verbs import downgrade as downgrade_verb
from migrator.verbs import offline_sql
from migrator.verbs import stamp as stamp_verb
from migrator.verbs.adopt import adopt as adopt_verb
from migrator.verbs.check import check as check_verb
from migrator.verbs.drift import drift as drift_verb
from migrator.verbs.fix_checksums import fix_checksums as fix_checksums_verb
from migrator.verbs.heads import heads as heads_verb
from migrator.verbs.history import history as history_verb
from migrator.verbs.init import ProjectSettings
from migrator.verbs.init import init as init_verb
from migrator.verbs.init_db import init_db as init_db_verb
from migrator.verbs.lint import lint as lint_verb
from migrator.verbs.lint import lint_migration
from migrator.verbs.merge import merge as merge_verb
from migrator.verbs.migrate import migrate as migrate_verb
from migrator.verbs.plan import plan as plan_verb
from migrator.verbs.status import status as status_verb
from migrator.verbs.upgrade import upgrade as upgrade_verb
from migrator.verbs.validate import validate as validate_verb

if TYPE_CHECKING:
    from migrator.pyproject import Config


class Command:
    def __init__(
        self,
        tortoise_config: Mapping[str, object] | str,
        app: str | None = None,
        location: str | Path = "./migrations",
        *,
        src_folder: str | Path = ".",
        history_table: str = "migrator_history",
        questioner: Questioner | None = None,
        lock_timeout: float = 60.0,
        clock: Clock = utc_now,
        progress: Callable[[StepResult], None] | None = None,
        online_ddl: bool = True,
        ddl_timeouts: DdlTimeouts | None = None,
        exclude_tables: Sequence[str] = (),
    ) -> None:
        self.online_ddl = online_ddl  # migrate: online DDL for existing tables (PostgreSQL, MySQL)
        self.ddl_timeouts = ddl_timeouts if ddl_timeouts is not None else DdlTimeouts()
        where = "Command()"
        self.exclude_tables = tuple(exclude_tables)  # glob patterns, besides the defaults
        self._tortoise_config_source = check.check_tortoise_config(where, tortoise_config)
        self._tortoise_config: dict[str, object] | None = None
        self.app = check.check_optional_str(where, "app", app, "models")
        # relative paths: against the current directory, now, once (see the module doc)
        self.location = absolute(check.check_path(where, "location", location))
        self.src_folder = absolute(check.check_path(where, "src_folder", src_folder))
        # a relative SQLite file path in the Tortoise config: against this folder (the
        # current one now; the pyproject's folder with from_config/from_pyproject)
        self.database_folder = Path.cwd()
        self._settings = (str(location), str(src_folder))  # as given: what init records
        self.history_table = history_table
        self.questioner: Questioner = questioner or NonInteractiveQuestioner()
        self.lock_timeout = check.check_number(where, "lock_timeout", lock_timeout)
        self.clock = clock
        self.progress = progress  # called after each migration is applied or reverted
        self._databases: dict[str, DatabaseConfig] | None = None
        self._sessions: dict[str, DatabaseSession] = {}
        self._entered = False
        self.lint_config = LintConfig()  # [tool.migrator.lint]; from_config sets it

    @classmethod
    def from_config(
        cls,
        config: Config,
        app: str | None = None,
        *,
        questioner: Questioner | None = None,
        lock_timeout: float = 60.0,
        clock: Clock = utc_now,
        ddl_timeouts: DdlTimeouts | None = None,
    ) -> Command:
        """Build from a migrator.pyproject.Config ([tool.migrator] in pyproject.toml);
        ``ddl_timeouts`` replaces the config's (command-line flags)."""
        command = cls(
            tortoise_config=config.tortoise_orm,
            app=app,
            location=config.location,
            src_folder=config.src_folder,
            history_table=config.history_table,
            questioner=questioner,
            lock_timeout=lock_timeout,
            clock=clock,
            online_ddl=config.online_ddl,
            ddl_timeouts=ddl_timeouts if ddl_timeouts is not None else config.ddl_timeouts,
            exclude_tables=config.exclude_tables,
        )
        command.lint_config = config.lint
        if config.pyproject is not None:
            command.database_folder = config.pyproject.parent
        return command

    @classmethod
    def from_pyproject(
        cls,
        path: str | Path | None = None,
        app: str | None = None,
        *,
        questioner: Questioner | None = None,
        lock_timeout: float = 60.0,
        clock: Clock = utc_now,
        progress: Callable[[StepResult], None] | None = None,
    ) -> Command:
        """Build from [tool.migrator] of ``path`` (default: pyproject.toml in the current
        directory, as the CLI's ``-c``); ``location``, ``src_folder`` and a relative SQLite
        file path resolve against the file's folder, so the result is the same from any
        working directory."""
        from migrator.pyproject import load_config

        where = "Command.from_pyproject()"
        pyproject = (
            Path("pyproject.toml") if path is None else check.check_path(where, "path", path)
        )
        command = cls.from_config(
            load_config(pyproject),
            app,
            questioner=questioner,
            lock_timeout=lock_timeout,
            clock=clock,
        )
        command.progress = progress
        return command

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
    def tortoise_config(self) -> dict[str, object]:
        if self._tortoise_config is None:
            from migrator.tortoise_config import load_tortoise_config

            source = self._tortoise_config_source
            if isinstance(source, str):
                self._tortoise_config = load_tortoise_config(source, self.src_folder.resolve())
            else:
                self._tortoise_config = dict(source)
        return self._tortoise_config

    def application_config(self) -> dict[str, object]:
        """The Tortoise config with every connection of an app pointing at the database this
        Command migrates: a relative SQLite file resolved as migrator resolves it (see
        Paths), so an application registering Tortoise with it in this process opens the
        file that was migrated, whatever its working directory."""
        from migrator.tortoise_config import app_databases

        config = dict(self.tortoise_config())
        as_written = app_databases(config)  # paths left as Tortoise would open them
        connections = dict(config.get("connections", {}))  # type: ignore[call-overload]
        for app, db in self.databases().items():
            if db.credentials != as_written[app].credentials:
                connections[db.alias] = {"engine": db.engine, "credentials": dict(db.credentials)}
        config["connections"] = connections
        return config

    def apps(self) -> list[str]:
        from migrator.tortoise_config import select_apps

        apps: list[str] = select_apps(self.tortoise_config(), self.app)
        return apps

    def databases(self) -> dict[str, DatabaseConfig]:
        from migrator.tortoise_config import app_databases

        if self._databases is None:
            self._databases = app_databases(self.tortoise_config(), self.database_folder)
        return self._databases

    def migrations(self, app: str) -> list[Migration]:
        return load_migrations(self.location, app)

    def table_filter(self) -> TableFilter:
        """Tables migrator neither touches nor reports: ``exclude_tables`` plus the history
        tables of Aerich, Tortoise's migrations and migrator itself."""
        return TableFilter.build(self.history_table, self.exclude_tables)

    def secrets(self) -> tuple[str, ...]:
        """The passwords in the loaded Tortoise config, so that error output can mask them
        wherever they appear; empty while the config is not loaded."""
        from migrator.tortoise_config import connection_secrets

        if self._tortoise_config is None:
            return ()
        return connection_secrets(self._tortoise_config)

    # -- sessions -------------------------------------------------------------------------
    def session(self, app: str) -> DatabaseSession:
        """The session of the database ``app`` lives in (one per database, opened lazily)."""
        db = self.databases()[app]
        key = f"{db.dialect.name}:{db.alias}:{db.display()}"
        if key not in self._sessions:
            self._sessions[key] = DatabaseSession(db, self.history_table)
        return self._sessions[key]

    async def release(self) -> None:
        """Outside ``async with``, every verb closes what it opened."""
        if not self._entered:
            await self._close_sessions()

    async def _close_sessions(self) -> None:
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()

    # -- verbs ----------------------------------------------------------------------------
    async def init(self, pyproject: str | Path | None = None) -> InitResult:
        """Check the Tortoise config, refuse a location that is a file, and create the
        migrations folder of every selected app. With ``pyproject``, also record this
        Command's settings in its [tool.migrator] (the Tortoise config must then be given as
        a dotted path); relative ``location``/``src_folder`` are then relative to that
        file's folder, as [tool.migrator] means them, and this Command uses them so."""
        if pyproject is None:
            return init_verb(self)
        path = check.check_path("Command.init()", "pyproject", pyproject)
        return init_verb(self, self._adopt_pyproject(path))

    async def migrate(
        self,
        name: str | None = None,
        empty: bool = False,
        renames: Iterable[str] = (),
        no_rename: bool = False,
        python: bool = False,
        allow_unsafe: bool = False,
    ) -> list[MigrationResult]:
        """Write a migration for every selected app whose models changed (or an empty one).
        ``renames`` answer rename questions; ``no_rename`` makes every other candidate a drop
        and an add. ``python`` (with ``empty``): also write migration.py, a data migration
        with ``async def upgrade(conn)``/``downgrade(conn)`` (see migrator.python_migration).
        A migration the database refuses on a table with rows is written only when the
        questioner confirms it or ``allow_unsafe`` is set (UnsafeMigrationError otherwise)."""
        where = "Command.migrate()"
        check.check_optional_str(where, "name", name, "add_age")
        check.check_bool(where, "empty", empty)
        names = check.check_strings(where, "renames", renames)
        check.check_bool(where, "no_rename", no_rename)
        check.check_bool(where, "python", python)
        check.check_bool(where, "allow_unsafe", allow_unsafe)
        results = migrate_verb(
            self,
            name=name,
            empty=empty,
            renames=names,
            no_rename=no_rename,
            python=python,
            allow_unsafe=allow_unsafe,
        )
        return [self._with_findings(r) for r in results]

    def _with_findings(self, result: MigrationResult) -> MigrationResult:
        """``result`` with the lint findings of the upgrade.sql it wrote."""
        migrations = self.migrations(result.app)
        ids = [m.id for m in migrations]
        if result.migration_id not in ids:
            return result
        position = ids.index(result.migration_id)
        parent = migrations[position - 1] if position else None
        findings = lint_migration(migrations[position], parent, self.lint_config)
        return dataclasses.replace(result, findings=findings)

    async def upgrade(
        self, target: str | None = None, *, no_destructive: bool = False
    ) -> list[StepResult]:
        """Apply pending migrations (up to ``target``, a version of the one selected app).
        ``no_destructive`` (or ``no_destructive = true`` in [tool.migrator.lint]): refuse,
        applying nothing, while a pending migration has a destructive lint finding that no
        ``-- migrator: allow`` comment acknowledges."""
        check.check_optional_str("Command.upgrade()", "target", target, "0003")
        check.check_bool("Command.upgrade()", "no_destructive", no_destructive)
        refuse = no_destructive or self.lint_config.no_destructive
        return await upgrade_verb(self, target, self.lint_config if refuse else None)

    async def lint(self, versions: Iterable[str] = ()) -> LintReport:
        """The lint findings of every migration of the selected apps (or of ``versions``);
        reads files only."""
        chosen = check.check_strings("Command.lint()", "versions", versions)
        return lint_verb(self, chosen, self.lint_config)

    async def plan(self, target: str | None = None, from_version: str | None = None) -> PlanReport:
        """The pending migrations, statement by statement: lock, transaction, rewrite/scan,
        data loss and the table's estimated rows (``from_version``: no database, as
        ``upgrade_sql``)."""
        check.check_optional_str("Command.plan()", "target", target, "0003")
        check.check_optional_str("Command.plan()", "from_version", from_version, "0002")
        return await plan_verb(self, target, self.lint_config, from_version)

    async def upgrade_sql(self, target: str | None = None, from_version: str | None = None) -> str:
        """The script ``upgrade`` would execute (transactions, history table and rows
        included), for the database's own client. ``from_version``: the applied head to
        start from ("zero": none), read from no database; else the history table says."""
        return await offline_sql.upgrade_sql(self, self.history_table, target, from_version)

    async def downgrade_sql(
        self, to: str | None = None, steps: int = 1, from_version: str | None = None
    ) -> str:
        """The script ``downgrade`` would execute (see ``upgrade_sql``)."""
        return await offline_sql.downgrade_sql(self, self.history_table, to, steps, from_version)

    async def fake_upgrade(self, target: str | None = None) -> list[StampResult]:
        """Record every pending migration (up to ``target``) as applied without running it."""
        return await stamp_verb.fake_upgrade(self, target)

    async def adopt(
        self, drop_extra_columns: bool = False, drop_old_history: bool = False
    ) -> list[AdoptResult]:
        """Take over a database migrator does not manage yet: write the initial migration
        from the models, record it as applied without running it, and, where the database
        differs from the models, write a reconcile migration for ``upgrade`` to apply.
        Confirmed through the questioner (``AssumeYesQuestioner`` in scripts). Columns the
        models do not have are dropped only with ``drop_extra_columns``; the history table
        of Aerich or Tortoise's migrations only with ``drop_old_history``."""
        check.check_bool("Command.adopt()", "drop_extra_columns", drop_extra_columns)
        check.check_bool("Command.adopt()", "drop_old_history", drop_old_history)
        return await adopt_verb(self, drop_extra_columns, drop_old_history)

    async def stamp(self, version: str, unapply: bool = False) -> StampResult:
        """Record ``version`` (the next pending migration of the one selected app) as
        applied without running it; with ``unapply``, remove the record of the latest
        applied one. Under the deploy lock, with the checksum upgrade would record."""
        return await stamp_verb.stamp(self, version, unapply)

    async def downgrade(
        self,
        to: str | None = None,
        steps: int = 1,
        expected: Sequence[Step] | None = None,
        *,
        confirm: bool = False,
    ) -> list[StepResult]:
        """Revert ``steps`` migrations per app, or down to ``to`` (exclusive; "zero" = all).

        ``expected``: the plan someone confirmed (``plan_downgrade``); if the plan under the
        lock differs, nothing is reverted. ``confirm``: plan first and ask the questioner
        (``confirm_downgrade``), then revert exactly what it confirmed."""
        _check_downgrade("Command.downgrade()", to, steps)
        check.check_bool("Command.downgrade()", "confirm", confirm)
        if confirm:
            if expected is not None:
                raise UsageError("pass either expected or confirm=True, not both")
            return await downgrade_verb.confirmed_downgrade(self, to, steps)
        return await downgrade_verb.downgrade(self, to, steps, expected)

    async def plan_downgrade(self, to: str | None = None, steps: int = 1) -> list[Step]:
        """What ``downgrade`` would revert, without reverting (for confirmation prompts)."""
        _check_downgrade("Command.plan_downgrade()", to, steps)
        return await downgrade_verb.plan(self, to, steps)

    async def validate(self) -> ValidationReport:
        """Every problem with the applied migrations and the folder, without stopping at the
        first: changed or missing files, corrupt snapshots, branches, partial runs."""
        return await validate_verb(self)

    async def check(self) -> CheckReport:
        """Compare the models of every selected app with its latest snapshot, as ``migrate``
        would, without writing and without a database connection."""
        return check_verb(self)

    async def fix_checksums(self, version: str | None = None) -> list[ChecksumFix]:
        """Record the current checksum of applied migrations whose upgrade.sql was edited on
        purpose (all of them, or only ``version``), under the deploy lock."""
        check.check_optional_str("Command.fix_checksums()", "version", version, "0003")
        return await fix_checksums_verb(self, version)

    async def drift(self) -> DriftReport:
        """How each database differs from the snapshot of its latest applied migration
        (tables, columns, types, nullability, defaults, keys, indexes, constraints,
        comments); nothing is changed."""
        return await drift_verb(self)

    async def history(self) -> list[HistoryRow]:
        """Applied migrations; a partial one carries its statement total (``partial 1/3``)."""
        return await history_verb(self)

    async def heads(self) -> list[PendingMigration]:
        """Migrations in the folder that are not (fully) applied to the database."""
        return await heads_verb(self)

    async def status(self) -> StatusReport:
        """Per app: the applied head, pending migrations, model changes without a
        migration and drift of the live schema; a database that cannot be reached is
        reported (``AppStatus.database_error``), not raised."""
        return await status_verb(self)

    async def merge(self, keep: str | None = None) -> list[MergeResult]:
        """Make one chain of two branches that each added migrations after the same parent:
        the branch the database applied (or the one holding migration ``keep``) stays, the
        other is renumbered after it (versions, parents, snapshots; SQL regenerated where
        both branches changed a table). Nothing is written when it cannot be done safely."""
        return await merge_verb(self, keep)

    async def init_db(self) -> InitDbResult:
        """Write the initial migration of every selected app and apply it."""
        return await init_db_verb(self)

    # -- internals ------------------------------------------------------------------------
    def _adopt_pyproject(self, pyproject: Path) -> ProjectSettings:
        """The settings ``init`` records in ``pyproject``; from now on this Command resolves
        its relative paths as the written [tool.migrator] does."""
        from migrator.pyproject import resolve_path

        source = self._tortoise_config_source
        if not isinstance(source, str):
            raise UsageError(
                "init records the Tortoise config as a dotted path in pyproject.toml; "
                "build the Command with tortoise_config='module.ATTRIBUTE'"
            )
        location, src_folder = self._settings
        base = pyproject.absolute().parent
        self.location = resolve_path(base, location)
        self.database_folder = base
        self._databases = None
        src = resolve_path(base, src_folder)
        if src != self.src_folder:
            self.src_folder = src
            self._tortoise_config = None  # read again, from the new folder
            self._databases = None
        return ProjectSettings(pyproject, source, location, src_folder)


def absolute(path: Path) -> Path:
    """``path`` against the current directory ('..' folded, symlinks kept as written)."""
    return Path(os.path.normpath(Path.cwd() / path.expanduser()))


def _check_downgrade(where: str, to: object, steps: object) -> None:
    check.check_optional_str(where, "to", to, "0003")
    check.check_int(where, "steps", steps, minimum=1)


__all__ = [
    "CheckReport",
    "ChecksumFix",
    "Command",
    "Direction",
    "DriftReport",
    "InitDbResult",
    "InitResult",
    "MergeResult",
    "MigrationResult",
    "PendingMigration",
    "Problem",
    "StatusReport",
    "StepResult",
    "ValidationReport",
]
