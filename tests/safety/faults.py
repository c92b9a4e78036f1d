"""Deterministic faults in the history table, as triggers: the history write (or the journal
write that marks a migration applied) fails every time, so a test can look at what the
failure left and then lift it. Real databases, real driver errors; nothing is mocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from migrator.connection import DatabaseConfig

HISTORY = "migrator_history"
MESSAGE = "history is down"
_PG_FUNCTION = (
    "CREATE FUNCTION history_down() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
)


def fail_history_insert(dialect: str) -> list[str]:
    """Every INSERT into the history table fails (the row a migration writes: the applied
    row of a transactional migration, the ``partial 0/n`` row that starts a journal)."""
    return {
        "sqlite": [
            f"CREATE TRIGGER history_down BEFORE INSERT ON {HISTORY} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        ],
        "postgres": [
            _PG_FUNCTION,
            f"CREATE TRIGGER history_down BEFORE INSERT ON {HISTORY} "
            "FOR EACH ROW EXECUTE FUNCTION history_down()",
        ],
        "mysql": [
            f"CREATE TRIGGER history_down BEFORE INSERT ON `{HISTORY}` FOR EACH ROW "
            f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{MESSAGE}'"
        ],
    }[dialect]


def fail_marking_applied(dialect: str) -> list[str]:
    """Every UPDATE that marks a journaled migration applied fails (the journal's final
    write); the progress updates before it go through."""
    return {
        "postgres": [
            _PG_FUNCTION,
            f"CREATE TRIGGER history_down BEFORE UPDATE ON {HISTORY} FOR EACH ROW "
            "WHEN (NEW.status = 'applied') EXECUTE FUNCTION history_down()",
        ],
        "mysql": [
            f"CREATE TRIGGER history_down BEFORE UPDATE ON `{HISTORY}` FOR EACH ROW "
            "BEGIN IF NEW.status = 'applied' THEN "
            f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{MESSAGE}'; END IF; END"
        ],
    }[dialect]


def lift(dialect: str) -> list[str]:
    """Drop the trigger again."""
    return [
        f"DROP TRIGGER history_down ON {HISTORY}"
        if dialect == "postgres"
        else ("DROP TRIGGER history_down")
    ]


async def run_sql(db: DatabaseConfig, statements: Sequence[str]) -> None:
    """Run ``statements`` on a connection of their own (autocommit)."""
    conn = await db.dialect.backend(db).connect()
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


def run(db: DatabaseConfig, statements: Sequence[str]) -> None:
    asyncio.run(run_sql(db, statements))
