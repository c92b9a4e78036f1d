"""The parts of a PostgreSQL live schema read beside columns, keys and indexes: CHECK
constraints, the primary key's constraint name and which sequence belongs to which column.

Kept apart from ``inspector.py``'s main queries so that each can change on its own. Names
PostgreSQL invents (``<table>_pkey``, ``<table>_<col>_check``) read as None, like the other
invented names; a sequence keeps its name, which a SERIAL column's default spells anyway.
A sequence belongs to a column when pg_depend records it: ``a`` (auto) for SERIAL and
``OWNED BY``, ``i`` (internal) for an IDENTITY column. A rename done by hand that drops or
recreates the sequence loses that record, and the column then reads ``sequence=None``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.inspector import LiveCheck, LiveSchema, LiveTable, sort_key
from migrator.dialects.postgres import names

# the tables of current_schema() and of the other schemas the models name ($1, text[])
IN_SCHEMA = (
    "(n.nspname = current_schema() OR n.nspname = ANY($1::text[])) AND c.relkind IN ('r', 'p')"
)


def table_key_sql(namespace: str, relation: str) -> str:
    """A table's state key in SQL (state.py): its name in current_schema(), else
    ``schema.name``."""
    return (
        f"CASE WHEN {namespace}.nspname = current_schema() THEN {relation}.relname "
        f"ELSE {namespace}.nspname || '.' || {relation}.relname END"
    )


CHECKS_SQL = f"""
SELECT {table_key_sql("n", "c")}, con.conname, pg_get_constraintdef(con.oid, true),
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.pos)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {IN_SCHEMA} AND con.contype = 'c'
"""

PRIMARY_KEYS_SQL = f"""
SELECT {table_key_sql("n", "c")}, con.conname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {IN_SCHEMA} AND con.contype = 'p'
"""

# the sequences pg_depend ties to a column: SERIAL / OWNED BY (a) and IDENTITY (i)
SEQUENCES_SQL = f"""
SELECT {table_key_sql("n", "c")}, a.attname, s.relname, a.attidentity::text
FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_class c ON c.oid = d.refobjid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND {IN_SCHEMA}
"""

IDENTITY = {"a": "ALWAYS", "d": "BY DEFAULT"}

Rows = list[tuple[Any, ...]]


async def add_details(
    conn: Connection, schema: LiveSchema, schemas: Sequence[str] = ()
) -> LiveSchema:
    """``schema`` with each table's checks, primary-key name and column sequences (the
    tables of the other ``schemas`` keyed ``schema.table``)."""
    args = (list(schemas),)
    return with_details(
        schema,
        await conn.fetch(CHECKS_SQL, args),
        await conn.fetch(PRIMARY_KEYS_SQL, args),
        await conn.fetch(SEQUENCES_SQL, args),
    )


def with_details(schema: LiveSchema, checks: Rows, primary: Rows, sequences: Rows) -> LiveSchema:
    found: dict[str, list[LiveCheck]] = defaultdict(list)
    for table, name, definition, columns in checks:
        invented = names.check_name(table, tuple(columns))
        found[table].append(LiveCheck(None if name == invented else name, expression(definition)))
    pk_names = {table: None if name == names.pkey_name(table) else name for table, name in primary}
    owned: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
    for table, column, sequence, identity in sequences:
        owned[table][column] = (sequence, IDENTITY.get(identity))
    tables = {
        name: _table(table, found[name], pk_names.get(name), owned[name])
        for name, table in schema.tables.items()
    }
    return LiveSchema(tables)


def _table(
    table: LiveTable,
    checks: list[LiveCheck],
    pk_name: str | None,
    owned: dict[str, tuple[str, str | None]],
) -> LiveTable:
    columns = {
        name: replace(col, sequence=owned[name][0], identity=owned[name][1])
        if name in owned
        else col
        for name, col in table.columns.items()
    }
    return replace(
        table,
        columns=columns,
        checks=tuple(sorted(checks, key=sort_key)),
        primary_key_name=pk_name,
    )


_CHECK = re.compile(r"^CHECK\s*(.*?)(\s+NO INHERIT)?(\s+NOT VALID)?$", re.DOTALL)


def expression(definition: str) -> str:
    """``CHECK ((a > 0)) NOT VALID`` -> ``(a > 0) NOT VALID``: pg_get_constraintdef's text
    without CHECK and the parentheses around the whole condition."""
    match = _CHECK.match(definition.strip())
    if match is None:
        return definition
    body = _unwrap(match.group(1).strip())
    return body + (match.group(2) or "") + (match.group(3) or "")


def _unwrap(text: str) -> str:
    """Drop one pair of parentheses around the whole of ``text``."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    in_quote = False
    for i, char in enumerate(text):
        if char == "'":
            in_quote = not in_quote
        elif not in_quote and char == "(":
            depth += 1
        elif not in_quote and char == ")":
            depth -= 1
            if depth == 0 and i < len(text) - 1:
                return text  # "(a) AND (b)": the first pair closes early
    return text[1:-1].strip()
