"""SQLite: Tortoise-shaped DDL, in-place ALTERs where SQLite allows them, table rebuilds
for the rest (the guard that makes a rebuild safe under foreign keys is in guard.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base.dialect import Dialect, RenderedOperation, transaction_words
from migrator.dialects.base.splitter import (
    BACKTICK,
    COMMON_TAIL,
    STD_IDENT,
    STD_STRING,
    WORD_RE,
    BeginMode,
    BlockRules,
    Lexer,
    flat_comment_end,
)
from migrator.dialects.base.traits import StatementTraits
from migrator.dialects.sqlite import literals, rules
from migrator.dialects.sqlite.rebuild import rebuild_statements
from migrator.state import Index, SchemaState, Table

# Tortoise's SqliteSchemaGenerator._get_escape_translation_table: MySQL-style escapes, quotes
# left alone, and "/" escaped, which is what keeps "*/" from closing the comment early
_COMMENT_ESCAPES = str.maketrans(
    {"\0": "\\0", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\032": "\\Z", "/": "\\/"}
)
_INT_RE = re.compile("INT", re.IGNORECASE)
# the sqlite3 shell: standard strings and identifiers, plus `x` and [x]; only a trigger body
# (CREATE TRIGGER ... BEGIN ... END) holds a ';'
LEXER = Lexer(
    re.compile(
        r"(?P<ws>\s+)|(?P<line>--[^\n]*)|(?P<block>/\*)"
        rf"|(?P<str>{STD_STRING})|(?P<ident>{STD_IDENT})|(?P<bt>{BACKTICK})"
        r"|(?P<bracket>\[[^\]]*\]?)|" + WORD_RE + COMMON_TAIL,
        re.DOTALL,
    ),
    flat_comment_end,
    BlockRules(frozenset({"TRIGGER"}), BeginMode.TRIGGER_BODY),
)


_MEMORY = ":memory:"  # a private in-memory database, no file


class SqliteDialect(Dialect):
    name: ClassVar[str] = "sqlite"
    transactional_ddl: ClassVar[bool] = True
    can_alter_column_type: ClassVar[bool] = False  # done by rebuilding the table
    supports_comments: ClassVar[bool] = False  # only inline /* */ text, no catalog
    max_identifier_length: ClassVar[int] = 1_000_000  # SQLite sets no limit
    # take the write lock up front: a deferred BEGIN can fail half-way on SQLITE_BUSY
    begin_sql: ClassVar[str] = "BEGIN IMMEDIATE"
    # END [TRANSACTION] is SQLite's other spelling of COMMIT (both take a name after them)
    migration_transaction_enders: ClassVar[re.Pattern[str]] = transaction_words(
        r"BEGIN|COMMIT|END|ROLLBACK(?!\s+(TRANSACTION\s+)?TO\b)"
    )
    tortoise_dialect: ClassVar[str] = "sqlite"
    offline_url: ClassVar[str] = "sqlite://:memory:"
    lexer: ClassVar[Lexer] = LEXER
    backend_class: ClassVar[str] = "migrator.dialects.sqlite.backend:SqliteBackend"

    def classify(self, sql: str, before: SchemaState | None = None) -> StatementTraits:
        from migrator.dialects.sqlite.classify import classify

        return classify(sql, before)

    def classify_all(
        self, statements: Sequence[str], before: SchemaState | None = None
    ) -> list[StatementTraits]:
        from migrator.dialects.sqlite.classify import classify_all

        return classify_all(statements, before)

    def display_dsn(self, credentials: Mapping[str, Any], scheme: str | None = None) -> str:
        return f"{scheme or 'sqlite'}://{credentials.get('file_path', '')}"

    def with_base_folder(self, credentials: Mapping[str, Any], base: str) -> dict[str, Any]:
        """A relative ``file_path`` against ``base`` ('..' folded, symlinks kept). sqlite3,
        and so Tortoise, would open it against the working directory of the moment."""
        path = credentials.get("file_path")
        if not isinstance(path, str) or not path or path == _MEMORY or os.path.isabs(path):
            return dict(credentials)
        return {**credentials, "file_path": os.path.normpath(os.path.join(base, path))}

    def example_dsn(self, scheme: str | None = None) -> str:
        return self.display_dsn({"file_path": "db.sqlite3"}, scheme)

    def fresh_database(
        self, credentials: Mapping[str, Any], alias: str, suffix: str, folder: str
    ) -> dict[str, Any]:
        """A new database file in ``folder``."""
        return {**credentials, "file_path": f"{folder}/{alias}{suffix}.sqlite3"}

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
        self, operations: Sequence[ops.Operation], before: SchemaState, online: bool = False
    ) -> list[RenderedOperation]:
        """Like the base, but consecutive rebuilds of one table become one rebuild. SQLite
        has no online forms: a writer waits for the migration's transaction either way."""
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
    def random_uuid_sql(self, sql_type: str) -> str | None:
        """A version 4 UUID in the text form Tortoise stores (no uuid function in SQLite)."""
        return _RANDOM_UUID

    def narrows(self, old_type: str, new_type: str) -> bool:
        """SQLite ignores lengths; only a change of type affinity can change stored values
        (TEXT '012' becomes INTEGER 12), and TEXT or BLOB affinity keeps everything."""
        old, new = type_affinity(old_type), type_affinity(new_type)
        if old == new or new in {"TEXT", "BLOB"}:
            return False
        return not (old == "INTEGER" and new == "NUMERIC")

    def is_text_type(self, sql_type: str) -> bool:
        return type_affinity(sql_type) == "TEXT"

    def narrowing_effect(self, old_type: str, new_type: str) -> str:
        return (
            f"{old_type} -> {new_type}: SQLite keeps every value but converts those that "
            "look like numbers to the new type's affinity ('012' becomes 12)"
        )


_RANDOM_UUID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
    "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


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
