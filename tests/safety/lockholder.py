"""``python -m tests.safety.lockholder DIALECT URL``: take the deploy lock like a runner.

Prints ``locked`` once it holds the lock, releases it on SIGUSR1 (printing ``released``) and
otherwise sits there until it is killed: a stand-in for a runner stuck in a long migration.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from tortoise.backends.base.config_generator import expand_db_url

from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from tests.safety.harness import LOCK_KEY


async def main(dialect_name: str, url: str) -> None:
    expanded = expand_db_url(url)
    dialect = get_dialect(dialect_name)
    db = DatabaseConfig(dialect, expanded["engine"], expanded["credentials"])
    conn = await dialect.backend(db).connect()
    if not await dialect.backend(db).acquire_lock(conn, LOCK_KEY, 30.0):
        print("busy", flush=True)
        return
    print("locked", flush=True)
    release = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, release.set)
    await release.wait()
    await dialect.backend(db).release_lock(conn, LOCK_KEY)
    print("released", flush=True)
    await asyncio.Event().wait()  # keep the connection open: only the lock is gone


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
