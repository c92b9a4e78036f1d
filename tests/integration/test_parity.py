"""The correctness bar: for every example project on every dialect, step through the model
versions generating and applying migrations. After each step the live schema must equal what
``Tortoise.generate_schemas()`` creates for the same models in a fresh database, and every row
seeded before the step must still be there (renamed columns carrying their own values). Then
downgrade step by step: each time the schema must equal the previous version's again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from migrator import operations as ops
from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.diff import diff
from migrator.files import load_migrations
from migrator.inspect import LiveSchema
from migrator.questioner import NoRenameQuestioner, RenameHints
from tests.conftest import ALL_DIALECTS, db_url
from tests.integration.data import Dump, dump, seed
from tests.integration.projects import FixtureProject, all_projects, tortoise_schema

HISTORY = "migrator_history"


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
@pytest.mark.parametrize("project", all_projects())
def test_schema_parity_and_data_survival(
    project: str, dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj = FixtureProject.load(project)
    workdir = tmp_path / "project"
    workdir.mkdir()
    monkeypatch.syspath_prepend(str(workdir))
    db = make_db(dialect)
    fresh_dbs = [make_db(dialect) for _ in proj.steps]  # one per version, for generate_schemas
    asyncio.run(_walk(proj, db, workdir, tmp_path / "migrations", fresh_dbs))


async def _walk(
    proj: FixtureProject,
    db: DatabaseConfig,
    workdir: Path,
    location: Path,
    fresh_dbs: list[DatabaseConfig],
) -> None:
    dialect = get_dialect(db.dialect)
    expected: list[LiveSchema] = []
    counter = 0
    async with Command(proj.tortoise_config(db_url(db)), location=location) as cmd:
        for index, step in enumerate(proj.steps):
            where = f"{proj.name} {step.dir} on {db.dialect}"
            proj.materialize(index, workdir)
            written = await cmd.migrate(renames=step.renames, no_rename=step.no_rename)
            assert written, f"{where}: the models changed but no migration was written"
            before = await _dump(dialect, db)
            await cmd.upgrade()
            live = await _live(dialect, db)
            fresh_db = fresh_dbs[index]
            fresh = await tortoise_schema(proj, fresh_db, db_url(fresh_db))
            _assert_same(live, fresh, f"after upgrade to {where}")
            expected.append(fresh)
            if before is not None:
                moved = _moves(proj, location, step.renames)
                checked = _assert_rows_survive(before, await _dump(dialect, db), moved, where)
                assert checked > 0, f"{where}: no seeded row was carried into this step"
            conn = await dialect.connect(db)
            try:
                counter = await seed(conn, dialect, live, counter)
            finally:
                await conn.close()
        for index in range(len(proj.steps) - 1, 0, -1):
            await cmd.downgrade()
            where = f"{proj.name} downgrade to {proj.steps[index - 1].dir} on {db.dialect}"
            _assert_same(await _live(dialect, db), expected[index - 1], where)
        await cmd.downgrade()
        assert (await _live(dialect, db)).tables == {}, "downgrade of the first migration"


async def _live(dialect: Any, db: DatabaseConfig) -> LiveSchema:
    conn = await dialect.connect(db)
    try:
        schema: LiveSchema = await dialect.inspect(conn)
        return schema.without(HISTORY)
    finally:
        await conn.close()


async def _dump(dialect: Any, db: DatabaseConfig) -> Dump | None:
    conn = await dialect.connect(db)
    try:
        schema = (await dialect.inspect(conn)).without(HISTORY)
        return await dump(conn, dialect, schema) if schema.tables else None
    finally:
        await conn.close()


def _assert_same(live: LiveSchema, fresh: LiveSchema, where: str) -> None:
    import dictdiffer

    differences = list(dictdiffer.diff(fresh.to_dict(), live.to_dict()))
    assert not differences, (
        f"{where}: migrated schema differs from generate_schemas():\n"
        + "\n".join(str(d) for d in differences[:20])
    )


Moves = dict[str, tuple[str, dict[str, str | None]]]


def _moves(proj: FixtureProject, location: Path, renames: tuple[str, ...]) -> Moves:
    """old table -> (new table, {old column: new column or None when dropped/narrowed}).

    Recomputed from the last two snapshots with the same hints the migration was made with,
    so the expectation follows the same renames the migration performed.
    """
    result: Moves = {}
    for app in proj.apps:
        migrations = load_migrations(location, app)
        if len(migrations) < 2:
            continue
        old, new = migrations[-2].state(), migrations[-1].state()
        operations = diff(old, new, NoRenameQuestioner(), RenameHints.parse(renames))
        dialect = get_dialect(new.dialect)
        names = {t: (t, {c: c for c in old.table(t).column_names}) for t in old.tables}
        for op in operations:
            for table, (current, columns) in list(names.items()):
                if isinstance(op, ops.RenameTable) and op.table == current:
                    names[table] = (op.new_name, columns)
                elif op.table != current:
                    continue
                elif isinstance(op, ops.DropTable):
                    del names[table]
                elif isinstance(op, ops.RenameColumn):
                    _rename_value(columns, op.old_name, op.new_name)
                elif isinstance(op, ops.DropColumn) or (
                    isinstance(op, ops.AlterColumn) and dialect.loses_data(op)
                ):
                    _rename_value(
                        columns,
                        op.column.name if isinstance(op, ops.DropColumn) else op.old.name,
                        None,
                    )
        result.update(names)
    return result


def _rename_value(columns: dict[str, str | None], old: str, new: str | None) -> None:
    for key, value in columns.items():
        if value == old:
            columns[key] = new


def _assert_rows_survive(before: Dump, after: Dump, moves: Moves, where: str) -> int:
    """Every surviving table keeps its rows and values; returns how many rows were checked."""
    checked = 0
    for table, rows in before.items():
        if table == HISTORY or table not in moves:
            continue
        new_table, columns = moves[table]
        assert new_table in after, f"{where}: table {table} (now {new_table}) vanished"
        kept = {old: new for old, new in columns.items() if new is not None}
        expected = sorted(({new: row[old] for old, new in kept.items()} for row in rows), key=repr)
        actual = sorted(
            ({new: row[new] for new in kept.values()} for row in after[new_table]), key=repr
        )
        assert len(after[new_table]) == len(rows), (
            f"{where}: {new_table} had {len(rows)} rows before the migration, "
            f"{len(after[new_table])} after"
        )
        assert actual == expected, f"{where}: values in {new_table} changed"
        checked += len(rows)
    return checked
