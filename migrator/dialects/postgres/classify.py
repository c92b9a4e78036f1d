"""PostgreSQL: which lock each statement takes and what it does to the table, after the
"Lock Modes" table and the ALTER TABLE / CREATE INDEX reference pages.

A lock conflicts with writers (INSERT/UPDATE/DELETE take ROW EXCLUSIVE) from SHARE upwards,
and with readers (ACCESS SHARE) only at ACCESS EXCLUSIVE. The lock of a statement is the
strongest lock of its changes; it is held until the migration's transaction commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from migrator.dialects.base.traits import (
    Action,
    Change,
    ReadStatement,
    StatementTraits,
    old_column,
    read_statement,
)
from migrator.state import SchemaState, table_key

LEVELS = (
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
)
_BLOCKS_WRITES_FROM = LEVELS.index("SHARE")
AE = "ACCESS EXCLUSIVE"
SUE = "SHARE UPDATE EXCLUSIVE"
# defaults whose value differs per row: adding such a column rewrites the table (PG 11+
# stores a constant default in the catalog instead)
_VOLATILE = re.compile(
    r"(?i)\b(random|gen_random_uuid|uuid_generate_v\d\w*|clock_timestamp|"
    r"timeofday|nextval)\s*\("
)


def _keyed(read: ReadStatement, before: SchemaState | None) -> ReadStatement:
    """``read`` with its table, and the new name of a table rename, as the state's keys."""
    key = _table_key(read, before)
    if key == read.table or read.schema is None:
        return replace(read, table=key)
    changes = tuple(
        replace(c, new_name=table_key(read.schema, c.new_name))
        if c.action is Action.RENAME_TABLE and c.new_name and "." not in c.new_name
        else c
        for c in read.changes
    )
    return replace(read, table=key, changes=changes)


def _table_key(read: ReadStatement, before: SchemaState | None) -> str | None:
    """The state's key of the table a statement names: ``schema.table`` when it is written
    qualified (a Meta.schema table), unless only the bare name is a table of ``before`` (a
    hand-written ``"public"."t"`` for a table of the connection's own schema)."""
    if read.table is None or read.schema is None:
        return read.table
    key = table_key(read.schema, read.table)
    tables = before.tables if before is not None else {}
    return read.table if read.table in tables and key not in tables else key


@dataclass(frozen=True, slots=True)
class _Effect:
    lock: str | None  # None: takes no lock on an existing table
    rewrites: bool = False
    scans: bool = False
    transactional: bool = True
    destructive: bool = False
    known: bool = True


# how the dialect moves a table into the connection's own schema, whose name only the
# server knows (dialect.py, _move_and_rename): read as the ALTER TABLE it executes
_MOVE_HOME = re.compile(
    r"(?is)^\s*DO\s+\$\$\s*BEGIN\s+EXECUTE\s+format\('(?P<alter>ALTER\s+TABLE\s+.+?\s+SET\s+"
    r"SCHEMA)\s+%I',\s*current_schema\(\)\);\s*END\s*\$\$\s*;?\s*$"
)
# a stand-in for the connection's own schema in that ALTER TABLE (never a real name)
_OWN_SCHEMA = '"<current schema>"'


def classify(sql: str, before: SchemaState | None = None) -> StatementTraits:
    if home := _MOVE_HOME.match(sql):
        moved = classify(home["alter"].replace("''", "'") + " " + _OWN_SCHEMA, before)
        own = _OWN_SCHEMA.strip('"') + "."
        changes = tuple(  # the own schema's tables are keyed by their bare names
            replace(c, new_name=c.new_name[len(own) :])
            if c.new_name and c.new_name.startswith(own)
            else c
            for c in moved.changes
        )
        return replace(moved, sql=sql, changes=changes)
    read = _keyed(read_statement(sql), before)
    effects = [_effect(c, read.table, before, sql) for c in read.changes]
    locks = [e.lock for e in effects if e.lock is not None]
    lock = max(locks, key=LEVELS.index) if locks else None
    level = LEVELS.index(lock) if lock else -1
    return StatementTraits(
        sql=sql,
        table=read.table,
        changes=read.changes,
        lock=lock or "none on existing tables",
        blocks_reads=lock == AE,
        blocks_writes=level >= _BLOCKS_WRITES_FROM,
        rewrites_table=any(e.rewrites for e in effects),
        scans_table=any(e.scans for e in effects),
        transactional=all(e.transactional for e in effects),
        destructive=any(e.destructive for e in effects),
        known=all(e.known for e in effects),
    )


def _effect(change: Change, table: str | None, before: SchemaState | None, sql: str) -> _Effect:
    a = change.action
    if a is Action.CREATE_TABLE:
        return _Effect(None)
    if a is Action.DROP_TABLE:
        return _Effect(AE, destructive=True)
    if a is Action.DROP_COLUMN:
        return _Effect(AE, destructive=True)
    if a is Action.ADD_COLUMN:
        volatile = bool(_VOLATILE.search(change.default or "")) or bool(
            re.search(r"(?i)\b(SERIAL|BIGSERIAL|SMALLSERIAL)\b|\bGENERATED\s+ALWAYS\s+AS\s*\(", sql)
        )
        return _Effect(AE, rewrites=volatile, scans=volatile)
    if a is Action.ALTER_TYPE:
        old = old_column(before, table, change.column)
        coercible = old is not None and binary_coercible(old.type, change.new_type or "")
        return _Effect(AE, rewrites=not coercible, scans=not coercible)
    if a is Action.SET_NOT_NULL:
        return _Effect(AE, scans=True)
    if a is Action.ADD_FOREIGN_KEY:
        return _Effect("SHARE ROW EXCLUSIVE", scans=not change.not_valid)
    if a is Action.ADD_CHECK:
        return _Effect(AE, scans=not change.not_valid)
    if a in (Action.ADD_UNIQUE, Action.ADD_PRIMARY_KEY):
        return _Effect(AE, scans=not re.search(r"(?i)\bUSING\s+INDEX\b", sql))
    if a is Action.VALIDATE_CONSTRAINT:
        return _Effect(SUE, scans=True)
    if a is Action.CREATE_INDEX:
        if change.concurrently:
            return _Effect(SUE, scans=True, transactional=False)
        return _Effect("SHARE", scans=True)
    if a is Action.DROP_INDEX:
        return _Effect(SUE if change.concurrently else AE, transactional=not change.concurrently)
    if a in (Action.RENAME_INDEX, Action.COMMENT):
        return _Effect(SUE)
    if a is Action.DATA:
        return _Effect("ROW EXCLUSIVE", scans=bool(re.match(r"(?is)\s*(UPDATE|DELETE)\b", sql)))
    if a is Action.SESSION:
        return _Effect(None)
    if a in (
        Action.RENAME_TABLE,
        Action.RENAME_COLUMN,
        Action.RENAME_CONSTRAINT,  # unlike ALTER INDEX ... RENAME (seen in pg_locks)
        Action.SET_DEFAULT,
        Action.DROP_NOT_NULL,
        Action.DROP_CONSTRAINT,
        Action.TABLE_OPTION,
    ):
        return _Effect(AE)
    return _Effect(None, known=False)


_TYPE = re.compile(r"(?is)^\s*(?P<base>[a-z ]+?)\s*(?:\((?P<args>[^)]*)\))?\s*$")
_VARCHAR = {"VARCHAR", "CHARACTER VARYING"}


def binary_coercible(old_type: str, new_type: str) -> bool:
    """Can PostgreSQL change ``old_type`` to ``new_type`` without rewriting the table?
    (same type, a longer or unlimited VARCHAR, VARCHAR to TEXT, more NUMERIC precision)."""
    old, new = _TYPE.match(old_type), _TYPE.match(new_type)
    if old is None or new is None:
        return False
    ob, nb = " ".join(old["base"].upper().split()), " ".join(new["base"].upper().split())
    oa, na = (old["args"] or "").replace(" ", ""), (new["args"] or "").replace(" ", "")
    if ob == nb and oa == na:
        return True
    if ob in _VARCHAR and nb == "TEXT":
        return True
    if ob in _VARCHAR and nb in _VARCHAR:
        return not na or (oa.isdigit() and na.isdigit() and int(na) >= int(oa))
    if ob in {"NUMERIC", "DECIMAL"} and nb == ob and oa and na:
        (op, _, os_), (np_, _, ns) = oa.partition(","), na.partition(",")
        return os_ == ns and op.isdigit() and np_.isdigit() and int(np_) >= int(op)
    return False
