"""asyncpg behind migrator's Connection protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from migrator.connection import DatabaseConfig
from migrator.dsn import mask_text
from migrator.errors import DatabaseError

CONNECT_TIMEOUT = 10.0
# credentials keys (from Tortoise's expand_db_url) asyncpg.connect understands as they are
_PASSED_THROUGH = ("ssl", "server_settings")


class PostgresConnection:
    """One asyncpg connection in autocommit mode (transactions are explicit statements)."""

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if params:
            await self.raw.execute(sql, *params)
        else:
            # no arguments: asyncpg uses the simple query protocol, so "$1" inside a
            # dollar-quoted function body is plain text, not a parameter
            await self.raw.execute(sql)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = await self.raw.fetch(sql, *params)
        return [tuple(row) for row in rows]

    async def close(self) -> None:
        await self.raw.close()


async def connect(db: DatabaseConfig) -> PostgresConnection:
    """Open a connection to ``db``; any failure is a DatabaseError naming the masked DSN."""
    creds = db.credentials
    server_settings = dict(creds.get("server_settings") or {})
    # literals double their quotes and never use backslash escapes: make sure the server
    # reads them that way whatever postgresql.conf says
    server_settings["standard_conforming_strings"] = "on"
    if creds.get("schema"):
        server_settings["search_path"] = str(creds["schema"])
    if creds.get("application_name"):
        server_settings["application_name"] = str(creds["application_name"])
    extra = {key: creds[key] for key in _PASSED_THROUGH if key in creds}
    extra["server_settings"] = server_settings
    try:
        raw = await asyncpg.connect(
            host=creds.get("host"),
            port=int(creds.get("port") or 5432),
            user=creds.get("user"),
            password=creds.get("password"),
            database=db.database or None,
            timeout=CONNECT_TIMEOUT,
            # migrations change the schema under cached prepared statements
            statement_cache_size=0,
            **extra,
        )
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise DatabaseError(
            f"could not connect to {db.display()}: {reason(exc, db)}; check that the server "
            "is running and the credentials in the Tortoise config are right"
        ) from None
    return PostgresConnection(raw)


def reason(exc: BaseException, db: DatabaseConfig) -> str:
    password = db.credentials.get("password")
    secrets = (password,) if isinstance(password, str) else ()
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return mask_text(text, secrets)
