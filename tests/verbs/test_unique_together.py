"""``Meta.unique_together`` added to and dropped from a populated table, end to end on every
dialect (SQLite rebuilds the table for it): the rows stay, the constraint is enforced while it
exists, and its downgrade (and the migration that drops it) lifts it again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.project_factory import (
    MODELS_V2,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

TOGETHER = '        table = "user"\n        unique_together = (("username", "email"),)\n'
MODELS_TOGETHER = MODELS_V2.replace('        table = "user"\n', TOGETHER)
QUOTED_USER = {"sqlite": '"user"', "postgres": '"user"', "mysql": "`user`"}
ROWS = [(1, "ann", "a@x"), (2, "ann", "b@x"), (3, "bob", "a@x")]


async def _execute(project: Project, sql: str) -> bool:
    """Run ``sql``; False when the server refuses it."""
    db = project.db
    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute(sql)
        return True
    except Exception:
        return False
    finally:
        await conn.close()


def _insert(project: Project, row: tuple[int, str, str]) -> bool:
    user = QUOTED_USER[project.db.dialect.name]
    sql = f"INSERT INTO {user} (id, username, email) VALUES ({row[0]}, '{row[1]}', '{row[2]}')"
    return asyncio.run(_execute(project, sql))


def _rows(project: Project) -> list[tuple[Any, ...]]:
    user = QUOTED_USER[project.db.dialect.name]
    return project.fetch(f"SELECT id, username, email FROM {user} ORDER BY id")


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_unique_together_added_and_dropped_on_a_populated_table(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect, MODELS_V2)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    for row in ROWS:
        assert _insert(project, row)

    project.write_models(MODELS_TOGETHER)
    ok(project, "migrate", "--name", "together")
    ok(project, "upgrade")
    assert _rows(project) == ROWS
    assert not _insert(project, (4, "ann", "a@x")), "the pair must be unique now"
    assert _insert(project, (4, "ann", "c@x"))

    ok(project, "downgrade", "--yes")  # the downgrade drops it again
    assert _rows(project) == [*ROWS, (4, "ann", "c@x")]
    assert _insert(project, (5, "ann", "a@x"))
    assert asyncio.run(_execute(project, f"DELETE FROM {QUOTED_USER[dialect]} WHERE id = 5"))

    ok(project, "upgrade")
    project.write_models(MODELS_V2)  # and a later migration drops it
    ok(project, "migrate", "--name", "apart")
    ok(project, "upgrade")
    assert _rows(project) == [*ROWS, (4, "ann", "c@x")]
    assert _insert(project, (5, "ann", "a@x"))
