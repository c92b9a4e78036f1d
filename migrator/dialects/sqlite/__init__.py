"""The SQLite dialect (registered as ``migrator.dialects.sqlite:SqliteDialect``)."""

from __future__ import annotations

from migrator.dialects.sqlite.dialect import SqliteDialect

__all__ = ["SqliteDialect"]
