"""FastAPI: migrate the database when the app starts, then register Tortoise.

    from fastapi import FastAPI
    from migrator.contrib.fastapi import lifespan

    app = FastAPI(lifespan=lifespan("/srv/shop/pyproject.toml"))

Every worker runs ``upgrade`` under the deploy lock before it registers Tortoise with
``generate_schemas=False`` (as the Tortoise docs recommend for migrated databases): with
several workers, the first applies the pending migrations and the others wait for the lock,
find nothing pending and start. A failing migration stops the worker's start-up, so no
worker serves requests from a half-migrated schema. Inside a lifespan of your own, use
``migrated_tortoise(app, command)``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from migrator.command import Command

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("migrator")


@asynccontextmanager
async def migrated_tortoise(app: FastAPI, command: Command) -> AsyncIterator[None]:
    """Apply the pending migrations with ``command``, then run with Tortoise registered on
    ``app`` (``RegisterTortoise``, ``generate_schemas=False``) until the app stops."""
    from tortoise.contrib.fastapi import RegisterTortoise

    applied = await command.upgrade()
    log.info("database migrated at start-up (%d migrations applied)", len(applied))
    # the connections as migrator resolved them: a relative SQLite path is the migrated file
    config = command.application_config()
    async with RegisterTortoise(app, config=config, generate_schemas=False):
        yield


def lifespan(
    pyproject: str | Path | None = None,
    *,
    app: str | None = None,
    lock_timeout: float = 60.0,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A FastAPI ``lifespan`` that migrates with [tool.migrator] of ``pyproject`` (default:
    pyproject.toml in the current directory; give the absolute path when the server may
    start elsewhere), then registers Tortoise. ``lock_timeout``: seconds a worker waits for
    another one's migrations before failing its start-up."""

    def run(fastapi_app: FastAPI) -> AbstractAsyncContextManager[None]:
        command = Command.from_pyproject(pyproject, app, lock_timeout=lock_timeout)
        return migrated_tortoise(fastapi_app, command)

    return run
