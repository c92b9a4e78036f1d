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
