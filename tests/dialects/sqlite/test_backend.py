"""The SQLite connection, database files and the deploy lock, on real files."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.errors import DatabaseError
from tests.dialects.sqlite.support import DIALECT, connect


def _config(path: Path | str) -> DatabaseConfig:
    return DatabaseConfig(
        get_dialect("sqlite"), "tortoise.backends.sqlite", {"file_path": str(path)}
    )


def test_connect_creates_a_missing_file_and_enforces_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"

    async def scenario() -> tuple[Any, ...]:
        conn = await connect(_config(path))
        try:
            await conn.execute("CREATE TABLE t (v)")
            await conn.execute("INSERT INTO t VALUES (?)", ("a'b",))  # autocommit
            rows = await conn.fetch("SELECT v FROM t WHERE v = ?", ("a'b",))
            pragmas = [
                (await conn.fetch(f"PRAGMA {name}"))[0][0]
                for name in ("foreign_keys", "busy_timeout")
            ]
            return rows, pragmas
        finally:
            await conn.close()

    rows, (foreign_keys, busy_timeout) = asyncio.run(scenario())
    assert rows == [("a'b",)] and foreign_keys == 1 and busy_timeout > 0
    assert DIALECT.placeholder(1) == "?"
    assert path.is_file()


def test_memory_database_works_without_files(tmp_path: Path) -> None:
    memory = _config(":memory:")

    async def scenario() -> list[tuple[Any, ...]]:
        await DIALECT.backend(memory).create_database()
        conn = await connect(memory)
        try:
            assert await DIALECT.backend(memory).acquire_lock(conn, "migrator", 0)
            return await conn.fetch("SELECT 1")
        finally:
            await conn.close()
            await DIALECT.backend(memory).drop_database()

    assert asyncio.run(scenario()) == [(1,)]


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    missing = _config(tmp_path / "nowhere" / "db.sqlite3")
    with pytest.raises(DatabaseError, match="nowhere does not exist; create it"):
        asyncio.run(DIALECT.backend(missing).create_database())
    with pytest.raises(DatabaseError, match="nowhere does not exist; create it"):
        asyncio.run(DIALECT.backend(missing).connect())


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "text.sqlite3"
    path.write_text("this is not a database, just some text long enough " * 4)
    with pytest.raises(DatabaseError, match=r"cannot use SQLite database .*text\.sqlite3"):
        asyncio.run(DIALECT.backend(_config(path)).connect())


def test_create_and_drop_database_handle_companion_files(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite3"
    db = _config(path)

    async def scenario() -> list[str]:
        await DIALECT.backend(db).create_database()
        await DIALECT.backend(db).create_database()  # already there: fine
        conn = await connect(db)
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("CREATE TABLE t (v)")
        assert await DIALECT.backend(db).acquire_lock(conn, "migrator", 0)
        present = sorted(p.name for p in tmp_path.iterdir())
        await conn.close()
        (tmp_path / "app.sqlite3-journal").write_text("")
        await DIALECT.backend(db).drop_database()
        return present

    present = asyncio.run(scenario())
    assert present == [
        "app.sqlite3",
        "app.sqlite3-shm",
        "app.sqlite3-wal",
        "app.sqlite3.migrator.lock",
    ]
    assert list(tmp_path.iterdir()) == []


def test_deploy_lock_excludes_a_second_runner_until_released(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        first, second = await connect(db), await connect(db)
        try:
            assert await DIALECT.backend(db).acquire_lock(first, "migrator", 0)
            assert await DIALECT.backend(db).acquire_lock(
                first, "other", 0
            )  # re-entrant per connection
            started = time.monotonic()
            assert not await DIALECT.backend(db).acquire_lock(second, "migrator", 0.3)
            assert time.monotonic() - started >= 0.3
            await DIALECT.backend(db).release_lock(first, "other")
            assert not await DIALECT.backend(db).acquire_lock(second, "migrator", 0)  # still held
            waiter = asyncio.create_task(DIALECT.backend(db).acquire_lock(second, "migrator", 5))
            await asyncio.sleep(0.1)
            await DIALECT.backend(db).release_lock(first, "migrator")
            assert await waiter
            await DIALECT.backend(db).release_lock(second, "migrator")
            await DIALECT.backend(db).release_lock(
                second, "migrator"
            )  # releasing twice is harmless
        finally:
            await first.close()
            await second.close()

    asyncio.run(scenario())


def test_deploy_lock_dies_with_the_connection(make_db: Any) -> None:
    db = make_db("sqlite")

    async def scenario() -> None:
        first, second = await connect(db), await connect(db)
        try:
            assert await DIALECT.backend(db).acquire_lock(first, "migrator", 0)
            await first.close()
            assert await DIALECT.backend(db).acquire_lock(second, "migrator", 0)
        finally:
            await second.close()

    asyncio.run(scenario())


LOCK_HOLDER = """
import asyncio, sys
from migrator.connection import DatabaseConfig
from migrator.dialects.sqlite import SqliteDialect

async def main():
    dialect = SqliteDialect()
    db = DatabaseConfig(dialect, "tortoise.backends.sqlite", {"file_path": sys.argv[1]})
    conn = await dialect.backend(db).connect()
    assert await dialect.backend(db).acquire_lock(conn, "migrator", 5)
    print("locked", flush=True)
    await asyncio.sleep(60)

asyncio.run(main())
"""


def test_deploy_lock_dies_with_a_killed_process(make_db: Any) -> None:
    db = make_db("sqlite")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, db.database],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

        async def try_lock(timeout: float) -> bool:
            conn = await connect(db)
            try:
                return await DIALECT.backend(db).acquire_lock(conn, "migrator", timeout)
            finally:
                await conn.close()

        assert not asyncio.run(try_lock(0.1))
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        assert asyncio.run(try_lock(2))
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
