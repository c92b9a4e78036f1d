"""inspect() on a real PostgreSQL server, and parity with a schema Tortoise creates itself."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from migrator.capture import capture_apps
from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.inspector import (
    LiveColumn,
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveUnique,
)
from tests.conftest import db_url
from tests.dialects.postgres.support import (
    LIBRARY_MODELS,
    build,
    invented_names,
    library_state,
    live,
    run,
)

MakeDb = Callable[[str], DatabaseConfig]


def test_inspect_reads_columns_constraints_and_indexes(make_db: MakeDb) -> None:
    db = make_db("postgres")
    asyncio.run(build(db, library_state()))
    asyncio.run(run(db, ['CREATE INDEX "expr_idx" ON "author" (lower("email"), "score" DESC)']))
    schema = asyncio.run(live(db))
    author, book = schema.tables["author"], schema.tables["book"]

    assert author.comment == "Authors of 'books'"
    assert author.columns["id"] == LiveColumn(
        "id", "integer", False, "nextval('author_id_seq'::regclass)", True, sequence="author_id_seq"
    )
    assert author.columns["name"] == LiveColumn(
        "name", "character varying(100)", False, None, False, "it's the name"
    )
    assert author.columns["active"].default == "true"
    assert book.columns["id"].type == "bigint"
    assert book.columns["isbn"].null is True
    # PostgreSQL's own names (author_name_key) read as None, Tortoise's are kept
    assert author.uniques == (
        LiveUnique("uid_author_name_a6d6ba", ("name", "email")),
        LiveUnique(None, ("name",)),
    )
    assert LiveIndex("idx_author_tags_92e8bc", ("tags",), False, None, "gin") in author.indexes
    assert LiveIndex("active_email", ("email",), False, "(active = true)") in author.indexes
    assert LiveIndex("expr_idx", ("lower(email::text)", "score DESC"), False) in author.indexes
    assert book.foreign_keys == (
        LiveForeignKey(None, ("author_id",), "author", ("id",), "CASCADE", "NO ACTION"),
        LiveForeignKey(None, ("editor_id",), "author", ("id",), "SET NULL", "NO ACTION"),
    )
    assert schema.tables["book_author"].indexes == (
        LiveIndex("uidx_book_author_book_id_818352", ("book_id", "author_id"), True),
    )


def test_inspect_keeps_names_postgres_would_not_choose(make_db: MakeDb) -> None:
    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                'CREATE TABLE "p" ("id" INT PRIMARY KEY)',
                'CREATE TABLE "c" ("id" INT, "p_id" INT, '
                'CONSTRAINT "my_fk" FOREIGN KEY ("p_id") REFERENCES "p" ("id") ON DELETE RESTRICT, '
                'CONSTRAINT "old_id_key" UNIQUE ("id"))',
                'CREATE TABLE "migrator_history" ("id" INT)',
            ],
        )
    )
    schema = asyncio.run(live(db))
    assert schema.tables["c"].foreign_keys == (
        LiveForeignKey("my_fk", ("p_id",), "p", ("id",), "RESTRICT", "NO ACTION"),
    )
    assert schema.tables["c"].uniques == (LiveUnique("old_id_key", ("id",)),)
    assert "migrator_history" in schema.tables  # callers filter it, not inspect


def test_inspect_of_an_empty_database_is_empty(make_db: MakeDb) -> None:
    assert asyncio.run(live(make_db("postgres"))).tables == {}


def test_tortoise_generate_schemas_equals_our_create_statements(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tortoise creates the schema from the models; we create it from the captured state."""
    from tortoise.context import TortoiseContext

    theirs_db, ours_db = make_db("postgres"), make_db("postgres")
    (tmp_path / "pg_parity_models.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    config = {
        "connections": {"default": db_url(theirs_db)},
        "apps": {"models": {"models": ["pg_parity_models"]}},
    }

    async def tortoise_creates() -> None:
        async with TortoiseContext() as ctx:
            await ctx.init(config=config)
            await ctx.generate_schemas(safe=False)

    try:
        asyncio.run(tortoise_creates())
        state = capture_apps(config, {"models": get_dialect("postgres")})["models"]
    finally:
        sys.modules.pop("pg_parity_models", None)
    asyncio.run(build(ours_db, state))

    theirs, ours = asyncio.run(live(theirs_db)), asyncio.run(live(ours_db))
    assert set(theirs.tables) == {"author", "book", "book_author"}
    assert ours == theirs
    assert asyncio.run(invented_names(ours_db)) == asyncio.run(invented_names(theirs_db))


def test_fk_on_update_and_descending_keys_are_read(make_db: MakeDb) -> None:
    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                'CREATE TABLE "p" ("id" INT PRIMARY KEY)',
                'CREATE TABLE "c" ("id" INT, "p_id" INT REFERENCES "p" ("id") '
                "ON DELETE SET NULL ON UPDATE CASCADE)",
                'CREATE INDEX "by_p" ON "c" USING hash ("p_id")',
                'CREATE INDEX "by_id" ON "c" ("id" DESC, lower("p_id"::text) DESC, "p_id")',
            ],
        )
    )
    c = asyncio.run(live(db)).tables["c"]
    assert c.foreign_keys == (LiveForeignKey(None, ("p_id",), "p", ("id",), "SET NULL", "CASCADE"),)
    assert c.indexes == (
        LiveIndex("by_id", ("id DESC", "lower(p_id::text) DESC", "p_id"), False),
        LiveIndex("by_p", ("p_id",), False, None, "hash"),
    )


def test_a_null_default_reads_as_no_default(make_db: MakeDb) -> None:
    """PostgreSQL stores ``DEFAULT NULL`` of a VARCHAR as ``NULL::character varying`` (and of
    an INT as nothing): either way a row without the column gets NULL, so no default."""
    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                'CREATE TABLE "t" ("a" VARCHAR(10) DEFAULT NULL, "b" INT DEFAULT NULL, '
                '"c" VARCHAR(10) DEFAULT \'NULL\', "d" INT DEFAULT 0)'
            ],
        )
    )
    columns = asyncio.run(live(db)).tables["t"].columns
    assert {name: col.default for name, col in columns.items()} == {
        "a": None,
        "b": None,
        "c": "'NULL'::character varying",
        "d": "0",
    }


def test_inspect_reads_the_schemas_the_models_name_keyed_schema_dot_table(
    make_db: MakeDb,
) -> None:
    """Tables of current_schema() keep their names; those of the schemas asked for are keyed
    "schema.table" (a table name may repeat across schemas), foreign keys name their target
    the same way, and a schema nobody asked for stays unread."""
    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                'CREATE SCHEMA "lib"',
                'CREATE SCHEMA "other"',
                'CREATE TABLE "author" ("id" SERIAL PRIMARY KEY)',
                'CREATE TABLE "lib"."author" ("id" SERIAL PRIMARY KEY, "name" TEXT UNIQUE)',
                'CREATE TABLE "lib"."book" ("id" INT PRIMARY KEY,'
                ' "author_id" INT REFERENCES "lib"."author" ("id"),'
                ' "reviewer_id" INT REFERENCES "author" ("id"))',
                'CREATE INDEX "idx_book" ON "lib"."book" ("author_id")',
                'CREATE TABLE "loan" ("book_id" INT REFERENCES "lib"."book" ("id"))',
                'CREATE TABLE "other"."hidden" ("id" INT)',
            ],
        )
    )

    async def read() -> LiveSchema:
        conn = await get_dialect("postgres").backend(db).connect()
        try:
            return await get_dialect("postgres").backend(db).inspect(conn, ["lib"])
        finally:
            await conn.close()

    schema = asyncio.run(read())
    assert sorted(schema.tables) == ["author", "lib.author", "lib.book", "loan"]
    lib_author = schema.tables["lib.author"]
    assert lib_author.name == "lib.author"
    assert lib_author.columns["id"].default == "nextval('lib.author_id_seq'::regclass)"
    # PostgreSQL's own names, invented from the bare table name, read as None
    assert lib_author.uniques == (LiveUnique(None, ("name",)),)
    book = schema.tables["lib.book"]
    assert book.foreign_keys == (
        LiveForeignKey(None, ("author_id",), "lib.author", ("id",), "NO ACTION", "NO ACTION"),
        LiveForeignKey(None, ("reviewer_id",), "author", ("id",), "NO ACTION", "NO ACTION"),
    )
    assert book.indexes == (LiveIndex("idx_book", ("author_id",), False),)
    loan = schema.tables["loan"]
    assert loan.foreign_keys[0].ref_table == "lib.book"


def test_an_invalid_index_is_read_as_invalid_and_drift_says_so(make_db: MakeDb) -> None:
    """A unique index built CONCURRENTLY over duplicates fails and stays behind INVALID."""
    from migrator.drift import compare_table

    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                'CREATE TABLE "t" ("id" INT PRIMARY KEY, "n" INT)',
                'INSERT INTO "t" VALUES (1, 7), (2, 7)',
            ],
        )
    )
    with pytest.raises(Exception, match="could not create unique index"):
        asyncio.run(run(db, ['CREATE UNIQUE INDEX CONCURRENTLY "t_n" ON "t" ("n")']))
    t = asyncio.run(live(db)).tables["t"]
    assert t.indexes == (LiveIndex("t_n", ("n",), True, None, None, False),)
    without = replace(t, indexes=())
    assert compare_table(without, t) == [
        "extra index t_n UNIQUE on (n) (INVALID: left by a failed CREATE INDEX CONCURRENTLY; "
        "upgrade drops it before building an index of that name again, else drop it by hand)"
    ]
