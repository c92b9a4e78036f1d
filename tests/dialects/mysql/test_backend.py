"""The asyncmy connection, database creation, the history table and the GET_LOCK deploy lock
on a real MariaDB server."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable
from dataclasses import replace

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects.mysql import backend as mysql_backend
from migrator.errors import ConfigError, DatabaseError
from migrator.history import History, HistoryRow, Status
from tests.dialects.mysql.support import fetch, my

MakeDb = Callable[[str], DatabaseConfig]


def test_execute_and_fetch_keep_percent_signs_without_parameters(make_db: MakeDb) -> None:
    db = make_db("mysql")

    async def scenario() -> list[list[tuple[object, ...]]]:
        conn = await my.backend(db).connect()
        try:
            await conn.execute("CREATE TABLE `t` (`v` VARCHAR(20) NOT NULL)")
            await conn.execute("INSERT INTO `t` VALUES ('100%'), ('50%s')")
            await conn.execute("INSERT INTO `t` VALUES (%s)", ("it's %s",))
            return [
                await conn.fetch("SELECT `v` FROM `t` WHERE `v` LIKE '%\\%' ORDER BY `v`"),
                await conn.fetch("SELECT `v` FROM `t` WHERE `v` = %s", ("it's %s",)),
                await conn.fetch("SELECT `v` FROM `t` WHERE `v` = '50%s'"),
            ]
        finally:
            await conn.close()

    assert asyncio.run(scenario()) == [[("100%",)], [("it's %s",)], [("50%s",)]]


def test_connection_is_in_autocommit_with_strict_mode(make_db: MakeDb) -> None:
    db = make_db("mysql")
    assert asyncio.run(fetch(db, "SELECT @@autocommit, @@sql_mode, DATABASE()")) == [
        (1, "STRICT_TRANS_TABLES", db.database)
    ]


def test_a_list_of_sql_modes_from_the_url_is_set_as_given(make_db: MakeDb) -> None:
    """asyncmy would splice sql_mode into SET unquoted: a comma-separated list broke it."""
    from dataclasses import replace

    db = make_db("mysql")
    modes = "STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE"
    db = replace(db, credentials={**db.credentials, "sql_mode": modes})
    [(mode,)] = asyncio.run(fetch(db, "SELECT @@SESSION.sql_mode"))
    assert set(str(mode).split(",")) == set(modes.split(","))


def test_created_database_uses_tortoise_charset(make_db: MakeDb) -> None:
    db = make_db("mysql")
    rows = asyncio.run(
        fetch(
            db,
            "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
            "WHERE SCHEMA_NAME = DATABASE()",
        )
    )
    assert rows == [("utf8mb4",)]


def test_drop_database_is_idempotent(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(my.backend(db).drop_database())
    asyncio.run(my.backend(db).drop_database())
    with pytest.raises(DatabaseError, match="Unknown database"):
        asyncio.run(my.backend(db).connect())


def test_connection_errors_name_the_server_but_never_the_password(make_db: MakeDb) -> None:
    db = make_db("mysql")
    secret = "s3cret-pw"
    wrong = replace(db, credentials={**db.credentials, "password": secret, "user": "nobody"})
    with pytest.raises(DatabaseError) as info:
        asyncio.run(my.backend(wrong).connect())
    message = str(info.value)
    assert secret not in message
    assert "mysql://nobody:***@127.0.0.1:3306/" in message
    assert "denied" in message

    closed_port = replace(db, credentials={**db.credentials, "port": 1, "password": secret})
    with pytest.raises(DatabaseError, match="could not connect") as info:
        asyncio.run(my.backend(closed_port).connect())
    assert secret not in str(info.value)


def test_unknown_charset_is_a_config_error(make_db: MakeDb) -> None:
    db = make_db("mysql")
    odd = replace(db, credentials={**db.credentials, "charset": "klingon"})
    with pytest.raises(ConfigError, match="klingon"):
        asyncio.run(my.backend(odd).connect())


def test_history_table_round_trip(make_db: MakeDb) -> None:
    """The runner's history table works with this dialect's DDL and placeholders."""
    db = make_db("mysql")
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)

    async def scenario() -> list[object]:
        conn = await my.backend(db).connect()
        try:
            history = History(conn, my.backend(db), "migrator_history")
            await history.ensure()
            await history.ensure()
            await history.record(
                HistoryRow("app", "0001", "init", "abc", Status.PARTIAL, 0, when, 5)
            )
            await history.update_progress("app", "0001", Status.APPLIED, 3, 7, "def")
            rows = await history.rows("app")
            row = rows[0]
            return [await history.exists(), row.status, row.applied_at, row.checksum, row.progress]
        finally:
            await conn.close()

    assert asyncio.run(scenario()) == [
        True,
        Status.APPLIED,
        when.replace(tzinfo=None),
        "def",
        "applied",
    ]


# -- deploy lock ---------------------------------------------------------------------------


def test_lock_excludes_a_second_connection_until_released_or_closed(make_db: MakeDb) -> None:
    db = make_db("mysql")

    async def scenario() -> list[bool]:
        first, second = await my.backend(db).connect(), await my.backend(db).connect()
        try:
            got = [await my.backend(db).acquire_lock(first, "app", 1)]
            got.append(await my.backend(db).acquire_lock(second, "app", 0.2))  # held: times out
            got.append(await my.backend(db).acquire_lock(second, "other-key", 0))
            await my.backend(db).release_lock(first, "app")
            got.append(await my.backend(db).acquire_lock(second, "app", 1))
            await second.close()  # the lock dies with the connection
            got.append(await my.backend(db).acquire_lock(first, "app", 1))
            return got
        finally:
            await first.close()

    assert asyncio.run(scenario()) == [True, False, True, True, True]


def test_lock_names_are_per_database_and_fit_get_lock(make_db: MakeDb) -> None:
    one, two = make_db("mysql"), make_db("mysql")

    async def scenario() -> tuple[bool, bool, str]:
        a, b = await my.backend(one).connect(), await my.backend(two).connect()
        try:
            long_key = "k" * 100
            held = await my.backend(one).acquire_lock(a, long_key, 0)
            other_db = await my.backend(two).acquire_lock(b, long_key, 0)
            return held, other_db, await mysql_backend.lock_name(a, long_key)
        finally:
            await a.close()
            await b.close()

    held, other_db, name = asyncio.run(scenario())
    assert held and other_db
    assert len(name) <= 64
    assert name != asyncio.run(_lock_name(two, "k" * 100))


async def _lock_name(db: DatabaseConfig, key: str) -> str:
    conn = await my.backend(db).connect()
    try:
        return await mysql_backend.lock_name(conn, key)
    finally:
        await conn.close()


def test_a_url_without_a_database_name_is_a_clear_error(make_db: MakeDb) -> None:
    db = make_db("mysql")
    nameless = replace(db, credentials={**db.credentials, "database": None})
    with pytest.raises(DatabaseError) as info:
        asyncio.run(my.backend(nameless).connect())
    shown = f"mysql://{db.credentials['user']}@{db.credentials['host']}:{db.credentials['port']}"
    assert str(info.value) == (
        f"connection 'default' ({shown}) names no database; add its name to the db_url, "
        "e.g. mysql://user:***@host:3306/name"
    )
