"""A throwaway migrator project in a tmp dir: pyproject.toml with [tool.migrator] (after
``init``), settings.py pointing at a test database, and a models.py the test rewrites.

The CLI and Command tests import modules called ``settings`` and ``models`` from the project
folder; ``Project`` puts the folder first on sys.path and forgets those modules afterwards, so
tests in one worker never see each other's files.
"""

from __future__ import annotations

import asyncio
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from migrator.connection import DatabaseConfig
from migrator.history import History, Status
from tests.conftest import db_url

PYPROJECT = """\
# a project file with content that `init` must leave alone
[project]
name = "shop"   # trailing comment
version = "1.0"

[tool.other]
keep = [1, 2, 3]
"""

SETTINGS = """\
TORTOISE_ORM = {{
    "connections": {{"default": {url!r}}},
    "apps": {{"models": {{"models": ["models"], "default_connection": "default"}}}},
}}
"""

MODELS_V1 = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50)

    class Meta:
        table = "user"
"""

# v1 plus a nullable column
MODELS_V2 = MODELS_V1.replace(
    "    username = fields.CharField(max_length=50)\n",
    "    username = fields.CharField(max_length=50)\n"
    "    email = fields.CharField(max_length=100, null=True)\n",
)
# v1 with username renamed to handle
MODELS_RENAMED = MODELS_V1.replace("username", "handle")
# v2 plus age, and v3 plus bio (the checksum tests' third and fourth migrations)
MODELS_V3 = MODELS_V2.replace(
    "    email = fields.CharField(max_length=100, null=True)\n",
    "    email = fields.CharField(max_length=100, null=True)\n"
    "    age = fields.IntField(null=True)\n",
)
MODELS_V4 = MODELS_V3.replace(
    "    age = fields.IntField(null=True)\n",
    "    age = fields.IntField(null=True)\n    bio = fields.TextField(null=True)\n",
)

PROJECT_MODULES = ("settings", "models")


@dataclass
class Project:
    path: Path
    db: DatabaseConfig

    @property
    def pyproject(self) -> Path:
        return self.path / "pyproject.toml"

    @property
    def migrations(self) -> Path:
        return self.path / "migrations" / "models"

    def write_models(self, source: str) -> None:
        (self.path / "models.py").write_text(textwrap.dedent(source), encoding="utf-8")

    def cli(self, *args: str, input: str | None = None) -> Result:
        """Run ``migrator -c <pyproject> ARGS`` in-process; never raises."""
        from migrator.cli import main

        forget_modules()
        return CliRunner().invoke(main, ["-c", str(self.pyproject), *args], input=input)

    def init(self) -> Result:
        result = self.cli("init", "-t", "settings.TORTOISE_ORM")
        assert result.exit_code == 0, result.output
        return result

    def migration_dirs(self) -> list[str]:
        if not self.migrations.is_dir():
            return []
        return sorted(p.name for p in self.migrations.iterdir() if p.is_dir())

    def tortoise_config(self) -> dict[str, Any]:
        return {
            "connections": {"default": db_url(self.db)},
            "apps": {"models": {"models": ["models"], "default_connection": "default"}},
        }

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run one query on the project's database (a fresh connection each time)."""
        return asyncio.run(_fetch(self.db, sql))

    def tables(self) -> set[str]:
        return asyncio.run(_tables(self.db))

    def command(self, **kwargs: Any) -> Any:
        from migrator import Command

        forget_modules()
        return Command(
            self.tortoise_config(),
            location=self.path / "migrations",
            src_folder=self.path,
            **kwargs,
        )


async def _fetch(db: DatabaseConfig, sql: str) -> list[tuple[Any, ...]]:
    conn = await db.dialect.backend(db).connect()
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def _tables(db: DatabaseConfig) -> set[str]:
    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        return await dialect.backend(db).table_names(conn)
    finally:
        await conn.close()


def forget_modules() -> None:
    for name in PROJECT_MODULES:
        sys.modules.pop(name, None)


def make_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: DatabaseConfig, models: str = MODELS_V1
) -> Project:
    """Write pyproject.toml (no [tool.migrator] yet), settings.py and models.py."""
    path = tmp_path / "project"
    path.mkdir()
    (path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (path / "settings.py").write_text(SETTINGS.format(url=db_url(db)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(path))
    monkeypatch.chdir(path)
    project = Project(path, db)
    project.write_models(models)
    return project


@pytest.fixture
def project_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_db: Any) -> Any:
    """``project_factory("postgres")`` -> a fresh Project on a fresh database of that kind."""

    def factory(dialect: str = "sqlite", models: str = MODELS_V1) -> Project:
        return make_project(tmp_path, monkeypatch, make_db(dialect), models)

    yield factory
    forget_modules()


HISTORY_LINE = re.compile(
    r"^models\s+(?P<id>\d{4}_\w+)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+ ms$", re.MULTILINE
)


def history_ids(project: Project) -> list[str]:
    """The migration ids `migrator history` lists."""
    result = project.cli("history")
    assert result.exit_code == 0, result.output
    return [m.group("id") for m in HISTORY_LINE.finditer(result.output)]


def ok(project: Project, *args: str, input: str | None = None) -> str:
    """Run ``migrator ARGS``, which must succeed; its output."""
    result = project.cli(*args, input=input)
    assert result.exit_code == 0, f"migrator {' '.join(args)}: {result.output}"
    return result.output


def insert_user(project: Project, name: str) -> None:
    """A row in the v1 ``user`` table."""
    conn_db = project.db

    async def go() -> None:
        conn = await conn_db.dialect.backend(conn_db).connect()
        try:
            await conn.execute(f"INSERT INTO \"user\" (id, username) VALUES (1, '{name}')")
        finally:
            await conn.close()

    asyncio.run(go())


# -- three applied migrations (checksum, validate and fix-checksums tests) -------------------


def three_applied(project_factory: Any, dialect: str) -> Project:
    project: Project = project_factory(dialect, MODELS_V1)
    project.init()
    for models in (MODELS_V1, MODELS_V2, MODELS_V3):
        project.write_models(models)
        result = project.cli("migrate")
        assert result.exit_code == 0, result.output
    assert project.cli("upgrade").exit_code == 0
    return project


def folder(project: Project, index: int) -> Path:
    return project.migrations / project.migration_dirs()[index]


def history_checksums(project: Project) -> dict[str, str]:
    async def go() -> Any:
        return await project.command().history()

    return {row.id: row.checksum for row in asyncio.run(go())}


def mark_partial(project: Project, version: str, done: int) -> None:
    """Leave ``version``'s row as a stopped non-transactional run leaves it."""

    async def go() -> None:
        db = project.db
        backend = db.dialect.backend(db)
        conn = await backend.connect()
        try:
            history = History(conn, backend, "migrator_history")
            await history.update_progress("models", version, Status.PARTIAL, done, 9, "part")
        finally:
            await conn.close()

    asyncio.run(go())
