"""SQLite: one writer at a time. Every statement that writes takes the database's write lock
until the migration's transaction commits, so other writers wait for the whole migration;
readers go on (WAL) or wait only for the commit. ALTER TABLE cannot change a column in place:
migrator rebuilds the table (copy into ``_migrator_new_<table>``, drop, rename), which
rewrites every row. A rebuild is read as one: its DROP TABLE loses nothing, but a column of
the old table the copy does not select is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from migrator.dialects.base.traits import (
    _IDENT,
    Action,
    Change,
    StatementTraits,
    after_renames,
    read_statement,
    split_top_level,
    unquote,
)
from migrator.dialects.sqlite.rebuild import SCRATCH_PREFIX
from migrator.state import SchemaState

WRITE_LOCK = "database write lock"
_COPY = re.compile(
    rf"(?is)^\s*INSERT\s+INTO\s+(?P<new>{_IDENT})\s*\([^)]*\)\s*SELECT\s+(?P<cols>.*?)\s+"
    rf"FROM\s+(?P<old>{_IDENT})\s*$"
)
_RENAME_BACK = re.compile(
    rf"(?is)^\s*ALTER\s+TABLE\s+(?P<new>{_IDENT})\s+RENAME\s+TO\s+(?P<old>{_IDENT})\s*$"
)


def classify(sql: str, before: SchemaState | None = None) -> StatementTraits:
    read = read_statement(sql)
    actions = {c.action for c in read.changes}
    if actions <= {Action.SESSION}:
        return StatementTraits(sql, None, read.changes, "none")
    new_table = actions == {Action.CREATE_TABLE}
    return StatementTraits(
        sql=sql,
        table=read.table,
        changes=read.changes,
        lock=WRITE_LOCK,
        blocks_writes=not new_table,
        scans_table=bool(actions & {Action.CREATE_INDEX, Action.ADD_UNIQUE, Action.DATA}),
        destructive=bool(actions & {Action.DROP_TABLE, Action.DROP_COLUMN}),
        known=Action.OTHER not in actions,
    )


def classify_all(sqls: Sequence[str], before: SchemaState | None = None) -> list[StatementTraits]:
    """Each statement, with the statements of a rebuild read as one rebuild of the table."""
    renamed_back = {
        unquote(m["old"]) for sql in sqls if (m := _RENAME_BACK.match(sql)) and _scratch(m["new"])
    }
    found = []
    for sql in sqls:  # each read against the names the statements before it left
        found.append(_in_rebuild(classify(sql, before), renamed_back, before))
        before = after_renames(before, found[-1])
    return found


def _scratch(name: str) -> bool:
    return unquote(name).startswith(SCRATCH_PREFIX)


def _in_rebuild(
    traits: StatementTraits, rebuilt: set[str], before: SchemaState | None
) -> StatementTraits:
    table = traits.table or ""
    if _scratch(table):
        original = table[len(SCRATCH_PREFIX) :]
        copy = _COPY.match(traits.sql)
        if copy and unquote(copy["old"]) == original:
            return _copy_traits(traits, original, copy["cols"], before)
        rename = _RENAME_BACK.match(traits.sql)
        target = unquote(rename["old"]) if rename else original
        return replace(traits, table=target, changes=(Change(Action.REBUILD),), destructive=False)
    if table in rebuilt and traits.has(Action.DROP_TABLE):
        return replace(traits, changes=(Change(Action.REBUILD),), destructive=False)
    if table == "sqlite_sequence":
        return replace(traits, changes=(Change(Action.REBUILD),), scans_table=False)
    return traits


def _copy_traits(
    traits: StatementTraits, table: str, selected: str, before: SchemaState | None
) -> StatementTraits:
    """The copy of a rebuild: every row rewritten; columns left behind are dropped."""
    changes = [Change(Action.REBUILD)]
    if before is not None and table in before.tables:
        kept = {unquote(c) for c in split_top_level(selected) if re.fullmatch(_IDENT, c.strip())}
        text = selected
        for col in before.tables[table].columns:
            if col.name not in kept and col.name not in text:
                changes.append(Change(Action.DROP_COLUMN, column=col.name))
    dropped = len(changes) > 1
    return replace(
        traits,
        table=table,
        changes=tuple(changes),
        rewrites_table=True,
        scans_table=True,
        destructive=dropped,
    )
