"""migrator: schema migrations for Tortoise ORM as reviewable plain SQL.

Public API: ``Command`` (async, one method per CLI verb), ``Config`` and ``MigratorError``.
Attributes are imported lazily so that ``migrator --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Command", "Config", "MigratorError", "__version__"]

if TYPE_CHECKING:
    from migrator.command import Command
    from migrator.errors import MigratorError
    from migrator.pyproject import Config


def __getattr__(name: str) -> Any:
    if name == "Command":
        from migrator.command import Command

        return Command
    if name == "Config":
        from migrator.pyproject import Config

        return Config
    if name == "MigratorError":
        from migrator.errors import MigratorError

        return MigratorError
    raise AttributeError(f"module 'migrator' has no attribute {name!r}")
