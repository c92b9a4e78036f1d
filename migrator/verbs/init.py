"""``init``: set a project up. Check the Tortoise config (importing it), refuse a location
that is a file, record [tool.migrator] in pyproject.toml when asked, and create the
migrations folder of every selected app. ``migrator init`` and ``Command.init`` both run
this, so they write the same file and the same folders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from migrator.errors import MigrationFileError
from migrator.results import InitResult
from migrator.verbs.other_tools import refuse_other_tool_folder
from migrator.verbs.shared import Workspace


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    """What ``init`` records in [tool.migrator], written as given: relative paths are
    relative to the pyproject's folder (as load_config reads them)."""

    pyproject: Path
    tortoise_orm: str  # dotted path, e.g. "settings.TORTOISE_ORM"
    location: str
    src_folder: str


def init(ws: Workspace, settings: ProjectSettings | None = None) -> InitResult:
    apps = ws.apps()  # import and check the Tortoise config before anything is written
    if ws.location.exists() and not ws.location.is_dir():
        raise MigrationFileError(
            f"{ws.location} is a file, not a directory; pass --location with a folder"
        )
    refuse_other_tool_folder(ws, apps, "init")  # never point location at their folder
    if settings is not None:
        from migrator.pyproject import write_config

        write_config(
            settings.pyproject, settings.tortoise_orm, settings.location, settings.src_folder
        )
    return InitResult(settings.pyproject if settings else None, create_folders(ws.location, apps))


def create_folders(location: Path, apps: Sequence[str]) -> list[Path]:
    """Create the migrations folder of every app; returns the folders created."""
    created = []
    for app in apps:
        folder = location / app
        if not folder.is_dir():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise MigrationFileError(
                    f"cannot create {folder}: {exc.strerror or exc}; check permissions"
                ) from exc
            created.append(folder)
    return created
