"""A relative SQLite file path in the Tortoise config (``sqlite://shop.sqlite3``): with a
pyproject.toml (the CLI's ``-c``, ``Command.from_pyproject``) it resolves against the
pyproject's folder, like ``location`` and ``src_folder``; ``Command(...)`` built directly
resolves it against the current directory when it is built. Real SQLite files throughout."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrator import Command
from tests.project_factory import (
    SETTINGS,
    Project,
    forget_modules,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

RELATIVE_URL = "sqlite://shop.sqlite3"


def relative_project(project_factory: Any) -> Project:  # noqa: F811
    """A project whose settings name ``shop.sqlite3`` relative, migrated once, with its
    database file in the project folder (made by upgrade run from there)."""
    project: Project = project_factory("sqlite")
    (project.path / "settings.py").write_text(SETTINGS.format(url=RELATIVE_URL), "utf-8")
    db_file = project.path / "shop.sqlite3"
    credentials = {**project.db.credentials, "file_path": str(db_file)}
    project = dataclasses.replace(
        project, db=dataclasses.replace(project.db, credentials=credentials)
    )
    project.init()
    ok(project, "migrate")
    return project


def applied_versions(db_file: Path) -> list[str]:
    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT version FROM migrator_history ORDER BY id").fetchall()
    return [row[0] for row in rows]


def cli_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(folder)
    forget_modules()
    from migrator.cli import main

    return CliRunner().invoke(main, list(args))


def test_the_cli_resolves_a_relative_sqlite_path_against_the_pyproject(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = relative_project(project_factory)
    sub = project.path / "sub"
    sub.mkdir()

    result = cli_in(sub, monkeypatch, "-c", "../pyproject.toml", "upgrade")
    assert result.exit_code == 0, result.output
    assert "Applied models 0001_initial" in result.output
    assert applied_versions(project.path / "shop.sqlite3") == ["0001"]
    assert list(sub.iterdir()) == [], "nothing may be created in the working directory"

    result = cli_in(sub, monkeypatch, "-c", "../pyproject.toml", "status")
    assert result.exit_code == 0, result.output
    assert "head 0001_initial" in result.output and "pending: none" in result.output
    assert list(sub.iterdir()) == []


def test_from_pyproject_resolves_a_relative_sqlite_path_against_the_pyproject(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = relative_project(project_factory)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    forget_modules()

    cmd = Command.from_pyproject(project.pyproject)
    applied = asyncio.run(cmd.upgrade())
    assert [r.migration_id for r in applied] == ["0001_initial"]
    assert applied_versions(project.path / "shop.sqlite3") == ["0001"]
    assert list(elsewhere.iterdir()) == []
    assert cmd.databases()["models"].display() == f"sqlite://{project.path / 'shop.sqlite3'}"


def test_command_resolves_a_relative_sqlite_path_against_the_directory_at_construction(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = relative_project(project_factory)
    built_in = tmp_path / "built_in"
    built_in.mkdir()
    monkeypatch.chdir(built_in)
    forget_modules()
    cmd = Command(
        "settings.TORTOISE_ORM", location=project.path / "migrations", src_folder=project.path
    )
    moved_to = tmp_path / "moved_to"
    moved_to.mkdir()
    monkeypatch.chdir(moved_to)  # changing directory afterwards changes nothing

    asyncio.run(cmd.upgrade())
    assert applied_versions(built_in / "shop.sqlite3") == ["0001"]
    assert not (project.path / "shop.sqlite3").exists()
    assert list(moved_to.iterdir()) == []


def test_memory_and_absolute_paths_are_left_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = tmp_path / "abs.sqlite3"
    connections = {"mem": "sqlite://:memory:", "abs": f"sqlite://{absolute}"}
    apps = {
        "a": {"models": ["m"], "default_connection": "mem"},
        "b": {"models": ["m"], "default_connection": "abs"},
    }
    project = tmp_path / "project"
    project.mkdir()
    (project / "paths_settings.py").write_text(
        f"T = {{'connections': {connections!r}, 'apps': {apps!r}}}\n", "utf-8"
    )
    (project / "pyproject.toml").write_text(
        '[tool.migrator]\ntortoise_orm = "paths_settings.T"\n', "utf-8"
    )
    monkeypatch.delitem(sys.modules, "paths_settings", raising=False)

    databases = Command.from_pyproject(project / "pyproject.toml").databases()
    assert databases["a"].credentials["file_path"] == ":memory:"
    assert databases["b"].credentials["file_path"] == str(absolute)
    monkeypatch.delitem(sys.modules, "paths_settings", raising=False)
