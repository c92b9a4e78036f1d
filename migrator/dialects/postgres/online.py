"""PostgreSQL online DDL: the forms of an operation on an existing table that keep it
readable and writable while the migration runs.

- an index is built (and dropped) CONCURRENTLY: the build takes a SHARE UPDATE EXCLUSIVE
  lock, which lets INSERT/UPDATE/DELETE through; PostgreSQL refuses it inside a transaction;
- a unique constraint is a unique index built CONCURRENTLY, then attached with
  ``ADD CONSTRAINT ... UNIQUE USING INDEX`` (a catalog change);
- a foreign key is added ``NOT VALID`` (a brief lock, no scan) and validated by a separate
  ``VALIDATE CONSTRAINT``, whose scan runs under a lock that lets writes through;
- ``SET NOT NULL`` is proven first by a ``CHECK (col IS NOT NULL) NOT VALID`` validated the
  same way: PostgreSQL 12+ then skips its own full scan under the exclusive lock, and the
  helper check is dropped.

Each such block runs outside the migration's transaction, every statement committing on its
own (a transaction would hold the first statement's lock until the last one ends); the
runner journals each statement so a failure resumes where it stopped (journal.py). Column
additions and defaults need no special form: since PostgreSQL 11 ``ADD COLUMN`` with a
constant default and ``SET DEFAULT`` change only the catalog.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.dialects.base.dialect import OnlineForm
from migrator.dialects.postgres import names
from migrator.state import Column, SchemaState

if TYPE_CHECKING:
    from migrator.dialects.postgres.dialect import PostgresDialect

INDEX_REASON = (
    "CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction"
)
DROP_INDEX_REASON = "DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction"
UNIQUE_REASON = (
    "the unique index is built CONCURRENTLY (no transaction allowed) and then attached as "
    "the constraint"
)
FOREIGN_KEY_REASON = (
    "the foreign key is added NOT VALID (a brief lock) and validated in its own "
    "transaction, whose scan lets writes through"
)
NOT_NULL_REASON = (
    "NOT NULL is proven by a NOT VALID check validated in its own transaction, so SET NOT "
    "NULL needs no scan under an exclusive lock"
)

_REFUSES_TRANSACTION = re.compile(
    r"(?is)\s*(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY"
    r"|REINDEX\b[^;]*\bCONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE"
    r"|ALTER\s+SYSTEM|CREATE\s+TABLESPACE|DROP\s+TABLESPACE)\b"
)
_LETS_WRITES_THROUGH = re.compile(
    r"(?is)\s*(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY"
    r"|ALTER\s+TABLE\s[^;]*\bVALIDATE\s+CONSTRAINT)\b"
)
_CONCURRENT_INDEX = re.compile(
    r"(?is)\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r'(?:"(?P<quoted>(?:[^"]|"")+)"|(?P<plain>[A-Za-z_][\w$]*))'
    # the index lives in its table's schema: ON "schema"."table" (as this dialect writes it)
    r'(?:\s+ON\s+(?:ONLY\s+)?"(?P<schema>(?:[^"]|"")+)"\.)?'
)


def refuses_transaction(sql: str) -> bool:
    return bool(_REFUSES_TRANSACTION.match(sql))


def waits_without_blocking_writers(sql: str) -> bool:
    return bool(_LETS_WRITES_THROUGH.match(sql))


def concurrent_index_name(sql: str) -> str | None:
    """The index a ``CREATE INDEX CONCURRENTLY`` statement builds, as the catalog names it."""
    match = _CONCURRENT_INDEX.match(sql)
    if match is None:
        return None
    if match.group("quoted") is not None:
        return match.group("quoted").replace('""', '"')
    return match.group("plain").lower()


def concurrent_index_schema(sql: str) -> str | None:
    """The schema of the table a ``CREATE INDEX CONCURRENTLY`` statement names qualified
    (``ON "schema"."table"``), where the index lands; None: the current schema."""
    match = _CONCURRENT_INDEX.match(sql)
    if match is None or match.group("schema") is None:
        return None
    return match.group("schema").replace('""', '"')


def render(d: PostgresDialect, op: ops.Operation, before: SchemaState) -> OnlineForm | None:
    if isinstance(op, ops.AddIndex):
        return OnlineForm(
            (concurrently(d.create_index_statement(op.table, op.index)),), INDEX_REASON
        )
    if isinstance(op, ops.DropIndex):
        index = d.quote_beside(op.table, op.index.name)
        return OnlineForm((f"DROP INDEX CONCURRENTLY {index}",), DROP_INDEX_REASON)
    if isinstance(op, ops.AddUnique):
        statements = add_unique(d, op.table, op.unique.name, op.unique.columns)
        return OnlineForm(tuple(statements), UNIQUE_REASON)
    if isinstance(op, ops.AddColumn):
        return _add_column(d, op, before)
    if isinstance(op, ops.AlterColumn):
        return _alter_column(d, op, before)
    return None


def concurrently(create_index: str) -> str:
    """``CREATE [UNIQUE] INDEX "name" ...`` -> ``CREATE [UNIQUE] INDEX CONCURRENTLY "name" ...``"""
    return re.sub(r"^(CREATE (?:UNIQUE )?INDEX) ", r"\1 CONCURRENTLY ", create_index, count=1)


def add_unique(d: PostgresDialect, table: str, name: str, columns: tuple[str, ...]) -> list[str]:
    quoted_table, key = d.quote_table(table), d.quote(name)
    cols = ", ".join(d.quote(c) for c in columns)
    return [
        f"CREATE UNIQUE INDEX CONCURRENTLY {key} ON {quoted_table} ({cols})",
        f"ALTER TABLE {quoted_table} ADD CONSTRAINT {key} UNIQUE USING INDEX {key}",
    ]


def add_foreign_key(d: PostgresDialect, table: str, col: Column) -> list[str]:
    quoted_table, fk = d.quote_table(table), d.quote(d.fk_name(table, col))
    return [
        f"ALTER TABLE {quoted_table} ADD CONSTRAINT {fk} FOREIGN KEY ({d.quote(col.name)})"
        f"{d.references(col)} NOT VALID",
        f"ALTER TABLE {quoted_table} VALIDATE CONSTRAINT {fk}",
    ]


def set_not_null(d: PostgresDialect, table: str, column: str) -> list[str]:
    quoted_table, col = d.quote_table(table), d.quote(column)
    check = d.quote(names.object_name(names.bare(table), column, "not_null"))
    return [
        f"ALTER TABLE {quoted_table} ADD CONSTRAINT {check} CHECK ({col} IS NOT NULL) NOT VALID",
        f"ALTER TABLE {quoted_table} VALIDATE CONSTRAINT {check}",
        f"ALTER TABLE {quoted_table} ALTER COLUMN {col} SET NOT NULL",
        f"ALTER TABLE {quoted_table} DROP CONSTRAINT {check}",
    ]


def _add_column(d: PostgresDialect, op: ops.AddColumn, before: SchemaState) -> OnlineForm | None:
    col = op.column
    unique = col.unique and not col.pk and not col.identity
    if col.identity or col.pk or (col.fk is None and not unique):
        return None  # plain ADD COLUMN: a catalog change (a constant default included)
    bare = replace(op, column=replace(col, fk=None, unique=False))
    statements = d.render_add_column(bare, before)
    reasons = []
    if unique:
        key = names.unique_key_name(op.table, [col.name])
        statements += add_unique(d, op.table, key, (col.name,))
        reasons.append(UNIQUE_REASON)
    if col.fk is not None:
        statements += add_foreign_key(d, op.table, col)
        reasons.append(FOREIGN_KEY_REASON)
    return OnlineForm(tuple(statements), "; ".join(reasons))


def _alter_column(
    d: PostgresDialect, op: ops.AlterColumn, before: SchemaState
) -> OnlineForm | None:
    online = d.alter_column_statements(op, before, online=True)
    if online == d.alter_column_statements(op, before, online=False):
        return None
    joined = "\n".join(online)
    reasons = [
        reason
        for reason, mark in (
            (NOT_NULL_REASON, "IS NOT NULL) NOT VALID"),
            (UNIQUE_REASON, "UNIQUE USING INDEX"),
            (FOREIGN_KEY_REASON, "FOREIGN KEY"),
        )
        if mark in joined
    ]
    return OnlineForm(tuple(online), "; ".join(reasons))
