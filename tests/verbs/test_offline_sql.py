"""``upgrade --sql`` / ``downgrade --sql`` (migrator/verbs/offline_sql.py, script.py): the
script applied with the database's own client (sqlite3, psql, mysql) leaves the same schema
(the dialect's Inspector) and the same history rows as ``migrator upgrade``/``downgrade``."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from tests.conftest import db_url
from tests.project_factory import (
    MODELS_V2,
    SETTINGS,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

HISTORY = "migrator_history"
# v2 plus a NOT NULL column with a default (SQLite rebuilds the table) and an index
MODELS_V3 = MODELS_V2.replace(
    "    email = fields.CharField(max_length=100, null=True)\n",
    "    email = fields.CharField(max_length=100, null=True, db_index=True)\n"
    "    age = fields.IntField(default=7)\n",
)
CLIENTS = {"sqlite": "sqlite3", "postgres": "psql", "mysql": "mysql"}


def point(project: Project, db: DatabaseConfig) -> None:
    """Make the project's Tortoise config name ``db``."""
    url = db_url(db)
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")


def apply_with_client(db: DatabaseConfig, script: str, tmp_path: Path) -> None:
    """Run ``script`` with the database's own command-line client, stopping at an error."""
    c = db.credentials
    client = CLIENTS[db.dialect.name]
    assert shutil.which(client), f"{client} is not installed (the Makefile's CI step adds it)"
    if db.dialect.name == "sqlite":
        argv = ["sqlite3", "-bail", str(c["file_path"])]
    elif db.dialect.name == "postgres":
        argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(c["host"])]
        argv += ["-p", str(c["port"]), "-U", str(c["user"]), "-d", str(c["database"])]
    else:
        argv = ["mysql", "-h", str(c["host"]), "-P", str(c["port"]), "-u", str(c["user"])]
        argv += [f"--password={c.get('password') or ''}", str(c["database"])]
    done = subprocess.run(argv, input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def schema_and_history(db: DatabaseConfig) -> tuple[LiveSchema, list[tuple[Any, ...]]]:
    async def read() -> tuple[LiveSchema, list[tuple[Any, ...]]]:
        backend = db.dialect.backend(db)
        conn = await backend.connect()
        try:
            schema = (await backend.inspect(conn)).without(HISTORY)
            rows = await conn.fetch(
                "SELECT app, version, name, checksum, status, statements_done "
                f"FROM {HISTORY} ORDER BY app, version"
            )
            return schema, [tuple(r) for r in rows]
        finally:
            await conn.close()

    return asyncio.run(read())


def script(project: Project, *args: str) -> str:
    return ok(project, *args, "--sql")


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_scripts_applied_by_the_client_match_the_runner(
    project_factory: Any,  # noqa: F811
    make_db: Any,
    tmp_path: Path,
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    runner_db = project.db
    offline_db, online_db = make_db(dialect), make_db(dialect)
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate")
    project.write_models(MODELS_V3)
    ok(project, "migrate")

    # offline: from nothing applied, with no database reachable at all
    point(project, DatabaseConfig(runner_db.dialect, runner_db.engine, {**_unreachable(dialect)}))
    whole = script(project, "upgrade", "--from", "zero")
    unreachable = project.cli("heads")
    assert unreachable.exit_code == 1 and "Error: " in unreachable.output
    point(project, runner_db)
    ok(project, "upgrade")
    apply_with_client(offline_db, whole, tmp_path)
    expected = schema_and_history(runner_db)
    assert len(expected[1]) == 3
    assert schema_and_history(offline_db) == expected

    # online: the history table says what is applied (the first script creates it)
    point(project, online_db)
    first = script(project, "upgrade", "0001")
    assert "CREATE TABLE IF NOT EXISTS" in first
    apply_with_client(online_db, first, tmp_path)
    rest = script(project, "upgrade")
    assert "CREATE TABLE IF NOT EXISTS" not in rest and "0001_initial" not in rest
    apply_with_client(online_db, rest, tmp_path)
    assert schema_and_history(online_db) == expected
    assert script(project, "upgrade") == "-- nothing to run\n"

    # downgrade: the script reverts as `downgrade` does
    back = script(project, "downgrade", "--to", "0001", "--from", "0003")
    apply_with_client(offline_db, back, tmp_path)
    point(project, runner_db)
    ok(project, "downgrade", "--to", "0001", "--yes")
    reverted = schema_and_history(runner_db)
    assert [r[1] for r in reverted[1]] == ["0001"]
    assert schema_and_history(offline_db) == reverted


def _unreachable(dialect: str) -> dict[str, Any]:
    if dialect == "sqlite":  # a file in a folder that does not exist cannot be opened
        return {"file_path": "/nonexistent-folder/db.sqlite3"}
    return {"host": "127.0.0.1", "port": 1, "user": "nobody", "password": "", "database": "x"}


def test_transaction_statements_come_from_the_runner(project_factory: Any) -> None:  # noqa: F811
    """PostgreSQL batches BEGIN with the first statement and the history row with COMMIT;
    the script carries exactly those texts."""
    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    text = script(project, "upgrade", "--from", "zero")
    assert 'BEGIN;\nCREATE TABLE "user"' in text
    assert "INSERT INTO" in text and text.rstrip().endswith(";\nCOMMIT;")


def test_mysql_script_journals_every_statement(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("mysql")
    project.init()
    ok(project, "migrate")
    text = script(project, "upgrade", "--from", "zero")
    assert "'partial', 0" in text  # the row is written first, as partial
    assert text.count("START TRANSACTION;") == 1
    assert "SET `status` = 'applied'" in text


def test_from_needs_sql_and_one_app(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    result = project.cli("upgrade", "--from", "0001")
    assert result.exit_code == 2 and "--from goes with --sql" in result.output
    ok(project, "migrate")
    unknown = project.cli("upgrade", "--sql", "--from", "0009")
    assert unknown.exit_code == 2
    assert "unknown migration '0009' for app models; known: 0001_initial" in unknown.output
