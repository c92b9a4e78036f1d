"""Rows for the data-survival checks: insert plausible rows into every table of a live schema,
and dump every table so two dumps can be compared across a migration.

Every value tells its row and its column apart: it comes from the row's counter ``n`` and the
column's ``salt`` (its position in the table), so two columns of one row never hold the same
value and a swap of two columns cannot go unnoticed. Every other row of a table holds NULL in
each nullable column, so backfills and nullability changes see real NULLs."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.inspector import LiveColumn, LiveSchema, LiveTable

UTC = datetime.UTC
Dump = dict[str, list[dict[str, Any]]]


def _is_autoincrement(table: LiveTable, col: LiveColumn) -> bool:
    pks = [c for c in table.columns.values() if c.pk]
    return (col.pk and len(pks) == 1 and "int" in col.type.lower()) or (
        col.default is not None and "nextval" in col.default
    )


def _length(sql_type: str) -> int | None:
    match = re.search(r"char[a-z ]*\((\d+)\)", sql_type)
    return int(match.group(1)) if match else None


SALTS = 64  # more than the columns of any table: n * SALTS + salt is unique per (row, column)


def value_for(col: LiveColumn, n: int, dialect: str, salt: int = 0) -> Any:
    """A value of ``col``'s type for row ``n``; ``salt`` (< SALTS) tells columns apart."""
    t = col.type.lower()
    if t.startswith("bool") or t == "tinyint(1)":
        return (n + salt) % 2 == 0
    if "char(36)" in t or t == "uuid":
        value = uuid.uuid5(uuid.NAMESPACE_OID, f"{col.name}{n}")
        return value if t == "uuid" else str(value)
    m = n * SALTS + salt
    if "int" in t or "serial" in t:
        return m % 30000
    if "numeric" in t or "decimal" in t:
        scale = re.search(r"\(\d+,\s*(\d+)\)", t)
        return Decimal(f"{m % 900}.25") if not scale or int(scale.group(1)) >= 2 else Decimal(m)
    if any(k in t for k in ("double", "real", "float")):
        return m + 0.5
    if "timestamp" in t or "datetime" in t:
        moment = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=UTC) + datetime.timedelta(minutes=m)
        if dialect == "sqlite":
            return moment.isoformat()
        return moment.replace(tzinfo=None) if dialect == "mysql" or "without" in t else moment
    if t == "date":
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=m)
        return day.isoformat() if dialect == "sqlite" else day
    if t.startswith("time"):
        clock = datetime.time(
            m // 60 % 24, m % 60, tzinfo=UTC if "with time zone" in t or t == "timetz" else None
        )
        return clock.isoformat() if dialect == "sqlite" else clock
    if "json" in t:
        return f'{{"n": {m}}}'
    if any(k in t for k in ("blob", "bytea", "binary")):
        return f"bytes{m}".encode()
    limit = _length(t) or 40
    text = f"v{n}{_letters(salt)}"  # digits then letters: (n, salt) reads back unambiguously
    return text if len(text) <= limit else _base36(n)[-limit:]  # short columns stay unique


def _letters(k: int) -> str:
    return ("" if k < 26 else _letters(k // 26 - 1)) + chr(ord("a") + k % 26)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


async def seed(
    conn: Connection, dialect: Dialect, schema: LiveSchema, start: int, rows: int = 2
) -> int:
    """Insert ``rows`` rows into every table, parents first; returns the next counter value.

    Values come from a global counter (unique columns stay unique across steps). The k-th row
    of a table references the k-th row of its parent, and a second foreign key walks the
    parents at a slower stride, so foreign keys that become unique later and many-to-many
    pairs never repeat. Rows with an odd k hold NULL in every nullable column (foreign keys
    included), rows with an even k a value in each; a self-reference, which needs an earlier
    row to point at, is NULL in the even rows instead.
    """
    n = start
    for table in _parents_first(schema):
        count = f"SELECT COUNT(*) FROM {dialect.quote_table(table.name)}"
        existing = (await conn.fetch(count))[0][0]
        for k in range(existing, existing + rows):
            n += 1
            values = await _row_values(conn, dialect, table, n, k)
            if values is not None:
                await _insert(conn, dialect, table.name, values)
    return n


async def _row_values(
    conn: Connection, dialect: Dialect, table: LiveTable, n: int, k: int
) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    stride = 1
    salts = sorted(table.columns)
    for col in table.columns.values():
        if _is_autoincrement(table, col) or col.generated is not None:
            continue
        fk = next((f for f in table.foreign_keys if col.name in f.columns), None)
        if fk is None:
            values[col.name] = value_for(col, n, dialect.name, salts.index(col.name))
        else:
            parents = await _parent_values(conn, dialect, fk.ref_table, fk.ref_columns[0])
            if not parents:
                if not col.null:
                    return None  # nothing to point at yet
                values[col.name] = None
                continue
            values[col.name] = parents[(k // stride) % len(parents)]
            stride *= len(parents)
        # a self-reference takes the other parity: the first row has nothing to point at
        if col.null and not col.pk and (k + (fk is not None and fk.ref_table == table.name)) % 2:
            values[col.name] = None
    return values


def unseeded_nulls(schema: LiveSchema, rows: Dump) -> list[str]:
    """The nullable columns that do not hold both a NULL and a value in some rows."""
    return [
        f"{table.name}.{col.name}"
        for table in schema.tables.values()
        for col in table.columns.values()
        if col.null
        and not col.pk
        and {row[col.name] is None for row in rows[table.name]} != {True, False}
    ]


async def fill_nulls(
    conn: Connection, dialect: Dialect, table: LiveTable, column: str, n: int
) -> Any:
    """Set every NULL of ``table.column`` to one value (row ``n``'s, or the first parent row
    for a foreign key), as someone would before a downgrade makes the column NOT NULL
    again; returns the value."""
    col = table.columns[column]
    fk = next((f for f in table.foreign_keys if column in f.columns), None)
    if fk is None:
        value = value_for(col, n, dialect.name, sorted(table.columns).index(column))
    else:
        value = (await _parent_values(conn, dialect, fk.ref_table, fk.ref_columns[0]))[0]
    q = dialect.quote
    await conn.execute(
        f"UPDATE {dialect.quote_table(table.name)} SET {q(column)} = {dialect.placeholder(1)} "
        f"WHERE {q(column)} IS NULL",
        (value,),
    )
    return value


async def dump(conn: Connection, dialect: Dialect, schema: LiveSchema) -> Dump:
    """Every table's rows, less generated columns (the database computes those from the
    others; tests/integration/test_generated_column.py checks them)."""
    result: Dump = {}
    for table in schema.tables.values():
        names = sorted(name for name, col in table.columns.items() if col.generated is None)
        cols = ", ".join(dialect.quote(c) for c in names)
        rows = await conn.fetch(f"SELECT {cols} FROM {dialect.quote_table(table.name)}")
        result[table.name] = sorted(
            ({c: normal(v) for c, v in zip(names, row, strict=True)} for row in rows), key=repr
        )
    return result


def normal(value: Any) -> Any:
    """Values as comparable text: a type change (INT->BIGINT, VARCHAR->TEXT) keeps them equal."""
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return str(round(value, 6))
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, bool):
        return str(int(value))
    return None if value is None else str(value)


async def _parent_values(conn: Connection, dialect: Dialect, table: str, column: str) -> list[Any]:
    rows = await conn.fetch(
        f"SELECT {dialect.quote(column)} FROM {dialect.quote_table(table)} "
        f"ORDER BY {dialect.quote(column)}"
    )
    return [r[0] for r in rows if r[0] is not None]


async def _insert(conn: Connection, dialect: Dialect, table: str, values: dict[str, Any]) -> None:
    if not values:
        await conn.execute(f"INSERT INTO {dialect.quote_table(table)} DEFAULT VALUES")
        return
    cols = ", ".join(dialect.quote(c) for c in values)
    marks = ", ".join(dialect.placeholder(i) for i in range(1, len(values) + 1))
    await conn.execute(
        f"INSERT INTO {dialect.quote_table(table)} ({cols}) VALUES ({marks})",
        tuple(values.values()),
    )


def _parents_first(schema: LiveSchema) -> list[LiveTable]:
    pending = sorted(schema.tables.values(), key=lambda t: t.name)
    done: set[str] = set()
    ordered = []
    while pending:
        ready = [
            t
            for t in pending
            if all(f.ref_table in done or f.ref_table == t.name for f in t.foreign_keys)
        ] or [pending[0]]
        for t in ready:
            ordered.append(t)
            done.add(t.name)
            pending.remove(t)
    return ordered
