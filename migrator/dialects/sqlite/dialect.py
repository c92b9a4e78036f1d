"""SQLite: Tortoise-shaped DDL, in-place ALTERs where SQLite allows them, table rebuilds
for the rest, and the migration hooks that make a rebuild safe under foreign keys."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base import Dialect, RenderedOperation
from migrator.dialects.sqlite import connection, hooks, introspect, literals, rules
from migrator.dialects.sqlite.rebuild import rebuild_statements
from migrator.state import Index, SchemaState, Table

if TYPE_CHECKING:
    from migrator.connection import Connection, DatabaseConfig
    from migrator.inspect import LiveSchema

# Tortoise's SqliteSchemaGenerator._get_escape_translation_table: MySQL-style escapes, quotes
# left alone, and "/" escaped, which is what keeps "*/" from closing the comment early
_COMMENT_ESCAPES = str.maketrans(
    {"\0": "\\0", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\032": "\\Z", "/": "\\/"}
)
_INT_RE = re.compile("INT", re.IGNORECASE)


class SqliteDialect(Dialect):
    name: ClassVar[str] = "sqlite"
    transactional_ddl: ClassVar[bool] = True
    can_alter_column_type: ClassVar[bool] = False  # done by rebuilding the table
    supports_comments: ClassVar[bool] = False  # only inline /* */ text, no catalog
    max_identifier_length: ClassVar[int] = 1_000_000  # SQLite sets no limit
    # take the write lock up front: a deferred BEGIN can fail half-way on SQLITE_BUSY
    begin_sql: ClassVar[str] = "BEGIN IMMEDIATE"

    # -- quoting and literals --------------------------------------------------------------
    def quote_string(self, text: str) -> str:
        return literals.quote_string(text)

    def literal(self, value: Any) -> str:
        return literals.literal(value)

    # -- Tortoise's CREATE TABLE shape -----------------------------------------------------
    def inline_comment(self, comment: str | None) -> str:
        return f" /* {comment.translate(_COMMENT_ESCAPES)} */" if comment else ""

    def table_suffix(self, table: Table) -> str:
        return self.inline_comment(table.comment)

    def create_index_statement(self, table: str, index: Index) -> str:
        # SQLite has no index methods: ``using`` cannot occur in a SQLite state
        kind = "UNIQUE INDEX" if index.unique else "INDEX"
        where = f" WHERE {index.where}" if index.where else ""
        return (
            f"CREATE {kind} {self.quote(index.name)} ON {self.quote(table)} "
            f"({self.index_columns(index)}){where}"
        )

    # -- rendering ------------------------------------------------------------------------
    def render_all(
        self, operations: Sequence[ops.Operation], before: SchemaState
    ) -> list[RenderedOperation]:
        """Like the base, but consecutive rebuilds of one table become one rebuild."""
        rendered: list[RenderedOperation] = []
        state, i = before, 0
        while i < len(operations):
            group = self._rebuild_group(operations, i, state)
            if group:
                statements = rebuild_statements(self, state, group)
            else:
                group = [operations[i]]
                statements = self.render(operations[i], state)
            destructive = any(self.loses_data(op) for op in group)
            rendered.append(RenderedOperation(tuple(group), tuple(statements), destructive))
            state = ops.apply_all(state, group)
            i += len(group)
        return rendered

    def _rebuild_group(
        self, operations: Sequence[ops.Operation], start: int, state: SchemaState
    ) -> list[ops.Operation]:
        """The run of operations from ``start`` that one rebuild can do; [] when the first
        needs no rebuild. Silent operations ride along: the rebuild applies them too."""
        first = operations[start]
        if not rules.needs_rebuild(first, state):
            return []
        group = [first]
        state = first.apply(state)
        for op in operations[start + 1 :]:
            if op.table != first.table:
                break
            if not (rules.is_silent(op) or rules.needs_rebuild(op, state)):
                break
            group.append(op)
            state = op.apply(state)
        return group

    def render_set_table_comment(self, op: ops.SetTableComment, before: SchemaState) -> list[str]:
        return []  # no comment catalog; the next rebuild writes the new comment

    def render_add_column(self, op: ops.AddColumn, before: SchemaState) -> list[str]:
        if rules.can_add_in_place(op.column):
            definition = self.column_definition(op.column, op.table)
            return [f"ALTER TABLE {self.quote(op.table)} ADD COLUMN {definition}"]
        return rebuild_statements(self, before, [op])

    def render_drop_column(self, op: ops.DropColumn, before: SchemaState) -> list[str]:
        if rules.can_drop_in_place(before, before.table(op.table), op.column):
            return super().render_drop_column(op, before)
        return rebuild_statements(self, before, [op])

    def render_alter_column(self, op: ops.AlterColumn, before: SchemaState) -> list[str]:
        return [] if rules.is_silent(op) else rebuild_statements(self, before, [op])

    def render_rename_index(self, op: ops.RenameIndex, before: SchemaState) -> list[str]:
        return [
            f"DROP INDEX {self.quote(op.old.name)}",
            self.create_index_statement(op.table, op.new),
        ]

    def render_add_unique(self, op: ops.AddUnique, before: SchemaState) -> list[str]:
        return rebuild_statements(self, before, [op])

    def render_drop_unique(self, op: ops.DropUnique, before: SchemaState) -> list[str]:
        return rebuild_statements(self, before, [op])

    def render_rename_unique(self, op: ops.RenameUnique, before: SchemaState) -> list[str]:
        return rebuild_statements(self, before, [op])

    # -- type knowledge -------------------------------------------------------------------
    def narrows(self, old_type: str, new_type: str) -> bool:
        """SQLite ignores lengths; only a change of type affinity can change stored values
        (TEXT '012' becomes INTEGER 12), and TEXT or BLOB affinity keeps everything."""
        old, new = type_affinity(old_type), type_affinity(new_type)
        if old == new or new in {"TEXT", "BLOB"}:
            return False
        return not (old == "INTEGER" and new == "NUMERIC")

    def is_text_type(self, sql_type: str) -> bool:
        return type_affinity(sql_type) == "TEXT"

    # -- runtime --------------------------------------------------------------------------
    async def connect(self, db: DatabaseConfig) -> Connection:
        return await connection.connect(db)

    async def create_database(self, db: DatabaseConfig) -> None:
        await connection.create_database(db)

    async def drop_database(self, db: DatabaseConfig) -> None:
        await connection.drop_database(db)

    async def inspect(self, conn: Connection) -> LiveSchema:
        return await introspect.inspect_schema(conn)

    async def table_names(self, conn: Connection) -> set[str]:
        return await introspect.table_names(conn)

    async def table_exists(self, conn: Connection, name: str) -> bool:
        rows = await conn.fetch(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
        return bool(rows)

    def timestamp_param(self, value: datetime.datetime) -> Any:
        # bound as ISO text: sqlite3's implicit datetime adapter is deprecated (Python 3.12)
        return value.isoformat()

    async def prepare_migration(self, conn: Connection, statements: Sequence[str]) -> Any:
        if not hooks.needs_guard(statements):
            return None  # nothing can cascade or lose a trigger: keep foreign keys as they are
        return await hooks.prepare_migration(conn)

    async def verify_migration(self, conn: Connection, context: Any) -> None:
        if context is not None:
            await hooks.verify_migration(conn, context)

    async def finish_migration(self, conn: Connection, context: Any) -> None:
        if context is not None:
            await hooks.finish_migration(conn, context)

    async def acquire_lock(self, conn: Connection, key: str, timeout: float) -> bool:
        return await _sqlite(conn).acquire_lock(key, timeout)

    async def release_lock(self, conn: Connection, key: str) -> None:
        await _sqlite(conn).release_lock(key)


def type_affinity(sql_type: str) -> str:
    """The affinity rules of https://sqlite.org/datatype3.html section 3.1, in order."""
    upper = sql_type.upper()
    if _INT_RE.search(upper):
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper.strip():
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _sqlite(conn: Connection) -> connection.SqliteConnection:
    if not isinstance(conn, connection.SqliteConnection):
        raise TypeError(f"the SQLite deploy lock needs a SQLite connection, got {type(conn)!r}")
    return conn
