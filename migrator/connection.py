"""The one seam between migrator and a database driver.

Each dialect adapts its driver (aiosqlite, asyncpg, asyncmy) to this protocol. Nothing else
in migrator talks to a driver directly; the runner, history and inspection code use this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    """Where an app's tables live, resolved from the Tortoise ``connections`` entry."""

    dialect: Dialect  # configured for this connection (see migrator.dialects)
    engine: str  # Tortoise engine module (see migrator.dialects.ENGINE_DIALECTS)
    credentials: Mapping[str, Any] = field(default_factory=dict)
    alias: str = "default"  # the Tortoise connection name

    @property
    def database(self) -> str:
        """Database name (file path for SQLite)."""
        return str(self.credentials.get("database") or self.credentials.get("file_path") or "")

    def display(self) -> str:
        """A DSN for messages, with any password masked."""
        return self.dialect.display_dsn(self.credentials)


class Connection(Protocol):
    """An open connection in autocommit mode; transactions are explicit statements."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement. ``params`` use the dialect's placeholder style."""

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return all rows as tuples."""

    async def close(self) -> None: ...
