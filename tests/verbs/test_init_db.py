"""``init-db`` (migrator/verbs/init_db.py): write the initial migration and apply it, on a
database without the app's tables; a folder with migrations or a database with one of the
tables is refused before anything is written."""

from __future__ import annotations

import asyncio
import shutil
from typing import Any

import pytest

from migrator.errors import DatabaseError
from migrator.results import InitDbResult
from tests.project_factory import (
    Project,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


def test_init_db(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    shutil.rmtree(project.migrations)  # init-db creates the folder itself
    out = ok(project, "init-db")
    assert "0001_initial (app models)" in out and "Applied models 0001_initial" in out
    assert project.migration_dirs() == ["0001_initial"]
    assert "user" in project.tables()
    assert history_ids(project) == ["0001_initial"]

    result = project.cli("init-db")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "already has migrations" in lines[0]
    assert "migrator upgrade" in lines[0]
    assert project.migration_dirs() == ["0001_initial"]


# -- init-db on a database that is not empty ------------------------------------------------


def test_init_db_refuses_a_database_with_tables_and_writes_nothing(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    project.fetch('CREATE TABLE "user" (id INT)')
    result = project.cli("init-db")
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "user" in lines[0]
    assert project.migration_dirs() == [], "init-db left a migration that can never apply"


def test_the_library_call_returns_what_it_wrote_and_applied(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")

    async def go() -> InitDbResult:
        async with project.command() as cmd:
            return await cmd.init_db()

    result = asyncio.run(go())
    assert [w.migration_id for w in result.written] == ["0001_initial"]
    assert [(a.migration_id, a.statements) for a in result.applied] == [("0001_initial", 1)]
    assert project.migrations.is_dir()


def test_an_existing_table_is_a_database_error_naming_it(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.fetch('CREATE TABLE "user" (id INT)')

    async def go() -> None:
        async with project.command() as cmd:
            await cmd.init_db()

    with pytest.raises(DatabaseError, match=r"already has table\(s\) user of app models"):
        asyncio.run(go())
    assert not project.migrations.exists()
