"""``init-db``: write the initial migration of every selected app and apply it to a
database that has none of its tables yet."""

from __future__ import annotations

from migrator import legacy
from migrator.errors import DatabaseError, UsageError
from migrator.results import InitDbResult
from migrator.verbs.init import init
from migrator.verbs.migrate import migrate, writer
from migrator.verbs.other_tools import refuse_other_tool_folder
from migrator.verbs.shared import Workspace
from migrator.verbs.upgrade import upgrade


async def init_db(ws: Workspace) -> InitDbResult:
    refuse_other_tool_folder(ws, ws.apps(), "init-db")
    for app in ws.apps():
        if ws.migrations(app):
            raise UsageError(
                f"app {app} already has migrations in {ws.location / app}; "
                "run `migrator upgrade` instead"
            )
    await check_tables_absent(ws)  # before anything is written
    init(ws)
    written = migrate(ws, name="initial")
    return InitDbResult(written, await upgrade(ws))


async def check_tables_absent(ws: Workspace) -> None:
    """init-db's initial migration creates every table: one that exists already would
    make it fail after the migration was written, leaving a migration that never applies."""
    try:
        for planned in writer(ws).plan(ws.apps(), name="initial", empty=False):
            session = ws.session(planned.app)
            if session.backend.missing_database_file() is not None:
                continue  # no file, no tables: upgrade creates it
            existing = await session.backend.table_names(await session.connection())
            clash = sorted(set(planned.state.tables) & existing)
            found = legacy.table_tool(existing)
            if clash and found is not None:  # built by Aerich / Tortoise's migrations
                raise UsageError(legacy.takeover_message(found, "init-db", in_folder=False))
            if clash:
                raise DatabaseError(
                    f"{session.db.display()} already has table(s) {', '.join(clash)} of "
                    f"app {planned.app}; init-db needs a database without them: drop them "
                    "or point the Tortoise config at an empty database"
                )
    finally:
        await ws.release()
