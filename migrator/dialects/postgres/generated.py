"""PostgreSQL generated columns (``GENERATED ALWAYS AS (expr) STORED``, e.g. Tortoise's
``TSVectorField(source_fields=...)``), whose expression travels in the column's type.

PostgreSQL up to 16 has no statement that changes a generated column's expression, and
``ALTER COLUMN ... TYPE`` does not accept one. So:

- a new expression (or a plain column becoming generated) drops the column and adds it
  again: the server computes every row's value anew while it rewrites the table. DROP COLUMN
  takes the column's indexes and constraints with it, so those are created again;
- a generated column becoming a plain one keeps its values: ``DROP EXPRESSION``.

Only the plain column becoming generated loses data (its stored values are replaced by
computed ones); a changed expression loses nothing the database cannot compute again.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.state import Column, SchemaState

if TYPE_CHECKING:
    from migrator.dialects.postgres.dialect import PostgresDialect

_GENERATED = re.compile(r"(?is)^(?P<type>.*?)\s+GENERATED\s+ALWAYS\s+AS\s*\(")


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
    quoted_table = d.quote(op.table)
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
    quoted = f"ALTER TABLE {d.quote(op.table)} ALTER COLUMN {d.quote(op.old.name)}"
    return [f"{quoted} DROP EXPRESSION"], replace(op, old=replace(op.old, type=base))
