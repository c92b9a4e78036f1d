"""Operations to SQL: ``render(op, before)`` turns one operation into statements (no
trailing semicolons), given the schema state right before it, so a renderer can see the
whole table when it needs to (SQLite rebuilds, MySQL CHANGE COLUMN); ``render_all`` renders
a migration in order, with the online forms and what each operation does to stored data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base.blocks import BuildingBlocks
from migrator.dialects.base.types import TypeKnowledge
from migrator.state import Column, SchemaState


@dataclass(frozen=True, slots=True)
class RenderedOperation:
    """The statements one operation (or a merged group, see ``ops``) renders to."""

    ops: tuple[ops.Operation, ...]
    statements: tuple[str, ...]
    destructive: bool = False
    # why the block runs outside the migration's transaction, each statement committing on
    # its own (an online form that a transaction would defeat); None: inside it
    outside_transaction: str | None = None
    # what a reader should know about how the database applies it (e.g. "copies the table")
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OnlineForm:
    """How one operation on an existing table runs without stopping writes to it."""

    statements: tuple[str, ...]
    outside_transaction: str | None = None  # the reason, when it must run outside one
    notes: tuple[str, ...] = ()


class Rendering(BuildingBlocks, TypeKnowledge):
    """The rendering part of ``Dialect``: one ``render_<snake_name>`` per operation, in the
    common SQL; a dialect overrides those whose SQL differs."""

    name: ClassVar[str]  # the dialect's (see Dialect), named in errors

    def render(self, op: ops.Operation, before: SchemaState) -> list[str]:
        method: Callable[[Any, SchemaState], list[str]] = getattr(
            self, f"render_{_snake(type(op).__name__)}"
        )
        return method(op, before)

    def render_all(
        self, operations: Sequence[ops.Operation], before: SchemaState, online: bool = False
    ) -> list[RenderedOperation]:
        """Render a migration's operations in order, advancing the state as the database will.

        ``online``: operations on tables that exist before the migration and stay after it
        get the dialect's online form (``render_online``), where it has one; a table the
        same migration creates or drops has no readers or writers to spare."""
        rendered: list[RenderedOperation] = []
        state = before
        fresh = _created_or_dropped(operations) if online else set()
        for op in operations:
            table = getattr(op, "table", None)
            form = self.render_online(op, state) if online and table not in fresh else None
            if form is None:
                form = OnlineForm(tuple(self.render(op, state)))
            rendered.append(
                RenderedOperation(
                    (op,),
                    form.statements,
                    self.loses_data(op),
                    form.outside_transaction,
                    form.notes,
                )
            )
            state = op.apply(state)
        return rendered

    def render_online(self, op: ops.Operation, before: SchemaState) -> OnlineForm | None:
        """The form of ``op`` that keeps an existing table writable; None: the plain one."""
        return None

    def loses_data(self, op: ops.Operation) -> bool:
        if op.destructive:
            return True
        if isinstance(op, ops.AlterColumn):
            return self.narrows(op.old.type, op.new.type)
        return False

    def loss_effect(self, op: ops.Operation) -> str:
        """What happens to stored data when ``op`` runs (for an operation that loses_data)."""
        if isinstance(op, ops.AlterColumn):
            return self.narrowing_effect(op.old.type, op.new.type)
        return "data is lost"

    def narrowing_effect(self, old_type: str, new_type: str) -> str:
        """What this server does with values that do not fit a narrower type."""
        return (
            f"{old_type} -> {new_type}: the server refuses the change while a stored value "
            "does not fit (nothing is lost; shorten those values first)"
        )

    # tables
    def render_create_table(self, op: ops.CreateTable, before: SchemaState) -> list[str]:
        return self.create_table_statements(op.table_def)

    def render_drop_table(self, op: ops.DropTable, before: SchemaState) -> list[str]:
        return [f"DROP TABLE {self.quote_table(op.table)}"]

    def render_rename_table(self, op: ops.RenameTable, before: SchemaState) -> list[str]:
        return [f"ALTER TABLE {self.quote_table(op.table)} RENAME TO {self.quote(op.new_name)}"]

    def render_set_table_comment(self, op: ops.SetTableComment, before: SchemaState) -> list[str]:
        return [f"COMMENT ON TABLE {self.quote_table(op.table)} IS {self.comment_literal(op.new)}"]

    # columns
    def render_add_column(self, op: ops.AddColumn, before: SchemaState) -> list[str]:
        table = self.quote_table(op.table)
        col = op.column
        if op.fill is not None and not col.null and col.default is None:
            filled = Column(**{**_fields(col), "default": op.fill})
            return [
                f"ALTER TABLE {table} ADD COLUMN {self.column_definition(filled, op.table)}",
                f"ALTER TABLE {table} ALTER COLUMN {self.quote(col.name)} DROP DEFAULT",
                *self.column_comment_statements(op.table, col),
            ]
        return [
            f"ALTER TABLE {table} ADD COLUMN {self.column_definition(col, op.table)}",
            *self.column_comment_statements(op.table, col),
        ]

    def render_fill_column(self, op: ops.FillColumn, before: SchemaState) -> list[str]:
        if op.undo or op.fill is None:
            return []
        col = self.quote(op.column)
        return [f"UPDATE {self.quote_table(op.table)} SET {col} = {op.fill} WHERE {col} IS NULL"]

    def render_drop_column(self, op: ops.DropColumn, before: SchemaState) -> list[str]:
        table, column = self.quote_table(op.table), self.quote(op.column.name)
        return [f"ALTER TABLE {table} DROP COLUMN {column}"]

    def render_rename_column(self, op: ops.RenameColumn, before: SchemaState) -> list[str]:
        return [
            f"ALTER TABLE {self.quote_table(op.table)} RENAME COLUMN "
            f"{self.quote(op.old_name)} TO {self.quote(op.new_name)}"
        ]

    def render_alter_column(self, op: ops.AlterColumn, before: SchemaState) -> list[str]:
        raise NotImplementedError(f"{self.name} must render AlterColumn")

    # indexes and constraints
    def render_add_index(self, op: ops.AddIndex, before: SchemaState) -> list[str]:
        return [self.create_index_statement(op.table, op.index)]

    def render_drop_index(self, op: ops.DropIndex, before: SchemaState) -> list[str]:
        return [f"DROP INDEX {self.quote_beside(op.table, op.index.name)}"]

    def render_rename_index(self, op: ops.RenameIndex, before: SchemaState) -> list[str]:
        old = self.quote_beside(op.table, op.old.name)
        return [f"ALTER INDEX {old} RENAME TO {self.quote(op.new.name)}"]

    def render_add_unique(self, op: ops.AddUnique, before: SchemaState) -> list[str]:
        return [f"ALTER TABLE {self.quote_table(op.table)} ADD {self.unique_constraint(op.unique)}"]

    def render_drop_unique(self, op: ops.DropUnique, before: SchemaState) -> list[str]:
        table, name = self.quote_table(op.table), self.quote(op.unique.name)
        return [f"ALTER TABLE {table} DROP CONSTRAINT {name}"]

    def render_rename_unique(self, op: ops.RenameUnique, before: SchemaState) -> list[str]:
        return [
            f"ALTER TABLE {self.quote_table(op.table)} RENAME CONSTRAINT "
            f"{self.quote(op.old.name)} TO {self.quote(op.new.name)}"
        ]


def _created_or_dropped(operations: Sequence[ops.Operation]) -> set[str]:
    """The tables ``operations`` create or drop."""
    tables = set()
    for op in operations:
        if isinstance(op, ops.CreateTable):
            tables.add(op.table_def.name)
        elif isinstance(op, ops.DropTable):
            tables.add(op.table)
    return tables


def _fields(col: Column) -> dict[str, Any]:
    return {name: getattr(col, name) for name in Column.__dataclass_fields__}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
