"""table_sql.py: CHECK constraints and AUTOINCREMENT read from a table's CREATE statement,
on text and on a real SQLite file (two tables that differ only in that property)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveCheck, LiveSchema
from migrator.dialects.sqlite.table_sql import autoincrement, checks, definitions
from migrator.drift import compare_table
from tests.dialects.sqlite.support import (
    DIALECT,
    connect,
    create_statements,
    execute_all,
    library_state,
)

MakeDb = Callable[[str], DatabaseConfig]


def test_checks_of_columns_and_of_the_table() -> None:
    sql = (
        'CREATE TABLE "t" ("a" INT CONSTRAINT "a_pos" CHECK ("a" > 0) NOT NULL, '
        "b TEXT CHECK (b IN ('x,y', 'z)')), c INT, CHECK (c   <\n b), "
        "CONSTRAINT [c big] CHECK (c > 10))"
    )
    assert checks(sql) == [
        LiveCheck("a_pos", '"a" > 0'),
        LiveCheck(None, "b IN ('x,y', 'z)')"),
        LiveCheck(None, "c < b"),
        LiveCheck("c big", "c > 10"),
    ]
    assert checks('CREATE TABLE "check" ("check" INT)') == []


def test_comments_are_skipped() -> None:
    """Tortoise writes descriptions as /* ... */ (an apostrophe included)."""
    sql = (
        'CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL\n'
        "/* it\\'s, CHECK (x) */,\n"
        '"a" INT, -- a\'s CHECK (y), here\n'
        "CHECK (a > 0)) /* Authors of 'books' */"
    )
    assert definitions(sql) == [
        ['"id"', "INTEGER", "PRIMARY", "KEY", "AUTOINCREMENT", "NOT", "NULL"],
        ['"a"', "INT"],
        ["CHECK", "(a > 0)"],
    ]
    assert checks(sql) == [LiveCheck(None, "a > 0")]


def test_autoincrement_is_read_from_the_statement() -> None:
    assert autoincrement('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL)')
    assert not autoincrement('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY NOT NULL)')
    assert not autoincrement('CREATE TABLE "t" ("x" TEXT DEFAULT \'AUTOINCREMENT\')')


async def _live(db: DatabaseConfig, statements: Sequence[str]) -> LiveSchema:
    conn = await connect(db)
    try:
        await execute_all(conn, statements)
        return await DIALECT.backend(db).inspect(conn)
    finally:
        await conn.close()


def test_a_table_without_autoincrement_is_reported(make_db: MakeDb) -> None:
    want = asyncio.run(
        _live(make_db("sqlite"), ['CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT)'])
    )
    have = asyncio.run(_live(make_db("sqlite"), ['CREATE TABLE "t" ("id" INTEGER PRIMARY KEY)']))
    assert want.tables["t"].autoincrement is True
    assert have.tables["t"].autoincrement is False
    assert compare_table(want.tables["t"], have.tables["t"]) == [
        "the primary key is not AUTOINCREMENT, expected AUTOINCREMENT"
    ]


def test_checks_differing_only_in_condition_are_reported(make_db: MakeDb) -> None:
    want = asyncio.run(
        _live(make_db("sqlite"), ['CREATE TABLE "t" ("a" INT, CONSTRAINT "a_pos" CHECK (a > 0))'])
    )
    have = asyncio.run(
        _live(make_db("sqlite"), ['CREATE TABLE "t" ("a" INT, CONSTRAINT "a_pos" CHECK (a >= 0))'])
    )
    assert compare_table(want.tables["t"], have.tables["t"]) == [
        "check constraint a_pos is CHECK (a >= 0), expected CHECK (a > 0)"
    ]
    same = asyncio.run(
        _live(make_db("sqlite"), ['CREATE TABLE "t" ("a" INT, CONSTRAINT "a_pos" CHECK (a > 0))'])
    )
    assert same == want


def test_a_check_added_with_a_column_is_read(make_db: MakeDb) -> None:
    """ALTER TABLE ADD COLUMN appends the column's text, CHECK included, to the statement."""
    live = asyncio.run(
        _live(
            make_db("sqlite"),
            ['CREATE TABLE "t" ("a" INT)', 'ALTER TABLE "t" ADD COLUMN "b" INT CHECK (b < 5)'],
        )
    )
    assert live.tables["t"].checks == (LiveCheck(None, "b < 5"),)


def test_tortoise_style_tables_read_autoincrement_and_no_checks(make_db: MakeDb) -> None:
    """Tortoise's SQLite keys are INTEGER PRIMARY KEY AUTOINCREMENT; through tables have none."""
    live = asyncio.run(_live(make_db("sqlite"), create_statements(library_state())))
    assert {name: t.autoincrement for name, t in live.tables.items()} == {
        "author": True,
        "book": True,
        "book_author": False,
    }
    assert all(t.checks == () for t in live.tables.values())
