"""The PostgreSQL dialect (registered as ``migrator.dialects.postgres:PostgresDialect``)."""

from __future__ import annotations

from migrator.dialects.postgres.dialect import PostgresDialect

__all__ = ["PostgresDialect"]
