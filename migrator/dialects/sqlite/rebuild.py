"""The 12-step table rebuild (https://sqlite.org/lang_altertable.html, "Making Other Kinds
Of Table Schema Changes") for one table and one or more consecutive operations on it.

Steps 1, 2, 10-12 (foreign keys off, BEGIN, foreign_key_check, COMMIT, foreign keys back on)
and the triggers of step 8 belong to the migration guard (see guard.py). This
module renders the statements in between: create the new table as the state says it
must be after the operations, copy the rows, drop the old table, rename the new one into
its place and re-create the indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.dialects.sqlite.rules import is_null_default
from migrator.state import SchemaState, Table

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect

SCRATCH_PREFIX = "_migrator_new_"


def scratch_name(table: str) -> str:
    return SCRATCH_PREFIX + table


def rebuild_statements(
    dialect: Dialect, before: SchemaState, group: Sequence[ops.Operation]
) -> list[str]:
    """Statements that rebuild ``group[0].table`` into its state after all of ``group``."""
    name = group[0].table
    old = before.table(name)
    new = ops.apply_all(before, list(group)).table(name)
    scratch = scratch_name(name)
    q = dialect.quote
    statements = dialect.create_table_statements(replace(new, indexes=()), name=scratch)
    statements.append(_copy_rows(dialect, old, new, group, scratch))
    if any(col.identity and "AUTOINCREMENT" in col.identity.upper() for col in new.columns):
        statements += _carry_sequence(dialect, name, scratch)
    statements += [
        f"DROP TABLE {q(name)}",
        # the rename must not re-check views and triggers that name the table: between
        # the DROP and this RENAME they point at a table that does not exist
        "PRAGMA legacy_alter_table=ON",
        f"ALTER TABLE {q(scratch)} RENAME TO {q(name)}",
        "PRAGMA legacy_alter_table=OFF",
    ]
    statements += [dialect.create_index_statement(name, i) for i in dialect.outer_indexes(new)]
    return statements


def _copy_rows(
    dialect: Dialect, old: Table, new: Table, group: Sequence[ops.Operation], scratch: str
) -> str:
    sources = column_sources(dialect, old, group)
    targets = [c.name for c in new.columns if sources.get(c.name) is not None]
    exprs = [str(sources[c]) for c in targets]
    if not targets:  # every column is new: keep the row count, the defaults fill the rest
        targets, exprs = ["rowid"], ["rowid"]
    columns = ", ".join(dialect.quote(c) if c != "rowid" else c for c in targets)
    return (
        f"INSERT INTO {dialect.quote(scratch)} ({columns}) "
        f"SELECT {', '.join(exprs)} FROM {dialect.quote(old.name)}"
    )


def column_sources(
    dialect: Dialect, old: Table, group: Sequence[ops.Operation]
) -> dict[str, str | None]:
    """For each column of the rebuilt table, the SELECT expression over the old table that
    fills it; None leaves it to the column's default (or NULL)."""
    sources: dict[str, str | None] = {c.name: dialect.quote(c.name) for c in old.columns}
    for op in group:
        if isinstance(op, ops.AddColumn):
            sources[op.column.name] = _added_source(op)
        elif isinstance(op, ops.DropColumn):
            sources.pop(op.column.name, None)
        elif isinstance(op, ops.AlterColumn):
            sources[op.new.name] = _altered_source(sources.get(op.old.name), op)
        elif isinstance(op, ops.RenameColumn):
            sources[op.new_name] = sources.pop(op.old_name, None)
    return sources


def _added_source(op: ops.AddColumn) -> str | None:
    col = op.column
    if col.null or not is_null_default(col.default):
        return None
    # NOT NULL without a default: the fill decided at makemigrations, else the model's
    # default; with neither the INSERT leaves NULL and SQLite refuses if the table has rows
    return op.fill if op.fill is not None else col.backfill


def _altered_source(source: str | None, op: ops.AlterColumn) -> str | None:
    new = op.new
    value = new.default if not is_null_default(new.default) else new.backfill
    if source is None:  # added in this same rebuild
        return value if not new.null and is_null_default(new.default) else None
    if not new.null and op.old.null and value is not None:
        return f"COALESCE({source}, {value})"
    return source


def _carry_sequence(dialect: Dialect, name: str, scratch: str) -> list[str]:
    """Keep AUTOINCREMENT's high-water mark, so ids of deleted rows are never reused."""
    q, text = dialect.quote, dialect.quote_string
    seq = q("sqlite_sequence")
    return [
        f"DELETE FROM {seq} WHERE {q('name')} = {text(scratch)}",
        f"INSERT INTO {seq} ({q('name')}, {q('seq')}) SELECT {text(scratch)}, {q('seq')} "
        f"FROM {seq} WHERE {q('name')} = {text(name)}",
    ]
