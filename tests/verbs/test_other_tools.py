"""migrator/verbs/other_tools.py: a project Aerich built (for real: Aerich 0.10's own
``init_db``, in its own process) and not adopted yet. Every verb that would otherwise advise
to migrate, to exclude the models' tables or to drop them says in one line that this is an
Aerich project and to run ``adopt`` from a folder of its own; following the README's steps
then works."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ALL_DIALECTS, db_url
from tests.project_factory import (
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

AERICH_INIT_DB = """\
import asyncio, json, sys
from aerich import Command
from tortoise import Tortoise

config, location = json.loads(sys.argv[1]), sys.argv[2]


async def main():
    await Tortoise.init(config=config)
    try:
        await Command(config, app="models", location=location).init_db(safe=True)
    finally:
        await Tortoise.close_connections()


asyncio.run(main())
"""

MIGRATOR_TABLE = """
[tool.migrator]
tortoise_orm = "settings.TORTOISE_ORM"
location = "./migrations"
"""


def aerich_init_db(project: Project) -> Path:
    """``aerich init-db`` into the project's ./migrations (Aerich's default location), in
    a process of its own (Aerich keeps class-level state); Aerich's migration file."""
    config = {
        "connections": {"default": db_url(project.db)},
        "apps": {
            "models": {"models": ["models", "aerich.models"], "default_connection": "default"}
        },
    }
    script = project.path / "run_aerich.py"
    script.write_text(AERICH_INIT_DB)
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(config), str(project.path / "migrations")],
        cwd=project.path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(project.path)},
    )
    assert done.returncode == 0, done.stderr
    [module] = (project.path / "migrations" / "models").glob("*.py")
    return module


def refused(project: Project, *args: str) -> str:
    """``migrator ARGS`` must fail with one line; that line."""
    result = project.cli(*args)
    assert result.exit_code != 0, result.output
    [line] = result.stderr.splitlines()
    assert "drop" not in line and "exclude_tables" not in line, line
    assert "`migrator adopt`" in line and 'README "Coming from Aerich"' in line, line
    return line


def folder_files(project: Project) -> list[str]:
    return sorted(str(p) for p in (project.path / "migrations").rglob("*"))


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_every_verb_on_an_aerich_project_points_at_adopt(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    module = aerich_init_db(project)
    tables = project.tables()
    assert {"user", "aerich"} <= tables
    pyproject = project.pyproject.read_text()

    # init would point location at Aerich's folder: refused, nothing written
    line = refused(project, "init", "-t", "settings.TORTOISE_ORM")
    assert line.startswith("Error: init: this is an Aerich project (")
    assert f"{module.parent} holds its migration {module.name}" in line
    assert project.pyproject.read_text() == pyproject

    # [tool.migrator] written by hand with the default location: every verb refuses
    project.pyproject.write_text(pyproject + MIGRATOR_TABLE)
    files = folder_files(project)
    for verb in ("migrate", "upgrade", "status", "init-db", "check", "drift"):
        line = refused(project, verb)
        assert line.startswith(f"Error: {verb}: this is an Aerich project ({module.parent}")
    assert "this is an Aerich project" in refused(project, "status", "--exit-code", "--json")
    assert folder_files(project) == files  # nothing written into Aerich's folder
    assert project.tables() == tables  # nothing created

    from migrator.compat.aerich import Command
    from migrator.errors import UsageError

    with pytest.raises(UsageError, match="this is an Aerich project"):
        asyncio.run(Command(project.tortoise_config(), location="./migrations").upgrade())

    # a folder of its own, not adopted yet: the database shows Aerich's history table
    project.pyproject.write_text(pyproject)
    ok(project, "init", "-t", "settings.TORTOISE_ORM", "--location", "./db_migrations")
    for verb in ("status", "init-db", "drift"):
        line = refused(project, verb)
        assert f"{verb}: this is an Aerich project (the database has its history table aerich)" in (
            line
        )
    ok(project, "migrate")  # needs no database: writes 0001_initial
    line = refused(project, "upgrade")
    assert "the database has its history table aerich" in line and "already exists" not in line
    assert project.tables() == tables

    # the README's way: adopt from an empty folder of its own
    shutil.rmtree(project.path / "db_migrations" / "models" / "0001_initial")
    ok(project, "adopt", "--yes")
    assert project.cli("status", "--exit-code").exit_code == 0
    # the README's one-line change for pre-deploy code finds that folder by default
    assert asyncio.run(Command(project.tortoise_config()).upgrade()) == []


TWO_APPS = """\
TORTOISE_ORM = {{
    "connections": {{"default": {url!r}}},
    "apps": {{
        "models": {{"models": ["models"], "default_connection": "default"}},
        "extra": {{"models": ["extra_models"], "default_connection": "default"}},
    }},
}}
"""
EXTRA_MODELS = """\
from tortoise import fields
from tortoise.models import Model


class Note(Model):
    id = fields.IntField(primary_key=True)

    class Meta:
        table = "note"
"""


def test_a_leftover_aerich_table_does_not_block_a_project_migrator_manages(
    project_factory: Any,  # noqa: F811
) -> None:
    """An ``aerich`` table left beside tables migrator built (an adopted database, or a
    fresh project on a database that had Aerich once): status and drift work, for every
    app, including one migrator has applied nothing to yet."""
    project: Project = project_factory("sqlite")
    url = db_url(project.db)
    (project.path / "settings.py").write_text(TWO_APPS.format(url=url), encoding="utf-8")
    (project.path / "extra_models.py").write_text(EXTRA_MODELS, encoding="utf-8")
    sys.modules.pop("extra_models", None)
    project.init()
    project.fetch("CREATE TABLE aerich (id INTEGER PRIMARY KEY, version TEXT)")
    ok(project, "migrate")
    for args in (("status",), ("drift",)):  # nothing applied yet, no table in the way
        ok(project, *args)
    ok(project, "--app", "models", "upgrade")
    for args in (("--app", "extra", "status"), ("--app", "extra", "drift"), ("status",)):
        out = ok(project, *args)
        assert "Aerich project" not in out, out
    sys.modules.pop("extra_models", None)
