"""AlterColumn on a real PostgreSQL server: rows survive, and the altered table equals a fresh
table created from the new state (same types, defaults, constraints and names)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.state import Column, ForeignKey, SchemaState, Table
from tests.dialects.postgres.support import (
    build,
    fetch,
    invented_names,
    library_state,
    live,
    migrate,
    pg,
    run,
    second_schema,
)

MakeDb = Callable[[str], DatabaseConfig]
SEED_LIBRARY = [
    'INSERT INTO "author" ("name", "email", "tags") VALUES (\'Ann\', \'a@x\', \'[]\')',
    'INSERT INTO "book" ("title", "author_id") VALUES (\'T\', 1)',
]
ID = Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY")


@dataclass(frozen=True)
class Case:
    old: Column
    new: Column
    seed: tuple[str, ...]  # SQL literals inserted into the column before the change
    expected: tuple[object, ...]  # values read back after it


def item_state(col: Column) -> SchemaState:
    return SchemaState("postgres", {"item": Table("item", (ID, col))})


CASES = {
    "int_to_bigint": Case(
        Column("c", "INT"), Column("c", "BIGINT"), ("1", "2147483647"), (1, 2147483647)
    ),
    "varchar_widen_keeps_default": Case(
        Column("c", "VARCHAR(50)", default="'x'"),
        Column("c", "VARCHAR(100)", default="'x'"),
        ("'a'", "DEFAULT"),
        ("a", "x"),
    ),
    "varchar_to_text": Case(
        Column("c", "VARCHAR(50)", null=True),
        Column("c", "TEXT", null=True),
        ("'a'", "NULL"),
        ("a", None),
    ),
    "text_to_int_casts": Case(
        Column("c", "VARCHAR(10)"), Column("c", "INT"), ("'12'", "'7'"), (12, 7)
    ),
    "decimal_widen": Case(
        Column("c", "DECIMAL(10,2)"),
        Column("c", "DECIMAL(12,4)"),
        ("1.25",),
        (Decimal("1.2500"),),
    ),
    "not_null_with_backfill": Case(
        Column("c", "VARCHAR(20)", null=True),
        Column("c", "VARCHAR(20)", backfill="'none'"),
        ("'a'", "NULL"),
        ("a", "none"),
    ),
    "not_null_with_db_default": Case(
        Column("c", "INT", null=True), Column("c", "INT", default="7"), ("1", "NULL"), (1, 7)
    ),
    "drop_not_null": Case(Column("c", "INT"), Column("c", "INT", null=True), ("1",), (1,)),
    "change_default": Case(
        Column("c", "INT", default="1"), Column("c", "INT", default="2"), ("5",), (5,)
    ),
    "drop_default": Case(Column("c", "INT", default="1"), Column("c", "INT"), ("5",), (5,)),
    "comment": Case(
        Column("c", "INT", comment="old"), Column("c", "INT", comment="it's new"), ("3",), (3,)
    ),
    "add_unique": Case(Column("c", "INT"), Column("c", "INT", unique=True), ("1", "2"), (1, 2)),
    "drop_unique": Case(Column("c", "INT", unique=True), Column("c", "INT"), ("1", "2"), (1, 2)),
    "type_and_null_and_default_together": Case(
        Column("c", "SMALLINT", null=True, default="1"),
        Column("c", "BIGINT", default="9", comment="all at once"),
        ("NULL", "3"),
        (9, 3),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_alter_column_keeps_rows_and_matches_fresh(make_db: MakeDb, name: str) -> None:
    case = CASES[name]
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    before = item_state(case.old)

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, before)
        await run(db, [f'INSERT INTO "item" ("c") VALUES ({v})' for v in case.seed])
        after = await migrate(db, before, [ops.AlterColumn("item", case.old, case.new)])
        await build(fresh, after)
        return await fetch(db, 'SELECT "c" FROM "item" ORDER BY "id"')

    rows = asyncio.run(scenario())
    assert [r[0] for r in rows] == list(case.expected)
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))


def test_narrowing_with_data_that_does_not_fit_is_refused(make_db: MakeDb) -> None:
    db = make_db("postgres")
    old, new = Column("c", "VARCHAR(10)"), Column("c", "VARCHAR(2)")
    assert pg.loses_data(ops.AlterColumn("item", old, new))
    asyncio.run(build(db, item_state(old)))
    asyncio.run(run(db, ['INSERT INTO "item" ("c") VALUES (\'too long\')']))
    with pytest.raises(Exception, match="too long"):
        asyncio.run(migrate(db, item_state(old), [ops.AlterColumn("item", old, new)]))


# -- foreign keys ---------------------------------------------------------------------------

PARENT = Table("parent", (ID,))


def child_state(col: Column) -> SchemaState:
    child = Table("child", (ID, col))
    return SchemaState("postgres", {"parent": PARENT, "child": child})


@pytest.mark.parametrize(
    ("old_fk", "new_fk"),
    [
        (None, ForeignKey("parent", "id", "CASCADE")),
        (ForeignKey("parent", "id", "CASCADE"), ForeignKey("parent", "id", "SET NULL")),
        (ForeignKey("parent", "id", "RESTRICT"), None),
    ],
    ids=["add", "change_on_delete", "drop"],
)
def test_foreign_key_changes_match_fresh(
    make_db: MakeDb, old_fk: ForeignKey | None, new_fk: ForeignKey | None
) -> None:
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    old = Column("parent_id", "INT", null=True, fk=old_fk)
    new = replace(old, fk=new_fk)

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, child_state(old))
        await run(db, ['INSERT INTO "parent" DEFAULT VALUES', 'INSERT INTO "child" VALUES (1, 1)'])
        after = await migrate(db, child_state(old), [ops.AlterColumn("child", old, new)])
        await build(fresh, after)
        return await fetch(db, 'SELECT "parent_id" FROM "child"')

    assert asyncio.run(scenario()) == [(1,)]
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))


# -- keys -----------------------------------------------------------------------------------


def test_serial_to_bigserial_keeps_counting(make_db: MakeDb) -> None:
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    name = Column("name", "TEXT")
    big_id = Column("id", "BIGINT", pk=True, identity="BIGSERIAL NOT NULL PRIMARY KEY")
    before = SchemaState("postgres", {"item": Table("item", (ID, name))})

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, before)
        await run(db, ["INSERT INTO \"item\" (\"name\") VALUES ('a'), ('b')"])
        after = await migrate(db, before, [ops.AlterColumn("item", ID, big_id)])
        await run(db, ['INSERT INTO "item" ("name") VALUES (\'c\')'])
        await run(db, ["SELECT setval('item_id_seq', 5000000000)"])  # beyond INT
        await run(db, ['INSERT INTO "item" ("name") VALUES (\'d\')'])
        await build(fresh, after)
        return await fetch(db, 'SELECT "id", "name" FROM "item" ORDER BY "id"')

    assert asyncio.run(scenario()) == [(1, "a"), (2, "b"), (3, "c"), (5000000001, "d")]
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh))


def test_widening_a_referenced_key_and_its_foreign_key_column(make_db: MakeDb) -> None:
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    before = library_state()
    key = before.table("author").column("id")
    ref = before.table("book").column("author_id")
    steps: list[ops.Operation] = [
        ops.AlterColumn(
            "author", key, replace(key, type="BIGINT", identity="BIGSERIAL NOT NULL PRIMARY KEY")
        ),
        ops.AlterColumn("book", ref, replace(ref, type="BIGINT")),
    ]

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, before)
        await run(db, SEED_LIBRARY)
        after = await migrate(db, before, steps)
        await build(fresh, after)
        return await fetch(db, 'SELECT "author_id", "title" FROM "book"')

    assert asyncio.run(scenario()) == [(1, "T")]
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh))


def test_plain_key_becomes_serial_and_back(make_db: MakeDb) -> None:
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    fresh_back = asyncio.run(second_schema(db, "fresh_back"))
    plain = Column("id", "INT", pk=True)
    before = SchemaState("postgres", {"item": Table("item", (plain,))})
    to_serial = ops.AlterColumn("item", plain, ID)

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, before)
        await run(db, ['INSERT INTO "item" VALUES (10), (20)'])
        after = await migrate(db, before, [to_serial])
        await run(db, ['INSERT INTO "item" DEFAULT VALUES'])
        await build(fresh, after)
        return await fetch(db, 'SELECT "id" FROM "item" ORDER BY "id"')

    assert asyncio.run(scenario()) == [(10,), (20,), (21,)]
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh))
    asyncio.run(migrate(db, to_serial.apply(before), [to_serial.reverse()]))
    asyncio.run(build(fresh_back, before))
    assert asyncio.run(live(db)) == asyncio.run(live(fresh_back))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh_back))


def test_primary_key_moves_between_columns(make_db: MakeDb) -> None:
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    a, b = Column("a", "INT", pk=True), Column("b", "INT")
    before = SchemaState("postgres", {"t": Table("t", (a, b))})
    steps: list[ops.Operation] = [
        ops.AlterColumn("t", a, replace(a, pk=False)),
        ops.AlterColumn("t", b, replace(b, pk=True)),
    ]

    async def scenario() -> list[tuple[object, ...]]:
        await build(db, before)
        await run(db, ['INSERT INTO "t" VALUES (1, 2)'])
        after = await migrate(db, before, steps)
        await build(fresh, after)
        return await fetch(db, 'SELECT "a", "b" FROM "t"')

    assert asyncio.run(scenario()) == [(1, 2)]
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh))
