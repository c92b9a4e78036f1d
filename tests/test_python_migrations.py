"""Python data migrations (migrator/python_migration.py, run by execution.py): ``migrate --empty
--python`` writes migration.py; upgrade runs it after upgrade.sql in the migration's
transaction (journaled as one more step on MySQL), downgrade runs it before downgrade.sql; a
failure rolls back (or leaves ``partial`` on MySQL, resumed after the fix); its source is part
of the checksum; ``batched_update`` updates in key ranges. Real databases on all three
dialects."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import Connection, DatabaseConfig
from migrator.python_migration import MigrationConnection, batched_update
from tests.conftest import ALL_DIALECTS
from tests.project_factory import Project, history_ids, ok, project_factory  # noqa: F401

# upgrade.sql creates the audit table that the data migration writes to; downgrade.sql drops
# it, so the data migration's downgrade (which deletes from it) must run first
UPGRADE_SQL = "CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(50));\n"
DOWNGRADE_SQL = "DROP TABLE audit;\n"

UPPERCASE = """\
async def upgrade(conn):
    user, p1, p2 = conn.quote("user"), conn.placeholder(1), conn.placeholder(2)
    set_name = f"UPDATE {user} SET username = {p1} WHERE id = {p2}"
    for id_, name in await conn.fetch(f"SELECT id, username FROM {user} ORDER BY id"):
        await conn.execute(set_name, (name.upper(), id_))
    note = "upper " + conn.dialect_name
    await conn.execute(f"INSERT INTO audit (id, note) VALUES (1, {p1})", (note,))
    {fail}


async def downgrade(conn):
    await conn.execute("DELETE FROM audit")
    user, p1, p2 = conn.quote("user"), conn.placeholder(1), conn.placeholder(2)
    set_name = f"UPDATE {user} SET username = {p1} WHERE id = {p2}"
    for id_, name in await conn.fetch(f"SELECT id, username FROM {user} ORDER BY id"):
        await conn.execute(set_name, (name.lower(), id_))
"""
FAIL_LINE = 8  # the line of ``{fail}`` above


def _module(fail: str = "") -> str:
    return UPPERCASE.replace("{fail}", fail or "pass")


def _seeded(project_factory: Any, dialect: str) -> Project:  # noqa: F811
    """Migration 0001 applied, three users, and 0002_shout written by --empty --python with
    the audit table in its SQL files."""
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    _run(project.db, [f"INSERT INTO {_user(project)} (id, username) VALUES (1, 'Ann')"])
    _run(project.db, [f"INSERT INTO {_user(project)} (id, username) VALUES (2, 'bob')"])
    _run(project.db, [f"INSERT INTO {_user(project)} (id, username) VALUES (3, 'Cy')"])
    ok(project, "migrate", "--empty", "--python", "--name", "shout")
    folder = project.migrations / "0002_shout"
    (folder / "upgrade.sql").write_text(UPGRADE_SQL, encoding="utf-8")
    (folder / "downgrade.sql").write_text(DOWNGRADE_SQL, encoding="utf-8")
    return project


def _user(project: Project) -> str:
    return project.db.dialect.quote("user")


def _names(project: Project) -> list[tuple[Any, ...]]:
    return project.fetch(f"SELECT id, username FROM {_user(project)} ORDER BY id")


def _run(db: DatabaseConfig, statements: Sequence[str]) -> None:
    async def go() -> None:
        conn = await db.dialect.backend(db).connect()
        try:
            for sql in statements:
                await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_data_migration_transforms_rows_up_and_down(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project = _seeded(project_factory, dialect)
    python = project.migrations / "0002_shout" / "migration.py"
    template = python.read_text(encoding="utf-8")
    assert "async def upgrade(conn: MigrationConnection) -> None:" in template
    assert "async def downgrade(conn: MigrationConnection) -> None:" in template
    python.write_text(_module(), encoding="utf-8")

    ok(project, "upgrade")
    assert _names(project) == [(1, "ANN"), (2, "BOB"), (3, "CY")]
    assert project.fetch("SELECT id, note FROM audit") == [(1, f"upper {dialect}")]
    assert history_ids(project) == ["0001_initial", "0002_shout"]

    ok(project, "downgrade", "--yes")  # downgrade(conn) deletes from audit before it is dropped
    assert _names(project) == [(1, "ann"), (2, "bob"), (3, "cy")]
    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_failing_data_migration_rolls_back_schema_and_data(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project = _seeded(project_factory, dialect)
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(_module("raise RuntimeError('boom')"), encoding="utf-8")

    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {python}:{FAIL_LINE}: RuntimeError: boom -- upgrade()")
    assert "migration 0002_shout was rolled back and is not applied" in lines[0]
    assert _names(project) == [(1, "Ann"), (2, "bob"), (3, "Cy")]
    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]


def test_a_failing_data_migration_on_mysql_is_partial_and_resumes_after_the_fix(
    project_factory: Any,  # noqa: F811
) -> None:
    project = _seeded(project_factory, "mysql")
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(_module("raise RuntimeError('boom')"), encoding="utf-8")

    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {python}:{FAIL_LINE}: RuntimeError: boom -- upgrade()")
    assert "migration 0002_shout is partially applied (1 of 2 steps ran" in lines[0]
    # the data migration's changes were rolled back; the DDL before it stays (committed)
    assert _names(project) == [(1, "Ann"), (2, "bob"), (3, "Cy")]
    assert project.fetch("SELECT id, note FROM audit") == []
    history = ok(project, "history")
    assert [line.split()[1:2] + line.split()[-2:] for line in history.splitlines()[2:3]] == [
        ["0002_shout", "[PARTIAL", "1/2]"]
    ]

    python.write_text(_module(), encoding="utf-8")  # the fix
    out = ok(project, "upgrade")
    assert "0002_shout" in out
    assert _names(project) == [(1, "ANN"), (2, "BOB"), (3, "CY")]
    assert project.fetch("SELECT id, note FROM audit") == [(1, "upper mysql")]
    assert history_ids(project) == ["0001_initial", "0002_shout"]
    assert ok(project, "validate")


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_an_edited_data_migration_is_a_checksum_change(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project = _seeded(project_factory, dialect)
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(_module(), encoding="utf-8")
    ok(project, "upgrade")
    ok(project, "validate")

    python.write_text(_module().replace("name.upper()", "name.title()"), encoding="utf-8")
    result = project.cli("validate")
    assert result.exit_code != 0
    upgrade_sql = project.migrations / "0002_shout" / "upgrade.sql"
    assert f"{upgrade_sql} or migration.py changed after it was applied" in result.output


def test_python_without_empty_is_a_usage_error(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    result = project.cli("migrate", "--python")
    assert result.exit_code == 2
    assert "--python writes a data migration and needs --empty" in result.output
    assert project.migration_dirs() == []


def test_offline_sql_refuses_a_data_migration(project_factory: Any) -> None:  # noqa: F811
    project = _seeded(project_factory, "postgres")
    result = project.cli("upgrade", "--sql")
    assert result.exit_code == 1
    python = project.migrations / "0002_shout" / "migration.py"
    assert result.output.strip() == (
        f"Error: migration 0002_shout has a data migration ({python}) that offline SQL "
        "cannot run; apply it with `migrator upgrade` against the database"
    )


def test_a_syntax_error_in_the_module_runs_nothing(project_factory: Any) -> None:  # noqa: F811
    project = _seeded(project_factory, "sqlite")
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text("async def upgrade(conn)\n    pass\n", encoding="utf-8")
    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {python}:1: importing {python} failed: SyntaxError")
    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]


# -- batched_update -------------------------------------------------------------------------


class _Recording:
    """A real connection that also keeps the UPDATE statements it ran, with their params."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.updates: list[tuple[Any, ...]] = []

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if sql.startswith("UPDATE"):
            self.updates.append(tuple(params))
        await self.conn.execute(sql, params)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return await self.conn.fetch(sql, params)

    async def close(self) -> None:
        await self.conn.close()


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_batched_update_walks_key_ranges(make_db: Any, dialect: str) -> None:
    db: DatabaseConfig = make_db(dialect)

    async def go() -> tuple[int, int, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        conn = _Recording(await db.dialect.backend(db).connect())
        try:
            await conn.execute("CREATE TABLE item (id INT PRIMARY KEY, n INT, done INT)")
            values = ", ".join(f"({i}, {i}, 0)" for i in range(2, 52, 2))  # 25 rows, even ids
            await conn.execute(f"INSERT INTO item (id, n, done) VALUES {values}")
            await conn.execute("UPDATE item SET done = 1 WHERE id = 10")  # already done
            mc = MigrationConnection(conn, db.dialect)
            first = await batched_update(mc, "item", "n = n * 10, done = 1", "done = 0", batch=10)
            again = await batched_update(mc, "item", "n = n * 10, done = 1", "done = 0", batch=10)
            rows = await conn.fetch("SELECT id, n FROM item WHERE id IN (2, 10, 22, 50)")
            return first, again, sorted(rows), conn.updates[1:]
        finally:
            await conn.close()

    first, again, rows, updates = asyncio.run(go())
    assert first == 24
    assert again == 0  # re-runnable: the rows already done are not selected again
    assert rows == [(2, 20), (10, 10), (22, 220), (50, 500)]
    assert updates == [(2, 22), (24, 42), (44, 50)]


def test_batched_update_finds_a_table_in_another_schema(make_db: Any) -> None:
    """PostgreSQL Meta.schema: the table is named library.item, as migrator names it."""
    db: DatabaseConfig = make_db("postgres")

    async def go() -> list[tuple[Any, ...]]:
        conn = await db.dialect.backend(db).connect()
        try:
            await conn.execute('CREATE SCHEMA "library"')
            await conn.execute('CREATE TABLE "library"."item" (id INT PRIMARY KEY, n INT)')
            await conn.execute('INSERT INTO "library"."item" VALUES (1, 1), (2, 2)')
            mc = MigrationConnection(conn, db.dialect)
            assert mc.quote_table("library.item") == '"library"."item"'
            assert await batched_update(mc, "library.item", "n = n * 10", batch=1) == 2
            return sorted(await conn.fetch('SELECT id, n FROM "library"."item"'))
        finally:
            await conn.close()

    assert asyncio.run(go()) == [(1, 10), (2, 20)]


def test_the_template_is_a_valid_module(tmp_path: Path) -> None:
    from migrator.python_migration import TEMPLATE, load

    path = tmp_path / "migration.py"
    path.write_text(TEMPLATE.format(migration_id="models 0002_x"), encoding="utf-8")
    module = load(path)
    assert asyncio.iscoroutinefunction(module.upgrade)
    assert asyncio.iscoroutinefunction(module.downgrade)
    assert textwrap.dedent(TEMPLATE).startswith('"""Data migration {migration_id}')


COUNTING_DOWN = UPPERCASE.replace("{fail}", "pass").replace(
    '    await conn.execute("DELETE FROM audit")\n',
    '    await conn.execute("DELETE FROM audit")\n'
    "    await conn.execute(\"INSERT INTO downs (note) VALUES ('down')\")\n",
)


def test_a_downgrade_failing_after_the_data_step_on_mysql_never_runs_it_twice(
    project_factory: Any,  # noqa: F811
) -> None:
    """MySQL commits the data migration's downgrade before downgrade.sql runs; when
    downgrade.sql then fails (a foreign key still points at audit), the row says the data
    step is undone (partial 1/2), so the downgrade after the fix does not run it again."""
    project = _seeded(project_factory, "mysql")
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(COUNTING_DOWN, encoding="utf-8")
    ok(project, "upgrade")
    _run(
        project.db,
        [
            "CREATE TABLE downs (note VARCHAR(10))",
            "CREATE TABLE pin (audit_id INT, FOREIGN KEY (audit_id) REFERENCES audit (id))",
        ],
    )

    failed = project.cli("downgrade", "--yes")
    assert failed.exit_code == 1
    lines = failed.output.strip().splitlines()
    assert len(lines) == 1, failed.output
    assert "downgrade of 0002_shout ran none of its 1 statements" in lines[0]
    assert "records it as partial, 1 upgrade statements in effect" in lines[0]
    assert "run downgrade again" in lines[0]
    assert _names(project) == [(1, "ann"), (2, "bob"), (3, "cy")]  # the data step is undone
    assert project.fetch("SELECT note FROM downs") == [("down",)]
    history = ok(project, "history")
    assert "0002_shout" in history and "[PARTIAL 1/2]" in history

    _run(project.db, ["DROP TABLE pin"])  # the fix
    ok(project, "downgrade", "--yes")
    assert project.fetch("SELECT note FROM downs") == [("down",)]  # not run a second time
    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]

    ok(project, "upgrade")  # and the way back up runs both steps again
    assert _names(project) == [(1, "ANN"), (2, "BOB"), (3, "CY")]
    assert project.fetch("SELECT id, note FROM audit") == [(1, "upper mysql")]


def test_an_upgrade_after_a_failed_downgrade_reruns_the_data_step_on_mysql(
    project_factory: Any,  # noqa: F811
) -> None:
    project = _seeded(project_factory, "mysql")
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(COUNTING_DOWN, encoding="utf-8")
    ok(project, "upgrade")
    _run(
        project.db,
        [
            "CREATE TABLE downs (note VARCHAR(10))",
            "CREATE TABLE pin (audit_id INT, FOREIGN KEY (audit_id) REFERENCES audit (id))",
        ],
    )
    assert project.cli("downgrade", "--yes").exit_code == 1
    assert _names(project) == [(1, "ann"), (2, "bob"), (3, "cy")]

    ok(project, "upgrade")  # turned around: the data migration's upgrade runs again
    assert _names(project) == [(1, "ANN"), (2, "BOB"), (3, "CY")]
    assert project.fetch("SELECT id, note FROM audit") == [(1, "upper mysql")]
    assert history_ids(project) == ["0001_initial", "0002_shout"]
    assert ok(project, "validate")
