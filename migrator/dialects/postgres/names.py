"""The names PostgreSQL invents for objects a CREATE TABLE does not name.

An inline ``PRIMARY KEY`` becomes ``<table>_pkey``, ``UNIQUE`` ``<table>_<col>_key``,
``REFERENCES`` ``<table>_<col>_fkey`` and ``SERIAL`` owns the sequence ``<table>_<col>_seq``.
After a rename the old names stay, so migrations rename them to what a fresh database would
have, and inspection reports a name as invented only when it equals today's choice.

This mirrors ``makeObjectName`` (src/backend/commands/indexcmds.c): lengths are bytes, the
longer of the two parts is truncated first so the result fits in NAMEDATALEN - 1 bytes, and
no part is cut inside a multibyte character. The numeric suffix PostgreSQL adds when the
name is already taken is ignored: a fresh schema does not collide.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrator.state import split_key

NAMEDATALEN = 64
MAX_NAME_BYTES = NAMEDATALEN - 1


def truncate_identifier(name: str) -> str:
    """The identifier as the server stores it (longer ones are cut to 63 bytes)."""
    return _clip(name.encode(), MAX_NAME_BYTES).decode()


def object_name(name1: str, name2: str | None, label: str | None) -> str:
    """``makeObjectName(name1, name2, label)``."""
    part1 = truncate_identifier(name1).encode()
    part2 = truncate_identifier(name2).encode() if name2 is not None else b""
    overhead = (1 if name2 is not None else 0) + (len(label.encode()) + 1 if label else 0)
    available = MAX_NAME_BYTES - overhead
    len1, len2 = len(part1), len(part2)
    while len1 + len2 > available:
        if len1 > len2:
            len1 -= 1
        else:
            len2 -= 1
    out = _clip(part1, len1)
    if name2 is not None:
        out += b"_" + _clip(part2, len2)
    if label:
        out += b"_" + label.encode()
    return out.decode()


def name_addition(columns: Sequence[str]) -> str:
    """``ChooseIndexNameAddition``: column names joined by ``_``, stopping once long enough."""
    buf = b""
    for column in columns:
        if buf:
            buf += b"_"
        buf += truncate_identifier(column).encode()
        if len(buf) >= NAMEDATALEN:
            break
    return buf.decode(errors="ignore")


# ``table`` below is a table's state key: "schema.table" names the table "table" (a table
# name on PostgreSQL holds no dot, see state.py); the object lives in the table's schema


def pkey_name(table: str) -> str:
    return object_name(bare(table), None, "pkey")


def unique_key_name(table: str, columns: Sequence[str]) -> str:
    return object_name(bare(table), name_addition(columns), "key")


def fkey_name(table: str, columns: Sequence[str]) -> str:
    return object_name(bare(table), name_addition(columns), "fkey")


def check_name(table: str, columns: Sequence[str]) -> str:
    """An unnamed CHECK: ``<table>_<col>_check`` when it reads exactly one column, else
    ``<table>_check`` (AddRelationNewConstraints)."""
    return object_name(bare(table), columns[0] if len(columns) == 1 else None, "check")


def sequence_name(table: str, column: str) -> str:
    return object_name(bare(table), column, "seq")


def bare(table: str) -> str:
    """The table's own name, without the schema of its key."""
    return split_key(table)[1]


def _clip(data: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of UTF-8 ``data``, without a partial character (pg_mbcliplen)."""
    cut = data[:limit]
    while cut:
        try:
            cut.decode()
            return cut
        except UnicodeDecodeError:
            cut = cut[:-1]
    return cut
