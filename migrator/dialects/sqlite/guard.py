"""The guard around each SQLite migration (``SqliteBackend.migration_guard``) that makes a
table rebuild safe.

SQLite rebuilds a table by copying it and dropping the original. With foreign keys on,
that DROP would cascade-delete child rows, so foreign keys are switched off before the
transaction (the pragma is a no-op inside one) and checked by ``foreign_key_check`` before
commit. Dropping the original also drops its triggers; a TriggerKeeper watches the
migration's statements and re-creates them once the copy has taken the table's name.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from migrator.dialects.base.backend import NO_GUARD, MigrationGuard
from migrator.dialects.sqlite.connection import SqliteConnection
from migrator.errors import ApplyError

if TYPE_CHECKING:
    from migrator.connection import Connection

SHOWN_ROWIDS = 5


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    table: str
    sql: str


# The guard (foreign keys off, foreign_key_check before commit, triggers kept) is skipped only
# for a migration made entirely of statements that touch no row and drop no table: schema
# statements SQLite runs in place. Anything else, generated or hand-written, is guarded: with
# foreign keys on, a DELETE, an INSERT OR REPLACE or a DROP TABLE cascades to child rows. A
# REFERENCES clause is guarded too: SQLite accepts one to a non-unique column and fails only
# on later writes, which foreign_key_check catches now.
# (dropping an index or a column is guarded too: the unique index a child's foreign key
# relies on may go, which only foreign_key_check notices)
_UNGUARDED = re.compile(
    r"(?is)^\s*(CREATE\s+(UNIQUE\s+)?INDEX"
    r"|ALTER\s+TABLE\s+.+?\s+(ADD\s+(COLUMN\s+)?|RENAME\s+)"
    r"|CREATE\s+TABLE)\b"
)
_REFERENCES = re.compile(r"(?i)\bREFERENCES\b")
_DROP_TABLE = re.compile(r"(?is)^\s*DROP\s+TABLE\b")
_NAME = r'"(?:[^"]|"")*"|`(?:[^`]|``)*`|\'(?:[^\']|\'\')*\'|\[[^\]]*\]|[^\s.(]+'
_CREATE_TRIGGER = re.compile(
    rf"(?is)^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:(?:{_NAME})\s*\.\s*)?(?P<name>{_NAME})"
)
_ALTER_TABLE = re.compile(r"(?is)^\s*ALTER\s+TABLE\b")
_DROPPED_TABLE = re.compile(rf"(?is)^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?P<name>{_NAME})")
_RENAMED_TO = re.compile(
    rf"(?is)^\s*ALTER\s+TABLE\s+(?:{_NAME})\s+RENAME\s+TO\s+(?P<name>{_NAME})\s*;?\s*$"
)
_DROPPED_TRIGGER = re.compile(
    rf"(?is)^\s*DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(?:(?:{_NAME})\s*\.\s*)?(?P<name>{_NAME})"
)


def needs_guard(statements: Sequence[str]) -> bool:
    return not all(_UNGUARDED.match(s) and not _REFERENCES.search(s) for s in statements)


class TriggerKeeper:
    """Step 8 of the rebuild (re-create the table's triggers), done as the migration runs.

    The triggers a DROP TABLE takes along are read right before it, as they stand then, so
    an earlier rename in the migration has already rewritten them. They are re-created the
    moment an ALTER TABLE ... RENAME gives their table's name to a table made during this
    migration (the rebuild's copy), before any later statement: a later rename of the table
    then rewrites them, and the bodies of other tables' triggers, exactly as SQLite does. A
    table dropped for good, or whose name a table older than the migration takes, loses its
    triggers as it would without migrator.

    Names compare as SQLite compares them, ignoring ASCII case. A hand-written rebuild that
    re-creates a trigger itself (the procedure's step 8, after the rename) gets its own
    version: the one restored at the rename is dropped first.
    """

    def __init__(self, conn: SqliteConnection, tables_before: frozenset[str]) -> None:
        self._conn = conn
        self._tables_before = frozenset(t.lower() for t in tables_before)
        self._dropped: dict[str, Trigger] = {}  # by lower-cased trigger name
        self._restored: dict[str, Trigger] = {}  # re-created here, not yet by the file

    async def run(self, sql: str, execute: Callable[[], Awaitable[None]]) -> None:
        if _DROP_TABLE.match(sql):
            await self._drop_table(execute)
        elif self._dropped and _ALTER_TABLE.match(sql):
            await self._alter_table(execute)
        elif self._restored and (created := _CREATE_TRIGGER.match(sql)):
            await self._replace_restored(_unquote(created.group("name")), execute)
        else:
            await execute()

    async def _drop_table(self, execute: Callable[[], Awaitable[None]]) -> None:
        before = await _triggers(self._conn)
        await execute()
        left = {t.name.lower() for t in await _triggers(self._conn)}
        self._dropped.update((t.name.lower(), t) for t in before if t.name.lower() not in left)

    async def _alter_table(self, execute: Callable[[], Awaitable[None]]) -> None:
        before = {t.lower() for t in await _table_names(self._conn)}
        await execute()
        after = {t.lower() for t in await _table_names(self._conn)}
        renamed_from, renamed_to = before - after, after - before
        for table in sorted(renamed_to):
            triggers = [t for t in self._dropped.values() if t.table.lower() == table]
            for trigger in triggers:
                del self._dropped[trigger.name.lower()]
            if renamed_from.isdisjoint(self._tables_before):  # the copy took the name
                await self._restore(triggers)

    async def _replace_restored(self, name: str, execute: Callable[[], Awaitable[None]]) -> None:
        restored = self._restored.pop(name.lower(), None)
        if restored is not None:
            await self._conn.execute_unwatched(f"DROP TRIGGER IF EXISTS {_quote(restored.name)}")
        await execute()

    async def _restore(self, triggers: Sequence[Trigger]) -> None:
        present = {t.name.lower(): t.table.lower() for t in await _triggers(self._conn)}
        for trigger in triggers:
            if present.get(trigger.name.lower()) == trigger.table.lower():
                continue  # the migration re-created it on the copy itself
            try:
                await self._conn.execute_unwatched(trigger.sql)
            except sqlite3.Error as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise ApplyError(
                    f"could not re-create trigger {trigger.name!r} on table {trigger.table!r} "
                    f"after the table was rebuilt ({reason}); drop the trigger in this "
                    "migration before the rebuild (and create it again after, if it is wanted)"
                ) from exc
            self._restored[trigger.name.lower()] = trigger


@dataclass(frozen=True, slots=True)
class MigrationContext:
    foreign_keys_were_on: bool
    keeper: TriggerKeeper


@contextlib.asynccontextmanager
async def migration_guard(
    conn: Connection, statements: Sequence[str]
) -> AsyncIterator[MigrationGuard]:
    """Foreign keys off and triggers kept while the migration runs, ``foreign_key_check``
    before its COMMIT (the yielded guard's ``verify``), foreign keys back on after."""
    if not needs_guard(statements):
        yield NO_GUARD  # nothing can cascade or lose a trigger: keep foreign keys as they are
        return
    context = await _prepare(conn)
    try:
        yield _ForeignKeyCheck(conn)
    finally:
        await _finish(conn, context)


@contextlib.asynccontextmanager
async def script_guard(
    conn: Connection, statements: Sequence[str]
) -> AsyncIterator[MigrationGuard]:
    """The guard as script statements (offline SQL): foreign keys off before the
    transaction, and a foreign-key check before COMMIT that fails the statement when a row
    points at a missing parent (``sqlite3 -bail`` then stops with the transaction open, which
    the closing connection rolls back). The script cannot see the triggers a rebuild drops
    with its table, so it cannot re-create them as the runner does: it fails before
    anything runs when a rebuilt table has a trigger the migration does not drop itself."""
    if not needs_guard(statements):
        yield NO_GUARD
        return
    await conn.execute("PRAGMA foreign_keys=OFF")
    for table in rebuilt_tables(statements):
        await conn.execute(_no_trigger_on(table, dropped_triggers(statements)))
    yield _ScriptForeignKeyCheck(conn)
    await conn.execute("PRAGMA legacy_alter_table=OFF")


def rebuilt_tables(statements: Sequence[str]) -> list[str]:
    """Tables the statements drop and then give their name back to another table (by
    ALTER TABLE ... RENAME TO): the rebuild procedure's copy takes the original's place."""
    dropped: dict[str, str] = {}  # lower-cased name -> name, as SQLite compares names
    rebuilt: list[str] = []
    for sql in statements:
        if found := _DROPPED_TABLE.match(sql):
            name = _unquote(found.group("name"))
            dropped[name.lower()] = name
        elif (found := _RENAMED_TO.match(sql)) and (
            key := _unquote(found.group("name")).lower()
        ) in dropped:
            rebuilt.append(dropped.pop(key))
    return rebuilt


def dropped_triggers(statements: Sequence[str]) -> set[str]:
    """Lower-cased names of the triggers the statements drop themselves."""
    return {
        _unquote(found.group("name")).lower()
        for sql in statements
        if (found := _DROPPED_TRIGGER.match(sql))
    }


def _no_trigger_on(table: str, dropped: set[str]) -> str:
    """A statement that fails (malformed JSON, as in the foreign-key check) when ``table``
    has a trigger other than ``dropped``; its text is what the client shows as the cause."""
    spared = "".join(f" AND lower(name) <> {_literal(name)}" for name in sorted(dropped))
    reason = (
        f"table {table} has triggers that rebuilding it would drop and an offline script "
        "cannot re-create: apply this migration with migrator upgrade, or drop the triggers "
        "in the migration before the rebuild and create them again after it"
    )
    return (
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
        f"AND tbl_name = {_literal(table)} COLLATE NOCASE{spared}) "
        f"THEN json({_literal(reason)}) END"
    )


class _ScriptForeignKeyCheck:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def verify(self) -> None:
        # json() of text that is not JSON raises "malformed JSON": the one way a plain
        # SELECT can fail on a condition
        await self._conn.execute(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM pragma_foreign_key_check) "
            "THEN json('foreign key check failed') END"
        )


class _ForeignKeyCheck:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def verify(self) -> None:
        await _check_foreign_keys(self._conn)


async def _prepare(conn: Connection) -> MigrationContext:
    sqlite_conn = _sqlite(conn)
    rows = await conn.fetch("PRAGMA foreign_keys")
    was_on = bool(rows and rows[0][0])
    await conn.execute("PRAGMA foreign_keys=OFF")
    keeper = TriggerKeeper(sqlite_conn, frozenset(await _table_names(conn)))
    # attached last: the guard's exit (which detaches it) runs only once this has returned
    sqlite_conn.watcher = keeper
    return MigrationContext(was_on, keeper)


async def _finish(conn: Connection, context: MigrationContext) -> None:
    if isinstance(conn, SqliteConnection) and conn.watcher is context.keeper:
        conn.watcher = None
    # a rebuild that failed between its two legacy_alter_table pragmas leaves the flag on,
    # which would stop later table renames from updating foreign keys
    await conn.execute("PRAGMA legacy_alter_table=OFF")
    if context.foreign_keys_were_on:
        await conn.execute("PRAGMA foreign_keys=ON")


def _sqlite(conn: Connection) -> SqliteConnection:
    if not isinstance(conn, SqliteConnection):
        raise TypeError(f"the SQLite migration guard needs a SQLite connection, got {type(conn)!r}")
    return conn


async def _triggers(conn: Connection) -> tuple[Trigger, ...]:
    rows = await conn.fetch(
        "SELECT name, tbl_name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name"
    )
    return tuple(Trigger(str(name), str(table), str(sql)) for name, table, sql in rows)


async def _table_names(conn: Connection) -> set[str]:
    rows = await conn.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(name) for (name,) in rows}


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


def _unquote(name: str) -> str:
    if name[:1] in ('"', "`", "'") and len(name) > 1:
        return name[1:-1].replace(name[0] * 2, name[0])
    if name.startswith("["):
        return name[1:-1]
    return name


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
