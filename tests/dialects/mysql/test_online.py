"""MySQL/MariaDB online forms (migrator/dialects/mysql/online.py): which ALTER TABLE gets
which ALGORITHM/LOCK clause, and that the server accepts each form on a table with rows."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.state import Column
from tests.dialects.mysql.support import library_state, my

STATE = library_state()


def online(op: ops.Operation) -> tuple[tuple[str, ...], tuple[str, ...]]:
    form = my.render_online(op, STATE)
    assert form is not None
    return form.statements, form.notes


def alter(table: str, column: str, **changes: object) -> ops.AlterColumn:
    old = STATE.table(table).column(column)
    return ops.AlterColumn(table, old, replace(old, **changes))  # type: ignore[arg-type]


def test_a_column_gaining_or_losing_its_unique_is_built_in_place() -> None:
    assert online(alter("author", "name", unique=True)) == (
        ("ALTER TABLE `author` ADD UNIQUE KEY `name` (`name`), ALGORITHM=INPLACE, LOCK=NONE",),
        ("ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on",),
    )
    assert online(alter("author", "email", unique=False)) == (
        ("ALTER TABLE `author` DROP INDEX `email`, ALGORITHM=INPLACE, LOCK=NONE",),
        ("ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on",),
    )


def test_a_unique_that_comes_with_a_type_change_gets_no_online_clause() -> None:
    statements, notes = online(alter("author", "name", unique=True, type="VARCHAR(150)"))
    assert not any("ALGORITHM" in s for s in statements)
    assert notes == (
        "the server may copy the table here, blocking writes until it is done "
        "(a column type change rebuilds it)",
    )


def test_a_plain_column_is_added_instantly() -> None:
    added = ops.AddColumn("author", Column("nick", "VARCHAR(20)", null=True))
    assert online(added) == (
        ("ALTER TABLE `author` ADD COLUMN `nick` VARCHAR(20), ALGORITHM=INSTANT",),
        ("ALGORITHM=INSTANT: a metadata change, the table stays writable",),
    )


def test_the_server_accepts_the_in_place_unique_forms(make_db: Any) -> None:
    db: DatabaseConfig = make_db("mysql")
    up, _ = online(alter("author", "name", unique=True))
    down, _ = online(alter("author", "email", unique=False))

    async def go() -> list[tuple[Any, ...]]:
        conn = await db.dialect.backend(db).connect()
        try:
            await conn.execute(
                "CREATE TABLE `author` (`id` INT PRIMARY KEY, `name` VARCHAR(100) NOT NULL, "
                "`email` VARCHAR(200) NOT NULL UNIQUE) CHARACTER SET utf8mb4"
            )
            await conn.execute("INSERT INTO `author` VALUES (1, 'ann', 'a@x'), (2, 'bob', 'b@x')")
            for sql in (*up, *down):
                await conn.execute(sql)
            return await conn.fetch(
                "SELECT INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'author' ORDER BY INDEX_NAME"
            )
        finally:
            await conn.close()

    assert sorted(asyncio.run(go())) == [("PRIMARY", 0), ("name", 0)]
