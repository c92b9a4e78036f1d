"""Adding a NOT NULL column without a default to a MariaDB table that has rows.

Left to itself the server fills the rows with the type's implicit zero: '' for JSON (not
JSON, and MariaDB's json_valid CHECK then fails every later table copy) and '0000-00-00' for
DATE (refused under MySQL 8's default sql_mode). The migration writes a valid zero out as a
temporary default instead. The tests run under MySQL 8's default sql_mode, so what passes
here passes there too.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.state import Column, ForeignKey, SchemaState, Table
from tests.dialects.mysql.support import (
    AUTHOR_ID,
    author_table,
    build,
    fetch,
    live,
    migrate,
    my,
    run,
)

MakeDb = Callable[[str], DatabaseConfig]
MYSQL8_SQL_MODE = (
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
)
NOTE = Table("note", (AUTHOR_ID, Column("title", "VARCHAR(50)")))
SEED = "INSERT INTO `note` (`id`, `title`) VALUES (1, 'a'), (2, 'b')"
# (column as Tortoise's MySQL generator types it, the value every existing row must get)
ADDED: tuple[tuple[Column, object], ...] = (
    (Column("data", "JSON"), "null"),
    (Column("due", "DATE"), datetime.date(1970, 1, 1)),
    (Column("seen_at", "DATETIME(6)"), datetime.datetime(1970, 1, 1)),
    (Column("count", "INT"), 0),
    (Column("code", "VARCHAR(20)"), ""),
    (Column("body", "LONGTEXT"), ""),
    (Column("flag", "BOOL"), 0),
    (Column("price", "DECIMAL(10,2)"), Decimal("0.00")),
    (Column("at", "TIME(6)"), datetime.timedelta(0)),
    (Column("raw", "LONGBLOB"), b""),
)


def strict_like_mysql8(db: DatabaseConfig, *session: str) -> DatabaseConfig:
    """``db`` with sessions in MySQL 8's default sql_mode (as ``?sql_mode=`` in the URL
    gives it), plus any other ``SET`` wanted."""
    credentials = {**db.credentials, "sql_mode": MYSQL8_SQL_MODE}
    if session:
        credentials["init_command"] = "; ".join(session)
    return replace(db, credentials=credentials)


def test_rows_get_valid_zero_values_and_the_column_keeps_no_default(make_db: MakeDb) -> None:
    db, fresh = strict_like_mysql8(make_db("mysql")), make_db("mysql")
    state = SchemaState("mysql", {"note": NOTE})
    names = ", ".join(f"`{col.name}`" for col, _ in ADDED)

    async def check() -> None:
        assert "NO_ZERO_DATE" in str((await fetch(db, "SELECT @@SESSION.sql_mode"))[0][0])
        await build(db, state)
        await run(db, [SEED])
        after = await migrate(db, state, [ops.AddColumn("note", col) for col, _ in ADDED])
        expected = tuple(value for _, value in ADDED)
        assert await fetch(db, f"SELECT {names} FROM `note` ORDER BY `id`") == [expected] * 2
        assert await fetch(db, "SELECT COUNT(*) FROM `note` WHERE JSON_VALID(`data`)") == [(2,)]
        migrated = await live(db)
        defaults = {c.name: c.default for c in migrated.tables["note"].columns.values()}
        added_names = [col.name for col, _ in ADDED]
        assert defaults == {"id": "auto_increment", **dict.fromkeys(["title", *added_names])}
        await build(fresh, after)
        assert migrated == await live(fresh)
        # MariaDB copies the table for this ALTER and rechecks JSON: it fails on rows holding ''
        await run(db, ["ALTER TABLE `note` MODIFY COLUMN `title` VARCHAR(60) NOT NULL"])

    asyncio.run(check())


@pytest.mark.parametrize("zone", ["-12:00", "+00:00", "+13:00"])
def test_timestamp_zero_is_in_range_in_every_session_time_zone(make_db: MakeDb, zone: str) -> None:
    db = strict_like_mysql8(make_db("mysql"), f"SET time_zone = '{zone}'")
    state = SchemaState("mysql", {"note": NOTE})

    async def check() -> None:
        assert await fetch(db, "SELECT @@SESSION.time_zone") == [(zone,)]
        await build(db, state)
        await run(db, [SEED])
        await migrate(db, state, [ops.AddColumn("note", Column("stamp", "TIMESTAMP"))])
        rows = await fetch(db, "SELECT UNIX_TIMESTAMP(`stamp`) > 0 FROM `note`")
        assert rows == [(1,), (1,)]
        assert (await live(db)).tables["note"].columns["stamp"].default is None

    asyncio.run(check())


def test_a_not_null_foreign_key_is_still_refused_while_the_table_has_rows(make_db: MakeDb) -> None:
    """implicit_fill is None here: the constraint refuses the zero, as PostgreSQL would."""
    owner = Column("owner_id", "INT", fk=ForeignKey("author", "id", "CASCADE", "fk_note_owner"))
    assert my.implicit_fill(owner) is None
    db = strict_like_mysql8(make_db("mysql"))
    state = SchemaState("mysql", {"author": author_table(), "note": NOTE})

    async def check() -> None:
        await build(db, state)
        await run(db, ["INSERT INTO `author` (`id`, `email`) VALUES (1, 'a@x')", SEED])
        await migrate(db, state, [ops.AddColumn("note", owner)])

    with pytest.raises(Exception, match=r"(?i)foreign key constraint fails"):
        asyncio.run(check())
