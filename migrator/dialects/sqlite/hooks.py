"""What the runner does around each SQLite migration so a table rebuild is safe.

SQLite rebuilds a table by copying it and dropping the original. With foreign keys on,
that DROP would cascade-delete child rows, so foreign keys are switched off before the
transaction (the pragma is a no-op inside one) and checked by ``foreign_key_check`` before
commit. Dropping the original also drops its triggers; they are re-created from the SQL
recorded before the migration.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from migrator.errors import ApplyError

if TYPE_CHECKING:
    from migrator.connection import Connection

SHOWN_ROWIDS = 5


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    table: str
    sql: str


@dataclass(frozen=True, slots=True)
class MigrationContext:
    foreign_keys_were_on: bool
    triggers: tuple[Trigger, ...]
    table_sql: dict[str, str]  # CREATE TABLE text of every table before the migration


# Only dropping a table cascades (foreign keys on) and takes the table's triggers with it; a
# table rebuild always drops the original. PRAGMAs (legacy_alter_table in a rebuild, or
# hand-written) get the finish hook's reset too. A new REFERENCES clause is checked by
# foreign_key_check: SQLite accepts one to a non-unique column and fails only on later writes.
# Everything else runs with the connection's own foreign-key setting, as the application would.
_GUARDED = re.compile(r"(?is)^\s*(DROP\s+TABLE|PRAGMA)\b")
_REFERENCES = re.compile(r"(?i)\bREFERENCES\b")


def needs_guard(statements: Sequence[str]) -> bool:
    return any(_GUARDED.match(s) or _REFERENCES.search(s) for s in statements)


async def prepare_migration(conn: Connection) -> MigrationContext:
    rows = await conn.fetch("PRAGMA foreign_keys")
    was_on = bool(rows and rows[0][0])
    await conn.execute("PRAGMA foreign_keys=OFF")
    return MigrationContext(was_on, await _triggers(conn), await _table_sql(conn))


async def verify_migration(conn: Connection, context: Any) -> None:
    if not isinstance(context, MigrationContext):
        raise TypeError("verify_migration needs the context prepare_migration returned")
    await _restore_triggers(conn, context)
    await _check_foreign_keys(conn)


async def finish_migration(conn: Connection, context: Any) -> None:
    # a rebuild that failed between its two legacy_alter_table pragmas leaves the flag on,
    # which would stop later table renames from updating foreign keys
    await conn.execute("PRAGMA legacy_alter_table=OFF")
    if isinstance(context, MigrationContext) and context.foreign_keys_were_on:
        await conn.execute("PRAGMA foreign_keys=ON")


async def _triggers(conn: Connection) -> tuple[Trigger, ...]:
    rows = await conn.fetch(
        "SELECT name, tbl_name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name"
    )
    return tuple(Trigger(str(name), str(table), str(sql)) for name, table, sql in rows)


async def _table_sql(conn: Connection) -> dict[str, str]:
    rows = await conn.fetch("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    return {str(name): str(sql) for name, sql in rows}


async def _restore_triggers(conn: Connection, context: MigrationContext) -> None:
    """Re-create triggers that a rebuild dropped together with their table.

    A trigger is restored only when its table still exists and was redefined during the
    migration (a rebuild always rewrites the CREATE TABLE text), so a trigger that a
    hand-written statement dropped from an untouched table stays dropped.
    """
    present = {t.name for t in await _triggers(conn)}
    tables_now = await _table_sql(conn)
    for trigger in context.triggers:
        if trigger.name in present or trigger.table not in tables_now:
            continue
        if tables_now[trigger.table] == context.table_sql.get(trigger.table):
            continue
        try:
            await conn.execute(trigger.sql)
        except sqlite3.Error as exc:
            raise ApplyError(
                f"could not re-create trigger {trigger.name!r} on table {trigger.table!r} "
                f"after the table was rebuilt ({exc}); drop or rewrite the trigger in this "
                "migration"
            ) from exc


async def _check_foreign_keys(conn: Connection) -> None:
    try:
        rows = await conn.fetch("PRAGMA foreign_key_check")
    except sqlite3.Error as exc:  # "foreign key mismatch": the parent key is not unique
        raise ApplyError(
            f"foreign key check could not run after the migration's statements ({exc}); a "
            "foreign key must point at a primary key or unique column of an existing table"
        ) from exc
    if not rows:
        return
    by_table: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for table, rowid, parent, _fk_index in rows:
        by_table[(str(table), str(parent))].append(rowid)
    problems = []
    for (table, parent), rowids in sorted(by_table.items()):
        shown = ", ".join(str(r) for r in rowids[:SHOWN_ROWIDS])
        more = f" and {len(rowids) - SHOWN_ROWIDS} more" if len(rowids) > SHOWN_ROWIDS else ""
        problems.append(f"{table!r} rowid {shown}{more} -> missing rows in {parent!r}")
    raise ApplyError(
        "foreign key check failed after the migration's statements: "
        + "; ".join(problems)
        + ". Fix or delete those rows (or change the migration) and run it again"
    )
