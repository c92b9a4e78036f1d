"""MySQL/MariaDB online DDL: the ALTER TABLE of an operation on an existing table asks the
server for the algorithm that keeps the table writable, so that the server refuses the
statement (and nothing changes) rather than silently copying the table under a lock.

- ``ALGORITHM=INSTANT``: a change of metadata only (adding a column without an index or a
  foreign key, renaming a column, dropping a column no foreign key uses).
- ``ALGORITHM=INPLACE, LOCK=NONE``: an index is built or dropped while reads and writes go
  on (InnoDB's online index build), a column's own UNIQUE included.
- the rest says in the file that the server may copy the table, blocking writes meanwhile:
  adding a foreign key (with foreign_key_checks on), changing a column's type, FULLTEXT and
  SPATIAL indexes (built under LOCK=SHARED).

Both MariaDB (10.4+) and MySQL (8.0.29+) accept these forms for the operations listed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.dialects.base.dialect import OnlineForm
from migrator.dialects.mysql import keys
from migrator.state import SchemaState

if TYPE_CHECKING:
    from migrator.dialects.mysql.dialect import MySQLDialect

INSTANT = "ALGORITHM=INSTANT"
IN_PLACE = "ALGORITHM=INPLACE, LOCK=NONE"
INSTANT_NOTE = "ALGORITHM=INSTANT: a metadata change, the table stays writable"
IN_PLACE_NOTE = "ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on"
COPY_NOTE = "the server may copy the table here, blocking writes until it is done"

_INDEX_OPS = (ops.AddIndex, ops.DropIndex, ops.AddUnique, ops.DropUnique)


def render(d: MySQLDialect, op: ops.Operation, before: SchemaState) -> OnlineForm | None:
    statements = d.render(op, before)
    algorithm = _algorithm(op, before)
    if algorithm is None:
        copies = _copy_reason(op)
        return None if copies is None else OnlineForm(tuple(statements), notes=(copies,))
    note = INSTANT_NOTE if algorithm == INSTANT else IN_PLACE_NOTE
    online = tuple(f"{s}, {algorithm}" if s.startswith("ALTER TABLE") else s for s in statements)
    return OnlineForm(online, notes=(note,))


def _algorithm(op: ops.Operation, before: SchemaState) -> str | None:
    if isinstance(op, _INDEX_OPS):
        index = getattr(op, "index", None)
        if index is not None and index.using.upper() in ("FULLTEXT", "SPATIAL"):
            return None
        return IN_PLACE
    if isinstance(op, ops.AddColumn):
        col = op.column
        if col.fk is not None or col.identity or col.pk:
            return None
        return IN_PLACE if col.unique else INSTANT
    if isinstance(op, ops.AlterColumn) and _only_uniqueness(op):
        return IN_PLACE  # ADD UNIQUE KEY / DROP INDEX of the column's own UNIQUE
    if isinstance(op, ops.DropColumn):
        table = before.table(op.table)
        col = table.column(op.column.name)
        if col.fk is not None or keys.referencing(before, op.table, col.name) or col.unique:
            return None
        if any(col.name in index.columns for index in table.indexes):
            return None
        return INSTANT
    return None


def _only_uniqueness(op: ops.AlterColumn) -> bool:
    """The column gains or loses its UNIQUE and nothing else changes."""
    return op.old.unique != op.new.unique and replace(op.old, unique=op.new.unique) == op.new


def _copy_reason(op: ops.Operation) -> str | None:
    """Why the server copies the table for ``op``; None where it does not say so (comments,
    renames, defaults: metadata; the server picks)."""
    if isinstance(op, ops.AddColumn) and op.column.fk is not None:
        return f"{COPY_NOTE} (a new foreign key is checked against every row)"
    if isinstance(op, ops.AlterColumn):
        if op.old.type != op.new.type:
            return f"{COPY_NOTE} (a column type change rebuilds it)"
        if op.new.fk is not None and op.old.fk != op.new.fk:
            return f"{COPY_NOTE} (a new foreign key is checked against every row)"
        if op.old.null and not op.new.null:
            return f"{COPY_NOTE} (NOT NULL is checked by rebuilding it)"
    if isinstance(op, _INDEX_OPS) and getattr(op, "index", None) is not None:
        return f"{COPY_NOTE} (a FULLTEXT or SPATIAL index is built under LOCK=SHARED)"
    return None
