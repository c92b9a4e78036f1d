"""Golden SQL for every operation on SQLite (no database), plus literals and comments."""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

import pytest
from tortoise.converters import encoders

from migrator import operations as ops
from migrator.dialects import get_dialect
from migrator.dialects.sqlite import SqliteDialect
from migrator.errors import ModelsError
from migrator.state import Column, ForeignKey, Index, UniqueConstraint
from tests.dialects.sqlite.support import DIALECT, ID, library_state, parent_child_state

STATE = parent_child_state()
PARENT = STATE.table("parent")
CHILD = STATE.table("child")
NAME, CODE = PARENT.column("name"), PARENT.column("code")

# the tail every rebuild of "parent" ends with (its AUTOINCREMENT key keeps its sequence)
PARENT_TAIL = [
    'DELETE FROM "sqlite_sequence" WHERE "name" = \'_migrator_new_parent\'',
    'INSERT INTO "sqlite_sequence" ("name", "seq") SELECT \'_migrator_new_parent\', "seq" '
    'FROM "sqlite_sequence" WHERE "name" = \'parent\'',
    'DROP TABLE "parent"',
    "PRAGMA legacy_alter_table=ON",
    'ALTER TABLE "_migrator_new_parent" RENAME TO "parent"',
    "PRAGMA legacy_alter_table=OFF",
    'CREATE INDEX "idx_parent_name" ON "parent" ("name")',
]
ID_LINE = '    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n'


def render(op: ops.Operation) -> list[str]:
    return DIALECT.render(op, STATE)


def test_registry_returns_the_sqlite_dialect() -> None:
    dialect = get_dialect("sqlite")
    assert isinstance(dialect, SqliteDialect)
    assert (dialect.name, dialect.begin_sql, dialect.supports_comments) == (
        "sqlite",
        "BEGIN IMMEDIATE",
        False,
    )


def test_create_table_has_tortoise_shape() -> None:
    author = library_state().table("author")
    assert DIALECT.render(ops.CreateTable(author), library_state()) == [
        'CREATE TABLE "author" (\n'
        + ID_LINE
        + '    "name" VARCHAR(100) NOT NULL UNIQUE /* it\'s *\\/ the name */,\n'
        '    "email" VARCHAR(200),\n'
        '    "active" INT NOT NULL DEFAULT 1,\n'
        '    "score" REAL NOT NULL DEFAULT 1.5,\n'
        '    CONSTRAINT "uid_author_name_a6d6ba" UNIQUE ("name", "email")\n'
        ") /* Authors of 'books' */",
        'CREATE INDEX "active_email" ON "author" ("email") WHERE active = true',
        'CREATE INDEX "idx_author_email_dce662" ON "author" ("email")',
        'CREATE INDEX "my_idx" ON "author" ("score")',
    ]


def test_foreign_key_column_puts_its_comment_after_references() -> None:
    book = library_state().table("book")
    assert DIALECT.column_definition(book.column("author_id"), "book") == (
        '"author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE CASCADE /* who */'
    )


def test_drop_and_rename_table() -> None:
    assert render(ops.DropTable(CHILD)) == ['DROP TABLE "child"']
    assert render(ops.RenameTable("parent", "mother")) == [
        'ALTER TABLE "parent" RENAME TO "mother"'
    ]


def test_comment_only_changes_render_nothing() -> None:
    assert render(ops.SetTableComment("parent", None, "new")) == []
    assert render(ops.AlterColumn("parent", NAME, replace(NAME, comment="c"))) == []


@pytest.mark.parametrize(
    ("column", "sql"),
    [
        (Column("age", "INT", null=True), '"age" INT'),
        (Column("age", "INT", default="0"), '"age" INT NOT NULL DEFAULT 0'),
        (
            Column("p2", "INT", null=True, fk=ForeignKey("parent", "id", "SET NULL")),
            '"p2" INT REFERENCES "parent" ("id") ON DELETE SET NULL',
        ),
    ],
)
def test_add_column_in_place(column: Column, sql: str) -> None:
    assert render(ops.AddColumn("parent", column)) == [f'ALTER TABLE "parent" ADD COLUMN {sql}']


def test_add_not_null_column_with_fill_rebuilds() -> None:
    assert render(ops.AddColumn("parent", Column("age", "INT"), fill="7")) == [
        'CREATE TABLE "_migrator_new_parent" (\n' + ID_LINE + '    "name" VARCHAR(50),\n'
        '    "code" VARCHAR(10),\n'
        '    "age" INT NOT NULL\n'
        ")",
        'INSERT INTO "_migrator_new_parent" ("id", "name", "code", "age") '
        'SELECT "id", "name", "code", 7 FROM "parent"',
        *PARENT_TAIL,
    ]


@pytest.mark.parametrize(
    "column",
    [
        Column("age", "INT", null=True, unique=True),
        Column("at", "TIMESTAMP", null=True, default="CURRENT_TIMESTAMP"),
        Column("at", "TEXT", null=True, default="(datetime('now'))"),
        Column("age", "INT"),  # NOT NULL without a default
        Column("p2", "INT", default="1", fk=ForeignKey("parent", "id", "CASCADE")),
    ],
)
def test_add_column_that_sqlite_refuses_in_place_rebuilds(column: Column) -> None:
    statements = render(ops.AddColumn("parent", column))
    assert statements[0].startswith('CREATE TABLE "_migrator_new_parent" (')
    assert DIALECT.column_definition(column, "parent") in statements[0]
    assert statements[-len(PARENT_TAIL) :] == PARENT_TAIL
    # the new column is left to its default (or NULL): it is not in the copy
    assert statements[1] == (
        'INSERT INTO "_migrator_new_parent" ("id", "name", "code") '
        'SELECT "id", "name", "code" FROM "parent"'
    )


def test_drop_column_in_place_and_by_rebuild() -> None:
    assert render(ops.DropColumn("parent", CODE)) == ['ALTER TABLE "parent" DROP COLUMN "code"']
    # "name" is indexed, so SQLite refuses DROP COLUMN
    assert render(ops.DropColumn("parent", NAME)) == [
        'CREATE TABLE "_migrator_new_parent" (\n' + ID_LINE + '    "code" VARCHAR(10)\n)',
        'INSERT INTO "_migrator_new_parent" ("id", "code") SELECT "id", "code" FROM "parent"',
        *PARENT_TAIL,
    ]


def test_rename_column() -> None:
    assert render(ops.RenameColumn("parent", "code", "label")) == [
        'ALTER TABLE "parent" RENAME COLUMN "code" TO "label"'
    ]


def test_alter_column_to_not_null_fills_nulls_with_the_default() -> None:
    new = replace(CODE, null=False, default="'x'")
    assert render(ops.AlterColumn("parent", CODE, new)) == [
        'CREATE TABLE "_migrator_new_parent" (\n' + ID_LINE + '    "name" VARCHAR(50),\n'
        "    \"code\" VARCHAR(10) NOT NULL DEFAULT 'x'\n"
        ")",
        'INSERT INTO "_migrator_new_parent" ("id", "name", "code") '
        'SELECT "id", "name", COALESCE("code", \'x\') FROM "parent"',
        *PARENT_TAIL,
    ]


def test_alter_column_to_not_null_uses_backfill_without_default() -> None:
    new = replace(CODE, null=False, backfill="'?'")
    statements = render(ops.AlterColumn("parent", CODE, new))
    assert statements[1].endswith('SELECT "id", "name", COALESCE("code", \'?\') FROM "parent"')
    assert '"code" VARCHAR(10) NOT NULL\n' in statements[0]  # backfill is not DDL


def test_alter_foreign_key_rebuilds_child_without_sequence_copy() -> None:
    old = CHILD.column("parent_id")
    new = replace(old, null=True, fk=ForeignKey("parent", "id", "SET NULL"))
    assert render(ops.AlterColumn("child", old, new)) == [
        'CREATE TABLE "_migrator_new_child" (\n'
        + ID_LINE
        + '    "parent_id" INT REFERENCES "parent" ("id") ON DELETE SET NULL\n'
        ")",
        'INSERT INTO "_migrator_new_child" ("id", "parent_id") '
        'SELECT "id", "parent_id" FROM "child"',
        'DELETE FROM "sqlite_sequence" WHERE "name" = \'_migrator_new_child\'',
        'INSERT INTO "sqlite_sequence" ("name", "seq") SELECT \'_migrator_new_child\', "seq" '
        'FROM "sqlite_sequence" WHERE "name" = \'child\'',
        'DROP TABLE "child"',
        "PRAGMA legacy_alter_table=ON",
        'ALTER TABLE "_migrator_new_child" RENAME TO "child"',
        "PRAGMA legacy_alter_table=OFF",
        'CREATE INDEX "idx_child_parent" ON "child" ("parent_id")',
    ]


def test_table_without_autoincrement_skips_the_sequence() -> None:
    tag = Column("tag", "VARCHAR(10)", pk=True)
    state = STATE.with_table(replace(PARENT, name="tag", columns=(tag, NAME), indexes=()))
    op = ops.AlterColumn("tag", NAME, replace(NAME, type="TEXT"))
    assert DIALECT.render(op, state) == [
        'CREATE TABLE "_migrator_new_tag" (\n'
        '    "tag" VARCHAR(10) NOT NULL PRIMARY KEY,\n'
        '    "name" TEXT\n'
        ")",
        'INSERT INTO "_migrator_new_tag" ("tag", "name") SELECT "tag", "name" FROM "tag"',
        'DROP TABLE "tag"',
        "PRAGMA legacy_alter_table=ON",
        'ALTER TABLE "_migrator_new_tag" RENAME TO "tag"',
        "PRAGMA legacy_alter_table=OFF",
    ]


def test_indexes() -> None:
    index = Index("idx_parent_code", ("code",), unique=True, where="code IS NOT NULL")
    assert render(ops.AddIndex("parent", index)) == [
        'CREATE UNIQUE INDEX "idx_parent_code" ON "parent" ("code") WHERE code IS NOT NULL'
    ]
    expression = Index("idx_lower", expressions=("lower(name)",))
    assert render(ops.AddIndex("parent", expression)) == [
        'CREATE INDEX "idx_lower" ON "parent" (lower(name))'
    ]
    old = PARENT.indexes[0]
    assert render(ops.DropIndex("parent", old)) == ['DROP INDEX "idx_parent_name"']
    assert render(ops.RenameIndex("parent", old, replace(old, name="idx_new"))) == [
        'DROP INDEX "idx_parent_name"',
        'CREATE INDEX "idx_new" ON "parent" ("name")',
    ]


def test_unique_constraints_rebuild() -> None:
    unique = UniqueConstraint("uid_parent_name", ("name", "code"))
    create_with = (
        'CREATE TABLE "_migrator_new_parent" (\n' + ID_LINE + '    "name" VARCHAR(50),\n'
        '    "code" VARCHAR(10),\n'
        '    CONSTRAINT "{}" UNIQUE ("name", "code")\n'
        ")"
    )
    copy = (
        'INSERT INTO "_migrator_new_parent" ("id", "name", "code") '
        'SELECT "id", "name", "code" FROM "parent"'
    )
    assert render(ops.AddUnique("parent", unique)) == [
        create_with.format("uid_parent_name"),
        copy,
        *PARENT_TAIL,
    ]
    with_unique = ops.AddUnique("parent", unique).apply(STATE)
    renamed = ops.RenameUnique("parent", unique, replace(unique, name="uid_other"))
    assert DIALECT.render(renamed, with_unique) == [
        create_with.format("uid_other"),
        copy,
        *PARENT_TAIL,
    ]
    dropped = DIALECT.render(ops.DropUnique("parent", unique), with_unique)
    assert dropped[0] == create_with.replace(',\n    CONSTRAINT "{}" UNIQUE ("name", "code")', "")
    assert dropped[1:] == [copy, *PARENT_TAIL]


def test_render_all_merges_consecutive_rebuilds_of_one_table() -> None:
    operations: list[ops.Operation] = [
        ops.AlterColumn("parent", CODE, replace(CODE, type="VARCHAR(20)")),
        ops.SetTableComment("parent", None, "people"),
        ops.AddColumn("parent", Column("age", "INT"), fill="7"),
        ops.AddUnique("parent", UniqueConstraint("uid_parent_age", ("age",))),
        ops.AddIndex("parent", Index("idx_parent_age", ("age",))),
        ops.AlterColumn("child", ID, replace(ID, comment="key")),
    ]
    rendered = DIALECT.render_all(operations, STATE)
    assert [r.ops for r in rendered] == [
        tuple(operations[:4]),
        (operations[4],),
        (operations[5],),
    ]
    assert rendered[0].statements == (
        'CREATE TABLE "_migrator_new_parent" (\n' + ID_LINE + '    "name" VARCHAR(50),\n'
        '    "code" VARCHAR(20),\n'
        '    "age" INT NOT NULL,\n'
        '    CONSTRAINT "uid_parent_age" UNIQUE ("age")\n'
        ") /* people */",
        'INSERT INTO "_migrator_new_parent" ("id", "name", "code", "age") '
        'SELECT "id", "name", "code", 7 FROM "parent"',
        *PARENT_TAIL,
    )
    assert rendered[1].statements == ('CREATE INDEX "idx_parent_age" ON "parent" ("age")',)
    assert rendered[2].statements == ()
    assert not any(r.destructive for r in rendered)


def test_render_all_keeps_in_place_operations_apart() -> None:
    operations: list[ops.Operation] = [
        ops.AlterColumn("parent", CODE, replace(CODE, type="INT")),
        ops.RenameColumn("parent", "name", "label"),
        ops.AlterColumn("parent", CODE, replace(CODE, type="TEXT")),
    ]
    rendered = DIALECT.render_all(operations, STATE)
    assert [len(r.ops) for r in rendered] == [1, 1, 1]
    assert rendered[1].statements == ('ALTER TABLE "parent" RENAME COLUMN "name" TO "label"',)
    # the second rebuild sees the renamed column and the first rebuild's type
    assert '"label" VARCHAR(50)' in rendered[2].statements[0]
    assert 'SELECT "id", "label", "code" FROM "parent"' in rendered[2].statements[1]
    assert [r.destructive for r in rendered] == [True, False, False]


def test_destructive_is_about_type_affinity() -> None:
    assert not DIALECT.narrows("VARCHAR(200)", "VARCHAR(10)")  # lengths are not enforced
    assert not DIALECT.narrows("INT", "TEXT")
    assert not DIALECT.narrows("INT", "BIGINT")
    assert DIALECT.narrows("TEXT", "INT")  # '012' would become 12
    assert DIALECT.narrows("REAL", "INT")
    assert DIALECT.loses_data(ops.DropColumn("parent", CODE))


# -- literals and comments ----------------------------------------------------------------

TORTOISE_SPELLED = [
    True,
    False,
    0,
    -42,
    1.5,
    0.1,
    1e20,
    Decimal("12.50"),
    "plain text",
    datetime.date(2024, 1, 2),
    datetime.datetime(2024, 1, 2, 3, 4, 5, 678),
    datetime.time(3, 4, 5),
    datetime.time(3, 4, 5, 6),
    datetime.timedelta(days=1, seconds=5),
]


@pytest.mark.parametrize("value", TORTOISE_SPELLED, ids=repr)
def test_literal_matches_tortoise_encoders(value: Any) -> None:
    encode = cast("Callable[[Any], str]", encoders[type(value)])
    assert DIALECT.literal(value) == encode(value)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("it's", "it's"),
        ("back\\slash\nnew line", "back\\slash\nnew line"),
        ("nul\x00byte", "nul\x00byte"),
        (b"\x00\xff", b"\x00\xff"),
        (None, None),
        (float("inf"), float("inf")),
        (float("-inf"), float("-inf")),
        (float("nan"), None),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        ({"a": [1, 2]}, '{"a": [1, 2]}'),
        (True, 1),
    ],
    ids=repr,
)
def test_literal_is_valid_sqlite_for_awkward_values(value: Any, stored: Any) -> None:
    with sqlite3.connect(":memory:") as db:
        db.execute(f"CREATE TABLE t (v DEFAULT {DIALECT.literal(value)}, k INT)")
        db.execute("INSERT INTO t (k) VALUES (1)")
        assert db.execute("SELECT v FROM t").fetchone()[0] == stored


def test_literal_refuses_a_decimal_nan() -> None:
    with pytest.raises(ModelsError, match="finite"):
        DIALECT.literal(Decimal("NaN"))


def test_comment_cannot_break_out() -> None:
    evil = 'x */ , "evil" INT, /* \\ \n'
    column = Column("name", "TEXT", null=True, comment=evil)
    table = replace(PARENT, columns=(ID, column), indexes=(), comment=evil + " */ ; DROP")
    statements = DIALECT.create_table_statements(table)
    assert "*/ ," not in statements[0]
    with sqlite3.connect(":memory:") as db:
        for statement in statements:
            db.execute(statement)
        assert [r[1] for r in db.execute('PRAGMA table_info("parent")')] == ["id", "name"]


def test_names_with_quotes_are_escaped() -> None:
    column = Column('we"ird', "INT", null=True)
    assert render(ops.AddColumn("parent", column)) == [
        'ALTER TABLE "parent" ADD COLUMN "we""ird" INT'
    ]
