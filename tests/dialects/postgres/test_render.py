"""Golden SQL for every operation on PostgreSQL (no database needed)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from migrator import operations as ops
from migrator.dialects.postgres import PostgresDialect
from migrator.errors import AmbiguousChangeError
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint
from tests.dialects.postgres.support import (
    LIBRARY_MODELS,
    author_table,
    book_table,
    library_state,
)

pg = PostgresDialect()
STATE = library_state()


def render(op: ops.Operation, state: SchemaState = STATE) -> list[str]:
    return pg.render(op, state)


# -- quoting, literals, placeholders --------------------------------------------------------


def test_placeholders_are_numbered() -> None:
    assert [pg.placeholder(i) for i in (1, 2, 10)] == ["$1", "$2", "$10"]


@pytest.mark.parametrize(
    ("value", "sql"),
    [
        ("it's", "'it''s'"),
        ("back\\slash", "'back\\slash'"),
        ("$1 $$ -- /* ;", "'$1 $$ -- /* ;'"),
        ("line\nbreak", "'line\nbreak'"),
        (b"\x00\xff", "'\\x00ff'::bytea"),
        (True, "TRUE"),
        (None, "NULL"),
        (float("nan"), "'NaN'::double precision"),
        (float("-inf"), "'-Infinity'::double precision"),
        (1.5, "1.5"),
    ],
)
def test_literal(value: object, sql: str) -> None:
    assert pg.literal(value) == sql


def test_quote_doubles_embedded_quotes() -> None:
    assert pg.quote('we"ird') == '"we""ird"'


# -- tables ---------------------------------------------------------------------------------


def test_create_table_matches_tortoise_layout() -> None:
    assert render(ops.CreateTable(author_table())) == [
        'CREATE TABLE "author" (\n'
        '    "id" SERIAL NOT NULL PRIMARY KEY,\n'
        '    "name" VARCHAR(100) NOT NULL UNIQUE,\n'
        '    "email" VARCHAR(200) NOT NULL,\n'
        '    "tags" JSONB NOT NULL,\n'
        '    "score" INT NOT NULL DEFAULT 0,\n'
        '    "active" BOOL NOT NULL DEFAULT True,\n'
        '    CONSTRAINT "uid_author_name_a6d6ba" UNIQUE ("name", "email")\n'
        ")",
        'CREATE INDEX "active_email" ON "author" ("email") WHERE active = true',
        'CREATE INDEX "idx_author_email_dce662" ON "author" ("email")',
        'CREATE INDEX "idx_author_tags_92e8bc" ON "author" USING GIN ("tags")',
        'CREATE INDEX "my_idx" ON "author" ("score")',
        "COMMENT ON COLUMN \"author\".\"name\" IS 'it''s the name'",
        "COMMENT ON TABLE \"author\" IS 'Authors of ''books'''",
    ]


def test_create_table_with_foreign_keys() -> None:
    assert render(ops.CreateTable(book_table())) == [
        'CREATE TABLE "book" (\n'
        '    "id" BIGSERIAL NOT NULL PRIMARY KEY,\n'
        '    "title" TEXT NOT NULL,\n'
        '    "isbn" VARCHAR(20) UNIQUE,\n'
        '    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE CASCADE,\n'
        '    "editor_id" INT REFERENCES "author" ("id") ON DELETE SET NULL\n'
        ")",
        'COMMENT ON COLUMN "book"."author_id" IS \'who\'',
    ]


def test_create_statements_equal_tortoise_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tortoise's own generator, fed the models behind library_state, writes the same SQL."""
    from tortoise.context import TortoiseContext
    from tortoise.utils import get_schema_sql

    (tmp_path / "pg_render_models.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))

    async def tortoise_sql() -> str:
        async with TortoiseContext() as ctx:
            # no query runs: the generator only needs the connection's dialect
            await ctx.init(
                db_url="postgres://postgres@127.0.0.1:5432/unused",
                modules={"models": ["pg_render_models"]},
            )
            return get_schema_sql(ctx.db("default"), safe=False)

    try:
        theirs = [s.strip() for s in asyncio.run(tortoise_sql()).split(";\n")]
    finally:
        sys.modules.pop("pg_render_models", None)
    theirs[-1] = theirs[-1].rstrip(";")
    ours = [s for t in STATE.sorted_tables() for s in pg.create_table_statements(t)]
    # CREATE TABLE texts must match exactly; index and comment statements may come in
    # another order (Tortoise lists Meta.indexes in declaration order, the state by name)
    assert [s for s in ours if s.startswith("CREATE TABLE")] == [
        s for s in theirs if s.startswith("CREATE TABLE")
    ]
    assert sorted(ours) == sorted(theirs)


def test_drop_table() -> None:
    assert render(ops.DropTable(book_table())) == ['DROP TABLE "book"']


def test_rename_table_renames_invented_names() -> None:
    assert render(ops.RenameTable("book", "volume")) == [
        'ALTER TABLE "book" RENAME TO "volume"',
        'ALTER TABLE "volume" RENAME CONSTRAINT "book_pkey" TO "volume_pkey"',
        'ALTER SEQUENCE "book_id_seq" RENAME TO "volume_id_seq"',
        'ALTER TABLE "volume" RENAME CONSTRAINT "book_isbn_key" TO "volume_isbn_key"',
        'ALTER TABLE "volume" RENAME CONSTRAINT "book_author_id_fkey" TO "volume_author_id_fkey"',
        'ALTER TABLE "volume" RENAME CONSTRAINT "book_editor_id_fkey" TO "volume_editor_id_fkey"',
    ]


def test_rename_table_skips_names_truncation_keeps_equal() -> None:
    long_a, long_b = "t" * 70 + "a", "t" * 70 + "b"  # both cut to the same 63 bytes
    table = Table(long_a, (Column("id", "INT", pk=True),))
    state = SchemaState("postgres", {long_a: table})
    assert render(ops.RenameTable(long_a, long_b), state) == [
        f'ALTER TABLE "{long_a}" RENAME TO "{long_b}"'
    ]


def test_rename_table_leaves_tortoise_chosen_names_to_the_diff() -> None:
    statements = render(ops.RenameTable("author", "writer"))
    assert statements == [
        'ALTER TABLE "author" RENAME TO "writer"',
        'ALTER TABLE "writer" RENAME CONSTRAINT "author_pkey" TO "writer_pkey"',
        'ALTER SEQUENCE "author_id_seq" RENAME TO "writer_id_seq"',
        'ALTER TABLE "writer" RENAME CONSTRAINT "author_name_key" TO "writer_name_key"',
    ]


def test_set_table_comment() -> None:
    assert render(ops.SetTableComment("book", None, "Bob's; --")) == [
        "COMMENT ON TABLE \"book\" IS 'Bob''s; --'"
    ]
    assert render(ops.SetTableComment("book", "x", None)) == ['COMMENT ON TABLE "book" IS NULL']


# -- columns --------------------------------------------------------------------------------


def test_add_column_with_comment() -> None:
    col = Column("pages", "INT", null=True, comment="how many")
    assert render(ops.AddColumn("book", col)) == [
        'ALTER TABLE "book" ADD COLUMN "pages" INT',
        'COMMENT ON COLUMN "book"."pages" IS \'how many\'',
    ]


def test_add_not_null_column_with_fill() -> None:
    col = Column("pages", "INT")
    assert render(ops.AddColumn("book", col, fill="0")) == [
        'ALTER TABLE "book" ADD COLUMN "pages" INT NOT NULL DEFAULT 0',
        'ALTER TABLE "book" ALTER COLUMN "pages" DROP DEFAULT',
    ]


def test_add_unique_foreign_key_column() -> None:
    col = Column(
        "owner_id", "INT", null=True, unique=True, fk=ForeignKey("author", "id", "RESTRICT")
    )
    assert render(ops.AddColumn("book", col)) == [
        'ALTER TABLE "book" ADD COLUMN "owner_id" INT UNIQUE '
        'REFERENCES "author" ("id") ON DELETE RESTRICT'
    ]


def test_drop_column() -> None:
    col = book_table().column("title")
    assert render(ops.DropColumn("book", col)) == ['ALTER TABLE "book" DROP COLUMN "title"']


def test_rename_plain_column() -> None:
    assert render(ops.RenameColumn("book", "title", "name")) == [
        'ALTER TABLE "book" RENAME COLUMN "title" TO "name"'
    ]


def test_rename_column_renames_its_constraints() -> None:
    assert render(ops.RenameColumn("book", "isbn", "code")) == [
        'ALTER TABLE "book" RENAME COLUMN "isbn" TO "code"',
        'ALTER TABLE "book" RENAME CONSTRAINT "book_isbn_key" TO "book_code_key"',
    ]
    assert render(ops.RenameColumn("book", "author_id", "writer_id")) == [
        'ALTER TABLE "book" RENAME COLUMN "author_id" TO "writer_id"',
        'ALTER TABLE "book" RENAME CONSTRAINT "book_author_id_fkey" TO "book_writer_id_fkey"',
    ]
    assert render(ops.RenameColumn("book", "id", "key")) == [
        'ALTER TABLE "book" RENAME COLUMN "id" TO "key"',
        'ALTER SEQUENCE "book_id_seq" RENAME TO "book_key_seq"',
    ]


# -- AlterColumn ----------------------------------------------------------------------------


def alter(old: Column, new: Column, state: SchemaState = STATE) -> list[str]:
    return render(ops.AlterColumn("book", old, new), state)


TITLE = Column("title", "VARCHAR(50)")
A = 'ALTER TABLE "book" ALTER COLUMN "title"'


def test_alter_type() -> None:
    assert alter(TITLE, replace(TITLE, type="TEXT")) == [f'{A} TYPE TEXT USING "title"::TEXT']


def test_alter_to_limited_string_type_relies_on_the_checking_assignment_cast() -> None:
    # "x"::VARCHAR(2) would silently truncate; the implicit cast refuses values too long
    assert alter(TITLE, replace(TITLE, type="VARCHAR(2)")) == [f"{A} TYPE VARCHAR(2)"]
    assert alter(TITLE, replace(TITLE, type="CHAR(2)")) == [f"{A} TYPE CHAR(2)"]


def test_alter_type_re_sets_the_default() -> None:
    old = replace(TITLE, default="'x'")
    assert alter(old, replace(old, type="VARCHAR(100)")) == [
        f"{A} DROP DEFAULT",
        f"{A} TYPE VARCHAR(100)",
        f"{A} SET DEFAULT 'x'",
    ]


def test_alter_set_not_null_backfills() -> None:
    old = replace(TITLE, null=True)
    assert alter(old, replace(TITLE, backfill="'untitled'")) == [
        'UPDATE "book" SET "title" = \'untitled\' WHERE "title" IS NULL',
        f"{A} SET NOT NULL",
    ]
    assert alter(old, replace(TITLE, default="'d'", backfill="'b'")) == [
        'UPDATE "book" SET "title" = \'d\' WHERE "title" IS NULL',
        f"{A} SET NOT NULL",
        f"{A} SET DEFAULT 'd'",
    ]
    assert alter(old, TITLE) == [f"{A} SET NOT NULL"]


def test_alter_drop_not_null() -> None:
    assert alter(TITLE, replace(TITLE, null=True)) == [f"{A} DROP NOT NULL"]


def test_alter_default() -> None:
    assert alter(TITLE, replace(TITLE, default="'x'")) == [f"{A} SET DEFAULT 'x'"]
    assert alter(replace(TITLE, default="'x'"), TITLE) == [f"{A} DROP DEFAULT"]
    assert alter(replace(TITLE, default="'x'"), replace(TITLE, default="'y'")) == [
        f"{A} DROP DEFAULT",
        f"{A} SET DEFAULT 'y'",
    ]


def test_alter_comment() -> None:
    assert alter(TITLE, replace(TITLE, comment="it's")) == [
        "COMMENT ON COLUMN \"book\".\"title\" IS 'it''s'"
    ]
    assert alter(replace(TITLE, comment="x"), TITLE) == ['COMMENT ON COLUMN "book"."title" IS NULL']


def test_alter_unique() -> None:
    assert alter(TITLE, replace(TITLE, unique=True)) == [
        'ALTER TABLE "book" ADD CONSTRAINT "book_title_key" UNIQUE ("title")'
    ]
    assert alter(replace(TITLE, unique=True), TITLE) == [
        'ALTER TABLE "book" DROP CONSTRAINT "book_title_key"'
    ]


def test_alter_foreign_key() -> None:
    col = book_table().column("editor_id")
    restrict = replace(col, fk=ForeignKey("author", "id", "RESTRICT"))
    assert render(ops.AlterColumn("book", col, restrict)) == [
        'ALTER TABLE "book" DROP CONSTRAINT "book_editor_id_fkey"',
        'ALTER TABLE "book" ADD CONSTRAINT "book_editor_id_fkey" FOREIGN KEY ("editor_id") '
        'REFERENCES "author" ("id") ON DELETE RESTRICT',
    ]
    assert render(ops.AlterColumn("book", col, replace(col, fk=None))) == [
        'ALTER TABLE "book" DROP CONSTRAINT "book_editor_id_fkey"'
    ]


def test_alter_serial_to_bigserial_widens_column_and_sequence() -> None:
    old = author_table().column("id")
    new = replace(old, type="BIGINT", identity="BIGSERIAL NOT NULL PRIMARY KEY")
    assert render(ops.AlterColumn("author", old, new)) == [
        'ALTER TABLE "author" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT',
        'ALTER SEQUENCE "author_id_seq" AS BIGINT',
    ]


def test_alter_plain_key_to_serial_creates_the_sequence() -> None:
    old = Column("id", "INT", pk=True)
    new = Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY")
    assert render(ops.AlterColumn("book", old, new)) == [
        'CREATE SEQUENCE "book_id_seq" AS INT OWNED BY "book"."id"',
        """SELECT setval('"book_id_seq"', COALESCE(MAX("id"), 0) + 1, false) FROM "book\"""",
        """ALTER TABLE "book" ALTER COLUMN "id" SET DEFAULT nextval('"book_id_seq"'::regclass)""",
    ]
    assert render(ops.AlterColumn("book", new, old)) == [
        'ALTER TABLE "book" ALTER COLUMN "id" DROP DEFAULT',
        'DROP SEQUENCE "book_id_seq"',
    ]


def test_alter_primary_key_on_and_off() -> None:
    table = Table("t", (Column("a", "INT"), Column("b", "INT")))
    state = SchemaState("postgres", {"t": table})
    on = ops.AlterColumn("t", Column("a", "INT"), Column("a", "INT", pk=True))
    assert pg.render(on, state) == ['ALTER TABLE "t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("a")']
    off = on.reverse()
    assert pg.render(off, on.apply(state)) == ['ALTER TABLE "t" DROP CONSTRAINT "t_pkey"']


def test_alter_second_primary_key_needs_a_hand_written_migration() -> None:
    table = Table("t", (Column("a", "INT", pk=True), Column("b", "INT")))
    state = SchemaState("postgres", {"t": table})
    with pytest.raises(AmbiguousChangeError, match="migrate --empty"):
        pg.render(ops.AlterColumn("t", Column("b", "INT"), Column("b", "INT", pk=True)), state)


def test_dropping_a_referenced_primary_key_needs_a_hand_written_migration() -> None:
    old = author_table().column("id")
    new = Column("id", "INT")
    with pytest.raises(AmbiguousChangeError, match=r"book\.author_id"):
        render(ops.AlterColumn("author", old, new))


def test_unknown_generated_key_change_needs_a_hand_written_migration() -> None:
    old = Column("id", "INT", pk=True, identity="INT GENERATED BY DEFAULT AS IDENTITY")
    with pytest.raises(AmbiguousChangeError, match="by hand"):
        render(ops.AlterColumn("book", old, replace(old, identity="SERIAL NOT NULL PRIMARY KEY")))


def test_alter_several_attributes_in_a_safe_order() -> None:
    old = Column("code", "INT", null=True, unique=True, default="1")
    new = Column("code", "BIGINT", comment="c", default="2", fk=ForeignKey("book", "id", "CASCADE"))
    state = SchemaState("postgres", {"book": replace(book_table(), columns=(old,))})
    assert alter(old, new, state) == [
        'ALTER TABLE "book" DROP CONSTRAINT "book_code_key"',
        'ALTER TABLE "book" ALTER COLUMN "code" DROP DEFAULT',
        'ALTER TABLE "book" ALTER COLUMN "code" TYPE BIGINT USING "code"::BIGINT',
        'UPDATE "book" SET "code" = 2 WHERE "code" IS NULL',
        'ALTER TABLE "book" ALTER COLUMN "code" SET NOT NULL',
        'ALTER TABLE "book" ALTER COLUMN "code" SET DEFAULT 2',
        'COMMENT ON COLUMN "book"."code" IS \'c\'',
        'ALTER TABLE "book" ADD CONSTRAINT "book_code_fkey" FOREIGN KEY ("code") '
        'REFERENCES "book" ("id") ON DELETE CASCADE',
    ]


# -- indexes and constraints ----------------------------------------------------------------


def test_add_indexes() -> None:
    gin = Index("idx_gin", columns=("tags",), using="GIN")
    partial = Index("uidx_p", columns=("a", "b"), unique=True, where="a > 0")
    expression = Index("idx_expr", expressions=('(lower("email"))',))
    assert render(ops.AddIndex("author", gin)) == [
        'CREATE INDEX "idx_gin" ON "author" USING GIN ("tags")'
    ]
    assert render(ops.AddIndex("author", partial)) == [
        'CREATE UNIQUE INDEX "uidx_p" ON "author" ("a", "b") WHERE a > 0'
    ]
    assert render(ops.AddIndex("author", expression)) == [
        'CREATE INDEX "idx_expr" ON "author" ((lower("email")))'
    ]


def test_drop_and_rename_index() -> None:
    index = Index("idx_a", columns=("a",))
    assert render(ops.DropIndex("author", index)) == ['DROP INDEX "idx_a"']
    renamed = replace(index, name="idx_b")
    assert render(ops.RenameIndex("author", index, renamed)) == [
        'ALTER INDEX "idx_a" RENAME TO "idx_b"'
    ]


def test_unique_constraints() -> None:
    unique = UniqueConstraint("uid_x", ("name", "email"))
    assert render(ops.AddUnique("author", unique)) == [
        'ALTER TABLE "author" ADD CONSTRAINT "uid_x" UNIQUE ("name", "email")'
    ]
    assert render(ops.DropUnique("author", unique)) == [
        'ALTER TABLE "author" DROP CONSTRAINT "uid_x"'
    ]
    assert render(ops.RenameUnique("author", unique, replace(unique, name="uid_y"))) == [
        'ALTER TABLE "author" RENAME CONSTRAINT "uid_x" TO "uid_y"'
    ]


def test_every_operation_renders() -> None:
    """No operation falls through to a NotImplementedError in the base dialect."""
    rendered = {type(op) for op in _one_of_each()}
    assert rendered == set(ops.ALL_OPERATIONS)
    for op in _one_of_each():
        assert render(op), op


def _one_of_each() -> list[ops.Operation]:
    title = book_table().column("title")
    index = Index("idx_t", columns=("title",))
    unique = UniqueConstraint("uid_t", ("title",))
    return [
        ops.CreateTable(Table("x", (Column("id", "INT", pk=True),))),
        ops.DropTable(book_table()),
        ops.RenameTable("book", "volume"),
        ops.SetTableComment("book", None, "c"),
        ops.AddColumn("book", Column("n", "INT", null=True)),
        ops.DropColumn("book", title),
        ops.RenameColumn("book", "title", "name"),
        ops.AlterColumn("book", title, replace(title, null=True)),
        ops.AddIndex("book", index),
        ops.DropIndex("book", index),
        ops.RenameIndex("book", index, replace(index, name="idx_u")),
        ops.AddUnique("book", unique),
        ops.DropUnique("book", unique),
        ops.RenameUnique("book", unique, replace(unique, name="uid_u")),
    ]
