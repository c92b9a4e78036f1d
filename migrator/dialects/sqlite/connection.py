"""aiosqlite behind the Connection protocol, and the deploy lock it holds.

The deploy lock is an OS advisory lock (``flock``) on a file beside the database, so it
dies with the process that holds it; a lock row in a table would outlive a killed runner.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import aiosqlite

from migrator.errors import DatabaseError

if TYPE_CHECKING:
    from migrator.connection import Connection, DatabaseConfig

MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.05
LOCK_SUFFIX = ".migrator.lock"


class StatementWatcher(Protocol):
    """Runs each statement given to ``SqliteConnection.execute`` while it is watched.

    The migration guard needs to see the schema right before and after some statements
    (see guard.TriggerKeeper); the runner only hands them the migration as a whole.
    """

    async def run(self, sql: str, execute: Callable[[], Awaitable[None]]) -> None: ...


class SqliteConnection:
    """One aiosqlite connection in autocommit mode (transactions are explicit statements)."""

    def __init__(self, raw: aiosqlite.Connection, path: str) -> None:
        self._raw = raw
        self.path = path
        self._lock_fd: int | None = None
        self._lock_keys: set[str] = set()
        self.watcher: StatementWatcher | None = None

    # driver errors (sqlite3.Error) pass through: the runner reports them with the
    # statement's file and line
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.watcher is None:
            await self._execute(sql, params)
        else:
            await self.watcher.run(sql, partial(self._execute, sql, params))

    async def execute_unwatched(self, sql: str) -> None:
        """``execute`` past the watcher: for the watcher's own statements."""
        await self._execute(sql, ())

    async def _execute(self, sql: str, params: Sequence[Any]) -> None:
        # execute_fetchall: one hop to aiosqlite's thread (execute + close would be two)
        await self._raw.execute_fetchall(sql, tuple(params))

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = await self._raw.execute_fetchall(sql, tuple(params))
        return [tuple(row) for row in rows]

    async def close(self) -> None:
        self._drop_lock()
        await self._raw.close()

    # -- deploy lock ----------------------------------------------------------------------
    async def acquire_lock(self, key: str, timeout: float) -> bool:
        """Take the database's lock file, polling until ``timeout`` seconds have passed.

        Every key of one database shares one lock file: SQLite has a single writer anyway,
        so finer locks would buy nothing. Re-entrant per connection, like PostgreSQL's.
        """
        if self.path == MEMORY or self._lock_fd is not None:
            self._lock_keys.add(key)
            return True
        fd = _open_lock_file(self.path + LOCK_SUFFIX)
        deadline = time.monotonic() + max(timeout, 0.0)
        while not _try_flock(fd):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.close(fd)
                return False
            await asyncio.sleep(min(LOCK_POLL_SECONDS, remaining))
        self._lock_fd = fd
        self._lock_keys.add(key)
        return True

    async def release_lock(self, key: str) -> None:
        self._lock_keys.discard(key)
        if not self._lock_keys:
            self._drop_lock()

    def _drop_lock(self) -> None:
        if self._lock_fd is not None:
            # closing the descriptor releases the flock; unlinking the file would race
            # with a runner that already opened it, so the file stays
            os.close(self._lock_fd)
            self._lock_fd = None
        self._lock_keys.clear()


def _open_lock_file(path: str) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the deploy lock file {path} ({exc.strerror}); make its directory "
            "writable for the user running migrator"
        ) from exc


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def database_path(db: DatabaseConfig) -> str:
    path = str(db.credentials.get("file_path") or "")
    if not path:
        raise DatabaseError(
            f"no SQLite file_path in connection {db.alias!r}; use a db_url like "
            "sqlite://db.sqlite3 or sqlite://:memory:"
        )
    return path


def check_directory(path: str) -> None:
    parent = Path(path).parent
    if not parent.is_dir():
        raise DatabaseError(
            f"cannot open SQLite database {path}: directory {parent} does not exist; "
            "create it or fix file_path"
        )


async def connect(db: DatabaseConfig) -> Connection:
    """Open ``db`` like Tortoise does: autocommit, foreign keys enforced, busy timeout."""
    path = database_path(db)
    if path != MEMORY:
        check_directory(path)
    try:
        raw = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open SQLite database {path}: {exc}") from exc
    conn = SqliteConnection(raw, path)
    try:
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.fetch("SELECT count(*) FROM sqlite_master")  # reads the file header
    except sqlite3.Error as exc:  # e.g. the file is not a database
        await raw.close()
        raise DatabaseError(f"cannot use SQLite database {path}: {exc}") from exc
    return conn
