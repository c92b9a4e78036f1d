"""One database as a command sees it (migrator/session.py): the lazily opened connection, the
history table on demand, the deploy lock and what unlock does when the connection is gone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest

from migrator.connection import DatabaseConfig
from migrator.errors import DatabaseError, LockTimeoutError
from migrator.session import DatabaseSession
from tests.conftest import ALL_DIALECTS

MakeDb = Callable[[str], DatabaseConfig]
TABLE = "migrator_history"


def lock_timeout_message(db: DatabaseConfig) -> str:
    # the address is DatabaseConfig.display() (tested in tests/test_secrets.py and the
    # dialects' display tests); what is checked here is the sentence around it
    return (
        f"another migrator run holds the deploy lock for app models on {db.display()} "
        "(waited 0.2 s); wait for it to finish or raise --lock-timeout"
    )


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_the_connection_opens_on_first_use_and_only_once(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def go() -> None:
        session = DatabaseSession(db, TABLE)
        first = await session.connection()
        assert await session.connection() is first
        assert await first.fetch("SELECT 1") == [(1,)]
        await session.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_a_session_on_an_unreachable_database_fails_only_when_used(
    make_db: MakeDb, dialect: str
) -> None:
    db = make_db(dialect)
    missing = replace(db, credentials={**db.credentials, "database": "mig_no_such_db"})

    async def go() -> None:
        session = DatabaseSession(missing, TABLE)  # nothing connects yet
        await session.unlock("models")  # nor here: there is no connection to release
        await session.close()
        with pytest.raises(DatabaseError, match="mig_no_such_db"):
            await session.connection()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_history_without_create_is_none_until_the_table_exists(
    make_db: MakeDb, dialect: str
) -> None:
    db = make_db(dialect)

    async def go() -> list[object]:
        reader, writer = DatabaseSession(db, TABLE), DatabaseSession(db, TABLE)
        try:
            seen: list[object] = [await reader.history(create=False)]
            created = await writer.history(create=True)
            assert created is not None
            seen.append(await created.exists())
            found = await reader.history(create=False)
            assert found is not None
            seen.append(await found.rows("models"))
            return seen
        finally:
            await reader.close()
            await writer.close()

    assert asyncio.run(go()) == [None, True, []]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_a_second_session_waits_for_the_lock_until_the_first_unlocks(
    make_db: MakeDb, dialect: str
) -> None:
    db = make_db(dialect)

    async def go() -> None:
        first, second = DatabaseSession(db, TABLE), DatabaseSession(db, TABLE)
        try:
            await first.lock("models", 5)
            with pytest.raises(LockTimeoutError) as info:
                await second.lock("models", 0.2)
            assert str(info.value) == lock_timeout_message(db)
            await first.unlock("models")
            await second.lock("models", 0.2)
            with pytest.raises(LockTimeoutError):
                await first.lock("models", 0.2)
            await second.unlock("models")
        finally:
            await first.close()
            await second.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_unlock_after_the_connection_died_does_not_raise_and_frees_the_lock(
    make_db: MakeDb, dialect: str
) -> None:
    db = make_db(dialect)

    async def go() -> None:
        first, second = DatabaseSession(db, TABLE), DatabaseSession(db, TABLE)
        try:
            await first.lock("models", 5)
            await (await first.connection()).close()  # the server or network dropped it
            await first.unlock("models")
            await second.lock("models", 0.2)
            await second.unlock("models")
        finally:
            await first.close()
            await second.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_a_failed_release_closes_the_connection_and_the_next_use_opens_a_new_one(
    make_db: MakeDb, dialect: str
) -> None:
    """On the servers the lock is the connection's: releasing it through a dead connection
    fails, so the session drops that connection (and its history handle) instead."""
    db = make_db(dialect)

    async def go() -> None:
        session = DatabaseSession(db, TABLE)
        try:
            await session.history(create=True)
            await session.lock("models", 5)
            dead = await session.connection()
            await dead.close()
            await session.unlock("models")
            fresh = await session.connection()
            assert fresh is not dead
            assert await fresh.fetch("SELECT 1") == [(1,)]
            history = await session.history(create=False)
            assert history is not None and history.conn is fresh
        finally:
            await session.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_close_is_idempotent_and_a_later_use_reconnects(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)

    async def go() -> None:
        session = DatabaseSession(db, TABLE)
        await session.close()  # never opened
        first = await session.connection()
        await session.close()
        await session.close()
        second = await session.connection()
        assert second is not first
        assert await second.fetch("SELECT 2") == [(2,)]
        await session.close()

    asyncio.run(go())


def test_a_missing_database_file_is_created_only_when_asked(tmp_path: object) -> None:
    from pathlib import Path

    from migrator.errors import MissingDatabaseError
    from tests.conftest import database_config

    db = database_config("sqlite", "absent", Path(str(tmp_path)))
    path = Path(db.credentials["file_path"])

    async def go() -> None:
        session = DatabaseSession(db, TABLE)
        with pytest.raises(MissingDatabaseError) as info:
            await session.history(create=False)
        assert str(info.value).startswith(f"the database file {path} does not exist")
        assert not path.exists()
        with pytest.raises(MissingDatabaseError):
            await session.lock("models", 0)
        assert not path.exists()

        assert await session.history(create=True) is not None
        assert path.is_file()
        assert session.take_created_file() == str(path)
        assert session.take_created_file() is None  # reported once
        await session.close()

    asyncio.run(go())
