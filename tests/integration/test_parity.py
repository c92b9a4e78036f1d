"""The correctness bar: for every example project on every dialect, step through the model
versions generating and applying migrations. After each step the live schema must equal what
``Tortoise.generate_schemas()`` creates for the same models in a fresh database, and every row
seeded before the step must hold what the step's operations say (renamed columns carrying
their own values, NULLs of a column made NOT NULL holding the model's default, added columns
their default; the existing rows of an added NOT NULL auto_now column the current time, of an
added uuid4 column a UUID of their own). Then downgrade step by step: each time the schema
must equal the previous version's again and every row must hold what it held at that version
(values of columns the undone step dropped come back as the re-created column's default, or
NULL).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from tests.conftest import ALL_DIALECTS, db_url
from tests.integration.data import dump, fill_nulls, seed, unseeded_nulls
from tests.integration.expected import (
    Expected,
    Moves,
    assert_rows,
    follow,
    moves,
    record_fill,
    refused_nulls,
    with_new_rows,
)
from tests.integration.projects import (
    ColumnDefaults,
    FixtureProject,
    Version,
    live_schema,
    project_dialects,
    tortoise_schema,
)

HISTORY = "migrator_history"


@pytest.mark.parametrize(("project", "dialect"), project_dialects(ALL_DIALECTS))
def test_schema_parity_and_data_survival(
    project: str, dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj = FixtureProject.load(project)
    workdir = tmp_path / "project"
    workdir.mkdir()
    monkeypatch.syspath_prepend(str(workdir))
    db = make_db(dialect)
    fresh_dbs = [make_db(dialect) for _ in proj.steps]  # one per version, for generate_schemas
    versions, defaults = zip(
        *(_read_version(proj, index, workdir, db.dialect.name) for index in range(len(proj.steps))),
        strict=True,
    )
    steps = [
        moves(versions[i - 1] if i else Version({}, {}), versions[i], step.renames)
        for i, step in enumerate(proj.steps)
    ]
    # the Meta.schema names of every version: read in each inspection, so a table left in a
    # schema a later version no longer names still shows
    schemas = tuple(sorted(set().union(*(v.schemas for v in versions))))
    location = tmp_path / "migrations"
    asyncio.run(_walk(proj, db, workdir, location, fresh_dbs, steps, list(defaults), schemas))


def _read_version(
    proj: FixtureProject, index: int, workdir: Path, dialect: str
) -> tuple[Version, ColumnDefaults]:
    """What version ``index``'s models describe and their columns' defaults."""
    proj.materialize(index, workdir)
    return asyncio.run(proj.read_version(dialect)), asyncio.run(proj.column_defaults())


async def _walk(
    proj: FixtureProject,
    db: DatabaseConfig,
    workdir: Path,
    location: Path,
    fresh_dbs: list[DatabaseConfig],
    steps: list[Moves],
    defaults: list[ColumnDefaults],
    schemas: tuple[str, ...],
) -> None:
    """``steps`` say how each version's rows move, from the fixture's declared renames;
    ``defaults`` are each version's column defaults, from its models; ``schemas``: the other
    schemas the models name, inspected with the connection's own."""
    dialect = db.dialect
    expected: list[LiveSchema] = []
    rows: Expected = {}  # what every row must hold now
    counter = 0
    async with Command(proj.tortoise_config(db_url(db)), location=location) as cmd:
        for index, step in enumerate(proj.steps):
            where = f"{proj.name} {step.dir} on {db.dialect}"
            proj.materialize(index, workdir)
            written = await cmd.migrate(renames=step.renames, no_rename=step.no_rename)
            assert written, f"{where}: the models changed but no migration was written"
            await cmd.upgrade()
            await _assert_no_drift(cmd, f"after upgrade to {where}")
            live = await live_schema(db, (HISTORY,), schemas)
            fresh_db = fresh_dbs[index]
            fresh = await tortoise_schema(proj, fresh_db, db_url(fresh_db), schemas)
            _assert_same(live, fresh, f"after upgrade to {where}")
            expected.append(fresh)
            rows, checked = await _check_rows(
                dialect, db, rows, steps[index], defaults[index], where, schemas
            )
            assert checked > 0 or index == 0, f"{where}: no seeded row was carried into this step"
            rows, counter = await _seed(dialect, db, rows, counter, where, schemas)
        for index in range(len(proj.steps) - 1, 0, -1):
            where = f"{proj.name} downgrade to {proj.steps[index - 1].dir} on {db.dialect}"
            undo = steps[index].reverse()
            counter = await _fill_refused_nulls(
                dialect, db, rows, undo, defaults[index - 1], counter, schemas
            )
            await cmd.downgrade()
            await _assert_no_drift(cmd, where)
            _assert_same(await live_schema(db, (HISTORY,), schemas), expected[index - 1], where)
            rows, checked = await _check_rows(
                dialect, db, rows, undo, defaults[index - 1], where, schemas
            )
            assert checked > 0, f"{where}: no seeded row was carried back"
        await cmd.downgrade()
        left = await live_schema(db, (HISTORY,), schemas)
        assert left.tables == {}, "downgrade of the first migration"


async def _assert_no_drift(cmd: Command, where: str) -> None:
    """A database migrator built itself never reads as drifted."""
    report = await cmd.drift()
    found = [
        f"{t.table}: {line}" for e in report.entries for t in e.tables for line in t.differences
    ]
    assert report.ok, f"{where}: drift on a database migrator built:\n" + "\n".join(found)


async def _check_rows(
    dialect: Any,
    db: DatabaseConfig,
    rows: Expected,
    step: Moves,
    defaults: ColumnDefaults,
    where: str,
    schemas: tuple[str, ...],
) -> tuple[Expected, int]:
    """Move the expected rows through the step and compare them with the database; returns
    them and how many rows were compared."""
    rows = follow(rows, step, defaults)
    conn = await dialect.backend(db).connect()
    try:
        schema = (await dialect.backend(db).inspect(conn, schemas)).without(HISTORY)
        return rows, assert_rows(rows, await dump(conn, dialect, schema), where)
    finally:
        await conn.close()


async def _seed(
    dialect: Any,
    db: DatabaseConfig,
    rows: Expected,
    counter: int,
    where: str,
    schemas: tuple[str, ...],
) -> tuple[Expected, int]:
    """Seed more rows and add them to the expected ones; every nullable column must then
    hold a NULL in some row and a value in another, so the next steps see both."""
    conn = await dialect.backend(db).connect()
    try:
        schema = (await dialect.backend(db).inspect(conn, schemas)).without(HISTORY)
        before = await dump(conn, dialect, schema)
        counter = await seed(conn, dialect, schema, counter)
        after = await dump(conn, dialect, schema)
    finally:
        await conn.close()
    missing = unseeded_nulls(schema, after)
    assert not missing, f"{where}: no NULL and value both in {', '.join(missing)}"
    return with_new_rows(rows, before, after), counter


async def _fill_refused_nulls(
    dialect: Any,
    db: DatabaseConfig,
    rows: Expected,
    undo: Moves,
    defaults: ColumnDefaults,
    counter: int,
    schemas: tuple[str, ...],
) -> int:
    """Before a downgrade that makes a column NOT NULL with nothing to fill its NULLs with,
    fill them (the database would refuse the downgrade); ``rows`` records the values."""
    conn = await dialect.backend(db).connect()
    try:
        schema = (await dialect.backend(db).inspect(conn, schemas)).without(HISTORY)
        for table, column in refused_nulls(rows, undo, defaults):
            counter += 1
            value = await fill_nulls(conn, dialect, schema.tables[table], column, counter)
            record_fill(rows, table, column, value)
        return counter
    finally:
        await conn.close()


def _assert_same(live: LiveSchema, fresh: LiveSchema, where: str) -> None:
    import dictdiffer

    differences = list(dictdiffer.diff(fresh.to_dict(), live.to_dict()))
    assert not differences, (
        f"{where}: migrated schema differs from generate_schemas():\n"
        + "\n".join(str(d) for d in differences[:20])
    )
