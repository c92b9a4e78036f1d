"""``from migrator.compat.aerich import Command``: Aerich 0.10's pre-deploy code runs with only
its import changed; the methods return Aerich's lists of version names; a wrong argument is a
MigratorError, never a TypeError or AttributeError."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator.compat.aerich import Command
from migrator.errors import MigrationFileError, UsageError
from tests.project_factory import (
    MODELS_V2,
    Project,
    forget_modules,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

# the snippet of issue 14, Aerich's documented pre-deploy code, with only the import changed
PREDEPLOY = """\
import asyncio

from migrator.compat.aerich import Command
from settings import TORTOISE_ORM


async def main():
    command = Command(tortoise_config=TORTOISE_ORM, app="models")
    await command.init()
    await command.upgrade(run_in_transaction=True)


asyncio.run(main())
"""


def _run_predeploy(project: Project, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project.path)}
    return subprocess.run(
        [sys.executable, str(project.path / "predeploy.py")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_aerich_predeploy_snippet_migrates_from_the_project_directory_only(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    project: Project = project_factory("postgres")
    # the README's take-over sets migrator's folder up here; the snippet's default finds it
    ok(project, "init", "-t", "settings.TORTOISE_ORM", "--location", "./db_migrations")
    ok(project, "migrate")
    (project.path / "predeploy.py").write_text(PREDEPLOY, encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()

    wrong = _run_predeploy(project, other)
    assert wrong.returncode != 0
    assert f"no migrations folder for app models at {other / 'db_migrations' / 'models'}" in (
        wrong.stderr
    )
    assert project.tables() == set(), "nothing applied, nothing created"

    right = _run_predeploy(project, project.path)
    assert right.returncode == 0, right.stderr
    assert "user" in project.tables()
    assert history_ids(project) == ["0001_initial"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_aerich_methods_return_version_names(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()

    async def go() -> None:
        forget_modules()
        command = await Command(project.tortoise_config(), location=project.path / "migrations")
        assert await command.migrate(name="init") == "0001_init"
        assert await command.migrate() is None  # nothing changed
        project.write_models(MODELS_V2)
        forget_modules()
        assert await command.migrate(name="add_email") == "0002_add_email"
        assert await command.history() == ["0001_init", "0002_add_email"]
        assert await command.heads() == ["0001_init", "0002_add_email"]
        assert await command.upgrade(run_in_transaction=True) == ["0001_init", "0002_add_email"]
        assert await command.upgrade() == []
        assert await command.heads() == []
        # Aerich's positional downgrade(-1, False): the latest one, files kept
        assert await command.downgrade(-1, False) == ["0002_add_email"]
        assert (project.migrations / "0002_add_email").is_dir()
        assert await command.upgrade() == ["0002_add_email"]
        # a version number: that one and every later one; delete removes their folders
        assert await command.downgrade(version=1, delete=True) == ["0002_add_email", "0001_init"]
        assert project.migration_dirs() == []
        await command.aclose()

    asyncio.run(go())
    assert project.tables() == {"migrator_history"}


def test_init_db_writes_and_applies_or_applies_existing_migrations(
    project_factory: Any,  # noqa: F811
    make_db: Any,
) -> None:
    project: Project = project_factory("postgres")

    async def fresh() -> bool:
        forget_modules()
        async with Command(project.tortoise_config(), location=project.path / "migrations") as cmd:
            return await cmd.init_db(safe=True)

    assert asyncio.run(fresh()) is True
    assert project.fetch("SELECT version, name FROM migrator_history") == [("0001", "initial")]
    assert "user" in project.tables()
    with pytest.raises(UsageError, match="initialized already"):
        asyncio.run(fresh())

    # a cloned project: the migrations exist, the database is new
    project.db = make_db("postgres")
    assert asyncio.run(fresh()) is False
    assert "user" in project.tables()
    assert project.fetch("SELECT version, name FROM migrator_history") == [("0001", "initial")]


def test_fake_upgrade_records_without_running(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")

    async def go() -> list[str]:
        forget_modules()
        command = Command(project.tortoise_config(), location=project.path / "migrations")
        return await command.upgrade(fake=True)

    assert asyncio.run(go()) == ["0001_initial"]
    assert project.tables() == {"migrator_history"}, "nothing ran"
    assert history_ids(project) == ["0001_initial"]
    assert "No pending migrations" in ok(project, "heads")
    assert "match" in ok(project, "validate")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.downgrade("1"), "version must be an int, not str '1'"),
        (lambda c: c.downgrade(-2), "version must be at least -1, not -2"),
        (lambda c: c.downgrade(-1, "no"), "delete must be True or False, not str 'no'"),
        (lambda c: c.upgrade(run_in_transaction="yes"), "run_in_transaction must be True or"),
        (lambda c: c.upgrade(fake=1), "fake must be True or False, not int 1"),
        (lambda c: c.init_db(safe=None), "safe must be True or False, not NoneType None"),
        (lambda c: c.migrate(name=5), "name must be a non-empty str or None, not int 5"),
        (lambda c: c.migrate(empty="1"), "empty must be True or False"),
        (lambda c: c.init(offline="no"), "offline must be True or False"),
    ],
)
def test_wrong_argument_types_are_migrator_errors(
    project_factory: Any,  # noqa: F811
    call: Any,
    message: str,
) -> None:
    project: Project = project_factory("sqlite")
    command = Command(project.tortoise_config(), location=project.path / "migrations")
    with pytest.raises(UsageError) as info:
        asyncio.run(call(command))
    assert message in str(info.value)


def test_downgrade_of_a_version_that_is_not_applied_names_the_applied_ones(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    command = Command(project.tortoise_config(), location=project.path / "migrations")
    with pytest.raises(
        UsageError,
        match=r"no applied migration of app models has version 7 "
        r"\(applied: 1\)",
    ):
        asyncio.run(command.downgrade(7))
    assert history_ids(project) == ["0001_initial"]


def test_upgrade_from_a_directory_without_migrations_fails(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    command = Command(project.tortoise_config())
    with pytest.raises(MigrationFileError) as info:
        asyncio.run(command.upgrade())
    assert str(other / "db_migrations" / "models") in str(info.value)  # the default location
