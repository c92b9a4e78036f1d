"""Aerich 0.10's ``Command``, on migrator: pre-deploy code written for Aerich runs by
changing its import alone::

    from migrator.compat.aerich import Command   # was: from aerich import Command

    command = Command(tortoise_config=TORTOISE_ORM, app="models")
    await command.init()
    await command.upgrade(run_in_transaction=True)

Same constructor and methods, same return values (lists of version names, here migration
ids such as ``0002_add_email``). What differs, on purpose:

- ``location`` defaults to ``./db_migrations``, the folder of its own that migrator takes an
  Aerich database over in (README "Coming from Aerich"), not Aerich's ``./migrations``,
  which holds Aerich's modules (pointing at it is refused, naming ``migrator adopt``);

- every migration runs in its own transaction under the deploy lock (MySQL/MariaDB:
  journaled), whatever ``run_in_transaction`` says;
- a relative ``location`` resolves against the current directory when the Command is built,
  and ``upgrade``/``downgrade``/``heads`` fail naming the folder they looked for when it is
  missing or empty, instead of applying nothing and succeeding;
- ``init()`` checks the config and connects to the app's database (then closes again: every
  method opens and closes its own connection); it does not call ``Tortoise.init``;
- errors are ``MigratorError`` subclasses, never ``TypeError``/``AttributeError``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Generator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from migrator import arguments as check
from migrator.command import Command as MigratorCommand
from migrator.errors import UsageError
from migrator.files import app_dir

log = logging.getLogger("migrator")

# migrator's own folder, as the README's take-over of an Aerich database sets it up
# (`migrator init --location ./db_migrations`): Aerich's ./migrations holds Aerich's modules
DEFAULT_LOCATION = "./db_migrations"


class Command:
    def __init__(
        self,
        tortoise_config: Mapping[str, object] | str,
        app: str = "models",
        location: str | Path = DEFAULT_LOCATION,
        inspectdb_fields: Mapping[str, str] | None = None,
    ) -> None:
        where = "Command()"
        if not isinstance(app, str) or not app:
            raise UsageError(f"{where}: app must be a non-empty str, not {app!r}")
        if inspectdb_fields is not None:
            raise UsageError(
                f"{where}: inspectdb_fields is not supported (migrator has no inspectdb); "
                "leave it out"
            )
        self.app = app
        self._command = MigratorCommand(tortoise_config, app, location)
        self.tortoise_config = tortoise_config
        self.location = self._command.location

    # -- context: ``async with Command(...)`` and ``command = await Command(...)`` ---------
    async def __aenter__(self) -> Command:
        await self.init()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __await__(self) -> Generator[Any, None, Command]:
        return self.__aenter__().__await__()

    async def aclose(self) -> None:
        await self._command.release()

    async def close(self) -> None:
        await self.aclose()

    # -- Aerich's methods -------------------------------------------------------------------
    async def init(self, offline: bool = False) -> None:
        """Check the config and the app, and (unless ``offline``) connect to its database."""
        check.check_bool("Command.init()", "offline", offline)
        cmd = self._command
        cmd.apps()  # an unknown app or a broken config fails here
        folder = app_dir(cmd.location, self.app)
        if not folder.is_dir():
            log.warning("no migrations folder for app %s at %s", self.app, folder)
        if not offline:
            try:
                await cmd.session(self.app).connection(create=True)  # as Tortoise.init does
            finally:
                await cmd.release()

    async def init_db(self, safe: bool = True, pre_sql: str | None = None) -> bool:
        """Set up an empty database: True when it wrote the initial migration and applied it,
        False when the app's migrations existed already (a cloned project) and were applied.
        A database that already has migrations applied is an error."""
        where = "Command.init_db()"
        check.check_bool(where, "safe", safe)
        check.check_optional_str(where, "pre_sql", pre_sql, "CREATE EXTENSION IF NOT EXISTS citext")
        cmd = self._command
        if cmd.migrations(self.app):
            if await cmd.history():
                raise UsageError(
                    f"the database of app {self.app} is initialized already (it has applied "
                    "migrations); use upgrade()"
                )
            await self._pre_sql(pre_sql)
            await cmd.upgrade()
            return False
        await self._pre_sql(pre_sql)
        await cmd.init_db()
        return True

    async def migrate(
        self,
        name: str = "update",
        empty: bool = False,
        no_input: bool = False,
        offline: bool = False,
    ) -> str | None:
        """Write the next migration; its id, or None when the models did not change."""
        where = "Command.migrate()"
        check.check_bool(where, "no_input", no_input)
        check.check_bool(where, "offline", offline)
        written = await self._command.migrate(name=name, empty=empty)
        return written[0].migration_id if written else None

    async def upgrade(self, run_in_transaction: bool = True, fake: bool = False) -> list[str]:
        """Apply the pending migrations (``fake``: record them as applied without running
        them); the ids of those applied."""
        where = "Command.upgrade()"
        check.check_bool(where, "run_in_transaction", run_in_transaction)
        if check.check_bool(where, "fake", fake):
            return await record_without_running(self._command)
        return [r.migration_id for r in await self._command.upgrade()]

    async def downgrade(
        self, version: int = -1, delete: bool = False, fake: bool = False
    ) -> list[str]:
        """Revert the latest migration (``version=-1``), or migration number ``version`` and
        every later one; ``delete`` removes their folders afterwards. The reverted ids."""
        where = "Command.downgrade()"
        check.check_int(where, "version", version, minimum=-1)
        check.check_bool(where, "delete", delete)
        if check.check_bool(where, "fake", fake):
            raise UsageError(
                f"{where}: fake=True is not supported; revert for real or remove the history "
                "row by hand"
            )
        cmd = self._command
        to = None if version == -1 else await self._predecessor(version)
        reverted = await cmd.downgrade(to=to)
        if not reverted:
            raise UsageError(f"nothing to downgrade: no migration of app {self.app} is applied")
        if delete:
            for r in reverted:
                shutil.rmtree(app_dir(cmd.location, self.app) / r.migration_id)
        return [r.migration_id for r in reverted]

    async def heads(self) -> list[str]:
        """The migrations in the folder that are not applied yet."""
        return [p.migration_id for p in await self._command.heads()]

    async def history(self) -> list[str]:
        """Every migration in the folder, oldest first (what Aerich's ``history`` lists)."""
        return [m.id for m in self._command.migrations(self.app)]

    # -- internals ----------------------------------------------------------------------------
    async def _predecessor(self, number: int) -> str:
        """The version ``downgrade(to=...)`` keeps so that migration ``number`` and every later
        one are reverted ("zero" for the first)."""
        applied = [row.version for row in await self._command.history()]
        chosen = [v for v in applied if int(v) == number]
        if not chosen:
            raise UsageError(
                f"no applied migration of app {self.app} has version {number} (applied: "
                f"{', '.join(str(int(v)) for v in applied) or 'none'}); pass one of them or -1"
            )
        earlier = [m.version for m in self._command.migrations(self.app) if m.version < chosen[0]]
        return earlier[-1] if earlier else "zero"

    async def _pre_sql(self, pre_sql: str | None) -> None:
        if pre_sql is None:
            return
        cmd = self._command
        try:
            await (await cmd.session(self.app).connection(create=True)).execute(pre_sql)
        finally:
            await cmd.release()


async def record_without_running(cmd: MigratorCommand) -> list[str]:
    """``upgrade --fake``: record every pending migration as applied without running it,
    under the deploy lock (the schema was changed by other means). One small function so
    that it can call the verb once ``upgrade`` has a fake mode of its own."""
    from migrator.history import HistoryRow, Status
    from migrator.planner import plan_upgrade
    from migrator.resume import statement_count
    from migrator.verbs.shared import LockAll, check_checksums, read_state, require_migrations

    apps = cmd.apps()
    require_migrations(cmd, apps, "upgrade")
    async with LockAll(cmd, apps, create=True):
        state = await read_state(cmd, apps)
        check_checksums(cmd, state)
        if state.partial():
            raise UsageError("a migration is partially applied; run upgrade for real to resume it")
        recorded = []
        for step in plan_upgrade(state.available, state.applied(Status.APPLIED), {}):
            m = step.migration
            session = cmd.session(m.app)
            history = await session.history(create=True)
            assert history is not None
            count = statement_count(m, session.dialect)
            row = HistoryRow(
                m.app, m.version, m.name, m.checksum(), Status.APPLIED, count, cmd.clock(), 0
            )
            await history.record(row)
            log.info("recorded %s %s as applied without running it (fake)", m.app, m.id)
            recorded.append(m.id)
        return recorded
