"""MySQL/MariaDB (InnoDB): the ALGORITHM and LOCK the server uses for each statement, after
the "Online DDL Operations" tables (MySQL 8.0.29+, MariaDB 10.6+), and what it does to the
table.

INSTANT changes only metadata; INPLACE works in the table's own storage (some operations
still rebuild it) and with LOCK=NONE lets writers go on; COPY copies every row into a new
table under LOCK=SHARED, which blocks writers for the whole copy. Adding a foreign key (with
foreign_key_checks on) or a CHECK constraint needs COPY. An ALGORITHM= or LOCK= clause
written in the statement is what the server uses (or it refuses the statement). Every
statement commits on its own: nothing runs inside a migration transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrator.dialects.base.traits import (
    Action,
    Change,
    StatementTraits,
    old_column,
    read_statement,
)
from migrator.state import Column, SchemaState

ALGORITHMS = ("INSTANT", "INPLACE", "COPY")
LOCKS = ("NONE", "SHARED", "EXCLUSIVE")


@dataclass(frozen=True, slots=True)
class _Effect:
    algorithm: str | None  # None: not an online-DDL operation (CREATE/DROP TABLE, DML)
    lock: str = "NONE"
    rewrites: bool = False
    scans: bool = False
    destructive: bool = False
    known: bool = True
    label: str | None = None  # the lock in words, for statements outside online DDL


_COPY = _Effect("COPY", "SHARED", rewrites=True, scans=True)


def classify(sql: str, before: SchemaState | None = None) -> StatementTraits:
    read = read_statement(sql)
    effects = [_effect(c, read.table, before) for c in read.changes]
    online = [e for e in effects if e.algorithm is not None]
    algorithm = read.options.get("ALGORITHM")
    if algorithm == "DEFAULT":
        algorithm = None
    lock = read.options.get("LOCK")
    if lock == "DEFAULT":
        lock = None
    if online:
        algorithm = algorithm or max(
            (e.algorithm or "INSTANT" for e in online), key=ALGORITHMS.index
        )
        lock = lock or max((e.lock for e in online), key=LOCKS.index)
        if algorithm == "COPY" and lock == "NONE":
            lock = "SHARED"
        label = f"ALGORITHM={algorithm}, LOCK={lock}"
    else:
        label = next((e.label for e in effects if e.label), "none")
    blocking = lock in ("SHARED", "EXCLUSIVE") or any(e.label == _MDL for e in effects)
    return StatementTraits(
        sql=sql,
        table=read.table,
        changes=read.changes,
        lock=label,
        blocks_reads=lock == "EXCLUSIVE" or any(e.label == _MDL for e in effects),
        blocks_writes=blocking,
        rewrites_table=any(e.rewrites for e in effects) or algorithm == "COPY",
        scans_table=any(e.scans for e in effects) or algorithm == "COPY",
        transactional=False,
        destructive=any(e.destructive for e in effects),
        known=all(e.known for e in effects),
    )


_MDL = "exclusive metadata lock"


def _effect(change: Change, table: str | None, before: SchemaState | None) -> _Effect:
    a = change.action
    if a is Action.CREATE_TABLE:
        return _Effect(None, label="none on existing tables")
    if a is Action.DROP_TABLE:
        return _Effect(None, destructive=True, label=_MDL)
    if a is Action.DATA:
        return _Effect(None, scans=True, label="row locks")
    if a is Action.SESSION:
        return _Effect(None, label="none")
    if a is Action.DROP_COLUMN:
        return _Effect("INSTANT", destructive=True)
    if a in (Action.ADD_COLUMN, Action.RENAME_COLUMN, Action.RENAME_TABLE, Action.SET_DEFAULT):
        return _Effect("INSTANT")
    if a is Action.MODIFY_COLUMN:
        return _modify(change, old_column(before, table, change.column))
    if a in (Action.ALTER_TYPE, Action.SET_NOT_NULL, Action.DROP_NOT_NULL):
        return _COPY
    if a in (Action.ADD_FOREIGN_KEY, Action.ADD_CHECK):
        return _COPY
    if a in (Action.CREATE_INDEX, Action.ADD_UNIQUE):
        return _Effect("INPLACE", scans=True)
    if a is Action.ADD_PRIMARY_KEY:
        return _Effect("INPLACE", rewrites=True, scans=True)
    if a in (
        Action.DROP_INDEX,
        Action.DROP_CONSTRAINT,
        Action.RENAME_INDEX,
        Action.RENAME_CONSTRAINT,
    ):
        return _Effect("INPLACE")
    if a in (Action.TABLE_OPTION, Action.COMMENT):
        return _Effect("INSTANT")
    return _Effect(None, known=False, label="unknown")


_TYPE = re.compile(r"(?is)^\s*(?P<base>\w+)\s*(?:\((?P<args>[^)]*)\))?(?P<rest>.*)$")


def _modify(change: Change, old: Column | None) -> _Effect:
    """MODIFY/CHANGE restate the whole column: what it costs depends on what differs."""
    if old is None or change.new_type is None:
        return _COPY  # cannot tell what changed: assume the type did
    same_type = _same_type(old.type, change.new_type)
    if same_type and old.null == (not change.not_null):
        return _Effect("INSTANT")  # default, comment or name only
    if same_type:
        return _Effect("INPLACE", rewrites=True, scans=True)  # NULL <-> NOT NULL
    if _varchar_widens(old.type, change.new_type):
        return _Effect("INPLACE")
    return _COPY


def _same_type(a: str, b: str) -> bool:
    return " ".join(a.upper().split()) == " ".join(b.upper().split())


def _varchar_widens(old: str, new: str) -> bool:
    """A longer VARCHAR whose length still fits the same length prefix (1 byte up to 255
    bytes; 4 bytes a character in utf8mb4) is changed in place."""
    o, n = _TYPE.match(old), _TYPE.match(new)
    if not o or not n or o["base"].upper() != "VARCHAR" or n["base"].upper() != "VARCHAR":
        return False
    if not (o["args"] or "").strip().isdigit() or not (n["args"] or "").strip().isdigit():
        return False
    before, after = int(o["args"]), int(n["args"])
    return after >= before and (after * 4 <= 255) == (before * 4 <= 255)
