"""One database as the command sees it: a lazily opened connection, its history table and
its deploy lock. The connection is opened on first use and closed by the Command."""

from __future__ import annotations

import contextlib
import logging
import time

from migrator.connection import Connection, DatabaseConfig
from migrator.errors import LockTimeoutError, MissingDatabaseError
from migrator.history import History

log = logging.getLogger("migrator")


class DatabaseSession:
    def __init__(self, db: DatabaseConfig, history_table: str) -> None:
        self.db = db
        self.dialect = db.dialect
        self.backend = db.dialect.backend(db)
        self.history_table = history_table
        self._conn: Connection | None = None
        self._history_ready = False
        self.created_file: str | None = None  # the database file a connect created, until told

    @property
    def secrets(self) -> tuple[str, ...]:
        password = self.db.credentials.get("password")
        return (str(password),) if password else ()

    async def connection(self, create: bool = False) -> Connection:
        """The open connection. A database that is a missing file is created only with
        ``create`` (the verbs that write: upgrade, init-db, stamp, upgrade --fake); the
        others get a MissingDatabaseError naming the absolute path, and no file."""
        if self._conn is None:
            missing = self.backend.missing_database_file()
            if missing is not None and not create:
                raise MissingDatabaseError(missing_message(missing), missing)
            self._conn = await self.backend.connect()
            if missing is not None:
                self.created_file = missing
                log.info("created a new, empty database file %s (none existed)", missing)
        return self._conn

    def take_created_file(self) -> str | None:
        """The database file a connect created, once: the first result after it reports it."""
        created, self.created_file = self.created_file, None
        return created

    async def history(self, create: bool) -> History | None:
        """The history table; None when it does not exist and ``create`` is False."""
        history = History(await self.connection(create), self.backend, self.history_table)
        if self._history_ready:
            return history
        if create:
            await history.ensure()
        elif not await history.exists():
            return None
        self._history_ready = True
        return history

    def lock_key(self, app: str) -> str:
        return f"migrator:{self.history_table}:{app}"

    async def lock(self, app: str, timeout: float, create: bool = False) -> None:
        """Take the deploy lock (``create``: as for ``connection``)."""
        conn = await self.connection(create)
        key = self.lock_key(app)
        if await self.backend.acquire_lock(conn, key, 0):
            log.debug("took the deploy lock of app %s on %s", app, self.db.display())
            return
        log.info(
            "waiting up to %g s for the deploy lock of app %s on %s (another run holds it)",
            timeout,
            app,
            self.db.display(),
        )
        t0 = time.monotonic()
        if not await self.backend.acquire_lock(conn, key, timeout):
            raise LockTimeoutError(
                f"another migrator run holds the deploy lock for app {app} on "
                f"{self.db.display()} (waited {timeout:g} s); wait for it to finish or raise "
                "--lock-timeout"
            )
        log.info("took the deploy lock of app %s after %.1f s", app, time.monotonic() - t0)

    async def unlock(self, app: str) -> None:
        """Release the lock; when that fails, close the connection instead.

        Every dialect's lock is tied to the connection, so closing it releases the lock
        too. A release fails when the connection is already gone (the server ended the
        session, the network dropped): raising then would replace the error that ended the
        run with a second one about the lock.
        """
        if self._conn is None:
            return
        try:
            await self.backend.release_lock(self._conn, self.lock_key(app))
        except Exception:
            conn, self._conn = self._conn, None
            self._history_ready = False
            with contextlib.suppress(Exception):
                await conn.close()

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        self._history_ready = False
        if conn is not None:
            await conn.close()


def missing_message(path: str) -> str:
    return (
        f"the database file {path} does not exist (nothing was created); check the file "
        "path in the Tortoise config (a relative one resolves against pyproject.toml's "
        "folder, or the current directory with Command(...)) or run `migrator upgrade`"
    )
