"""Lock timeouts while a migration runs (timeouts.py holds the settings).

The session runs with a short ``lock_timeout``; a step (the migration's transaction, or one
journaled group) that gave up waiting for a lock is rolled back and tried again after a
pause, a bounded number of times.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from migrator.connection import Connection
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.splitter import Statement
from migrator.errors import ApplyError
from migrator.timeouts import DdlTimeouts

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


class LockRetries:
    """The session's lock timeout on ``conn``, and the retries of a step that hit it."""

    def __init__(
        self, conn: Connection, backend: Backend, timeouts: DdlTimeouts, sleep: Sleep
    ) -> None:
        self.conn = conn
        self.backend = backend
        self.dialect = backend.dialect
        self.timeouts = timeouts
        self.sleep = sleep  # the pause before a lock retry (tests observe it)
        self._lock_timeout: float | None = None  # the session's, once set

    async def set_timeouts(self) -> None:
        t = self.timeouts
        for sql in self.dialect.session_timeout_statements(t.lock_timeout, t.statement_timeout):
            await self.conn.execute(sql)
        self._lock_timeout = t.lock_timeout

    async def lock_timeout_for(self, statements: Sequence[Statement]) -> None:
        """No lock timeout for statements whose wait lets writers through (a concurrent
        index build waits for every older transaction: giving up would only start over)."""
        writers_pass = all(self.dialect.waits_without_blocking_writers(s.sql) for s in statements)
        wanted = 0.0 if writers_pass and statements else self.timeouts.lock_timeout
        if wanted != self._lock_timeout:
            for sql in self.dialect.session_timeout_statements(wanted, None):
                await self.conn.execute(sql)
            self._lock_timeout = wanted

    async def retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt`` (which rolls back what it did when it fails) again after a pause
        when it gave up waiting for a lock, up to ``lock_retries`` times."""
        tries = 0
        while True:
            try:
                return await attempt()
            except ApplyError as exc:
                if not self.backend.is_lock_timeout(exc.__cause__):
                    raise
                tries += 1
                if tries > self.timeouts.lock_retries:
                    raise ApplyError(
                        f"{exc} (tried {tries} times, each waiting "
                        f"{self.timeouts.lock_timeout:g} s for a lock that a long transaction "
                        "holds: run it again when that transaction ends, or raise "
                        "--ddl-lock-timeout / --ddl-lock-retries)"
                    ) from exc.__cause__
                await self.sleep(self.timeouts.pause(tries))
