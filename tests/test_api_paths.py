"""The Python API from any working directory: ``Command.from_pyproject`` resolves paths as the
CLI does, a relative ``location`` given to ``Command`` is resolved once at construction, a
migrations folder that is missing or empty is an error naming the absolute path (never a
silent success), and a new SQLite file made by ``upgrade`` is reported."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from migrator import Command, MigratorError
from migrator.errors import LockTimeoutError, MigrationFileError, UsageError
from tests.project_factory import (
    Project,
    forget_modules,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    other = tmp_path / "somewhere_else"
    other.mkdir()
    monkeypatch.chdir(other)
    return other


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_from_pyproject_works_from_any_directory(
    project_factory: Any,  # noqa: F811
    dialect: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    _elsewhere(tmp_path, monkeypatch)
    forget_modules()

    cmd = Command.from_pyproject(str(project.pyproject))
    assert cmd.location == project.path / "migrations"
    assert cmd.src_folder == project.path
    applied = asyncio.run(cmd.upgrade())
    assert [r.migration_id for r in applied] == ["0001_initial"]
    assert "user" in project.tables()


def test_from_pyproject_without_a_path_reads_the_current_directory(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    cmd = Command.from_pyproject()
    assert cmd.location == project.path / "migrations"

    _elsewhere(tmp_path, monkeypatch)
    with pytest.raises(MigratorError) as info:
        Command.from_pyproject()
    assert f"no pyproject.toml at {tmp_path / 'somewhere_else' / 'pyproject.toml'}" in str(
        info.value
    )


def test_a_relative_location_resolves_once_against_the_directory_at_construction(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    forget_modules()
    cmd = Command(project.tortoise_config(), location="./migrations", src_folder=".")
    assert cmd.location == project.path / "migrations"
    assert cmd.src_folder == project.path

    _elsewhere(tmp_path, monkeypatch)  # moving afterwards changes nothing
    applied = asyncio.run(cmd.upgrade())
    assert [r.migration_id for r in applied] == ["0001_initial"]


@pytest.mark.parametrize("verb", ["upgrade", "downgrade", "heads"])
def test_a_missing_migrations_folder_is_an_error_naming_it(
    project_factory: Any,  # noqa: F811
    verb: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    other = _elsewhere(tmp_path, monkeypatch)
    cmd = Command(project.tortoise_config(), location="./migrations")

    with pytest.raises(MigrationFileError) as info:
        asyncio.run(getattr(cmd, verb)())
    message = str(info.value)
    assert f"no migrations folder for app models at {other / 'migrations' / 'models'}" in message
    assert project.tables() == set(), "nothing may be created in the database"
    assert not (other / "migrations").exists()


def test_an_empty_migrations_folder_for_an_app_with_models_is_an_error(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.init()  # creates migrations/models, writes no migration
    result = project.cli("upgrade")
    assert result.exit_code == 1
    assert f"{project.migrations} holds no migrations" in result.output
    assert "run `migrator migrate`" in result.output
    assert project.tables() == set()


def test_upgrade_reports_the_sqlite_file_it_created(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    db_file = Path(project.db.credentials["file_path"])
    db_file.unlink()  # make_db created it; a typo'd path in settings would not exist either

    output = ok(project, "upgrade")
    lines = output.splitlines()
    assert lines[0] == f"Created a new database file {db_file} (none existed)"
    assert lines[1].startswith("Applied models 0001_initial")

    # the second run finds the file: nothing to report
    ok(project, "migrate", "--empty", "--name", "noop")
    assert "Created" not in ok(project, "upgrade")


def test_the_api_logs_each_migration_and_lock_waits(
    project_factory: Any,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "second")
    caplog.set_level(logging.INFO, logger="migrator")

    asyncio.run(project.command().upgrade())
    messages = [r.getMessage() for r in caplog.records if r.name == "migrator"]
    assert messages[0] == "applying models 0001_initial"
    assert messages[1].startswith("applied models 0001_initial (")
    assert messages[2] == "applying models 0002_second"
    assert messages[3].startswith("applied models 0002_second (0 statements, ")

    caplog.clear()

    async def held_lock() -> None:
        backend = project.db.dialect.backend(project.db)
        holder = await backend.connect()
        try:
            assert await backend.acquire_lock(holder, "migrator:migrator_history:models", 0)
            with pytest.raises(LockTimeoutError):
                await project.command(lock_timeout=0.2).downgrade()
        finally:
            await holder.close()

    asyncio.run(held_lock())
    waits = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
    assert waits and waits[0].startswith("waiting up to 0.2 s for the deploy lock of app models")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.downgrade(-1), "to must be a non-empty str or None, not int -1"),
        (lambda c: c.downgrade("0001", "2"), "steps must be an int, not str '2'"),
        (lambda c: c.downgrade(None, 0), "steps must be at least 1, not 0"),
        (lambda c: c.upgrade(3), "target must be a non-empty str or None, not int 3"),
        (lambda c: c.migrate(empty="yes"), "empty must be True or False, not str 'yes'"),
        (lambda c: c.migrate(renames="a.b=c"), "renames must be a list of str"),
        (lambda c: c.fix_checksums(1), "version must be a non-empty str or None"),
    ],
)
def test_wrong_argument_types_are_usage_errors(
    project_factory: Any,  # noqa: F811
    call: Any,
    message: str,
) -> None:
    project: Project = project_factory("sqlite")
    with pytest.raises(UsageError) as info:
        asyncio.run(call(project.command()))
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tortoise_config": 42}, "tortoise_config must be the TORTOISE_ORM dict"),
        ({"location": 3}, "location must be a str or pathlib.Path, not int 3"),
        ({"app": 1}, "app must be a non-empty str or None"),
        ({"lock_timeout": "60"}, "lock_timeout must be a number of seconds"),
    ],
)
def test_wrong_constructor_arguments_are_usage_errors(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"tortoise_config": {"apps": {}}, **kwargs}
    with pytest.raises(UsageError) as info:
        Command(**arguments)
    assert message in str(info.value)
