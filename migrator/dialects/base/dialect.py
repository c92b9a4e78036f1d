"""The pure half of a dialect: the default (ANSI-ish) SQL renderer every dialect subclasses,
plus what the runner and the file format need to know without a connection (statement
splitting, transaction-control statements, identifier limits, DSN display).

A dialect overrides only what differs. ``render(op, before)`` turns one operation into SQL
statements (no trailing semicolons), given the schema state right before the operation, so a
renderer can see the whole table when it needs to (SQLite rebuilds, MySQL CHANGE COLUMN).
Quoting and literals go through ``quote`` and ``literal``; nothing outside ``dialects/``
builds SQL text.
"""

from __future__ import annotations

import datetime
import importlib
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from migrator import operations as ops
from migrator.dialects.base.narrowing import DECIMAL_TYPES, arguments_narrow
from migrator.dialects.base.splitter import Lexer, Statement, split_statements
from migrator.dsn import MASK
from migrator.state import Column, Index, SchemaState, Table, UniqueConstraint

if TYPE_CHECKING:
    from migrator.connection import DatabaseConfig
    from migrator.dialects.base.backend import Backend
    from migrator.dialects.base.traits import StatementTraits


def transaction_words(alternatives: str) -> re.Pattern[str]:
    """A pattern matching a statement that starts with one of ``alternatives`` (a regex
    alternation of keywords), case-insensitively and across lines."""
    return re.compile(rf"(?is)\s*({alternatives})\b")


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


class Dialect:
    name: ClassVar[str] = "sql"
    transactional_ddl: ClassVar[bool] = True
    can_alter_column_type: ClassVar[bool] = True
    supports_comments: ClassVar[bool] = True
    max_identifier_length: ClassVar[int] = 63
    quote_char: ClassVar[str] = '"'
    begin_sql: ClassVar[str] = "BEGIN"
    # the driver runs several ';'-separated statements sent as one text, stopping at the
    # first error (PostgreSQL's simple query protocol): the runner then sends BEGIN with a
    # migration's first statement and its history row with COMMIT, two round trips fewer.
    # Errors still name the statement as written; pg_stat_activity shows "BEGIN;" before it
    batches_statements: ClassVar[bool] = False
    # the key Tortoise uses for this database (``Field.get_for_dialect``, ``get_sql``)
    tortoise_dialect: ClassVar[str] = "sql"
    # a URL Tortoise can build an (unconnected) client from, to resolve index expressions
    offline_url: ClassVar[str] = ""
    default_port: ClassVar[int | None] = None  # the server's port when a URL names none
    # the database keeps the foreign-key names Tortoise writes into CREATE TABLE, so a
    # captured state carries them (MySQL); elsewhere they are left to the database
    names_foreign_keys: ClassVar[bool] = False
    # tables may live in other schemas than the connection's (Meta.schema, PostgreSQL): the
    # state keys them "schema.table" (see state.py) and ``quote_table`` reads the key
    supports_schemas: ClassVar[bool] = False
    # how this database's own client cuts a file into statements
    lexer: ClassVar[Lexer]
    # "package.module:Class" of the runtime half, imported only when a connection is needed
    backend_class: ClassVar[str] = ""
    commit_sql: ClassVar[str] = "COMMIT"
    rollback_sql: ClassVar[str] = "ROLLBACK"
    # statements, matched at their start, that manage a transaction themselves: the journal
    # of a non-transactional run leaves them (and what runs between an opener and a closer)
    # unwrapped; each dialect adds its own words (MySQL's XA, LOCK TABLES, ...)
    transaction_control: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT"
    )
    transaction_opens: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(START\s+TRANSACTION|BEGIN(\s+WORK)?\s*$)"
    )
    transaction_closes: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(COMMIT|ROLLBACK(?!\s+TO))\b"
    )
    # what would end (or try to nest) the one transaction a migration runs in; by the first
    # word, since at the start of a statement these only ever manage a transaction.
    # ROLLBACK ... TO, SAVEPOINT and RELEASE work inside one and are fine
    migration_transaction_enders: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK(?!\s+((WORK|TRANSACTION)\s+)?TO\b)"
    )
    # type families for narrowing checks, most specific first
    integer_widths: ClassVar[dict[str, int]] = {"SMALLINT": 2, "INT": 4, "INTEGER": 4, "BIGINT": 8}
    time_precision_default: ClassVar[int] = 6  # TIMESTAMP without (p) keeps microseconds
    # character types one ALTER converts into each other (lengths may differ)
    string_types: ClassVar[frozenset[str]] = frozenset(
        {"CHAR", "VARCHAR", "CHARACTER", "CHARACTER VARYING", "TEXT", "CLOB"}
    )

    # a dialect is a value: two with the same class and settings (MySQL's charset) are equal,
    # so DatabaseConfigs built from the same connection compare equal
    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(vars(self).items()))))

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in sorted(vars(self).items()))
        return f"{type(self).__name__}({settings})"

    @classmethod
    def for_credentials(cls, credentials: Mapping[str, Any], alias: str = "default") -> Dialect:
        """The dialect configured for one Tortoise connection (MySQL renders its charset)."""
        return cls()

    def own_schema_problem(self, schema: str | None) -> str | None:
        """Why ``Meta.schema = schema`` cannot be told apart from the connection's own
        schema (None: it can, or the dialect has no schemas)."""
        return None

    def table_schema(self, schema: str | None) -> str | None:
        """The schema a model's ``Meta.schema`` puts its table in, None for the connection's
        own (only dialects with ``supports_schemas`` get a schema here)."""
        return schema or None

    def backend(self, db: DatabaseConfig) -> Backend:
        """The runtime half for ``db`` (imports the driver)."""
        module_name, _, class_name = self.backend_class.partition(":")
        cls: type[Backend] = getattr(importlib.import_module(module_name), class_name)
        return cls(self, db)

    def with_base_folder(self, credentials: Mapping[str, Any], base: str) -> dict[str, Any]:
        """``credentials`` with any relative file path made absolute against ``base`` (a
        server database has none: unchanged)."""
        return dict(credentials)

    def display_dsn(self, credentials: Mapping[str, Any], scheme: str | None = None) -> str:
        """``postgres://user:***@host:5432/name``: the server's address, password masked;
        what the credentials leave out (no port, no database name) is left out."""
        c = credentials
        user = c.get("user") or ""
        password = MASK if c.get("password") else ""
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        port = f":{c['port']}" if c.get("port") not in (None, "") else ""
        database = f"/{c['database']}" if c.get("database") not in (None, "") else ""
        return f"{scheme or self.name}://{auth}{c.get('host') or ''}{port}{database}"

    def example_dsn(self, scheme: str | None = None) -> str:
        """A URL of this kind for hints, e.g. ``mysql://user:***@host:3306/name``."""
        example = {"user": "user", "password": "x", "host": "host", "database": "name"}
        return self.display_dsn({**example, "port": self.default_port}, scheme)

    def fresh_database(
        self, credentials: Mapping[str, Any], alias: str, suffix: str, folder: str
    ) -> dict[str, Any]:
        """``credentials`` naming a new database: the old name plus ``suffix``, cut to this
        server's identifier limit (``folder`` is for databases that are files)."""
        renamed = dict(credentials)
        stem = str(credentials.get("database") or alias)
        renamed["database"] = stem[: self.max_identifier_length - len(suffix)] + suffix
        return renamed

    # -- statements and transactions -------------------------------------------------------
    def split(self, text: str) -> list[Statement]:
        """Split ``text`` (a whole .sql file) into the statements this server would run."""
        return split_statements(text, self.lexer)

    def manages_transaction(self, sql: str) -> bool:
        """Does ``sql`` open, end or otherwise manage a transaction itself?"""
        return bool(self.transaction_control.match(sql))

    def opens_transaction(self, sql: str) -> bool:
        return bool(self.transaction_opens.match(sql))

    def closes_transaction(self, sql: str) -> bool:
        return bool(self.transaction_closes.match(sql))

    def must_run_outside_transaction(self, sql: str) -> bool:
        """Does the server refuse ``sql`` inside a transaction block?"""
        return False

    def waits_without_blocking_writers(self, sql: str) -> bool:
        """Does ``sql`` wait for locks that let writes through (no lock timeout needed:
        waiting behind a long transaction queues nobody behind it)?"""
        return False

    def session_timeout_statements(
        self, lock_timeout: float | None, statement_timeout: float | None
    ) -> list[str]:
        """Statements setting this session's lock and statement timeouts (seconds; None
        leaves the server's setting, 0 means no limit)."""
        return []

    def ends_migration_transaction(self, sql: str) -> bool:
        """Would ``sql`` end (or try to nest) the one transaction a migration runs in?
        SAVEPOINT, RELEASE and ROLLBACK TO work inside it and are fine."""
        return bool(self.migration_transaction_enders.match(sql))

    # -- what a statement does to a live table (lint, plan) ---------------------------------
    def classify(self, sql: str, before: SchemaState | None = None) -> StatementTraits:
        """The lock ``sql`` takes and what it does to its table, read from the statement as
        written; ``before`` (the schema before the migration) tells what a change changes."""
        from migrator.dialects.base.traits import StatementTraits, read_statement

        read = read_statement(sql)
        return StatementTraits(sql, read.table, read.changes, "unknown", known=False)

    def classify_all(
        self, statements: Sequence[str], before: SchemaState | None = None
    ) -> list[StatementTraits]:
        """``classify`` for every statement of a migration, in order, each read against the
        names the statements before it left."""
        from migrator.dialects.base.traits import after_renames

        found = []
        for sql in statements:
            found.append(self.classify(sql, before))
            before = after_renames(before, found[-1])
        return found

    # -- quoting and literals --------------------------------------------------------------
    def quote(self, name: str) -> str:
        q = self.quote_char
        return f"{q}{name.replace(q, q + q)}{q}"

    def quote_table(self, key: str) -> str:
        """A table by its state key (see state.py), qualified where it has a schema."""
        return self.quote(key)

    def quote_beside(self, table: str, name: str) -> str:
        """An object that lives in the schema of table ``table`` (an index, a sequence)."""
        return self.quote(name)

    def quote_string(self, text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    def literal(self, value: Any) -> str:
        """A Python value as an SQL literal for this dialect."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, Decimal)):
            return str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, bytes):
            return "X'" + value.hex().upper() + "'"
        if isinstance(value, (datetime.date, datetime.time, datetime.datetime, uuid.UUID)):
            return self.quote_string(
                str(value) if isinstance(value, uuid.UUID) else value.isoformat()
            )
        return self.quote_string(str(value))

    def placeholder(self, position: int) -> str:
        """Bind-parameter marker for the 1-based ``position``."""
        return "?"

    # -- rendering ------------------------------------------------------------------------
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

    def comment_literal(self, comment: str | None) -> str:
        return "NULL" if comment is None else self.quote_string(comment)

    def generated_fk_name(self, table: str, position: int) -> str | None:
        """The name the database gives the ``position``-th (from 1) foreign key that
        ``CREATE TABLE`` declares without one (Tortoise's many-to-many tables); None where
        foreign-key names are left to the database (see ``names_foreign_keys``)."""
        return None

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

    # -- building blocks, shaped like Tortoise's schema generator -------------------------
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

    def column_definition(self, col: Column, table: str) -> str:
        """One column as it stands in CREATE TABLE / ADD COLUMN."""
        if col.identity:
            return f"{self.quote(col.name)} {col.identity}{self.inline_comment(col.comment)}"
        text = f"{self.quote(col.name)} {col.type}"
        if not col.null:
            text += " NOT NULL"
        if col.unique and not col.pk:
            text += " UNIQUE"
        if col.pk:
            text += " PRIMARY KEY"
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

    # -- type knowledge -------------------------------------------------------------------
    def narrows(self, old_type: str, new_type: str) -> bool:
        """True when converting ``old_type`` values to ``new_type`` can lose or refuse data."""
        old, new = _parse_type(old_type), _parse_type(new_type)
        if old == new:
            return False
        if old[0] == new[0]:
            return arguments_narrow(old[0], old[1], new[1], self.time_precision_default)
        if old[0] in self.integer_widths and new[0] in self.integer_widths:
            return self.integer_widths[new[0]] < self.integer_widths[old[0]]
        return not self.is_text_type(new_type)

    def is_text_type(self, sql_type: str) -> bool:
        return _parse_type(sql_type)[0] in {"TEXT", "LONGTEXT", "MEDIUMTEXT", "CLOB"}

    def can_convert(self, old_type: str, new_type: str) -> bool:
        """Does one ALTER turn ``old_type`` values into ``new_type`` ones that mean the same:
        the same type with other arguments, an integer of another width, a string of another
        length (or text), a decimal of another precision? Narrowing counts (the server
        refuses or truncates, and the migration says so); a change of kind (text to number,
        integer to timestamp) does not, so such a column is never offered as a rename."""
        old, new = _parse_type(old_type), _parse_type(new_type)
        if old[0] == new[0]:
            return True
        families = (frozenset(self.integer_widths), self.string_types, DECIMAL_TYPES)
        return any(old[0] in family and new[0] in family for family in families)

    def zero_value(self, sql_type: str) -> str:
        """A value of ``sql_type`` to fill NOT NULL columns when nothing better is known."""
        base = _parse_type(sql_type)[0]
        if base in self.integer_widths or base in {"DECIMAL", "NUMERIC", "REAL", "DOUBLE", "FLOAT"}:
            return "0"
        if base in {"BOOL", "BOOLEAN"}:
            return self.literal(False)
        return self.quote_string("")

    def python_default_fill(self, column: Column) -> str | None:
        """SQL that gives existing rows what the application's per-row default would have
        (the current time for auto_now, a fresh UUID for uuid4), or None."""
        if column.python_default == "now":
            return self.now_sql(column.type)
        if column.python_default == "uuid4":
            return self.random_uuid_sql(column.type)
        return None

    def now_sql(self, sql_type: str) -> str | None:
        """The current time as a value of ``sql_type`` (a timestamp, a date or a time)."""
        base = _parse_type(sql_type)[0]
        if base.startswith("TIMESTAMP") or base == "DATETIME":
            return "CURRENT_TIMESTAMP"
        if base == "DATE":
            return "CURRENT_DATE"
        if base.startswith("TIME"):
            return "CURRENT_TIME"
        return None

    def random_uuid_sql(self, sql_type: str) -> str | None:
        """A fresh random UUID per row, as a value of ``sql_type``; None when unknown."""
        return None

    def implicit_fill(self, column: Column) -> str | None:
        """The value existing rows get when a NOT NULL column without a default is added
        (None: the database refuses the change while the table has rows)."""
        return None

    def timestamp_literal(self, value: datetime.datetime) -> str:
        """A naive UTC timestamp as a literal for the history table."""
        return self.literal(value)

    # -- history table --------------------------------------------------------------------
    history_id_type: ClassVar[str] = "INTEGER PRIMARY KEY"
    history_timestamp_type: ClassVar[str] = "TIMESTAMP"

    def history_table_statements(self, table: str) -> list[str]:
        q = self.quote
        return [
            f"CREATE TABLE IF NOT EXISTS {q(table)} (\n"
            f"    {q('id')} {self.history_id_type},\n"
            f"    {q('app')} VARCHAR(100) NOT NULL,\n"
            f"    {q('version')} VARCHAR(255) NOT NULL,\n"
            f"    {q('name')} VARCHAR(255) NOT NULL,\n"
            f"    {q('checksum')} VARCHAR(64) NOT NULL,\n"
            f"    {q('status')} VARCHAR(16) NOT NULL,\n"
            f"    {q('statements_done')} INT NOT NULL,\n"
            f"    {q('applied_at')} {self.history_timestamp_type} NOT NULL,\n"
            f"    {q('duration_ms')} INT NOT NULL,\n"
            f"    CONSTRAINT {q(table + '_app_version')} UNIQUE ({q('app')}, {q('version')})\n"
            ")"
        ]


# statements that open, end or otherwise manage a transaction themselves
def _created_or_dropped(operations: Sequence[ops.Operation]) -> set[str]:
    tables = set()
    for op in operations:
        if isinstance(op, ops.CreateTable):
            tables.add(op.table_def.name)
        elif isinstance(op, ops.DropTable):
            tables.add(op.table)
    return tables


def _fields(col: Column) -> dict[str, Any]:
    return {name: getattr(col, name) for name in Column.__dataclass_fields__}


_TYPE_RE = re.compile(r"^\s*([A-Za-z ]+?)\s*(?:\(([^)]*)\))?\s*$")


def _parse_type(sql_type: str) -> tuple[str, tuple[int, ...]]:
    """'VARCHAR(200)' -> ('VARCHAR', (200,)); unparsable types compare as whole strings."""
    match = _TYPE_RE.match(sql_type)
    if not match:
        return sql_type.upper(), ()
    args = tuple(int(a) for a in (match.group(2) or "").split(",") if a.strip().isdigit())
    return match.group(1).upper(), args


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
