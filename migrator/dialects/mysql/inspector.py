"""Read a MySQL/MariaDB schema from information_schema into migrator.dialects.base.inspector's form.

The database read is the connection's current one (``DATABASE()``). The two servers print
the catalog differently; this module makes the same DDL read the same on both:

* types: integer display widths (MariaDB's ``int(11)``) are dropped, except ``tinyint(1)``,
  which MySQL 8 keeps for BOOL; MariaDB's JSON (``longtext`` + a ``json_valid`` CHECK) is
  ``json``.
* defaults: MariaDB prints literals quoted and NULL as ``NULL``, MySQL prints the bare value
  (and ``DEFAULT_GENERATED`` for expressions). Both become the SQL expression, strings quoted
  the way the renderer quotes them, ``current_timestamp(6)`` in lower case, no default and
  ``DEFAULT NULL`` both None. An AUTO_INCREMENT column reads as default ``auto_increment``.
* unique keys: MySQL has no UNIQUE constraint apart from a unique index, so every unique
  index (inline UNIQUE, unique_together, unique Index) is a ``LiveIndex(unique=True)`` and
  ``LiveTable.uniques`` stays empty.
* invented names become None: a single-column unique index named after its column (inline
  UNIQUE), and the index the server keeps for a foreign key, named after the constraint, or
  after the column for a key the server named (``<table>_ibfk_<n>``). Foreign keys keep their
  names, those the server gave included: migrations must reproduce them exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.inspector import (
    Inspector,
    LiveColumn,
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveTable,
    sort_key,
)
from migrator.dialects.mysql import types
from migrator.dialects.mysql.details import add_details

_text = types.catalog_text  # information_schema values as text

TABLES_SQL = """
SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
"""
COLUMNS_SQL = """
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, DATA_TYPE,
       COLUMN_COMMENT
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION
"""
# MySQL 8.0.13+ has functional key parts in EXPRESSION; MariaDB has no such column
INDEXES_SQL = """
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE, {expression},
       COLLATION
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
"""
FOREIGN_KEYS_SQL = """
SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
       k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME
 AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
"""
# MariaDB implements JSON as LONGTEXT with a column CHECK (json_valid(`col`))
MARIADB_JSON_SQL = """
SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND CHECK_CLAUSE LIKE 'json\\_valid(%)'
"""

_DISPLAY_WIDTH = re.compile(r"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")
_JSON_CHECK = re.compile(r"^json_valid\(`((?:[^`]|``)+)`\)$")
_INTRODUCED_STRING = re.compile(r"^_[a-z0-9]+\\'(.*)\\'$", re.DOTALL)
_NOW = re.compile(r"^(?:current_timestamp|now|localtimestamp|localtime)(?:\((\d*)\))?$")
AUTO_INCREMENT = "auto_increment"


@dataclass(frozen=True, slots=True)
class _Server:
    mariadb: bool
    version: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> _Server:
        numbers = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
        version = tuple(int(n) for n in numbers.groups()) if numbers else (0, 0, 0)
        return cls(mariadb="mariadb" in text.lower(), version=version)

    @property
    def has_functional_key_parts(self) -> bool:
        return not self.mariadb and self.version >= (8, 0, 13)


class MySQLInspector(Inspector):
    async def inspect(self, conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
        return await inspect(conn)  # no schemas: capture refuses Meta.schema


async def inspect(conn: Connection) -> LiveSchema:
    server = _Server.parse(_text((await conn.fetch("SELECT VERSION()"))[0][0]))
    tables = {_text(r[0]): _text(r[1]) or None for r in await conn.fetch(TABLES_SQL)}
    json_columns = await _mariadb_json_columns(conn) if server.mariadb else set()
    columns = _columns(await conn.fetch(COLUMNS_SQL), server, json_columns)
    expression = "EXPRESSION" if server.has_functional_key_parts else "NULL"
    index_rows = await conn.fetch(INDEXES_SQL.format(expression=expression))
    fks = _foreign_keys(await conn.fetch(FOREIGN_KEYS_SQL))
    primary, indexes = _indexes(index_rows, fks)
    result: dict[str, LiveTable] = {}
    for name in sorted(tables):
        cols = {
            c.name: LiveColumn(
                c.name, c.type, c.null, c.default, c.name in primary[name], c.comment
            )
            for c in columns.get(name, [])
        }
        result[name] = LiveTable(
            name=name,
            columns=cols,
            indexes=tuple(sorted(indexes.get(name, []), key=sort_key)),
            foreign_keys=tuple(sorted((_public_fk(fk) for fk in fks.get(name, [])), key=sort_key)),
            comment=tables[name],
        )
    return await add_details(conn, LiveSchema(result), server.mariadb, _expression)


async def _mariadb_json_columns(conn: Connection) -> set[tuple[str, str]]:
    found = set()
    for table, clause in await conn.fetch(MARIADB_JSON_SQL):
        match = _JSON_CHECK.match(_text(clause))
        if match:
            found.add((_text(table), match.group(1).replace("``", "`")))
    return found


def _columns(
    rows: list[tuple[Any, ...]], server: _Server, json_columns: set[tuple[str, str]]
) -> dict[str, list[LiveColumn]]:
    by_table: dict[str, list[LiveColumn]] = defaultdict(list)
    for table, name, col_type, nullable, default, extra, data_type, comment in rows:
        table, name, extra = _text(table), _text(name), _text(extra)
        sql_type = column_type(_text(col_type))
        if (table, name) in json_columns:
            sql_type = "json"
        if AUTO_INCREMENT in extra.lower():
            normalised: str | None = AUTO_INCREMENT
        else:
            raw = None if default is None else _text(default)
            normalised = normalise_default(raw, extra, _text(data_type), server.mariadb)
        by_table[table].append(
            LiveColumn(
                name, sql_type, _text(nullable) == "YES", normalised, False, _text(comment) or None
            )
        )
    return by_table


def column_type(text: str) -> str:
    """The catalog's COLUMN_TYPE in the spelling both servers share."""
    text = text.strip().lower()
    if text.startswith("tinyint(1)"):
        return text
    return _DISPLAY_WIDTH.sub(r"\1", text)


def normalise_default(raw: str | None, extra: str, data_type: str, mariadb: bool) -> str | None:
    """COLUMN_DEFAULT as the SQL expression that sets it (None: no default or NULL)."""
    if raw is None:
        return None
    if mariadb:
        if raw == "NULL":
            return None
        if len(raw) >= 2 and raw[0] == raw[-1] == "'":
            return types.quote_string(types.unquote_string(raw))
        return _expression(raw)
    if "DEFAULT_GENERATED" in extra.upper():
        return _expression(raw)
    if types.is_numeric(data_type):
        return raw
    return types.quote_string(raw)


def _expression(text: str) -> str:
    text = types.strip_parentheses(text)
    introduced = _INTRODUCED_STRING.match(text)  # MySQL prints ('x') as _utf8mb4\'x\'
    if introduced:
        return types.quote_string(types.unquote_string("'" + introduced.group(1) + "'"))
    if "'" in text:
        return text
    text = text.lower()
    now = _NOW.match(text)
    if now:
        return f"current_timestamp({now.group(1) or ''})"
    return text


@dataclass
class _ForeignKey:
    name: str
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    on_delete: str
    on_update: str


def _foreign_keys(rows: list[tuple[Any, ...]]) -> dict[str, list[_ForeignKey]]:
    by_table: dict[str, dict[str, _ForeignKey]] = defaultdict(dict)
    for table, name, column, ref_table, ref_column, rule, update_rule in rows:
        fk = by_table[_text(table)].setdefault(
            _text(name),
            _ForeignKey(
                _text(name),
                [],
                _text(ref_table),
                [],
                _text(rule).upper(),
                _text(update_rule).upper(),
            ),
        )
        fk.columns.append(_text(column))
        fk.ref_columns.append(_text(ref_column))
    return {table: list(fks.values()) for table, fks in by_table.items()}


def _public_fk(fk: _ForeignKey) -> LiveForeignKey:
    return LiveForeignKey(
        name=fk.name,
        columns=tuple(fk.columns),
        ref_table=fk.ref_table,
        ref_columns=tuple(fk.ref_columns),
        on_delete=fk.on_delete,
        on_update=fk.on_update,
    )


def _indexes(
    rows: list[tuple[Any, ...]], fks: dict[str, list[_ForeignKey]]
) -> tuple[dict[str, set[str]], dict[str, list[LiveIndex]]]:
    """(primary key columns per table, the other indexes per table)."""
    primary: dict[str, set[str]] = defaultdict(set)
    grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        table, name = _text(row[0]), _text(row[1])
        if name == "PRIMARY":
            primary[table].add(_text(row[3]))
        else:
            grouped[(table, name)].append(row)
    indexes: dict[str, list[LiveIndex]] = defaultdict(list)
    for (table, name), parts in grouped.items():
        columns = tuple(_key_part(p) for p in parts)
        unique = int(parts[0][2]) == 0
        kind = _text(parts[0][5]).upper()
        method = kind.lower() if kind not in ("BTREE", "") else None
        invented = _invented_index_name(table, name, columns, unique, fks.get(table, []))
        indexes[table].append(LiveIndex(None if invented else name, columns, unique, None, method))
    return primary, indexes


def _key_part(row: tuple[Any, ...]) -> str:
    column, sub_part, expression, order = row[3], row[4], row[6], _text(row[7])
    if column is None:
        text = _expression(_text(expression))
    else:
        text = _text(column)
        text = f"{text}({int(sub_part)})" if sub_part is not None else text
    return f"{text} DESC" if order == "D" else text


def _invented_index_name(
    table: str, name: str, columns: tuple[str, ...], unique: bool, fks: list[_ForeignKey]
) -> bool:
    if unique:  # inline UNIQUE: named after the column, _2, _3 ... when that is taken
        return (
            len(columns) == 1 and re.fullmatch(re.escape(columns[0]) + r"(_\d+)?", name) is not None
        )
    return any(tuple(fk.columns) == columns and name == _fk_index_name(table, fk) for fk in fks)


def _fk_index_name(table: str, fk: _ForeignKey) -> str:
    """The server names the index it creates for a foreign key after the constraint, or
    after the column when it named the constraint itself (``<table>_ibfk_<n>``)."""
    generated = re.fullmatch(re.escape(table) + r"_ibfk_\d+", fk.name) is not None
    return fk.columns[0] if generated else fk.name
