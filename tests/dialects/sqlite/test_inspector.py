"""SQLite inspection, checked against a schema Tortoise itself creates."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import (
    LiveColumn,
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveUnique,
)
from migrator.dialects.sqlite.inspector import split_index_sql
from tests.conftest import db_url
from tests.dialects.sqlite.support import (
    DIALECT,
    LIBRARY_MODELS,
    connect,
    create_statements,
    execute_all,
    library_state,
)


async def _inspect_with_sql(db: DatabaseConfig) -> tuple[LiveSchema, dict[str, str]]:
    conn = await connect(db)
    try:
        rows = await conn.fetch("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return await DIALECT.backend(db).inspect(conn), {str(n): str(s) for n, s in rows}
    finally:
        await conn.close()


def _tortoise_database(
    db: DatabaseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Create LIBRARY_MODELS in ``db`` with Tortoise's generate_schemas; return its SQL."""
    from tortoise.context import TortoiseContext
    from tortoise.utils import get_schema_sql

    module = f"sqlite_library_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{module}.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))

    async def build() -> str:
        async with TortoiseContext() as ctx:
            await ctx.init(db_url=db_url(db), modules={"models": [module]})
            sql = get_schema_sql(ctx.db(), safe=False)
            await ctx.generate_schemas(safe=False)
        return sql

    return [s for s in asyncio.run(build()).split(";\n") if s]


def _migrator_database(db: DatabaseConfig) -> None:
    async def build() -> None:
        conn = await connect(db)
        try:
            await execute_all(conn, create_statements(library_state()))
        finally:
            await conn.close()

    asyncio.run(build())


def test_create_statements_are_tortoises_statements(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tortoise_sql = _tortoise_database(make_db("sqlite"), tmp_path, monkeypatch)
    ours = create_statements(library_state())
    # index statements come in name order here, in declaration order from Tortoise
    assert sorted(s.rstrip(";") for s in tortoise_sql) == sorted(ours)


def test_inspect_round_trip_matches_tortoise(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_tortoise, by_migrator = make_db("sqlite"), make_db("sqlite")
    _tortoise_database(by_tortoise, tmp_path, monkeypatch)
    _migrator_database(by_migrator)
    live_tortoise, sql_tortoise = asyncio.run(_inspect_with_sql(by_tortoise))
    live_migrator, sql_migrator = asyncio.run(_inspect_with_sql(by_migrator))
    assert live_migrator == live_tortoise
    assert sql_migrator == sql_tortoise  # byte-identical DDL in sqlite_master
    assert set(live_migrator.tables) == {"author", "book", "book_author"}


def test_inspect_reads_every_kind_of_object(make_db: Any) -> None:
    db = make_db("sqlite")
    _migrator_database(db)
    live, _ = asyncio.run(_inspect_with_sql(db))
    author, book = live.tables["author"], live.tables["book"]
    assert author.columns["id"] == LiveColumn("id", "INTEGER", False, None, True)
    assert author.columns["active"] == LiveColumn("active", "INT", False, "1", False)
    assert author.columns["email"] == LiveColumn("email", "VARCHAR(200)", True, None, False)
    assert author.indexes == (
        LiveIndex("active_email", ("email",), False, where="active = true"),
        LiveIndex("idx_author_email_dce662", ("email",), False),
        LiveIndex("my_idx", ("score",), False),
    )
    assert set(author.uniques) == {LiveUnique(None, ("name",)), LiveUnique(None, ("name", "email"))}
    assert author.comment is None and author.foreign_keys == ()
    assert set(book.foreign_keys) == {
        LiveForeignKey(None, ("author_id",), "author", ("id",), "CASCADE", "NO ACTION"),
        LiveForeignKey(None, ("editor_id",), "author", ("id",), "SET NULL", "NO ACTION"),
    }
    assert live.tables["book_author"].indexes == (
        LiveIndex("uidx_book_author_book_id_818352", ("book_id", "author_id"), True),
    )


def test_inspect_skips_internal_tables_but_keeps_history(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> LiveSchema:
        conn = await connect(db)
        try:
            await execute_all(
                conn,
                [
                    *DIALECT.history_table_statements("migrator_history"),
                    'CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL)',
                    'CREATE TABLE "_migrator_new_t" ("id" INT)',
                    'INSERT INTO "t" DEFAULT VALUES',
                ],
            )
            return await DIALECT.backend(db).inspect(conn)
        finally:
            await conn.close()

    live = asyncio.run(scenario())
    assert sorted(live.tables) == ["migrator_history", "t"]  # no sqlite_sequence, no scratch
    history = live.tables["migrator_history"]
    assert history.uniques == (LiveUnique(None, ("app", "version")),)
    assert history.columns["statements_done"].type == "INT"


def test_inspect_expression_index_and_implicit_reference(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> LiveSchema:
        conn = await connect(db)
        try:
            await execute_all(
                conn,
                [
                    'CREATE TABLE "p" ("code" TEXT NOT NULL PRIMARY KEY, "name" TEXT)',
                    'CREATE TABLE "c" ("p" TEXT REFERENCES "p" ON DELETE no action)',
                    'CREATE UNIQUE INDEX "lower_name" ON "p" (lower("name"), "code") '
                    "WHERE \"name\" <> 'x, (y)'",
                ],
            )
            return await DIALECT.backend(db).inspect(conn)
        finally:
            await conn.close()

    live = asyncio.run(scenario())
    assert live.tables["p"].indexes == (
        LiveIndex("lower_name", ('lower("name")', "code"), True, where="\"name\" <> 'x, (y)'"),
    )
    assert live.tables["p"].uniques == ()  # the primary key's index is not a unique
    assert live.tables["c"].foreign_keys == (
        LiveForeignKey(None, ("p",), "p", ("code",), "NO ACTION", "NO ACTION"),
    )


def test_fk_on_update_and_descending_keys_are_read(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> LiveSchema:
        conn = await connect(db)
        try:
            await execute_all(
                conn,
                [
                    'CREATE TABLE "p" ("id" INTEGER NOT NULL PRIMARY KEY)',
                    'CREATE TABLE "c" ("n" INT, "p_id" INT REFERENCES "p" ("id") '
                    "ON DELETE CASCADE ON UPDATE SET NULL)",
                    'CREATE INDEX "by_n" ON "c" ("n" DESC, lower("n") DESC, "p_id" ASC)',
                ],
            )
            return await DIALECT.backend(db).inspect(conn)
        finally:
            await conn.close()

    c = asyncio.run(scenario()).tables["c"]
    assert c.foreign_keys == (LiveForeignKey(None, ("p_id",), "p", ("id",), "CASCADE", "SET NULL"),)
    assert c.indexes == (LiveIndex("by_n", ("n DESC", 'lower("n") DESC', "p_id"), False),)


@pytest.mark.parametrize(
    ("sql", "items", "where"),
    [
        ('CREATE INDEX "i" ON "t" ("a")', ['"a"'], None),
        ('CREATE INDEX "i(" ON "t(" ("a", "b")', ['"a"', '"b"'], None),
        (
            "CREATE INDEX i ON t (coalesce(a, ','), [b)]) WHERE a = ')'",
            ["coalesce(a, ',')", "[b)]"],
            "a = ')'",
        ),
        ('CREATE INDEX "i" ON "t" ("a") where "x""y" = 1', ['"a"'], '"x""y" = 1'),
        ('CREATE INDEX "i" ON "t" ("a") WHEREVER', ['"a"'], None),
    ],
)
def test_split_index_sql(sql: str, items: list[str], where: str | None) -> None:
    assert split_index_sql(sql) == (items, where)


def test_a_null_default_reads_as_no_default(make_db: Any) -> None:
    """Aerich writes ``DEFAULT NULL`` on nullable columns; it is the same as no default."""
    db = make_db("sqlite")

    async def scenario() -> LiveSchema:
        conn = await connect(db)
        try:
            await execute_all(
                conn,
                [
                    'CREATE TABLE "t" ("a" VARCHAR(10) DEFAULT NULL, "b" INT DEFAULT null, '
                    '"c" TEXT DEFAULT \'NULL\', "d" INT DEFAULT 0)'
                ],
            )
            return await DIALECT.backend(db).inspect(conn)
        finally:
            await conn.close()

    columns = asyncio.run(scenario()).tables["t"].columns
    assert {name: col.default for name, col in columns.items()} == {
        "a": None,
        "b": None,
        "c": "'NULL'",
        "d": "0",
    }
