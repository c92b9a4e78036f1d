"""MySQL 8 and MariaDB 10.5+: DDL shaped like Tortoise's MySQLSchemaGenerator.

Indexes and named foreign keys live inside CREATE TABLE, comments are inline, every table
gets ``CHARACTER SET <charset>``. DDL commits implicitly, so every statement is written to be
one step the runner can record (see journal.py); a statement never depends on a session
variable set by an earlier one. Foreign keys and the indexes that back them follow the rules
in mysql_keys.py so a migrated database inspects exactly like a freshly created one.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base.dialect import Dialect, OnlineForm, transaction_words
from migrator.dialects.base.splitter import (
    BACKSLASH_STRING,
    BACKTICK,
    COMMON_TAIL,
    WORD_RE,
    BeginMode,
    BlockRules,
    Lexer,
    flat_comment_end,
)
from migrator.dialects.base.traits import StatementTraits
from migrator.dialects.mysql import keys, online, types
from migrator.dialects.mysql.alter import alter_column_statements
from migrator.errors import AmbiguousChangeError, ConfigError
from migrator.state import Column, Index, SchemaState, Table, UniqueConstraint

_PRIMARY_KEY = re.compile(r"\s+PRIMARY\s+KEY\b", re.IGNORECASE)
_CHARSET_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")  # spelled into DDL: a name, nothing else
_HAND_WRITE = "write this migration by hand (migrator migrate --empty)"
# the mysql client: backslash escapes in '' and "" strings, `identifiers`, # comments, /*! */
# executable comments; stored programs (BEGIN ... END with IF/LOOP/WHILE/REPEAT) hold a ';'
LEXER = Lexer(
    re.compile(
        r"(?P<ws>\s+)|(?P<line>--(?=[\s\x00-\x1f]|\Z)[^\n]*|\#[^\n]*)"
        r"|(?P<exec>/\*M?!)|(?P<block>/\*)"
        rf"|(?P<str>{BACKSLASH_STRING})|(?P<dq>{BACKSLASH_STRING.replace(chr(39), chr(34))})"
        rf"|(?P<bt>{BACKTICK})|(?P<assign>:=)|" + WORD_RE + COMMON_TAIL,
        re.DOTALL,
    ),
    flat_comment_end,
    BlockRules(
        frozenset({"TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"}),
        BeginMode.NESTED,
        openers=frozenset({"IF", "LOOP", "WHILE", "REPEAT"}),
    ),
)


class MySQLDialect(Dialect):
    name: ClassVar[str] = "mysql"
    transactional_ddl: ClassVar[bool] = False
    max_identifier_length: ClassVar[int] = 64
    quote_char: ClassVar[str] = "`"
    begin_sql: ClassVar[str] = "START TRANSACTION"
    integer_widths: ClassVar[dict[str, int]] = types.INTEGER_WIDTHS
    tortoise_dialect: ClassVar[str] = "mysql"
    offline_url: ClassVar[str] = "mysql://migrator@127.0.0.1:3306/migrator"
    default_port: ClassVar[int | None] = 3306
    names_foreign_keys: ClassVar[bool] = True
    lexer: ClassVar[Lexer] = LEXER
    backend_class: ClassVar[str] = "migrator.dialects.mysql.backend:MySQLBackend"

    def classify(self, sql: str, before: SchemaState | None = None) -> StatementTraits:
        from migrator.dialects.mysql.classify import classify

        return classify(sql, before)

    history_id_type: ClassVar[str] = "INT NOT NULL PRIMARY KEY AUTO_INCREMENT"
    history_timestamp_type: ClassVar[str] = "DATETIME(6)"
    transaction_control: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT|XA\s"
        r"|SET\s+(?:(?:SESSION|@@SESSION\.|@@)\s*)?AUTOCOMMIT|LOCK\s+TABLES?|UNLOCK\s+TABLES?"
    )
    transaction_opens: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(START\s+TRANSACTION|BEGIN(\s+WORK)?\s*$|XA\s+START)"
    )
    transaction_closes: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(COMMIT|ROLLBACK(?!\s+TO)|XA\s+(END|COMMIT|ROLLBACK))\b"
    )

    def __init__(self, charset: str = types.DEFAULT_CHARSET) -> None:
        self.charset = charset

    @classmethod
    def for_credentials(
        cls, credentials: Mapping[str, Any], alias: str = "default"
    ) -> MySQLDialect:
        """The dialect as one connection needs it: Tortoise writes the connection's ``charset``
        credential (``?charset=latin1`` in the URL, default utf8mb4) into every CREATE TABLE,
        so the migrations must too, or a migrated table would not equal a fresh one."""
        charset = str(credentials.get("charset") or types.DEFAULT_CHARSET)
        if not _CHARSET_NAME.fullmatch(charset):
            raise ConfigError(
                f"MySQL charset {charset!r} in the database URL of connection {alias} is not "
                "a charset name; use one the server knows, e.g. utf8mb4 (Tortoise's default)"
            )
        return cls(charset)

    # -- quoting and literals --------------------------------------------------------------
    def quote_string(self, text: str) -> str:
        return types.quote_string(text)

    def literal(self, value: Any) -> str:
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:  # DATETIME has no zone: store the UTC wall clock
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            return self.quote_string(value.isoformat(" "))
        return super().literal(value)

    def placeholder(self, position: int) -> str:
        return "%s"

    # -- type knowledge -------------------------------------------------------------------
    def narrows(self, old_type: str, new_type: str) -> bool:
        return types.narrows(old_type, new_type)

    def is_text_type(self, sql_type: str) -> bool:
        return types.base_type(sql_type) in {"TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYTEXT"}

    def can_convert(self, old_type: str, new_type: str) -> bool:
        return types.can_convert(old_type, new_type)

    def narrowing_effect(self, old_type: str, new_type: str) -> str:
        return (
            f"{old_type} -> {new_type}: in strict mode (the default) the server refuses the "
            "change while a stored value does not fit; without strict mode it truncates "
            "those values (data is lost)"
        )

    def zero_value(self, sql_type: str) -> str:
        return types.zero_value(sql_type)

    def now_sql(self, sql_type: str) -> str | None:
        """CURRENT_TIMESTAMP with the column's fractional-seconds precision (MySQL refuses a
        DATETIME(6) default of another precision); TIME columns take no such default."""
        base, args, _ = types.parse_type(sql_type)
        if base not in ("DATETIME", "TIMESTAMP"):
            return None
        return f"CURRENT_TIMESTAMP({args[0]})" if args and args[0] else "CURRENT_TIMESTAMP"

    def random_uuid_sql(self, sql_type: str) -> str | None:
        return "UUID()"

    def implicit_fill(self, column: Column) -> str | None:
        """The server itself fills such a column with its type's implicit zero, which may be
        no valid value ('0000-00-00', refused under MySQL 8's NO_ZERO_DATE; '' in MariaDB's
        JSON); render_add_column writes this valid zero out instead. None for a foreign key,
        whose zero the constraint refuses, a unique column, where two rows would share it,
        and an AUTO_INCREMENT key, which is numbered."""
        if column.identity or column.fk is not None or column.unique:
            return None
        return types.zero_value(column.type)

    # -- building blocks ------------------------------------------------------------------
    def generated_fk_name(self, table: str, position: int) -> str | None:
        return keys.generated_name(table, position)

    def create_table_statements(self, table: Table, name: str | None = None) -> list[str]:
        self._check_table(table)
        return super().create_table_statements(table, name)

    def column_definition(self, col: Column, table: str) -> str:
        self._check_identifier(col.name, f"column {table}.{col.name}")
        if col.identity:
            return f"{self.quote(col.name)} {col.identity}{self.inline_comment(col.comment)}"
        text = self.column_head(col)
        default = "" if col.default is None else " " + types.default_clause(col.type, col.default)
        comment = self.inline_comment(col.comment)
        # Tortoise writes a foreign key column's comment after its default, others before
        return text + (default + comment if col.fk else comment + default)

    def modify_definition(self, col: Column) -> str:
        """The column for MODIFY COLUMN: everything but the keys it already has."""
        comment = self.inline_comment(col.comment)
        if col.identity:
            return f"{self.quote(col.name)} {_PRIMARY_KEY.sub('', col.identity)}{comment}"
        text = f"{self.quote(col.name)} {col.type} {'NULL' if col.null else 'NOT NULL'}"
        if col.default is not None:
            text += " " + types.default_clause(col.type, col.default)
        return text + comment

    def inline_comment(self, comment: str | None) -> str:
        return f" COMMENT {self.quote_string(comment)}" if comment else ""

    def references(self, col: Column) -> str:
        return ""  # MySQL ignores inline REFERENCES: foreign keys are table constraints

    def foreign_key(self, table: Table, col: Column, name: str | None) -> str:
        assert col.fk is not None
        fk = col.fk
        if fk.on_delete.upper() == "SET DEFAULT":
            raise AmbiguousChangeError(
                f"{table.name}.{col.name}: InnoDB does not support ON DELETE SET DEFAULT; "
                f"choose another on_delete or {_HAND_WRITE}"
            )
        constraint = f"CONSTRAINT {self.quote(name)} " if name else ""
        return (
            f"{constraint}FOREIGN KEY ({self.quote(col.name)}) REFERENCES "
            f"{self.quote(fk.ref_table)} ({self.quote(fk.ref_column)}) ON DELETE {fk.on_delete}"
        )

    def add_foreign_key(self, table: Table, col: Column) -> str:
        """ALTER TABLE that (re)creates ``col``'s FK under its recorded name."""
        clauses = []
        if keys.backing_index(table, col.name) == col.name:
            # The server would swap the index it generated for the key the server named for
            # a new one named after the constraint; an explicit index keeps the column's name.
            q = self.quote(col.name)
            clauses += [f"DROP INDEX {q}", f"ADD INDEX {q} ({q})"]
        clauses.append("ADD " + self.foreign_key(table, col, keys.fk_name(table, col)))
        return self.alter_table(table.name, clauses)

    def unique_constraint(self, unique: UniqueConstraint) -> str:
        self._check_identifier(unique.name, f"unique constraint {unique.name}")
        columns = ", ".join(self.quote(c) for c in unique.columns)
        return f"UNIQUE KEY {self.quote(unique.name)} ({columns})"

    def inner_table_items(self, table: Table) -> list[str]:
        """Foreign keys by their recorded names, then the indexes. A key the server named in
        a fresh database has its index named after the column; named explicitly, the server
        would name the index after the constraint, so that index is declared first."""
        fk_columns = [c for c in table.columns if c.fk]
        own = [
            self.quote(c.name) for c in fk_columns if keys.backing_index(table, c.name) == c.name
        ]
        fks = [self.foreign_key(table, c, keys.fk_name(table, c)) for c in fk_columns]
        indexes = [self.index_item(table, index, "KEY") for index in table.indexes]
        return [f"KEY {q} ({q})" for q in own] + fks + indexes

    def outer_indexes(self, table: Table) -> list[Index]:
        return []

    def table_suffix(self, table: Table) -> str:
        suffix = f" CHARACTER SET {self.charset}" if self.charset else ""
        if table.comment:
            suffix += f" COMMENT={self.quote_string(table.comment)}"
        return suffix

    def index_item(self, table: Table, index: Index, keyword: str) -> str:
        """``[UNIQUE|FULLTEXT|SPATIAL] KEY name (...)`` (keyword KEY or INDEX)."""
        self._check_identifier(index.name, f"index {index.name}")
        kind, suffix = self._index_kind(table, index)
        return f"{kind}{keyword} {self.quote(index.name)} ({self.index_columns(index)}){suffix}"

    def index_columns(self, index: Index) -> str:
        """Columns, then expressions. MySQL 8.0.13+ takes an expression as a functional key
        part only inside its own parentheses (``KEY i ((LOWER(`name`)))``); without them it
        is a syntax error."""
        parts = [self.quote(c) for c in index.columns]
        return ", ".join(parts + [keys.expression_key_part(e) for e in index.expressions])

    def history_table_statements(self, table: str) -> list[str]:
        return [
            f"{s} CHARACTER SET {self.charset}" for s in super().history_table_statements(table)
        ]

    # -- tables ---------------------------------------------------------------------------
    def render_create_table(self, op: ops.CreateTable, before: SchemaState) -> list[str]:
        """CREATE TABLE without the foreign keys whose two ends InnoDB cannot pair yet (the
        referenced key changes type later in the same migration: errno 150); the column
        change that makes them match adds them (alter.py). The index such a key keeps under
        its column's name is created now, as add_foreign_key expects it."""
        table = op.table_def
        after = op.apply(before)
        waiting = [c for c in table.columns if c.fk is not None and not keys.fk_present(after, c)]
        if waiting:
            own = [c.name for c in waiting if keys.backing_index(table, c.name) == c.name]
            table = replace(
                table,
                columns=tuple(replace(c, fk=None) if c in waiting else c for c in table.columns),
                indexes=(*(Index(name, (name,)) for name in own), *table.indexes),
            )
        return self.create_table_statements(table)

    def render_rename_table(self, op: ops.RenameTable, before: SchemaState) -> list[str]:
        # the server renames the <table>_ibfk_<n> foreign keys with the table, as the state
        # does (operations.RenameTable); the indexes named after their columns stay
        self._check_identifier(op.new_name, f"table {op.new_name}")
        return [f"RENAME TABLE {self.quote(op.table)} TO {self.quote(op.new_name)}"]

    def render_set_table_comment(self, op: ops.SetTableComment, before: SchemaState) -> list[str]:
        return [f"ALTER TABLE {self.quote(op.table)} COMMENT={self.quote_string(op.new or '')}"]

    # -- columns --------------------------------------------------------------------------
    def render_add_column(self, op: ops.AddColumn, before: SchemaState) -> list[str]:
        after = op.apply(before)
        table, col = after.table(op.table), op.column
        fill = self._add_column_fill(op)
        added = col if fill is None else replace(col, default=fill)
        clauses = [f"ADD COLUMN {self.column_definition(added, op.table)}"]
        if col.fk is not None and keys.backing_index(table, col.name) == col.name:
            # see inner_table_items; made now even when the key itself waits (fk_present)
            clauses.append(f"ADD INDEX {self.quote(col.name)} ({self.quote(col.name)})")
        if keys.fk_present(after, col):
            clauses.append("ADD " + self.foreign_key(table, col, keys.fk_name(table, col)))
        statements = [self.alter_table(op.table, clauses)]
        if fill is not None:  # the model has no default: a fresh table would have none either
            statements.append(
                self.alter_table(op.table, [f"ALTER COLUMN {self.quote(col.name)} DROP DEFAULT"])
            )
        return statements

    def _add_column_fill(self, op: ops.AddColumn) -> str | None:
        """The temporary default that fills the existing rows of a NOT NULL column added
        without one: the migration's fill, else the zero the server would use anyway, spelled
        out so that it is valid and visible in the migration."""
        col = op.column
        if col.null or col.default is not None or col.identity:
            return None
        return op.fill if op.fill is not None else self.implicit_fill(col)

    def render_drop_column(self, op: ops.DropColumn, before: SchemaState) -> list[str]:
        table = before.table(op.table)
        col = table.column(op.column.name)
        clauses = []
        if keys.fk_present(before, col):
            clauses.append(f"DROP FOREIGN KEY {self.quote(keys.fk_name(table, col))}")
        clauses.append(f"DROP COLUMN {self.quote(col.name)}")
        return [self.alter_table(op.table, clauses)]

    def render_rename_column(self, op: ops.RenameColumn, before: SchemaState) -> list[str]:
        self._check_identifier(op.new_name, f"column {op.table}.{op.new_name}")
        table = before.table(op.table)
        after = op.apply(before).table(op.table)
        clauses = [f"RENAME COLUMN {self.quote(op.old_name)} TO {self.quote(op.new_name)}"]
        col = table.column(op.old_name)
        if col.unique and not col.pk:  # the server named the inline UNIQUE index after it
            clauses.append(f"RENAME INDEX {self.quote(op.old_name)} TO {self.quote(op.new_name)}")
        clauses += keys.backing_index_clauses(table, after, {op.old_name: op.new_name})
        return [self.alter_table(op.table, clauses)]

    def render_alter_column(self, op: ops.AlterColumn, before: SchemaState) -> list[str]:
        return alter_column_statements(self, op, before)

    # -- indexes and unique constraints ---------------------------------------------------
    def render_add_index(self, op: ops.AddIndex, before: SchemaState) -> list[str]:
        return self._index_change(
            op, before, "ADD " + self.index_item(before.table(op.table), op.index, "INDEX")
        )

    def render_drop_index(self, op: ops.DropIndex, before: SchemaState) -> list[str]:
        return self._index_change(op, before, f"DROP INDEX {self.quote(op.index.name)}")

    def render_rename_index(self, op: ops.RenameIndex, before: SchemaState) -> list[str]:
        self._check_identifier(op.new.name, f"index {op.new.name}")
        return [self._rename_index(op.table, op.old.name, op.new.name)]

    def render_add_unique(self, op: ops.AddUnique, before: SchemaState) -> list[str]:
        self._check_identifier(op.unique.name, f"unique constraint {op.unique.name}")
        self._check_indexable(before.table(op.table), op.unique.columns, op.unique.name)
        columns = ", ".join(self.quote(c) for c in op.unique.columns)
        clause = f"ADD CONSTRAINT {self.quote(op.unique.name)} UNIQUE ({columns})"
        return self._index_change(op, before, clause)

    def render_drop_unique(self, op: ops.DropUnique, before: SchemaState) -> list[str]:
        return self._index_change(op, before, f"DROP INDEX {self.quote(op.unique.name)}")

    def render_rename_unique(self, op: ops.RenameUnique, before: SchemaState) -> list[str]:
        self._check_identifier(op.new.name, f"unique constraint {op.new.name}")
        return [self._rename_index(op.table, op.old.name, op.new.name)]

    # -- online DDL and lock timeouts (online.py) ------------------------------------------
    def render_online(self, op: ops.Operation, before: SchemaState) -> OnlineForm | None:
        return online.render(self, op, before)

    def session_timeout_statements(
        self, lock_timeout: float | None, statement_timeout: float | None
    ) -> list[str]:
        """The metadata-lock wait (whole seconds, at least 1; 0 means the maximum, a year).
        No statement timeout: MySQL's max_execution_time covers only SELECT."""
        if lock_timeout is None:
            return []
        seconds = max(1, math.ceil(lock_timeout)) if lock_timeout else 31536000
        return [f"SET SESSION lock_wait_timeout = {seconds}"]

    # -- helpers --------------------------------------------------------------------------
    def alter_table(self, table: str, clauses: list[str]) -> str:
        return f"ALTER TABLE {self.quote(table)} " + ", ".join(clauses)

    def _rename_index(self, table: str, old: str, new: str) -> str:
        return self.alter_table(table, [f"RENAME INDEX {self.quote(old)} TO {self.quote(new)}"])

    def _index_change(self, op: ops.Operation, before: SchemaState, clause: str) -> list[str]:
        """One ALTER that adds/drops an index and moves FK-backing indexes to match."""
        table = before.table(op.table)
        after = op.apply(before).table(op.table)
        return [self.alter_table(op.table, [clause, *keys.backing_index_clauses(table, after)])]

    def _index_kind(self, table: Table, index: Index) -> tuple[str, str]:
        """(prefix before KEY/INDEX, suffix after the column list) for ``index``."""
        if index.where:
            raise AmbiguousChangeError(
                f"index {index.name} on {table.name} has a condition (WHERE {index.where}), "
                f"but MySQL has no partial indexes: drop the condition or {_HAND_WRITE}"
            )
        kind, _, rest = index.using.strip().partition(" ")
        kind = kind.upper()
        if kind in ("FULLTEXT", "SPATIAL"):
            return f"{kind} ", f" {rest}" if rest else ""
        self._check_indexable(table, keys.whole_columns(index), index.name, index.unique)
        prefix = "UNIQUE " if index.unique else ""
        if kind in ("BTREE", "HASH"):
            return prefix, f" USING {kind}"
        if kind:
            raise AmbiguousChangeError(
                f"index {index.name} on {table.name} uses {index.using!r}, which MySQL does not "
                f"have (FULLTEXT, SPATIAL, BTREE or HASH): change the index or {_HAND_WRITE}"
            )
        return prefix, ""

    def _check_indexable(
        self, table: Table, columns: tuple[str, ...], name: str, unique: bool = True
    ) -> None:
        """Refuse a key over a whole TEXT/BLOB/JSON column before the server does, with
        advice that works in the models."""
        for column in columns:
            if table.has_column(column) and types.is_lob(table.column(column).type):
                col = table.column(column)
                raise AmbiguousChangeError(
                    f"index {name} on {table.name} covers {column} ({col.type}) whole, but "
                    f"MySQL indexes TEXT/BLOB columns only with a prefix length: "
                    f"{self._lob_key_advice(col, name, unique)}, or {_HAND_WRITE}"
                )

    def _lob_key_advice(self, col: Column, name: str, unique: bool) -> str:
        if types.base_type(col.type) == "JSON":
            return "MySQL 8 indexes no part of a JSON column (index a generated column instead)"
        if unique:  # a Tortoise Index is never unique, so a prefix cannot keep the constraint
            return "make the field a CharField(max_length=...) to keep it unique"
        prefix = f"{self.quote(col.name)}(100)"
        return f'index a prefix instead: Index(RawSQL("{prefix}"), name="{name}")'

    def _check_table(self, table: Table) -> None:
        self._check_identifier(table.name, f"table {table.name}")
        for col in table.columns:
            if col.fk and col.fk.name:
                self._check_identifier(col.fk.name, f"foreign key {col.fk.name}")
        for unique in table.uniques:
            self._check_indexable(table, unique.columns, unique.name)

    def _check_identifier(self, name: str, what: str) -> None:
        if len(name) > self.max_identifier_length:
            raise AmbiguousChangeError(
                f"{what}: the name is {len(name)} characters long, MySQL allows "
                f"{self.max_identifier_length}; give it a shorter name in the models"
            )
