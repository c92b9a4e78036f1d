"""The asyncpg connection, database creation and the advisory deploy lock, on a real server."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
from collections.abc import Callable
from dataclasses import replace

import asyncpg
import pytest

from migrator.connection import Connection, DatabaseConfig
from migrator.dialects.postgres import PostgresDialect
from migrator.dialects.postgres.backend import lock_id
from migrator.errors import DatabaseError
from tests.conftest import backend_for

pg = PostgresDialect()
MakeDb = Callable[[str], DatabaseConfig]


async def _with_conn(db: DatabaseConfig, work: Callable[[Connection], object]) -> object:
    conn = await pg.backend(db).connect()
    try:
        return await work(conn)  # type: ignore[misc]
    finally:
        await conn.close()


def test_execute_and_fetch_rows_as_tuples(make_db: MakeDb) -> None:
    db = make_db("postgres")

    async def work(conn: Connection) -> list[tuple[object, ...]]:
        await conn.execute('CREATE TABLE "t" ("id" INT, "name" TEXT)')
        await conn.execute('INSERT INTO "t" VALUES ($1, $2)', (1, "it's"))
        await conn.execute("INSERT INTO \"t\" VALUES (2, 'two')")
        return await conn.fetch('SELECT "id", "name" FROM "t" WHERE "id" >= $1 ORDER BY 1', (1,))

    assert asyncio.run(_with_conn(db, work)) == [(1, "it's"), (2, "two")]


def test_dollar_quoted_body_with_parameter_markers_runs_without_params(make_db: MakeDb) -> None:
    db = make_db("postgres")
    function = (
        'CREATE FUNCTION "plus_one"(integer) RETURNS integer AS $body$\n'
        "    SELECT $1 + 1  -- '$2' is text here\n"
        "$body$ LANGUAGE sql"
    )

    async def work(conn: Connection) -> list[tuple[object, ...]]:
        await conn.execute(function)
        await conn.execute("DO $$ BEGIN RAISE NOTICE '$1 and $2'; END $$")
        return await conn.fetch('SELECT "plus_one"($1)', (41,))

    assert asyncio.run(_with_conn(db, work)) == [(42,)]


def test_literals_round_trip_through_the_server(make_db: MakeDb) -> None:
    db = make_db("postgres")
    texts = ["it's", "back\\slash\\'", "$$ $1 ;", "tab\tnew\nline", "ünïcødé ☃"]

    async def work(conn: Connection) -> list[tuple[object, ...]]:
        sql = "SELECT " + ", ".join(pg.literal(t) for t in texts) + f", {pg.literal(b'ab')}"
        return await conn.fetch(sql)

    assert asyncio.run(_with_conn(db, work)) == [(*texts, b"ab")]


def test_connect_error_names_the_database_and_hides_the_password(make_db: MakeDb) -> None:
    db = make_db("postgres")
    missing = replace(
        db,
        credentials={**db.credentials, "database": "no_such_db_x", "password": "s3cret-pw"},
    )
    with pytest.raises(DatabaseError) as info:
        asyncio.run(pg.backend(missing).connect())
    message = str(info.value)
    assert "no_such_db_x" in message
    assert "s3cret-pw" not in message
    assert "***" in message


def test_unreachable_server_is_a_database_error(make_db: MakeDb) -> None:
    db = make_db("postgres")
    closed_port = replace(db, credentials={**db.credentials, "port": 1, "password": "pw-9"})
    with pytest.raises(DatabaseError, match=r"could not connect to postgres://") as info:
        asyncio.run(pg.backend(closed_port).connect())
    assert "pw-9" not in str(info.value)


def test_unknown_credential_keys_are_ignored(make_db: MakeDb) -> None:
    db = make_db("postgres")
    extra = replace(db, credentials={**db.credentials, "maxsize": "3", "minsize": "1"})
    assert asyncio.run(_with_conn(extra, lambda c: c.fetch("SELECT 1"))) == [(1,)]


def test_drop_database_removes_it(make_db: MakeDb) -> None:
    db = make_db("postgres")
    held = asyncio.run(pg.backend(db).connect())  # FORCE ends sessions still connected
    try:
        asyncio.run(pg.backend(db).drop_database())
    finally:
        asyncio.run(_close_quietly(held))
    with pytest.raises(DatabaseError, match="does not exist"):
        asyncio.run(pg.backend(db).connect())


async def _close_quietly(conn: Connection) -> None:
    with contextlib.suppress(Exception):  # the server already ended this session
        await conn.close()


def test_history_table_takes_aware_timestamps(make_db: MakeDb) -> None:
    db = make_db("postgres")
    now = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)

    async def work(conn: Connection) -> list[tuple[object, ...]]:
        for statement in pg.history_table_statements("migrator_history"):
            await conn.execute(statement)
        marks = ", ".join(pg.placeholder(i) for i in range(1, 9))
        await conn.execute(
            'INSERT INTO "migrator_history" ("app", "version", "name", "checksum", "status", '
            f'"statements_done", "applied_at", "duration_ms") VALUES ({marks})',
            (
                "models",
                "0001",
                "init",
                "abc",
                "applied",
                3,
                backend_for(pg).timestamp_param(now),
                5,
            ),
        )
        return await conn.fetch('SELECT "id", "applied_at" FROM "migrator_history"')

    assert asyncio.run(_with_conn(db, work)) == [(1, now)]


# -- deploy lock ------------------------------------------------------------------------------


def test_lock_id_is_stable_signed_64_bit() -> None:
    assert lock_id("app") == lock_id("app")
    assert lock_id("app") != lock_id("other")
    assert all(-(2**63) <= lock_id(k) < 2**63 for k in ("a", "b", "migrator:models"))


def test_lock_excludes_a_second_connection_until_released(make_db: MakeDb) -> None:
    db = make_db("postgres")

    async def scenario() -> tuple[bool, bool, float, bool, bool]:
        first, second = await pg.backend(db).connect(), await pg.backend(db).connect()
        try:
            got_first = await pg.backend(db).acquire_lock(first, "deploy", timeout=1)
            started = time.monotonic()
            got_second = await pg.backend(db).acquire_lock(second, "deploy", timeout=0.3)
            waited = time.monotonic() - started
            other_key = await pg.backend(db).acquire_lock(second, "another", timeout=0)
            await pg.backend(db).release_lock(first, "deploy")
            after_release = await pg.backend(db).acquire_lock(second, "deploy", timeout=1)
            return got_first, got_second, waited, other_key, after_release
        finally:
            await first.close()
            await second.close()

    got_first, got_second, waited, other_key, after_release = asyncio.run(scenario())
    assert got_first is True
    assert got_second is False
    assert waited >= 0.3
    assert other_key is True
    assert after_release is True


def test_lock_dies_with_the_holding_connection(make_db: MakeDb) -> None:
    db = make_db("postgres")

    async def scenario() -> tuple[bool, bool, bool]:
        holder, waiter = await pg.backend(db).connect(), await pg.backend(db).connect()
        try:
            held = await pg.backend(db).acquire_lock(holder, "deploy", timeout=1)
            blocked = await pg.backend(db).acquire_lock(waiter, "deploy", timeout=0)
            await holder.close()  # as if the runner was killed
            freed = await pg.backend(db).acquire_lock(waiter, "deploy", timeout=5)
            return held, blocked, freed
        finally:
            await waiter.close()

    assert asyncio.run(scenario()) == (True, False, True)


def test_a_failed_concurrent_build_is_cleared_in_its_tables_schema(make_db: MakeDb) -> None:
    """A Meta.schema table's index lands in the table's schema: the INVALID leftover of a
    failed CREATE UNIQUE INDEX CONCURRENTLY is found and dropped there."""
    db = make_db("postgres")
    build = 'CREATE UNIQUE INDEX CONCURRENTLY "u_a" ON "lib"."t" ("a")'
    invalid = (
        "SELECT n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid"
    )

    async def go() -> None:
        backend = PostgresDialect().backend(db)
        conn = await backend.connect()
        try:
            await conn.execute('CREATE SCHEMA "lib"')
            await conn.execute('CREATE TABLE "lib"."t" ("a" INT)')
            await conn.execute('INSERT INTO "lib"."t" VALUES (1), (1)')
            with pytest.raises(asyncpg.exceptions.UniqueViolationError):
                await conn.execute(build)
            assert await conn.fetch(invalid) == [("lib", "u_a")]
            assert await backend.clear_failed_build(conn, build) == "u_a"
            assert await conn.fetch(invalid) == []
        finally:
            await conn.close()

    asyncio.run(go())


def test_a_url_without_a_database_name_connects_as_asyncpg_does(make_db: MakeDb) -> None:
    """asyncpg, like libpq, takes the user's name for a missing database name (Tortoise
    passes the None through the same way)."""
    db = make_db("postgres")
    nameless = replace(db, credentials={**db.credentials, "database": None})
    user = db.credentials["user"]

    async def work(conn: Connection) -> object:
        return await conn.fetch("SELECT current_database()")

    assert asyncio.run(_with_conn(nameless, work)) == [(user,)]
