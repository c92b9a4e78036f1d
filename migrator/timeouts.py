"""How long a migration statement may wait for its lock, and how often it tries again.

A DDL statement that waits for a lock held by a long transaction queues every reader and
writer of the table behind itself (PostgreSQL grants locks in order; MySQL's metadata locks
too). With a short lock timeout the statement gives up instead, the runner rolls back what
the failed step did, pauses, and tries again: the application only ever waits for
``lock_timeout`` at a time. Statements that wait without blocking writers (PostgreSQL's
CONCURRENTLY builds, VALIDATE CONSTRAINT) run without a lock timeout.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LOCK_TIMEOUT = 5.0
DEFAULT_LOCK_RETRIES = 5
DEFAULT_RETRY_PAUSE = 1.0
_MAX_PAUSE = 30.0


@dataclass(frozen=True, slots=True)
class DdlTimeouts:
    # seconds a statement waits for a lock before giving up (0: no limit)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    # how many times a step that gave up waiting for a lock is tried again
    lock_retries: int = DEFAULT_LOCK_RETRIES
    # seconds any statement may run (0: no limit; None: the server's setting)
    statement_timeout: float | None = None
    # the first pause before a retry; it doubles each time, up to 30 s
    retry_pause: float = DEFAULT_RETRY_PAUSE

    def pause(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        return float(min(self.retry_pause * 2 ** (attempt - 1), _MAX_PAUSE))


NO_TIMEOUTS = DdlTimeouts(lock_timeout=0, lock_retries=0, statement_timeout=None)
