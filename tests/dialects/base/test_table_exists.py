"""``Backend.table_exists``: what every verb asks of the history table, on every dialect."""

from __future__ import annotations

import asyncio

from migrator.connection import DatabaseConfig


def test_only_a_table_of_that_exact_name_counts(any_db: DatabaseConfig) -> None:
    dialect = any_db.dialect

    async def scenario() -> list[bool]:
        conn = await dialect.backend(any_db).connect()
        try:
            q = dialect.quote
            await conn.execute(f"CREATE TABLE {q('Mixed Case')} ({q('id')} INT)")
            await conn.execute(f"CREATE VIEW {q('a_view')} AS SELECT 1 AS {q('x')}")
            return [
                await dialect.backend(any_db).table_exists(conn, "Mixed Case"),
                await dialect.backend(any_db).table_exists(conn, "a_view"),
                await dialect.backend(any_db).table_exists(conn, "missing"),
                await dialect.backend(any_db).table_exists(
                    conn, "%"
                ),  # a LIKE pattern is not a name
            ]
        finally:
            await conn.close()

    # a table whose name needs quoting, not a view, not a missing one, not a LIKE pattern
    assert asyncio.run(scenario()) == [True, False, False, False]
