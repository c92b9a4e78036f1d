"""Golden SQL for tables in other schemas (Tortoise's Meta.schema) on PostgreSQL: every
statement names ``"schema"."table"``, indexes and sequences by their table's schema, and the
first table of a schema creates it (no database needed, except for the moves run on a
server at the end)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.dialects.postgres import PostgresDialect
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint
from tests.dialects.postgres.support import migrate

pg = PostgresDialect()

ID = Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY")
AUTHOR = Table(
    "lib.author",
    (ID, Column("name", "VARCHAR(50)", comment="pen name")),
    indexes=(Index("idx_author_name_1", ("name",)),),
    uniques=(UniqueConstraint("uid_author_name_2", ("name",)),),
    comment="writers",
    schema="lib",
)
MEMBER = Table("member", (ID, Column("name", "VARCHAR(50)")))
BOOK = Table(
    "lib.book",
    (
        ID,
        Column("author_id", "INT", fk=ForeignKey("lib.author", "id", "CASCADE")),
        Column("member_id", "INT", null=True, fk=ForeignKey("member", "id", "SET NULL")),
    ),
    schema="lib",
)
# the same table name as MEMBER, in another schema: its own key, no collision
LIB_MEMBER = Table("lib.member", (ID,), schema="lib")
STATE = SchemaState("postgres", {t.name: t for t in (AUTHOR, MEMBER, BOOK, LIB_MEMBER)})


def sql(op: ops.Operation, state: SchemaState = STATE) -> list[str]:
    return pg.render(op, state)


def test_the_first_table_of_a_schema_creates_the_schema_first() -> None:
    assert sql(ops.CreateTable(AUTHOR), SchemaState("postgres")) == [
        'CREATE SCHEMA IF NOT EXISTS "lib"',
        'CREATE TABLE "lib"."author" (\n'
        '    "id" SERIAL NOT NULL PRIMARY KEY,\n'
        '    "name" VARCHAR(50) NOT NULL,\n'
        '    CONSTRAINT "uid_author_name_2" UNIQUE ("name")\n'
        ")",
        'CREATE INDEX "idx_author_name_1" ON "lib"."author" ("name")',
        'COMMENT ON COLUMN "lib"."author"."name" IS \'pen name\'',
        'COMMENT ON TABLE "lib"."author" IS \'writers\'',
    ]


def test_later_tables_of_a_schema_do_not_create_it_again() -> None:
    before = SchemaState("postgres", {"lib.author": AUTHOR, "member": MEMBER})
    assert sql(ops.CreateTable(BOOK), before) == [
        'CREATE TABLE "lib"."book" (\n'
        '    "id" SERIAL NOT NULL PRIMARY KEY,\n'
        '    "author_id" INT NOT NULL REFERENCES "lib"."author" ("id") ON DELETE CASCADE,\n'
        '    "member_id" INT REFERENCES "member" ("id") ON DELETE SET NULL\n'
        ")"
    ]


def test_a_table_of_the_own_schema_referencing_another_schema() -> None:
    loan = Table("loan", (ID, Column("book_id", "INT", fk=ForeignKey("lib.book", "id", "CASCADE"))))
    assert sql(ops.CreateTable(loan)) == [
        'CREATE TABLE "loan" (\n'
        '    "id" SERIAL NOT NULL PRIMARY KEY,\n'
        '    "book_id" INT NOT NULL REFERENCES "lib"."book" ("id") ON DELETE CASCADE\n'
        ")"
    ]


def test_two_tables_of_one_name_in_two_schemas() -> None:
    assert sql(ops.DropTable(LIB_MEMBER)) == ['DROP TABLE "lib"."member"']
    assert sql(ops.DropTable(MEMBER)) == ['DROP TABLE "member"']


def test_dropping_the_last_table_of_a_schema_leaves_the_schema() -> None:
    alone = SchemaState("postgres", {"lib.author": AUTHOR})
    assert sql(ops.DropTable(AUTHOR), alone) == ['DROP TABLE "lib"."author"']


def test_columns_comments_and_fills_are_qualified() -> None:
    born = Column("born", "INT", null=True, comment="year")
    assert sql(ops.AddColumn("lib.author", born)) == [
        'ALTER TABLE "lib"."author" ADD COLUMN "born" INT',
        'COMMENT ON COLUMN "lib"."author"."born" IS \'year\'',
    ]
    assert sql(ops.RenameColumn("lib.author", "name", "full_name")) == [
        'ALTER TABLE "lib"."author" RENAME COLUMN "name" TO "full_name"'
    ]
    assert sql(ops.SetTableComment("lib.author", "writers", None)) == [
        'COMMENT ON TABLE "lib"."author" IS NULL'
    ]
    assert sql(ops.FillColumn("lib.author", "name", "'x'")) == [
        'UPDATE "lib"."author" SET "name" = \'x\' WHERE "name" IS NULL'
    ]


def test_indexes_live_in_their_tables_schema() -> None:
    index = Index("idx_author_born_3", ("born",))
    assert sql(ops.AddIndex("lib.author", index)) == [
        'CREATE INDEX "idx_author_born_3" ON "lib"."author" ("born")'
    ]
    assert sql(ops.DropIndex("lib.author", AUTHOR.indexes[0])) == [
        'DROP INDEX "lib"."idx_author_name_1"'
    ]
    renamed = Index("idx_author_name_9", ("name",))
    assert sql(ops.RenameIndex("lib.author", AUTHOR.indexes[0], renamed)) == [
        'ALTER INDEX "lib"."idx_author_name_1" RENAME TO "idx_author_name_9"'
    ]
    assert sql(ops.DropUnique("lib.author", AUTHOR.uniques[0])) == [
        'ALTER TABLE "lib"."author" DROP CONSTRAINT "uid_author_name_2"'
    ]


def test_a_rename_inside_a_schema_keeps_it_and_renames_the_invented_names() -> None:
    assert sql(ops.RenameTable("lib.author", "lib.writer", "lib", "lib")) == [
        'ALTER TABLE "lib"."author" RENAME TO "writer"',
        'ALTER TABLE "lib"."writer" RENAME CONSTRAINT "author_pkey" TO "writer_pkey"',
        'ALTER SEQUENCE "lib"."author_id_seq" RENAME TO "writer_id_seq"',
    ]


def test_a_move_to_another_schema_creates_it_and_sets_the_schema() -> None:
    assert sql(ops.RenameTable("lib.author", "archive.author", "lib", "archive")) == [
        'CREATE SCHEMA IF NOT EXISTS "archive"',
        'ALTER TABLE "lib"."author" SET SCHEMA "archive"',
    ]


def test_a_move_and_a_rename_at_once() -> None:
    assert sql(ops.RenameTable("lib.author", "archive.writer", "lib", "archive")) == [
        'CREATE SCHEMA IF NOT EXISTS "archive"',
        'ALTER TABLE "lib"."author" SET SCHEMA "archive"',
        'ALTER TABLE "archive"."author" RENAME TO "writer"',
        'ALTER TABLE "archive"."writer" RENAME CONSTRAINT "author_pkey" TO "writer_pkey"',
        'ALTER SEQUENCE "archive"."author_id_seq" RENAME TO "writer_id_seq"',
    ]


def test_a_move_into_the_connections_own_schema_asks_the_server_for_its_name() -> None:
    assert sql(ops.RenameTable("lib.book", "book", "lib", None)) == [
        'DO $$ BEGIN EXECUTE format(\'ALTER TABLE "lib"."book" SET SCHEMA %I\', '
        "current_schema()); END $$"
    ]
    # and back: the schema exists (lib.author is still there)
    moved = ops.RenameTable("lib.book", "book", "lib", None).apply(STATE)
    assert sql(ops.RenameTable("book", "lib.book", None, "lib"), moved) == [
        'ALTER TABLE "book" SET SCHEMA "lib"'
    ]


def test_a_rename_moves_the_tables_state_and_reverses() -> None:
    op = ops.RenameTable("lib.author", "archive.author", "lib", "archive")
    after = op.apply(STATE)
    moved = after.table("archive.author")
    assert (moved.schema, moved.bare_name) == ("archive", "author")
    fk = after.table("lib.book").column("author_id").fk
    assert fk is not None and fk.ref_table == "archive.author"
    assert op.reverse().apply(after) == STATE


def test_alter_column_serial_and_constraints_are_qualified() -> None:
    old = Column("n", "INT", null=True)
    new = Column("n", "INT", identity="SERIAL NOT NULL")
    assert sql(ops.AlterColumn("lib.author", old, new)) == [
        'CREATE SEQUENCE "lib"."author_n_seq" AS INT OWNED BY "lib"."author"."n"',
        'SELECT setval(\'"lib"."author_n_seq"\', COALESCE(MAX("n"), 0) + 1, false) '
        'FROM "lib"."author"',
        'ALTER TABLE "lib"."author" ALTER COLUMN "n" '
        'SET DEFAULT nextval(\'"lib"."author_n_seq"\'::regclass)',
        'ALTER TABLE "lib"."author" ALTER COLUMN "n" SET NOT NULL',
    ]
    fk = Column("member_id", "INT", null=True, fk=ForeignKey("lib.member", "id", "CASCADE"))
    plain = Column("member_id", "INT", null=True)
    assert sql(ops.AlterColumn("lib.book", plain, fk)) == [
        'ALTER TABLE "lib"."book" ADD CONSTRAINT "book_member_id_fkey" FOREIGN KEY ("member_id")'
        ' REFERENCES "lib"."member" ("id") ON DELETE CASCADE'
    ]


def test_online_forms_are_qualified() -> None:
    index = Index("idx_author_born_3", ("born",))
    online = pg.render_all([ops.AddIndex("lib.author", index)], STATE, online=True)
    assert online[0].statements == (
        'CREATE INDEX CONCURRENTLY "idx_author_born_3" ON "lib"."author" ("born")',
    )
    dropped = pg.render_all([ops.DropIndex("lib.author", AUTHOR.indexes[0])], STATE, online=True)
    assert dropped[0].statements == ('DROP INDEX CONCURRENTLY "lib"."idx_author_name_1"',)
    fk = Column("member_id", "INT", null=True, fk=ForeignKey("member", "id", "CASCADE"))
    added = pg.render_all([ops.AddColumn("lib.author", fk)], STATE, online=True)
    assert added[0].statements == (
        'ALTER TABLE "lib"."author" ADD COLUMN "member_id" INT',
        'ALTER TABLE "lib"."author" ADD CONSTRAINT "author_member_id_fkey" FOREIGN KEY '
        '("member_id") REFERENCES "member" ("id") ON DELETE CASCADE NOT VALID',
        'ALTER TABLE "lib"."author" VALIDATE CONSTRAINT "author_member_id_fkey"',
    )
    nullable, required = Column("born", "INT", null=True), Column("born", "INT", backfill="0")
    alter = pg.render_all([ops.AlterColumn("lib.author", nullable, required)], STATE, online=True)
    assert alter[0].statements == (
        'UPDATE "lib"."author" SET "born" = 0 WHERE "born" IS NULL',
        'ALTER TABLE "lib"."author" ADD CONSTRAINT "author_born_not_null" '
        'CHECK ("born" IS NOT NULL) NOT VALID',
        'ALTER TABLE "lib"."author" VALIDATE CONSTRAINT "author_born_not_null"',
        'ALTER TABLE "lib"."author" ALTER COLUMN "born" SET NOT NULL',
        'ALTER TABLE "lib"."author" DROP CONSTRAINT "author_born_not_null"',
    )


def test_moves_between_schemas_run_on_the_server(make_db: Callable[[str], DatabaseConfig]) -> None:
    """Into the connection's own schema (the DO block) and back, then into a new schema; the
    table's sequence and keys go along, and the live tables are keyed as the state says."""
    db = make_db("postgres")
    start = SchemaState("postgres", {"lib.author": AUTHOR})
    asyncio.run(migrate(db, SchemaState("postgres"), [ops.CreateTable(AUTHOR)]))
    out = ops.RenameTable("lib.author", "author", "lib", None)
    state = asyncio.run(migrate(db, start, [out]))
    assert sorted(asyncio.run(live_in(db, ["lib"])).tables) == ["author"]
    moved = ops.RenameTable("author", "archive.writer", None, "archive")
    state = asyncio.run(migrate(db, state, [moved]))
    schema = asyncio.run(live_in(db, ["lib", "archive"]))
    assert sorted(schema.tables) == ["archive.writer"]
    assert schema.tables["archive.writer"].columns["id"].default == (
        "nextval('archive.writer_id_seq'::regclass)"
    )
    asyncio.run(migrate(db, state, [moved.reverse(), out.reverse()]))
    assert sorted(asyncio.run(live_in(db, ["lib", "archive"])).tables) == ["lib.author"]


async def live_in(db: DatabaseConfig, schemas: list[str]) -> LiveSchema:
    conn = await pg.backend(db).connect()
    try:
        return await pg.backend(db).inspect(conn, schemas)
    finally:
        await conn.close()
