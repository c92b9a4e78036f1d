"""The parts of a MySQL/MariaDB live schema read beside columns, keys and indexes: CHECK
constraints, character sets and collations, and a column's ``ON UPDATE``.

* CHECK: the condition without its outer parentheses (MySQL prints ``(`a` > 0)``, MariaDB
  `` `a` > 0``). Invented names read as None: MySQL's ``<table>_chk_<n>``, MariaDB's
  ``CONSTRAINT_<n>`` and the column's own name MariaDB gives a column-level CHECK. MariaDB's
  ``json_valid(`col`)`` CHECK of a JSON column is not a check here: the inspector reads the
  column's type as ``json``.
* character sets: every CREATE TABLE migrator and Tortoise write says ``CHARACTER SET``, so
  a table's character set is always read (never compared with the database's default,
  which differs between a user's database and drift's scratch one). Its collation is read
  only when it is not the character set's default one. A column's character set and
  collation are read only where they differ from its table's (a column of another character
  set: its collation only when not that set's default), so a column that simply inherits
  reads None on both servers.
* ``ON UPDATE``: from COLUMNS.EXTRA (MariaDB ``on update current_timestamp(6)``, MySQL
  ``DEFAULT_GENERATED on update CURRENT_TIMESTAMP(6)``), spelled like a default.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from migrator.connection import Connection
from migrator.dialects.base.inspector import LiveCheck, LiveColumn, LiveSchema, LiveTable, sort_key
from migrator.dialects.mysql import types

_text = types.catalog_text  # information_schema values as text

# MariaDB keeps the table and the level (Column / Table) of each check
MARIADB_CHECKS_SQL = """
SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
"""
# MySQL's check names are unique in the schema; TABLE_CONSTRAINTS says whose they are
MYSQL_CHECKS_SQL = """
SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table'
FROM information_schema.TABLE_CONSTRAINTS t
JOIN information_schema.CHECK_CONSTRAINTS c
  ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK'
"""
TABLE_COLLATIONS_SQL = """
SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
"""
CHARSETS_SQL = """
SELECT COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT FROM information_schema.COLLATIONS
"""
COLUMN_DETAILS_SQL = """
SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
"""

_ON_UPDATE = re.compile(r"\bon update (.+)$", re.IGNORECASE)
_MARIADB_INVENTED = re.compile(r"CONSTRAINT_\d+")

Rows = list[tuple[Any, ...]]
Expression = Callable[[str], str]  # the inspector's spelling of a default expression


async def add_details(
    conn: Connection, schema: LiveSchema, mariadb: bool, spell: Expression
) -> LiveSchema:
    """``schema`` with each table's checks, character sets, collations and ON UPDATE."""
    checks = await conn.fetch(MARIADB_CHECKS_SQL if mariadb else MYSQL_CHECKS_SQL)
    collations = Collations(await conn.fetch(CHARSETS_SQL))
    tables = {_text(r[0]): _text(r[1]) for r in await conn.fetch(TABLE_COLLATIONS_SQL)}
    columns = await conn.fetch(COLUMN_DETAILS_SQL)
    return with_details(schema, checks, collations, tables, columns, spell)


class Collations:
    """Which character set a collation belongs to, and each set's default collation."""

    def __init__(self, rows: Rows) -> None:
        self.charset = {_text(r[0]): _text(r[1]) for r in rows}
        self.default = {_text(r[1]): _text(r[0]) for r in rows if _text(r[2]).lower() == "yes"}

    def table(self, collation: str) -> tuple[str | None, str | None]:
        """(character set, collation unless it is the set's default)."""
        charset = self.charset.get(collation)
        return charset, None if self.default.get(charset or "") == collation else collation

    def column(
        self, charset: str | None, collation: str | None, table_collation: str
    ) -> tuple[str | None, str | None]:
        """(character set, collation), each None where the table's is meant."""
        if charset is None or collation is None:
            return None, None
        if charset == self.charset.get(table_collation):
            return None, None if collation == table_collation else collation
        return charset, None if self.default.get(charset) == collation else collation


def with_details(
    schema: LiveSchema,
    checks: Rows,
    collations: Collations,
    table_collations: dict[str, str],
    columns: Rows,
    spell: Expression,
) -> LiveSchema:
    found = _checks(checks, schema)
    by_table: dict[str, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    for row in columns:
        by_table[_text(row[0])][_text(row[1])] = row
    result = {}
    for name, table in schema.tables.items():
        collation = table_collations.get(name, "")
        charset, own = collations.table(collation)
        cols = {
            c: _column(col, by_table[name].get(c), collations, collation, spell)
            for c, col in table.columns.items()
        }
        result[name] = replace(
            table,
            columns=cols,
            checks=tuple(sorted(found[name], key=sort_key)),
            charset=charset,
            collation=own,
        )
    return LiveSchema(result)


def _column(
    col: LiveColumn,
    row: tuple[Any, ...] | None,
    collations: Collations,
    table_collation: str,
    spell: Expression,
) -> LiveColumn:
    if row is None:
        return col
    charset, collation = collations.column(
        _text(row[2]) or None, _text(row[3]) or None, table_collation
    )
    on_update = _ON_UPDATE.search(_text(row[4]))
    return replace(
        col,
        charset=charset,
        collation=collation,
        on_update=spell(on_update.group(1).strip()) if on_update else None,
    )


def _checks(rows: Rows, schema: LiveSchema) -> dict[str, list[LiveCheck]]:
    found: dict[str, list[LiveCheck]] = defaultdict(list)
    for table, name, clause, level in rows:
        table, name, clause = _text(table), _text(name), _text(clause)
        column_level = _text(level).lower() == "column"
        live = schema.tables.get(table)
        if live is None or _is_json_type(live, name, clause, column_level):
            continue
        invented = (
            column_level
            or _MARIADB_INVENTED.fullmatch(name) is not None
            or re.fullmatch(re.escape(table) + r"_chk_\d+", name) is not None
        )
        found[table].append(LiveCheck(None if invented else name, expression(clause)))
    return found


def _is_json_type(table: LiveTable, name: str, clause: str, column_level: bool) -> bool:
    """MariaDB's own CHECK behind a JSON column, which the column's type already says."""
    column = table.columns.get(name)
    quoted = "`" + name.replace("`", "``") + "`"
    return (
        column_level
        and column is not None
        and column.type == "json"
        and clause.replace(" ", "").lower() == f"json_valid({quoted})".lower()
    )


def expression(clause: str) -> str:
    return types.strip_parentheses(clause)
