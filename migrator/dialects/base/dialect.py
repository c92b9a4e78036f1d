"""The pure half of a dialect: the default (ANSI-ish) SQL every dialect subclasses, plus
what the runner and the file format need to know without a connection.

``Dialect`` composes its parts, each a module of its own: quoting.py (names and literals),
types.py (type knowledge), blocks.py (the DDL building blocks, shaped like Tortoise's schema
generator), rendering.py (operations to SQL), transactions.py (statement splitting and
transaction-control statements). Here: its capabilities, identity and credentials (DSN
display), what a statement does to a live table (lint, plan) and the history table's DDL.

A dialect overrides only what differs. ``render(op, before)`` turns one operation into SQL
statements (no trailing semicolons), given the schema state right before the operation.
Quoting and literals go through ``quote`` and ``literal``; nothing outside ``dialects/``
builds SQL text.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from migrator.dialects.base.rendering import OnlineForm, RenderedOperation, Rendering
from migrator.dialects.base.transactions import Transactions, transaction_words
from migrator.dsn import MASK
from migrator.state import SchemaState

if TYPE_CHECKING:
    from migrator.connection import DatabaseConfig
    from migrator.dialects.base.backend import Backend
    from migrator.dialects.base.traits import StatementTraits

# the dialect's own types, still imported from here by the dialects and the rest
__all__ = ["Dialect", "OnlineForm", "RenderedOperation", "transaction_words"]


class Dialect(Transactions, Rendering):
    name: ClassVar[str] = "sql"
    transactional_ddl: ClassVar[bool] = True
    can_alter_column_type: ClassVar[bool] = True
    supports_comments: ClassVar[bool] = True
    max_identifier_length: ClassVar[int] = 63
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
    # "package.module:Class" of the runtime half, imported only when a connection is needed
    backend_class: ClassVar[str] = ""

    # -- identity, credentials, DSN display -----------------------------------------------
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
