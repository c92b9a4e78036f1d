"""Renames on a real PostgreSQL server leave the names a fresh CREATE TABLE would choose."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveUnique
from migrator.dialects.postgres import names as names
from migrator.state import Column, ForeignKey, SchemaState, Table
from tests.dialects.postgres.support import (
    build,
    fetch,
    invented_names,
    library_state,
    live,
    migrate,
    run,
    second_schema,
)

MakeDb = Callable[[str], DatabaseConfig]
SEED = [
    'INSERT INTO "author" ("name", "email", "tags") VALUES (\'Ann\', \'a@x\', \'[]\')',
    'INSERT INTO "book" ("title", "isbn", "author_id") VALUES (\'T\', \'1-2\', 1)',
    'INSERT INTO "book_author" VALUES (1, 1)',
]


def migrated_equals_fresh(
    make_db: MakeDb, before: SchemaState, steps: Sequence[ops.Operation], seed: list[str]
) -> SchemaState:
    """Run ``steps`` on a database built from ``before``; compare with a fresh build."""
    db = make_db("postgres")
    fresh = asyncio.run(second_schema(db))
    asyncio.run(build(db, before))
    asyncio.run(run(db, seed))
    after = asyncio.run(migrate(db, before, steps))
    asyncio.run(build(fresh, after))
    assert asyncio.run(live(db)) == asyncio.run(live(fresh))
    assert asyncio.run(invented_names(db)) == asyncio.run(invented_names(fresh))
    return after


def test_rename_table_renames_key_sequence_unique_and_foreign_keys(make_db: MakeDb) -> None:
    after = migrated_equals_fresh(
        make_db, library_state(), [ops.RenameTable("book", "volume")], SEED
    )
    assert "volume" in after.tables


def test_rename_table_through_a_temporary_name(make_db: MakeDb) -> None:
    steps = [
        ops.RenameTable("author", "__migrator_tmp_author"),
        ops.RenameTable("__migrator_tmp_author", "writer"),
    ]
    migrated_equals_fresh(make_db, library_state(), steps, SEED)


def test_rename_columns_renames_their_constraints_and_sequence(make_db: MakeDb) -> None:
    steps = [
        ops.RenameColumn("book", "isbn", "code"),
        ops.RenameColumn("book", "author_id", "writer_id"),
        ops.RenameColumn("book", "id", "key"),
        ops.RenameColumn("author", "name", "full_name"),
    ]
    migrated_equals_fresh(make_db, library_state(), steps, SEED)


def test_data_survives_renames(make_db: MakeDb) -> None:
    db = make_db("postgres")
    asyncio.run(build(db, library_state()))
    asyncio.run(run(db, SEED))
    asyncio.run(
        migrate(
            db,
            library_state(),
            [ops.RenameTable("book", "volume"), ops.RenameColumn("volume", "id", "key")],
        )
    )
    asyncio.run(run(db, ['INSERT INTO "volume" ("title", "author_id") VALUES (\'U\', 1)']))
    rows = asyncio.run(fetch(db, 'SELECT "key", "title", "isbn" FROM "volume" ORDER BY 1'))
    assert rows == [(1, "T", "1-2"), (2, "U", None)]


LONG_A = "a_rather_long_table_name_that_nearly_fills_the_identifier_limit"  # 63 bytes
LONG_B = "b_rather_long_table_name_that_nearly_fills_the_identifier_limit"
LONG_COL = "a_column_name_long_enough_to_force_truncation_of_both_parts"


@pytest.mark.parametrize(
    "steps",
    [
        [ops.RenameTable(LONG_A, LONG_B)],
        [ops.RenameColumn(LONG_A, LONG_COL, "short")],
        [ops.RenameTable(LONG_A, "ünïcødé_tåble_ñame_with_multibyte_characters_x")],
    ],
    ids=["table", "column", "multibyte"],
)
def test_renames_with_truncated_names(make_db: MakeDb, steps: list[ops.Operation]) -> None:
    assert len(LONG_A.encode()) == 63
    table = Table(
        LONG_A,
        (
            Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY"),
            Column(LONG_COL, "INT", null=True, unique=True, fk=ForeignKey(LONG_A, "id", "CASCADE")),
        ),
    )
    migrated_equals_fresh(make_db, SchemaState("postgres", {LONG_A: table}), steps, [])


def test_a_plain_rename_leaves_stale_names_that_inspect_reports(make_db: MakeDb) -> None:
    """Without the constraint renames, inspect shows the old names instead of None."""
    db = make_db("postgres")
    asyncio.run(build(db, library_state()))
    asyncio.run(run(db, ['ALTER TABLE "book" RENAME TO "volume"']))
    volume = asyncio.run(live(db)).tables["volume"]
    assert volume.uniques == (LiveUnique("book_isbn_key", ("isbn",)),)
    assert {fk.name for fk in volume.foreign_keys} == {
        "book_author_id_fkey",
        "book_editor_id_fkey",
    }
    assert names.unique_key_name("volume", ["isbn"]) == "volume_isbn_key"
