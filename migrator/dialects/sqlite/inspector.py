"""Read a SQLite database's schema into a LiveSchema (see migrator.dialects.base.inspector).

Everything comes from sqlite_master and the table pragmas. SQLite keeps no comments and no
names for UNIQUE constraints or foreign keys, so those are None; a unique index created by
CREATE UNIQUE INDEX keeps its name because its author chose it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

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
from migrator.dialects.sqlite import table_sql

if TYPE_CHECKING:
    from migrator.connection import Connection

# the rebuild's scratch tables; a leftover one means a rebuild failed outside a transaction
SCRATCH_PREFIX = "_migrator_"
HIDDEN_VIRTUAL_TABLE_COLUMN = 1


class SqliteInspector(Inspector):
    async def inspect(self, conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
        return await inspect_schema(conn)  # no schemas: capture refuses Meta.schema


async def inspect_schema(conn: Connection) -> LiveSchema:
    names = sorted(name for name in await table_names(conn) if not name.startswith(SCRATCH_PREFIX))
    return LiveSchema({name: await _table(conn, name) for name in names})


async def table_names(conn: Connection) -> set[str]:
    """Every table of the main database but SQLite's own (sqlite_sequence, sqlite_stat1)."""
    rows = await conn.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _table(conn: Connection, name: str) -> LiveTable:
    columns = await _columns(conn, name)
    indexes, uniques = await _indexes(conn, name)
    sql = await _table_sql(conn, name)
    return LiveTable(
        name=name,
        columns=columns,
        indexes=indexes,
        uniques=uniques,
        foreign_keys=await _foreign_keys(conn, name),
        comment=None,
        checks=_sorted(table_sql.checks(sql)),
        autoincrement=table_sql.autoincrement(sql),
    )


async def _table_sql(conn: Connection, name: str) -> str:
    rows = await conn.fetch(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    )
    return str(rows[0][0]) if rows and rows[0][0] is not None else ""


async def _columns(conn: Connection, table: str) -> dict[str, LiveColumn]:
    rows = await conn.fetch(f"PRAGMA table_xinfo({_quote(table)})")
    columns = [
        LiveColumn(
            name=str(name),
            type=str(type_ or "").upper(),
            null=not notnull,
            default=without_null_default(None if default is None else str(default)),
            pk=bool(pk),
            comment=None,
        )
        for _cid, name, type_, notnull, default, pk, hidden in rows
        if hidden != HIDDEN_VIRTUAL_TABLE_COLUMN
    ]
    return {col.name: col for col in sorted(columns, key=lambda c: c.name)}


async def _indexes(
    conn: Connection, table: str
) -> tuple[tuple[LiveIndex, ...], tuple[LiveUnique, ...]]:
    indexes: list[LiveIndex] = []
    uniques: list[LiveUnique] = []
    for _seq, name, unique, origin, _partial in await conn.fetch(
        f"PRAGMA index_list({_quote(table)})"
    ):
        if origin == "pk":
            continue
        sql = await _index_sql(conn, str(name))
        items, where = split_index_sql(sql) if sql else ([], None)
        columns = await _index_columns(conn, str(name), items)
        if origin == "u":
            uniques.append(LiveUnique(name=None, columns=columns))
        else:
            indexes.append(LiveIndex(str(name), columns, bool(unique), where=where))
    return _sorted(indexes), _sorted(uniques)


async def _index_sql(conn: Connection, name: str) -> str | None:
    rows = await conn.fetch(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
    )
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


async def _index_columns(conn: Connection, index: str, items: list[str]) -> tuple[str, ...]:
    """Key columns in order; an expression (cid -2) is taken from the index's SQL text."""
    columns: list[str] = []
    for seqno, cid, col_name, desc, _coll, key in await conn.fetch(
        f"PRAGMA index_xinfo({_quote(index)})"
    ):
        if not key:
            continue
        if col_name is not None:
            part = str(col_name)
        else:
            part = items[seqno] if seqno < len(items) else f"<expression {cid}>"
            part = _DESC.sub("", part)  # the SQL text of a descending key ends in DESC
        columns.append(f"{part} DESC" if desc else part)
    return tuple(columns)


async def _foreign_keys(conn: Connection, table: str) -> tuple[LiveForeignKey, ...]:
    groups: dict[int, list[tuple[Any, ...]]] = {}
    for row in await conn.fetch(f"PRAGMA foreign_key_list({_quote(table)})"):
        groups.setdefault(int(row[0]), []).append(row)
    keys = []
    for rows in groups.values():
        rows.sort(key=lambda r: r[1])
        ref_table = str(rows[0][2])
        ref_columns = [r[4] for r in rows]
        if any(c is None for c in ref_columns):  # REFERENCES parent: the parent's primary key
            ref_columns = list(await _primary_key(conn, ref_table))
        keys.append(
            LiveForeignKey(
                name=None,
                columns=tuple(str(r[3]) for r in rows),
                ref_table=ref_table,
                ref_columns=tuple(str(c) for c in ref_columns),
                on_delete=str(rows[0][6]).upper(),
                on_update=str(rows[0][5]).upper(),
            )
        )
    return _sorted(keys)


async def _primary_key(conn: Connection, table: str) -> tuple[str, ...]:
    rows = await conn.fetch(f"PRAGMA table_info({_quote(table)})")
    return tuple(str(r[1]) for r in sorted(rows, key=lambda r: r[5]) if r[5])


def _sorted(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=sort_key))


# -- index SQL ---------------------------------------------------------------------------

_DESC = re.compile(r"\s+(ASC|DESC)\s*$", re.IGNORECASE)
_QUOTE_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}


def split_index_sql(sql: str) -> tuple[list[str], str | None]:
    """``CREATE INDEX n ON t (a, lower(b)) WHERE x = 1`` -> (['a', 'lower(b)'], 'x = 1')."""
    start = _first_open_paren(sql)
    if start < 0:
        return [], None
    items: list[str] = []
    depth, item_start, i = 0, start + 1, start
    while i < len(sql):
        char = sql[i]
        if char in _QUOTE_CLOSERS:
            i = _skip_quoted(sql, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                items.append(sql[item_start:i].strip())
                return items, _where(sql[i + 1 :])
        elif char == "," and depth == 1:
            items.append(sql[item_start:i].strip())
            item_start = i + 1
        i += 1
    return items, None


def _first_open_paren(sql: str) -> int:
    i = 0
    while i < len(sql):
        if sql[i] in _QUOTE_CLOSERS:
            i = _skip_quoted(sql, i)
            continue
        if sql[i] == "(":
            return i
        i += 1
    return -1


def _skip_quoted(sql: str, i: int) -> int:
    """Index just past the quoted text starting at ``i`` (doubled quotes stay inside)."""
    closer = _QUOTE_CLOSERS[sql[i]]
    j = i + 1
    while j < len(sql):
        if sql[j] == closer:
            if closer != "]" and j + 1 < len(sql) and sql[j + 1] == closer:
                j += 2
                continue
            return j + 1
        j += 1
    return j


def _where(rest: str) -> str | None:
    rest = rest.strip()
    if rest[:5].upper() == "WHERE" and (len(rest) == 5 or not rest[5].isalnum()):
        return rest[5:].strip() or None
    return None
