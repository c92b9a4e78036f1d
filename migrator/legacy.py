"""Pure: what Aerich or Tortoise's built-in migrations left for ``adopt`` to take over from.

Aerich: its history table ``aerich``, ``aerich.models`` in an app of the Tortoise config,
its ``*.py`` migration modules in the migrations folder. Tortoise's built-in migrations:
their history table ``tortoise_migrations`` and the ``migrations`` module named in an app's
config. adopt never deletes their files or tables: it refuses what would mix them with
migrator's own (Aerich's model in the config, their modules in migrator's folder) and names
the rest, so the team removes it once it no longer needs the old tool.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from migrator.errors import UsageError

AERICH_TABLE = "aerich"
TORTOISE_TABLE = "tortoise_migrations"
OLD_HISTORY = {AERICH_TABLE: "Aerich's", TORTOISE_TABLE: "Tortoise's migrations'"}
AERICH = "Aerich"
TORTOISE = "Tortoise's built-in migrations"
_AERICH_MODULE = re.compile(r"^\d+_\d{14}_\w*\.py$")  # 0_20240101120000_init.py
# what Tortoise's migration writer puts in every module it writes
_TORTOISE_MIGRATION = re.compile(r"(?m)^class Migration\(migrations\.Migration\):")
_README = {AERICH: "Coming from Aerich", TORTOISE: "Coming from Tortoise's built-in migrations"}


@dataclass(frozen=True, slots=True)
class OtherTool:
    """Another migration tool found in a project: which, and what shows it."""

    tool: str  # AERICH or TORTOISE
    evidence: str  # "<folder> holds 0_20240101120000_init.py", "the database has ..."


@dataclass
class OldTools:
    history_tables: list[str] = field(default_factory=list)  # present in the database
    notes: list[str] = field(default_factory=list)


def check_config(config: Mapping[str, object], app: str) -> list[str]:
    """Refuse Aerich's model in the config; name Tortoise's migration modules (notes)."""
    apps = config.get("apps")
    notes: list[str] = []
    if not isinstance(apps, Mapping):
        return notes
    for label, app_config in apps.items():
        if not isinstance(app_config, Mapping):
            continue
        models = app_config.get("models") or []
        if "aerich.models" in models:
            raise UsageError(
                f'the Tortoise config still lists "aerich.models" in app {label}: remove it '
                "(Aerich's own model must not become part of your migrations; its table "
                "stays) and run adopt again; nothing was written"
            )
        module = app_config.get("migrations")
        if label == app and module:
            notes.append(
                f"app {app} names Tortoise's migration modules ({module}): they stay as they "
                'are; remove "migrations" from the app\'s config once you no longer run '
                "`tortoise migrate` (migrator keeps its own files apart)"
            )
    return notes


def check_folder(folder: Path) -> None:
    """Refuse a migrations folder holding another tool's Python migration modules."""
    if not folder.is_dir():
        return
    modules = sorted(p.name for p in folder.iterdir() if p.suffix == ".py" and p.is_file())
    if modules:
        raise UsageError(
            f"the migrations folder {folder} holds Python migration modules of another tool "
            f"(Aerich's or Tortoise's, e.g. {modules[0]}); give migrator a folder of its own "
            '(`location = "./db_migrations"` in [tool.migrator]) and run adopt again; their '
            "files stay where they are; nothing was written"
        )


def folder_tool(folder: Path) -> OtherTool | None:
    """The tool whose Python migration modules ``folder`` holds: Aerich names them
    ``<n>_<timestamp>_<name>.py``; Tortoise's writer gives each module a ``class
    Migration(migrations.Migration)`` (an ``__init__.py`` or a helper module is neither)."""
    if not folder.is_dir():
        return None
    modules = sorted(p for p in folder.iterdir() if p.suffix == ".py" and p.is_file())
    aerich = [m.name for m in modules if _AERICH_MODULE.match(m.name)]
    if aerich:
        return OtherTool(AERICH, f"{folder} holds its migration {aerich[0]}")
    tortoise = [m.name for m in modules if _is_tortoise_migration(m)]
    if tortoise:
        return OtherTool(TORTOISE, f"{folder} holds its migration {tortoise[0]}")
    return None


def _is_tortoise_migration(module: Path) -> bool:
    try:
        text = module.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return _TORTOISE_MIGRATION.search(text) is not None


def table_tool(tables: Collection[str]) -> OtherTool | None:
    """The tool whose history table is among ``tables``."""
    for table, tool in ((AERICH_TABLE, AERICH), (TORTOISE_TABLE, TORTOISE)):
        if table in tables:
            return OtherTool(tool, f"the database has its history table {table}")
    return None


def takeover_message(found: OtherTool, verb: str, in_folder: bool = True) -> str:
    """One line: this project's migrations belong to another tool; how migrator takes over.
    ``in_folder``: found in migrator's migrations folder (else in the database only)."""
    what = "an Aerich project" if found.tool == AERICH else f"a project using {found.tool}"
    how = (
        'give migrator a migrations folder of its own (`location = "./db_migrations"` in '
        "[tool.migrator], or `migrator init -t <your TORTOISE_ORM> --location "
        "./db_migrations`) and take the database over with `migrator adopt`"
        if in_folder
        else "migrator has applied nothing to it: take it over with `migrator adopt`, from "
        "a migrations folder of its own that holds no migrations yet"
    )
    return f'{verb}: this is {what} ({found.evidence}): {how} (README "{_README[found.tool]}")'


def history_tables(tables: Collection[str], drop: bool) -> OldTools:
    found = OldTools()
    for table, tool in sorted(OLD_HISTORY.items()):
        if table not in tables:
            continue
        found.history_tables.append(table)
        found.notes.append(
            f"{tool} history table {table} was dropped (--drop-old-history)"
            if drop
            else f"{tool} history table {table} is left as it is (migrator ignores it); "
            "`migrator adopt --drop-old-history` drops it"
        )
    return found
