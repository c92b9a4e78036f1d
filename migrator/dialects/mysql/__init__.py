"""The MySQL/MariaDB dialect (registered as ``migrator.dialects.mysql:MySQLDialect``)."""

from __future__ import annotations

from migrator.dialects.mysql.dialect import MySQLDialect

__all__ = ["MySQLDialect"]
