"""Which operations SQLite 3.35+ can do in place and which need the 12-step table rebuild.

The limits are the ones https://sqlite.org/lang_altertable.html documents for ADD COLUMN
and DROP COLUMN; every other column or constraint change is a rebuild.
"""

from __future__ import annotations

from dataclasses import replace

from migrator import operations as ops
from migrator.state import Column, SchemaState, Table

_NON_CONSTANT_DEFAULTS = frozenset({"CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"})


def is_null_default(default: str | None) -> bool:
    return default is None or default.strip().upper() == "NULL"


def can_add_in_place(col: Column) -> bool:
    """ALTER TABLE ADD COLUMN accepts the column as it is (no rebuild needed)."""
    if col.pk or col.unique or col.identity:
        return False
    default = col.default
    if default is not None and (
        default.strip().upper() in _NON_CONSTANT_DEFAULTS or default.lstrip().startswith("(")
    ):
        return False
    if not col.null and is_null_default(default):
        return False
    # with foreign keys on, a REFERENCES column must be added with a NULL default
    return col.fk is None or is_null_default(default)


def can_drop_in_place(state: SchemaState, table: Table, col: Column) -> bool:
    """ALTER TABLE DROP COLUMN works: nothing else in the schema uses the column."""
    if col.pk or col.unique or col.identity or col.fk is not None:
        return False
    if any(col.name in u.columns for u in table.uniques):
        return False
    for index in table.indexes:
        texts = (*index.expressions, index.where)
        if col.name in index.columns or any(_mentions(t, col.name) for t in texts):
            return False
    return not any(
        other.fk is not None and (other.fk.ref_table, other.fk.ref_column) == (table.name, col.name)
        for t in state.tables.values()
        for other in t.columns
    )


def _mentions(sql: str, name: str) -> bool:
    # a plain substring test can only err towards a rebuild, which is always correct
    return name.lower() in sql.lower()


def is_silent(op: ops.Operation) -> bool:
    """Operations that render nothing: SQLite has no comment catalog, comments live only in
    the CREATE TABLE text, which the next rebuild of the table rewrites anyway."""
    if isinstance(op, ops.SetTableComment):
        return True
    if isinstance(op, ops.AlterColumn):
        return replace(op.old, comment=op.new.comment).ddl_key() == op.new.ddl_key()
    return False


def needs_rebuild(op: ops.Operation, before: SchemaState) -> bool:
    if isinstance(op, ops.AddColumn):
        return not can_add_in_place(op.column)
    if isinstance(op, ops.DropColumn):
        return not can_drop_in_place(before, before.table(op.table), op.column)
    if isinstance(op, ops.AlterColumn):
        return not is_silent(op)
    return isinstance(op, (ops.AddUnique, ops.DropUnique, ops.RenameUnique))
