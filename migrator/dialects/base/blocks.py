"""The building blocks of a dialect's DDL, shaped like Tortoise's schema generator: CREATE
TABLE with its columns, constraints, indexes and comments, as ``generate_schemas()`` writes
them. The renderers (rendering.py) put them together; a dialect overrides what differs."""

from __future__ import annotations

from migrator.dialects.base.quoting import Quoting
from migrator.state import Column, Index, Table, UniqueConstraint


class BuildingBlocks(Quoting):
    """The DDL part of ``Dialect``."""

    def create_table_statements(self, table: Table, name: str | None = None) -> list[str]:
        """CREATE TABLE plus its indexes and comments, as ``generate_schemas()`` writes them."""
        table_name = name or table.name
        parts = [self.column_definition(col, table_name) for col in table.columns]
        parts += [self.unique_constraint(u) for u in table.uniques]
        parts += self.inner_table_items(table)
        body = ",\n    ".join(parts)
        quoted, suffix = self.quote_table(table_name), self.table_suffix(table)
        create = f"CREATE TABLE {quoted} (\n    {body}\n){suffix}"
        statements = [create]
        statements += [
            self.create_index_statement(table_name, index) for index in self.outer_indexes(table)
        ]
        statements += self.table_comment_statements(table_name, table)
        return statements

    def column_head(self, col: Column) -> str:
        """Name, type, NOT NULL and the column's own keys, as Tortoise orders them."""
        text = f"{self.quote(col.name)} {col.type}"
        if not col.null:
            text += " NOT NULL"
        if col.unique and not col.pk:
            text += " UNIQUE"
        if col.pk:
            text += " PRIMARY KEY"
        return text

    def column_definition(self, col: Column, table: str) -> str:
        """One column as it stands in CREATE TABLE / ADD COLUMN."""
        if col.identity:
            return f"{self.quote(col.name)} {col.identity}{self.inline_comment(col.comment)}"
        text = self.column_head(col)
        if col.default is not None:
            text += f" DEFAULT {col.default}"
        if col.fk is not None:
            text += self.references(col)
        text += self.inline_comment(col.comment)
        return text

    def references(self, col: Column) -> str:
        assert col.fk is not None
        return (
            f" REFERENCES {self.quote_table(col.fk.ref_table)} ({self.quote(col.fk.ref_column)})"
            f" ON DELETE {col.fk.on_delete}"
        )

    def generated_fk_name(self, table: str, position: int) -> str | None:
        """The name the database gives the ``position``-th (from 1) foreign key that
        ``CREATE TABLE`` declares without one (Tortoise's many-to-many tables); None where
        foreign-key names are left to the database (see ``names_foreign_keys``)."""
        return None

    def inline_comment(self, comment: str | None) -> str:
        """Comment text placed inside a column definition (SQLite, MySQL); none by default."""
        return ""

    def unique_constraint(self, unique: UniqueConstraint) -> str:
        columns = ", ".join(self.quote(c) for c in unique.columns)
        return f"CONSTRAINT {self.quote(unique.name)} UNIQUE ({columns})"

    def inner_table_items(self, table: Table) -> list[str]:
        """Extra items inside CREATE TABLE (MySQL puts indexes and FKs there)."""
        return []

    def outer_indexes(self, table: Table) -> list[Index]:
        """Indexes created by separate CREATE INDEX statements after the table."""
        return list(table.indexes)

    def table_suffix(self, table: Table) -> str:
        """Text after the closing parenthesis of CREATE TABLE (comments, engine options)."""
        return ""

    def table_comment_statements(self, table_name: str, table: Table) -> list[str]:
        """Statements that set the table's and its columns' comments after CREATE TABLE."""
        return []

    def column_comment_statements(self, table: str, col: Column) -> list[str]:
        return []

    def index_columns(self, index: Index) -> str:
        return ", ".join([self.quote(c) for c in index.columns] + list(index.expressions))

    def create_index_statement(self, table: str, index: Index) -> str:
        kind = "UNIQUE INDEX" if index.unique else "INDEX"
        using = f" USING {index.using}" if index.using else ""
        where = f" WHERE {index.where}" if index.where else ""
        return (
            f"CREATE {kind} {self.quote(index.name)} ON {self.quote_table(table)}"
            f"{using} ({self.index_columns(index)}){where}"
        )
