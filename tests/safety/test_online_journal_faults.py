"""A journaled online PostgreSQL migration (blocks marked ``-- OUTSIDE TRANSACTION``, see
migrator/dialects/postgres/online.py) whose first or final journal write fails: a trigger
on the history table makes the write fail every time, deterministically.

The migration adds a nullable column (a block in a transaction) and makes ``username``
unique (a concurrent index build outside any transaction, then attached). The journal's
first write is the ``partial 0/n`` row written before any statement; its final write marks
the migration applied after the last statement.

* First write fails: no statement ran, the schema is still version 1 (what
  ``generate_schemas()`` makes for the version 1 models), the history has no row for the
  migration, and ``upgrade`` then applies it whole.
* Final write fails: every statement ran, so the schema is already what ``generate_schemas()``
  makes for the version 2 models, and the journal says ``partial n/n``; ``upgrade`` then
  marks it applied without running any statement again (the index build would fail or be
  repeated otherwise), and the recorded checksum is the file's.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.history import Status
from tests.conftest import db_url
from tests.project_factory import (
    MODELS_V1,
    Project,
    forget_modules,
    ok,
    project_factory,  # noqa: F401  (fixture)
)
from tests.safety.faults import (
    HISTORY,
    MESSAGE,
    fail_history_insert,
    fail_marking_applied,
    lift,
    run,
)
from tests.safety.harness import history as history_rows
from tests.safety.harness import schema as live_schema

pytestmark = pytest.mark.safety

V2 = MODELS_V1.replace(
    "username = fields.CharField(max_length=50)",
    "username = fields.CharField(max_length=50, unique=True)\n"
    "    email = fields.CharField(max_length=100, null=True)",
)


async def _generated(project: Project, db: DatabaseConfig) -> LiveSchema:
    """What ``Tortoise.generate_schemas()`` creates for the project's models, read back."""
    from tortoise.context import TortoiseContext

    forget_modules()
    config = project.tortoise_config()
    config["connections"]["default"] = db_url(db)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        await ctx.generate_schemas(safe=False)
    forget_modules()
    return await live_schema(db)


def _expected(project: Project, make_db: Any) -> LiveSchema:
    return asyncio.run(_generated(project, make_db("postgres")))


def _prepared(project_factory: Any, make_db: Any) -> tuple[Project, LiveSchema, LiveSchema, int]:  # noqa: F811
    """Version 1 applied with rows; 0002 written for version 2 (journaled: it has blocks
    outside the transaction). Returns the project, both versions' generate_schemas() and
    how many statements 0002's upgrade.sql has."""
    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    v1 = _expected(project, make_db)
    project.fetch(
        "INSERT INTO \"user\" (id, username) SELECT g, 'u' || g FROM generate_series(1, 20) g"
    )
    project.write_models(V2)
    ok(project, "migrate")
    v2 = _expected(project, make_db)
    [folder] = [p for p in project.migrations.iterdir() if p.name.startswith("0002_")]
    upgrade = (folder / "upgrade.sql").read_text(encoding="utf-8")
    assert "-- OUTSIDE TRANSACTION" in upgrade
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in upgrade
    total = sum(1 for line in upgrade.splitlines() if line.rstrip().endswith(";"))
    return project, v1, v2, total


def _schema(project: Project) -> LiveSchema:
    return asyncio.run(live_schema(project.db))


def _history(project: Project) -> list[tuple[str, Status, int]]:
    rows = asyncio.run(history_rows(project.db))
    return [(r.id[:4], r.status, r.statements_done) for r in rows]


def test_failed_first_journal_write_runs_nothing_and_upgrade_applies_it(
    project_factory: Any,  # noqa: F811
    make_db: Any,
) -> None:
    project, v1, v2, total = _prepared(project_factory, make_db)
    run(project.db, fail_history_insert("postgres"))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert MESSAGE in lines[0]
    assert "nothing of it ran" in lines[0]
    assert _schema(project).to_dict() == v1.to_dict()
    assert _history(project) == [("0001", Status.APPLIED, 1)]

    run(project.db, lift("postgres"))
    ok(project, "upgrade")
    assert _schema(project).to_dict() == v2.to_dict()
    assert _history(project) == [("0001", Status.APPLIED, 1), ("0002", Status.APPLIED, total)]
    assert project.fetch('SELECT count(*) FROM "user"') == [(20,)]
    ok(project, "validate")


def test_failed_final_journal_write_leaves_partial_and_upgrade_finishes_it(
    project_factory: Any,  # noqa: F811
    make_db: Any,
) -> None:
    project, _, v2, total = _prepared(project_factory, make_db)
    run(project.db, fail_marking_applied("postgres"))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert MESSAGE in lines[0]
    assert f"all {total} statements" in lines[0]
    # every statement ran and was journaled: the schema is version 2's already
    assert _schema(project).to_dict() == v2.to_dict()
    assert _history(project) == [("0001", Status.APPLIED, 1), ("0002", Status.PARTIAL, total)]

    run(project.db, lift("postgres"))

    async def finish() -> Any:
        async with project.command() as cmd:
            return await cmd.upgrade()

    [applied] = asyncio.run(finish())
    assert (applied.statements, applied.resumed_at) == (0, total)  # no statement ran again
    assert _schema(project).to_dict() == v2.to_dict()
    assert _history(project) == [("0001", Status.APPLIED, 1), ("0002", Status.APPLIED, total)]
    ok(project, "validate")
    assert HISTORY not in v2.tables
