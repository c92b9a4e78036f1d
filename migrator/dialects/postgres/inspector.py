"""Read a PostgreSQL schema from pg_catalog into migrator.dialects.base.inspector's comparable form.

The schema read is ``current_schema()`` (``public`` unless the connection's ``schema`` sets
the search path): the one migrations create their unqualified tables in; its tables are keyed
by their names. The schemas the models name in ``Meta.schema`` are read too, their tables
keyed ``schema.table`` as in the state (state.py), and so are the foreign keys pointing
there. Defaults, and the expressions of generated columns, are ``pg_get_expr`` text as the
server prints it; the renderer re-sets a default after a type change so the stored
expression equals the one a fresh CREATE TABLE stores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.inspector import (
    Inspector,
    LiveColumn,
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveTable,
    LiveUnique,
    sort_key,
    without_null_default,
)
from migrator.dialects.postgres import names
from migrator.dialects.postgres.details import IN_SCHEMA, add_details, table_key_sql

TABLES_SQL = f"""
SELECT {table_key_sql("n", "c")}, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {IN_SCHEMA}
"""

COLUMNS_SQL = f"""
SELECT {table_key_sql("n", "c")}, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), a.attgenerated::text
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE {IN_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped
"""

CONSTRAINTS_SQL = f"""
SELECT {table_key_sql("n", "c")}, con.conname, con.contype::text,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.pos),
       CASE WHEN f.oid IS NOT NULL THEN {table_key_sql("fn", "f")} END,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(num, pos)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.pos),
       con.confdeltype::text, con.confupdtype::text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE {IN_SCHEMA} AND con.contype IN ('p', 'u', 'f')
"""

# indexes created by CREATE INDEX, i.e. not the ones behind PRIMARY KEY / UNIQUE constraints
INDEXES_SQL = f"""
SELECT {table_key_sql("n", "c")}, i.relname, x.indisunique, am.amname,
       pg_get_expr(x.indpred, x.indrelid), x.indisvalid,
       ARRAY(SELECT CASE WHEN x.indkey[k.pos - 1] = 0
                         THEN pg_get_indexdef(x.indexrelid, k.pos, true)
                         ELSE (SELECT a.attname::text FROM pg_attribute a
                               WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k.pos - 1])
                    END
                    || CASE WHEN x.indoption[k.pos - 1] & 1 = 1 THEN ' DESC' ELSE '' END
             FROM generate_series(1, x.indnkeyatts) AS k(pos) ORDER BY k.pos)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE {IN_SCHEMA}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
"""

STORED = "s"  # pg_attribute.attgenerated of a GENERATED ALWAYS AS (...) STORED column

ON_DELETE = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}


# an index a failed CREATE INDEX CONCURRENTLY left behind (pg_index.indisvalid is false)
INVALID_INDEX_SQL = """
SELECT 1 FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = coalesce($2, current_schema()) AND c.relname = $1 AND NOT i.indisvalid
"""


class PostgresInspector(Inspector):
    async def inspect(self, conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
        return await inspect(conn, schemas)

    async def index_is_invalid(
        self, conn: Connection, name: str, schema: str | None = None
    ) -> bool:
        """Is index ``name`` (in ``schema``; None: current_schema()) INVALID?"""
        return bool(await conn.fetch(INVALID_INDEX_SQL, (name, schema)))


async def inspect(conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
    args = (list(schemas),)
    tables = await conn.fetch(TABLES_SQL, args)
    columns = await conn.fetch(COLUMNS_SQL, args)
    constraints = await conn.fetch(CONSTRAINTS_SQL, args)
    indexes = await conn.fetch(INDEXES_SQL, args)
    return await add_details(conn, build_schema(tables, columns, constraints, indexes), schemas)


Rows = list[tuple[Any, ...]]


def build_schema(tables: Rows, columns: Rows, constraints: Rows, indexes: Rows) -> LiveSchema:
    primary = {(row[0], col) for row in constraints if row[2] == "p" for col in row[3]}
    by_table: dict[str, dict[str, list[Any]]] = defaultdict(
        lambda: {"columns": [], "uniques": [], "fks": [], "indexes": []}
    )
    for name, column, sql_type, not_null, default, comment, generated in columns:
        # pg_attrdef holds a generated column's expression where others keep their default
        expression = default if generated == STORED else None
        by_table[name]["columns"].append(
            LiveColumn(
                column,
                sql_type,
                not not_null,
                None if expression else without_null_default(default),
                (name, column) in primary,
                comment,
                expression,
            )
        )
    for row in constraints:
        table = row[0]
        if row[2] == "u":
            by_table[table]["uniques"].append(_unique(table, row))
        elif row[2] == "f":
            by_table[table]["fks"].append(_foreign_key(table, row))
    for table, name, unique, method, where, valid, keys in indexes:
        by_table[table]["indexes"].append(
            LiveIndex(
                name, tuple(keys), unique, where, None if method == "btree" else method, valid
            )
        )
    result: dict[str, LiveTable] = {}
    for name, comment in sorted(tables):
        parts = by_table[name]
        result[name] = LiveTable(
            name=name,
            columns={c.name: c for c in sorted(parts["columns"], key=lambda c: c.name)},
            indexes=tuple(sorted(parts["indexes"], key=sort_key)),
            uniques=tuple(sorted(parts["uniques"], key=sort_key)),
            foreign_keys=tuple(sorted(parts["fks"], key=sort_key)),
            comment=comment,
        )
    return LiveSchema(result)


def _unique(table: str, row: tuple[Any, ...]) -> LiveUnique:
    columns = tuple(row[3])
    invented = names.unique_key_name(table, columns)
    return LiveUnique(None if row[1] == invented else row[1], columns)


def _foreign_key(table: str, row: tuple[Any, ...]) -> LiveForeignKey:
    columns = tuple(row[3])
    invented = names.fkey_name(table, columns)
    return LiveForeignKey(
        name=None if row[1] == invented else row[1],
        columns=columns,
        ref_table=row[4],
        ref_columns=tuple(row[5]),
        on_delete=ON_DELETE[row[6]],
        on_update=ON_DELETE[row[7]],
    )
