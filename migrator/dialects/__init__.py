"""Explicit registry of dialects: name -> Dialect, Tortoise engine -> dialect name.

Imports are lazy to keep start-up fast: a dialect's module is imported when it is asked for,
and its driver only when ``Dialect.backend(db)`` is.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from migrator.errors import ConfigError

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect

_REGISTRY: dict[str, str] = {
    "sqlite": "migrator.dialects.sqlite:SqliteDialect",
    "postgres": "migrator.dialects.postgres:PostgresDialect",
    "mysql": "migrator.dialects.mysql:MySQLDialect",
}
# Tortoise engine module -> dialect name
ENGINE_DIALECTS: dict[str, str] = {
    "tortoise.backends.sqlite": "sqlite",
    "tortoise.backends.asyncpg": "postgres",
    "tortoise.backends.psycopg": "postgres",
    "tortoise.backends.mysql": "mysql",
}
# what a migration file that names no dialect is split as (standard quoting only)
_FALLBACK = "sqlite"


def available() -> list[str]:
    return sorted(_REGISTRY)


def supported_engines() -> list[str]:
    return list(ENGINE_DIALECTS)


def _dialect_class(name: str) -> type[Dialect]:
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unsupported database dialect {name!r}; migrator supports {', '.join(available())}"
        ) from None
    module_name, _, class_name = target.partition(":")
    cls: type[Dialect] = getattr(importlib.import_module(module_name), class_name)
    return cls


def get_dialect(name: str) -> Dialect:
    """The dialect ``name`` with its default settings."""
    return _dialect_class(name)()


def dialect_for_file(name: str) -> Dialect:
    """The dialect a migration file names, to split it; a file that names none
    is split by the fallback lexer."""
    return get_dialect(name or _FALLBACK)


def dialect_for_engine(
    engine: str, credentials: Mapping[str, Any], alias: str = "default"
) -> Dialect:
    """The dialect of a Tortoise connection, configured from its credentials (MySQL's
    charset); ConfigError naming the supported engines when migrator has none for it."""
    name = ENGINE_DIALECTS.get(engine)
    if name is None:
        raise ConfigError(
            f"connection {alias!r} uses engine {engine!r}, which migrator does not support; "
            f"use one of {', '.join(ENGINE_DIALECTS)}"
        )
    return _dialect_class(name).for_credentials(credentials, alias)


def expand_db_url(url: str) -> dict[str, Any]:
    """Tortoise's own reading of a ``db_url``: ``{"engine": ..., "credentials": {...}}``."""
    from tortoise.backends.base.config_generator import expand_db_url as expand

    expanded: dict[str, Any] = expand(url)
    return expanded


def url_example(url: str) -> str:
    """A well-formed URL of the kind ``url`` asks for (its scheme), for the hint of a
    message about it; every supported kind when the scheme is not one migrator knows."""
    from tortoise.backends.base.config_generator import DB_LOOKUP

    scheme = url.partition("://")[0].strip().lower()
    engine = DB_LOOKUP.get(scheme, {}).get("engine") if "://" in url else None
    name = ENGINE_DIALECTS.get(engine or "")
    if name is not None:
        return get_dialect(name).example_dsn(scheme)
    return ", ".join(get_dialect(name).example_dsn() for name in ("postgres", "mysql", "sqlite"))


def smallest_identifier_limit() -> int:
    """The longest identifier every supported database takes (PostgreSQL's 63 today)."""
    return min(_dialect_class(name).max_identifier_length for name in _REGISTRY)
