"""Refuse to run a verb on another migration tool's project as if it were migrator's: a
migrations folder holding Aerich's or Tortoise's migration modules, or a database with their
history table and none of migrator's. Each says so in one line and points at ``adopt``
(the detection itself is pure, in migrator/legacy.py)."""

from __future__ import annotations

from collections.abc import Sequence

from migrator import legacy
from migrator.errors import UsageError
from migrator.files import app_dir
from migrator.verbs.shared import Workspace


def refuse_other_tool_folder(ws: Workspace, apps: Sequence[str], verb: str) -> None:
    """No database needed: the location itself (Tortoise's migration package) and each
    app's folder (Aerich's ``<location>/<app>``)."""
    for folder in (ws.location, *(app_dir(ws.location, app) for app in apps)):
        found = legacy.folder_tool(folder)
        if found is not None:
            raise UsageError(legacy.takeover_message(found, verb))


async def refuse_other_tool_database(
    ws: Workspace, app: str, verb: str, tables: set[str] | None = None
) -> None:
    """Refuse when the app's database has another tool's history table (and, given the
    tables the app's migrations create, one of them already exists)."""
    session = ws.session(app)
    existing = await session.backend.table_names(await session.connection())
    found = legacy.table_tool(existing)
    if found is not None and (tables is None or tables & existing):
        raise UsageError(legacy.takeover_message(found, verb, in_folder=False))


async def refuse_unadopted_database(ws: Workspace, apps: Sequence[str], verb: str) -> None:
    """For the read-only verbs (status, drift) on the database of ``apps``: refuse when it has
    another tool's history table, migrator has recorded nothing there for any app, and the
    tables the apps' migrations create (all of its tables, before there are migrations)
    exist already. A leftover ``aerich`` table beside a database migrator manages, or beside
    tables of its own that were never another tool's, is no reason to refuse."""
    history = await ws.session(apps[0]).history(create=False)
    if history is not None and await history.any_rows():
        return
    tables = {t for app in apps if (ms := ws.migrations(app)) for t in ms[-1].state().tables}
    await refuse_other_tool_database(ws, apps[0], verb, tables or None)
