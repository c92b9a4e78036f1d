"""The history write is part of the migration: a trigger on the history table makes it fail,
deterministically, and the migration must not stay half-recorded.

SQLite and PostgreSQL: the history row is written in the migration's transaction, so when
the write fails the migration's schema and data changes roll back with it (moving the write
after COMMIT would leave them applied while the history says they are not; this catches it).
MySQL/MariaDB: DDL commits at once, so the journal must stay consistent instead: a failing
first journal write runs nothing, a failing final write leaves the row ``partial n/n`` that
the next ``upgrade`` completes without running any statement again.

Also here: the deploy lock is free between two verbs of one ``async with Command``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from migrator.history import Status
from tests.project_factory import (
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)
from tests.safety.faults import fail_history_insert, fail_marking_applied, lift, run_sql
from tests.safety.harness import lock_is_free

HISTORY = "migrator_history"
BODY = (
    "CREATE TABLE audit (id INT PRIMARY KEY);\n"
    "INSERT INTO audit VALUES (1);\n"
    "UPDATE {user} SET username = 'changed';\n"
)
QUOTED_USER = {"sqlite": '"user"', "postgres": '"user"', "mysql": "`user`"}


def _prepare(project: Project, dialect: str) -> None:
    """0001 applied with one user row; 0002 hand-written: DDL, an INSERT and an UPDATE."""
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    user = QUOTED_USER[dialect]
    asyncio.run(run_sql(project.db, [f"INSERT INTO {user} (id, username) VALUES (1, 'ann')"]))
    ok(project, "migrate", "--empty", "--name", "backfill")
    upgrade_sql = project.migrations / "0002_backfill" / "upgrade.sql"
    upgrade_sql.write_text(BODY.format(user=QUOTED_USER[dialect]), encoding="utf-8")


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_failed_history_write_rolls_back_the_migration(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    _prepare(project, dialect)
    asyncio.run(run_sql(project.db, fail_history_insert(dialect)))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    assert "history is down" in result.output
    assert "0002_backfill" in result.output
    assert "rolled back" in result.output
    # the schema change, the new row and the update of an existing row are all gone
    assert "audit" not in project.tables()
    assert project.fetch('SELECT username FROM "user"') == [("ann",)]
    assert [r.id for r in asyncio.run(_history(project))] == ["0001_initial"]

    asyncio.run(run_sql(project.db, lift(dialect)))
    ok(project, "upgrade")
    assert project.fetch("SELECT id FROM audit") == [(1,)]
    assert project.fetch('SELECT username FROM "user"') == [("changed",)]
    assert [r.id for r in asyncio.run(_history(project))] == ["0001_initial", "0002_backfill"]


def test_failed_first_journal_write_runs_nothing_on_mysql(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("mysql")
    _prepare(project, "mysql")
    asyncio.run(run_sql(project.db, fail_history_insert("mysql")))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    assert "history is down" in result.output
    assert "nothing of it ran" in result.output
    assert "audit" not in project.tables()
    assert project.fetch("SELECT username FROM `user`") == [("ann",)]
    assert [r.id for r in asyncio.run(_history(project))] == ["0001_initial"]

    asyncio.run(run_sql(project.db, lift("mysql")))
    ok(project, "upgrade")
    assert project.fetch("SELECT id FROM audit") == [(1,)]


def test_failed_completion_write_leaves_a_consistent_journal_on_mysql(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("mysql")
    _prepare(project, "mysql")
    asyncio.run(run_sql(project.db, fail_marking_applied("mysql")))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    assert "history is down" in result.output
    assert "all 3 statements of migration 0002_backfill ran" in result.output
    rows = asyncio.run(_history(project))
    assert [(r.id, r.status, r.statements_done) for r in rows] == [
        ("0001_initial", Status.APPLIED, 1),
        ("0002_backfill", Status.PARTIAL, 3),
    ]
    assert project.fetch("SELECT id FROM audit") == [(1,)]

    asyncio.run(run_sql(project.db, lift("mysql")))
    ok(project, "upgrade")
    # completed without running a statement again: one audit row, the update once
    assert project.fetch("SELECT id FROM audit") == [(1,)]
    assert project.fetch("SELECT username FROM `user`") == [("changed",)]
    rows = asyncio.run(_history(project))
    assert rows[-1].status is Status.APPLIED


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_lock_is_free_between_verbs_of_one_command(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """One ``async with Command`` keeps its connections, but each verb releases the deploy
    lock when it ends: another connection can take it between two verbs."""
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")

    async def scenario() -> None:
        async with project.command() as cmd:
            assert await lock_is_free(project.db, 0)
            await cmd.upgrade()
            assert await lock_is_free(project.db, 0)
            await cmd.heads()
            await cmd.validate()
            assert await lock_is_free(project.db, 0)
            await cmd.downgrade(to="zero")
            assert await lock_is_free(project.db, 0)
            await cmd.fix_checksums()
            assert await lock_is_free(project.db, 0)
            await cmd.upgrade()
            assert await lock_is_free(project.db, 0)
            assert [r.id for r in await cmd.history()] == ["0001_initial"]

    asyncio.run(scenario())


async def _history(project: Project) -> list[Any]:
    from migrator.history import History

    db = project.db
    backend = db.dialect.backend(db)
    conn = await backend.connect()
    try:
        return await History(conn, backend, HISTORY).rows("models")
    finally:
        await conn.close()
