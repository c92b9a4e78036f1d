"""A relative SQLite file path in the Tortoise config (``sqlite://shop.sqlite3``): with a
pyproject.toml (the CLI's ``-c``, ``Command.from_pyproject``) it resolves against the
pyproject's folder, like ``location`` and ``src_folder``; ``Command(...)`` built directly
resolves it against the current directory when it is built. Real SQLite files throughout."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import subprocess
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


# -- a missing database file ----------------------------------------------------------------

READ_ONLY = [
    ("status",),
    ("history",),
    ("heads",),
    ("validate",),
    ("drift",),
    ("plan",),
    ("upgrade", "--dry-run"),
    ("upgrade", "--sql"),
    ("downgrade", "--sql"),
    ("downgrade", "-y"),
    ("fix-checksums",),
    ("stamp", "0001", "--unapply"),
]


@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_verbs_that_only_read_never_create_the_database_file(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    project = relative_project(project_factory)
    sub = project.path / "sub"
    sub.mkdir()
    db_file = project.path / "shop.sqlite3"
    assert not db_file.exists()

    result = cli_in(sub, monkeypatch, "-c", "../pyproject.toml", *args)
    assert f"the database file {db_file} does not exist (nothing was created)" in result.output
    assert result.exit_code == (0 if args == ("status",) else 1), result.output
    assert not db_file.exists()
    assert list(sub.iterdir()) == []
    assert sorted(p.name for p in project.path.iterdir() if "sqlite" in p.name) == []


def test_adopt_does_not_create_the_database_file(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("sqlite")
    (project.path / "settings.py").write_text(SETTINGS.format(url=RELATIVE_URL), "utf-8")
    project.init()  # no migration: adopt writes the initial one
    db_file = project.path / "shop.sqlite3"
    result = cli_in(project.path, monkeypatch, "adopt", "-y")
    assert result.exit_code == 1
    assert f"the database file {db_file} does not exist (nothing was created)" in result.output
    assert not db_file.exists()
    assert project.migration_dirs() == []


@pytest.mark.parametrize("args", [("upgrade", "--sql"), ("downgrade", "--sql")], ids=" ".join)
def test_a_script_for_a_missing_database_file_is_refused_with_the_way_out(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    project = relative_project(project_factory)
    result = cli_in(project.path, monkeypatch, *args)
    assert result.exit_code == 1
    way_out = "--from zero" if args[0] == "upgrade" else "--from VERSION"
    assert result.output == (
        f"Error: the database file {project.path / 'shop.sqlite3'} does not exist (nothing was "
        f"created), so it has no applied migrations for `{args[0]} --sql` to start from; "
        f"check the file path in the Tortoise config, or pass {way_out} for the script "
        + ("that builds a new database\n" if args[0] == "upgrade" else "from that applied head\n")
    )
    script = cli_in(project.path, monkeypatch, "upgrade", "--sql", "--from", "zero")
    assert script.exit_code == 0 and 'CREATE TABLE "user" (' in script.output
    assert not (project.path / "shop.sqlite3").exists()


def test_check_and_lint_need_no_database_file(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = relative_project(project_factory)
    assert cli_in(project.path, monkeypatch, "check").exit_code == 0
    assert cli_in(project.path, monkeypatch, "lint").exit_code == 0
    assert not (project.path / "shop.sqlite3").exists()


def test_a_new_database_file_is_announced_once(
    project_factory: Any,  # noqa: F811
) -> None:
    """A real process, so that stdout and stderr are apart (and no test logging handler
    hides what Python's last-resort handler would print)."""
    project = relative_project(project_factory)
    sub = project.path / "sub"
    sub.mkdir()
    db_file = project.path / "shop.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "migrator", "-c", "../pyproject.toml", "upgrade"],
        cwd=sub,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == f"Created a new database file {db_file} (none existed)"
    assert lines[1].startswith("Applied models 0001_initial")
    assert done.stdout.count(str(db_file)) == 1


@pytest.mark.parametrize(
    ("args", "recorded"),
    [(("stamp", "0001"), "Recorded models 0001_initial"), (("upgrade", "--fake"), "Recorded")],
    ids=["stamp", "fake"],
)
def test_stamp_and_fake_say_when_they_created_the_file(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    recorded: str,
) -> None:
    project = relative_project(project_factory)
    db_file = project.path / "shop.sqlite3"
    result = cli_in(project.path, monkeypatch, *args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Created a new database file {db_file} (none existed)"
    assert lines[1].startswith(recorded)
    assert applied_versions(db_file) == ["0001"]


def test_only_the_call_that_created_the_file_reports_it(
    project_factory: Any,  # noqa: F811
) -> None:
    project = relative_project(project_factory)
    ok(project, "migrate", "--empty", "--name", "second")
    forget_modules()
    db_file = project.path / "shop.sqlite3"

    async def go() -> list[list[Any]]:
        async with Command.from_pyproject(project.pyproject) as cmd:
            first = await cmd.upgrade("0001")
            second = await cmd.upgrade()
            back = await cmd.downgrade()
            return [first, second, back]

    first, second, back = asyncio.run(go())
    assert [r.created_database for r in first] == [str(db_file)]
    assert [r.created_database for r in second] == [None]
    assert [r.created_database for r in back] == [None]


def test_init_db_creates_the_file_and_says_so_once(
    project_factory: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("sqlite")
    (project.path / "settings.py").write_text(SETTINGS.format(url=RELATIVE_URL), "utf-8")
    project.init()
    sub = project.path / "sub"
    sub.mkdir()
    db_file = project.path / "shop.sqlite3"
    result = cli_in(sub, monkeypatch, "-c", "../pyproject.toml", "init-db")
    assert result.exit_code == 0, result.output
    assert result.output.count(f"Created a new database file {db_file} (none existed)") == 1
    assert applied_versions(db_file) == ["0001"]
    assert list(sub.iterdir()) == []
