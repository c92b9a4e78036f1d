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


TRIGGER = (
    'CREATE TRIGGER user_audit AFTER UPDATE ON "user" '
    "BEGIN UPDATE \"user\" SET username = username || '!' WHERE id = NEW.id AND 0; END"
)


def _with_trigger_before_rebuild(project: Project) -> str:
    """v2 applied with a row and a hand-made trigger on user; v3 (which rebuilds user on
    SQLite) generated but not applied. The upgrade script."""
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch("INSERT INTO \"user\" (id, username) VALUES (1, 'ann')")
    project.fetch(TRIGGER)
    project.write_models(MODELS_V3)
    ok(project, "migrate")
    text = script(project, "upgrade")
    assert 'DROP TABLE "user"' in text  # the step rebuilds the table
    return text


def _sqlite3(project: Project, text: str) -> subprocess.CompletedProcess[str]:
    path = str(project.db.credentials["file_path"])
    argv = ["sqlite3", "-bail", path]
    return subprocess.run(argv, input=text, capture_output=True, text=True, timeout=60)


def test_sqlite_script_refuses_a_rebuild_that_would_lose_a_trigger(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    text = _with_trigger_before_rebuild(project)

    done = _sqlite3(project, text)
    assert done.returncode != 0
    # the client names the line; that line says what is wrong and what to do
    line = int(done.stderr.split("near line ")[1].split(":")[0])
    failing = text.splitlines()[line - 1]
    assert "table user has triggers that rebuilding it would drop" in failing
    assert "migrator upgrade" in failing
    # nothing ran: v2's columns, the row, the trigger and the history are as they were
    assert project.fetch('SELECT name FROM pragma_table_info("user") ORDER BY cid') == [
        ("id",),
        ("username",),
        ("email",),
    ]
    assert project.fetch('SELECT id, username FROM "user"') == [(1, "ann")]
    assert project.fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'") == [
        ("user_audit",)
    ]
    assert project.fetch(f"SELECT version FROM {HISTORY} ORDER BY version") == [
        ("0001",),
        ("0002",),
    ]


def test_sqlite_script_runs_a_rebuild_whose_migration_drops_the_trigger_itself(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    _with_trigger_before_rebuild(project)
    _with_drop_trigger(project)

    done = _sqlite3(project, script(project, "upgrade"))
    assert done.returncode == 0, done.stderr
    assert project.fetch('SELECT id, username, age FROM "user"') == [(1, "ann", 7)]
    assert project.fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'") == []


def _with_drop_trigger(project: Project) -> None:
    """Put ``DROP TRIGGER user_audit`` first in the newest migration's first block."""
    newest = sorted(project.migrations.rglob("upgrade.sql"))[-1]
    source = newest.read_text(encoding="utf-8")
    label_end = source.index("\n", source.index("\n-- [1/") + 1) + 1
    source = source[:label_end] + "DROP TRIGGER user_audit;\n" + source[label_end:]
    newest.write_text(source, encoding="utf-8")
