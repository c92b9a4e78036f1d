"""Typed schema operations: pure data that knows how to change a state and how to undo itself.

Every operation is immutable and carries what it needs to reverse itself (a DropColumn keeps
the dropped Column). ``apply`` moves a SchemaState forward the way the database will move,
so a renderer can always see the table as it is right before the operation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Protocol, runtime_checkable

from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint


@runtime_checkable
class Operation(Protocol):
    @property
    def table(self) -> str: ...

    # True when the operation itself can lose stored data (dialect-specific narrowing of a
    # column type is decided by the dialect, see Dialect.narrows).
    destructive: ClassVar[bool]

    def apply(self, state: SchemaState) -> SchemaState: ...

    def reverse(self) -> Operation: ...

    def describe(self) -> str: ...


# -- tables ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateTable:
    table_def: Table
    destructive: ClassVar[bool] = False

    @property
    def table(self) -> str:
        return self.table_def.name

    def apply(self, state: SchemaState) -> SchemaState:
        return state.with_table(self.table_def)

    def reverse(self) -> Operation:
        return DropTable(self.table_def)

    def describe(self) -> str:
        return f"create table {self.table}"


@dataclass(frozen=True, slots=True)
class DropTable:
    table_def: Table
    destructive: ClassVar[bool] = True

    @property
    def table(self) -> str:
        return self.table_def.name

    def apply(self, state: SchemaState) -> SchemaState:
        return state.without_table(self.table)

    def reverse(self) -> Operation:
        return CreateTable(self.table_def)

    def describe(self) -> str:
        return f"drop table {self.table}"


@dataclass(frozen=True, slots=True)
class RenameTable:
    """A new name (the table's key, see ``state.table_key``), and a new schema when it moves
    to another one; ``schema`` is the one it leaves."""

    table: str
    new_name: str
    schema: str | None = None
    new_schema: str | None = None
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        moved = _retitle_generated_fks(state.table(self.table), self.table, self.new_name)
        state = state.without_table(self.table).with_table(replace(moved, schema=self.new_schema))
        for other in list(state.tables.values()):
            state = state.with_table(_retarget_table_refs(other, self.table, self.new_name))
        return state

    def reverse(self) -> Operation:
        return RenameTable(self.new_name, self.table, self.new_schema, self.schema)

    @property
    def moves_schema(self) -> bool:
        return self.schema != self.new_schema

    def describe(self) -> str:
        return f"rename table {self.table} to {self.new_name}"


@dataclass(frozen=True, slots=True)
class SetTableComment:
    table: str
    old: str | None
    new: str | None
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        return state.with_table(replace(state.table(self.table), comment=self.new))

    def reverse(self) -> Operation:
        return SetTableComment(self.table, self.new, self.old)

    def describe(self) -> str:
        return f"set comment on table {self.table}"


# -- columns -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddColumn:
    table: str
    column: Column
    # SQL expression that fills existing rows when the column is NOT NULL without a db
    # default; None leaves the database to refuse the change if the table has rows.
    fill: str | None = None
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        return state.with_table(table.with_columns((*table.columns, self.column)))

    def reverse(self) -> Operation:
        return DropColumn(self.table, self.column)

    def describe(self) -> str:
        return f"add column {self.table}.{self.column.name}"


@dataclass(frozen=True, slots=True)
class DropColumn:
    table: str
    column: Column
    destructive: ClassVar[bool] = True

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        return state.with_table(
            table.with_columns(c for c in table.columns if c.name != self.column.name)
        )

    def reverse(self) -> Operation:
        return AddColumn(self.table, self.column, fill=self.column.backfill)

    def describe(self) -> str:
        return f"drop column {self.table}.{self.column.name}"


@dataclass(frozen=True, slots=True)
class FillColumn:
    """Give the existing rows of a column that was just added as nullable their value, before
    the column becomes NOT NULL (the middle of the three-step form for a unique column or a
    default the application computes). The upgrade file marks it for review. ``fill`` None:
    no value is known, and the NOT NULL that follows fails while a row has none; write one
    into the file. The reverse undoes nothing (the column is made nullable, then dropped)."""

    table: str
    column: str
    fill: str | None
    undo: bool = False
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        return state

    def reverse(self) -> Operation:
        return FillColumn(self.table, self.column, self.fill, undo=not self.undo)

    def describe(self) -> str:
        where = f"{self.table}.{self.column}"
        if self.undo:
            return f"keep the values filled into {where}"
        if self.fill is None:
            return f"fill existing rows of {where}: no value known, write one here"
        return f"fill existing rows of {where} (review the value)"


@dataclass(frozen=True, slots=True)
class RenameColumn:
    table: str
    old_name: str
    new_name: str
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        renamed = replace(table.column(self.old_name), name=self.new_name)
        table = table.replace_column(self.old_name, renamed)
        table = replace(
            table,
            indexes=tuple(
                replace(i, columns=_rename_in(i.columns, self.old_name, self.new_name))
                for i in table.indexes
            ),
            uniques=tuple(
                replace(u, columns=_rename_in(u.columns, self.old_name, self.new_name))
                for u in table.uniques
            ),
        )
        state = state.with_table(table)
        for other in list(state.tables.values()):
            state = state.with_table(
                _retarget_column_refs(other, self.table, self.old_name, self.new_name)
            )
        return state

    def reverse(self) -> Operation:
        return RenameColumn(self.table, self.new_name, self.old_name)

    def describe(self) -> str:
        return f"rename column {self.table}.{self.old_name} to {self.new_name}"


@dataclass(frozen=True, slots=True)
class AlterColumn:
    """Change a column in place: type, nullability, default, comment, uniqueness, foreign key.

    ``old`` and ``new`` have the same name; renames are RenameColumn. Renderers emit one
    statement per attribute that differs.
    """

    table: str
    old: Column
    new: Column
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        return state.with_table(table.replace_column(self.old.name, self.new))

    def reverse(self) -> Operation:
        return AlterColumn(self.table, self.new, self.old)

    def describe(self) -> str:
        changed = [
            label
            for label, attr in _ALTER_ATTRS
            if getattr(self.old, attr) != getattr(self.new, attr)
        ]
        return f"alter column {self.table}.{self.new.name} ({', '.join(changed) or 'no-op'})"

    @property
    def column(self) -> str:
        return self.new.name


_ALTER_ATTRS = (
    ("type", "type"),
    ("null", "null"),
    ("default", "default"),
    ("comment", "comment"),
    ("unique", "unique"),
    ("foreign key", "fk"),
    ("primary key", "pk"),
    ("identity", "identity"),
)


# -- indexes and constraints -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddIndex:
    table: str
    index: Index
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        indexes = tuple(sorted((*table.indexes, self.index), key=lambda i: i.name))
        return state.with_table(replace(table, indexes=indexes))

    def reverse(self) -> Operation:
        return DropIndex(self.table, self.index)

    def describe(self) -> str:
        kind = "unique index" if self.index.unique else "index"
        return f"add {kind} {self.index.name} on {self.table}"


@dataclass(frozen=True, slots=True)
class DropIndex:
    table: str
    index: Index
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        indexes = tuple(i for i in table.indexes if i.name != self.index.name)
        return state.with_table(replace(table, indexes=indexes))

    def reverse(self) -> Operation:
        return AddIndex(self.table, self.index)

    def describe(self) -> str:
        return f"drop index {self.index.name} on {self.table}"


@dataclass(frozen=True, slots=True)
class RenameIndex:
    table: str
    old: Index
    new: Index  # same shape as old, another name
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        indexes = tuple(
            sorted(
                (self.new if i.name == self.old.name else i for i in table.indexes),
                key=lambda i: i.name,
            )
        )
        return state.with_table(replace(table, indexes=indexes))

    def reverse(self) -> Operation:
        return RenameIndex(self.table, self.new, self.old)

    def describe(self) -> str:
        return f"rename index {self.old.name} to {self.new.name} on {self.table}"


@dataclass(frozen=True, slots=True)
class AddUnique:
    table: str
    unique: UniqueConstraint
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        uniques = tuple(sorted((*table.uniques, self.unique), key=lambda u: u.name))
        return state.with_table(replace(table, uniques=uniques))

    def reverse(self) -> Operation:
        return DropUnique(self.table, self.unique)

    def describe(self) -> str:
        return f"add unique ({', '.join(self.unique.columns)}) on {self.table}"


@dataclass(frozen=True, slots=True)
class DropUnique:
    table: str
    unique: UniqueConstraint
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        uniques = tuple(u for u in table.uniques if u.name != self.unique.name)
        return state.with_table(replace(table, uniques=uniques))

    def reverse(self) -> Operation:
        return AddUnique(self.table, self.unique)

    def describe(self) -> str:
        return f"drop unique ({', '.join(self.unique.columns)}) on {self.table}"


@dataclass(frozen=True, slots=True)
class RenameUnique:
    table: str
    old: UniqueConstraint
    new: UniqueConstraint  # same columns, another name
    destructive: ClassVar[bool] = False

    def apply(self, state: SchemaState) -> SchemaState:
        table = state.table(self.table)
        uniques = tuple(
            sorted(
                (self.new if u.name == self.old.name else u for u in table.uniques),
                key=lambda u: u.name,
            )
        )
        return state.with_table(replace(table, uniques=uniques))

    def reverse(self) -> Operation:
        return RenameUnique(self.table, self.new, self.old)

    def describe(self) -> str:
        return f"rename unique {self.old.name} to {self.new.name} on {self.table}"


ALL_OPERATIONS: tuple[type, ...] = (
    CreateTable,
    DropTable,
    RenameTable,
    SetTableComment,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumn,
    AddIndex,
    DropIndex,
    RenameIndex,
    AddUnique,
    DropUnique,
    RenameUnique,
)


def apply_all(state: SchemaState, ops: list[Operation]) -> SchemaState:
    for op in ops:
        state = op.apply(state)
    return state


def reverse_all(ops: list[Operation]) -> list[Operation]:
    """The operations that undo ``ops``, in the order they must run."""
    return [op.reverse() for op in reversed(ops)]


def carry_references(state: SchemaState, operations: list[Operation]) -> SchemaState:
    """``state`` (the tables of another app) with its foreign keys following the table and
    column renames among ``operations``: a rename carries the foreign keys that point at the
    renamed table or column, so the other app has nothing to drop and re-create."""
    for op in operations:
        for table in list(state.tables.values()):
            if isinstance(op, RenameTable):
                state = state.with_table(_retarget_table_refs(table, op.table, op.new_name))
            elif isinstance(op, RenameColumn):
                state = state.with_table(
                    _retarget_column_refs(table, op.table, op.old_name, op.new_name)
                )
    return state


# -- helpers -----------------------------------------------------------------------------


def _rename_in(names: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if n == old else n for n in names)


# A foreign key named <table>_ibfk_<n> (the name MySQL's InnoDB gives an unnamed one, which
# capture records for many-to-many tables) is renamed by the server with its table.
_GENERATED_FK_INFIX = "_ibfk_"


def _retitle_generated_fks(table: Table, old: str, new: str) -> Table:
    prefix = old + _GENERATED_FK_INFIX
    columns = tuple(
        replace(c, fk=replace(c.fk, name=new + c.fk.name[len(old) :]))
        if c.fk
        and c.fk.name
        and c.fk.name.startswith(prefix)
        and c.fk.name[len(prefix) :].isdigit()
        else c
        for c in table.columns
    )
    return replace(table, name=new, columns=columns)


def _retarget_fk(col: Column, fk: ForeignKey) -> Column:
    return replace(col, fk=fk)


def _retarget_table_refs(table: Table, old: str, new: str) -> Table:
    columns = tuple(
        _retarget_fk(c, replace(c.fk, ref_table=new)) if c.fk and c.fk.ref_table == old else c
        for c in table.columns
    )
    through = table.through
    if through is not None and old in (through.owner_table, through.related_table):
        through = replace(
            through,
            owner_table=new if through.owner_table == old else through.owner_table,
            related_table=new if through.related_table == old else through.related_table,
        )
    return replace(table, columns=columns, through=through)


def _retarget_column_refs(table: Table, ref_table: str, old: str, new: str) -> Table:
    columns = tuple(
        _retarget_fk(c, replace(c.fk, ref_column=new))
        if c.fk and c.fk.ref_table == ref_table and c.fk.ref_column == old
        else c
        for c in table.columns
    )
    return replace(table, columns=columns)
