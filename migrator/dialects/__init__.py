"""Explicit registry of dialects: name -> Dialect. Imports are lazy to keep start-up fast."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from migrator.errors import ConfigError

if TYPE_CHECKING:
    from migrator.connection import DatabaseConfig
    from migrator.dialects.base import Dialect

_REGISTRY: dict[str, str] = {
    "sqlite": "migrator.dialects.sqlite:SqliteDialect",
    "postgres": "migrator.dialects.postgres:PostgresDialect",
    "mysql": "migrator.dialects.mysql:MySQLDialect",
}


def available() -> list[str]:
    return sorted(_REGISTRY)


def get_dialect(name: str, db: DatabaseConfig | None = None) -> Dialect:
    """The dialect ``name``; configured for ``db`` when given (e.g. MySQL's charset)."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unsupported database dialect {name!r}; migrator supports {', '.join(available())}"
        ) from None
    module_name, _, class_name = target.partition(":")
    cls: type[Dialect] = getattr(importlib.import_module(module_name), class_name)
    return cls() if db is None else cls.for_database(db)
