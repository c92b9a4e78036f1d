"""PostgreSQL generated columns (``GENERATED ALWAYS AS (expr) STORED``, e.g. Tortoise's
``TSVectorField(source_fields=...)``), whose expression travels in the column's type.

PostgreSQL up to 16 has no statement that changes a generated column's expression, and
``ALTER COLUMN ... TYPE`` does not accept one. So:

- a new expression (or a plain column becoming generated) drops the column and adds it
  again: the server computes every row's value anew while it rewrites the table. DROP COLUMN
  takes the column's indexes and constraints with it, so those are created again;
- a generated column becoming a plain one keeps its values: ``DROP EXPRESSION``.

PostgreSQL also rewrites a generated column's expression itself when a column it reads is
renamed, while the models spell the expression with the final names: ``follow_renames``
translates each change to the names the table has where it runs, so a rename alone changes
nothing more, and a real change reads the columns that exist at that point.

Only the plain column becoming generated loses data (its stored values are replaced by
computed ones); a changed expression loses nothing the database cannot compute again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.state import Column, SchemaState

if TYPE_CHECKING:
    from migrator.dialects.postgres.dialect import PostgresDialect

_GENERATED = re.compile(r"(?is)^(?P<type>.*?)\s+GENERATED\s+ALWAYS\s+AS\s*\(")
RENAMES_NOTE = (
    "PostgreSQL renames columns in a generated column's expression itself: the statements use "
    "the column names the table has at this point of the migration"
)
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def base_type(col: Column) -> str | None:
    """The type a generated column stores ("TSVECTOR"); None for any other column."""
    if col.identity:
        return None  # a generated key (SERIAL, IDENTITY) lives in ``identity``, not here
    match = _GENERATED.match(col.type)
    return match["type"] if match else None


def is_generated(col: Column) -> bool:
    return base_type(col) is not None


def must_replace(op: ops.AlterColumn) -> bool:
    """Whether the column has to be dropped and added again: its definition has a new
    expression (PostgreSQL cannot alter one in place)."""
    return is_generated(op.new) and op.old.type != op.new.type


def loses_data(op: ops.AlterColumn) -> bool:
    """A plain column becoming generated: its values give way to computed ones."""
    return must_replace(op) and not is_generated(op.old)


def replace_column(d: PostgresDialect, op: ops.AlterColumn, before: SchemaState) -> list[str]:
    """DROP COLUMN, ADD COLUMN with the new definition, then the indexes and unique
    constraints the drop took with it (AlterColumn keeps the column's name)."""
    table = before.table(op.table)
    name = op.old.name
    quoted_table = d.quote_table(op.table)
    statements = [f"ALTER TABLE {quoted_table} DROP COLUMN {d.quote(name)}"]
    statements += d.render_add_column(ops.AddColumn(op.table, op.new), before)
    statements += [
        d.create_index_statement(op.table, index)
        for index in table.indexes
        if name in index.columns or any(d.quote(name) in e for e in index.expressions)
    ]
    statements += [
        f"ALTER TABLE {quoted_table} ADD {d.unique_constraint(unique)}"
        for unique in table.uniques
        if name in unique.columns
    ]
    return statements


def drop_expression(d: PostgresDialect, op: ops.AlterColumn) -> tuple[list[str], ops.AlterColumn]:
    """A generated column becoming plain: ``DROP EXPRESSION`` (values kept), and what is left
    to alter of a column that now stores its base type."""
    base = base_type(op.old)
    assert base is not None
    quoted = f"ALTER TABLE {d.quote_table(op.table)} ALTER COLUMN {d.quote(op.old.name)}"
    return [f"{quoted} DROP EXPRESSION"], replace(op, old=replace(op.old, type=base))


def follow_renames(operations: Sequence[ops.Operation]) -> list[ops.Operation]:
    """``operations`` with each change of a generated column spelled in the column names its
    table has at that point: the old expression after the renames that ran before it (the
    server rewrote it), the new one before the renames still to come (the server will)."""
    result = list(operations)  # the operations themselves where nothing is renamed
    for at, op in enumerate(operations):
        if not isinstance(op, ops.AlterColumn) or not (op.old.computed or op.new.computed):
            continue
        done = {
            r.old_name: r.new_name
            for r in operations[:at]
            if isinstance(r, ops.RenameColumn) and r.table == op.table
        }
        coming = {
            r.new_name: r.old_name
            for r in operations[at + 1 :]
            if isinstance(r, ops.RenameColumn) and r.table == op.table
        }
        if done or coming:
            result[at] = replace(
                op,
                old=replace(op.old, type=_renamed(op.old.type, done)),
                new=replace(op.new, type=_renamed(op.new.type, coming)),
            )
    return result


def _renamed(sql: str, names: dict[str, str]) -> str:
    """``sql`` with the quoted identifiers in ``names`` replaced (all at once)."""
    if not names:
        return sql

    def swap(match: re.Match[str]) -> str:
        name = match[1].replace('""', '"')
        new = names.get(name, name)
        return '"' + new.replace('"', '""') + '"'

    return _QUOTED.sub(swap, sql)
