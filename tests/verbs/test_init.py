"""``init`` (migrator/verbs/init.py): ``migrator init`` and ``Command.init(pyproject)`` are one
implementation: the same [tool.migrator], the same folders; the Tortoise config is checked
and a location that is a file refused before anything is written."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from migrator import Command
from migrator.errors import MigrationFileError, UsageError
from migrator.results import InitResult
from tests.project_factory import (
    PYPROJECT,
    Project,
    project_factory,  # noqa: F401  (fixture)
)


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if "__pycache__" not in p.parts)


def test_cli_and_command_write_the_same_file_and_folders(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    project: Project = project_factory("sqlite")
    twin = tmp_path / "twin"
    shutil.copytree(project.path, twin)

    result = project.cli("init", "-t", "settings.TORTOISE_ORM", "--location", "./db/migrations")
    assert result.exit_code == 0, result.output

    # the twin's pyproject.toml is not in the working directory: paths are relative to it
    cmd = Command("settings.TORTOISE_ORM", location="./db/migrations", src_folder=".")
    done = asyncio.run(cmd.init(twin / "pyproject.toml"))

    assert done == InitResult(twin / "pyproject.toml", [twin / "db" / "migrations" / "models"])
    assert result.output == (
        f"Wrote [tool.migrator] to {project.pyproject}\n"
        f"Created {project.path / 'db' / 'migrations' / 'models'}\n"
    )
    written = (twin / "pyproject.toml").read_text(encoding="utf-8")
    assert written == project.pyproject.read_text(encoding="utf-8")
    assert written == PYPROJECT + (
        '\n[tool.migrator]\ntortoise_orm = "settings.TORTOISE_ORM"\n'
        'location = "./db/migrations"\nsrc_folder = "."\n'
    )
    assert tree(twin) == tree(project.path)
    assert cmd.location == twin / "db" / "migrations"


def test_without_a_pyproject_it_only_creates_folders(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    result = asyncio.run(project.command().init())
    assert result == InitResult(None, [project.migrations])
    assert asyncio.run(project.command().init()) == InitResult(None, [])  # already there
    assert project.pyproject.read_text(encoding="utf-8") == PYPROJECT


def test_a_location_that_is_a_file_is_refused_before_writing(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    (project.path / "blocked").write_text("", encoding="utf-8")
    cmd = Command("settings.TORTOISE_ORM", location="blocked")
    with pytest.raises(MigrationFileError, match="blocked is a file, not a directory"):
        asyncio.run(cmd.init(project.pyproject))
    assert project.pyproject.read_text(encoding="utf-8") == PYPROJECT


def test_recording_a_config_dict_is_a_usage_error(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    with pytest.raises(UsageError, match="as a dotted path"):
        asyncio.run(project.command().init(project.pyproject))
    assert project.pyproject.read_text(encoding="utf-8") == PYPROJECT
