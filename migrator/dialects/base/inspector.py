"""The live schema of a database, normalised so that two databases can be compared.

Each dialect's Inspector (``inspector.py``) reads its catalog into these types. Names the database
invents (PostgreSQL ``*_pkey``/``*_fkey``/``*_key`` when they match the name PostgreSQL itself
would pick, SQLite ``sqlite_autoindex_*``) become ``None``; names Tortoise chooses (idx_,
uidx_, uid_, fk_, custom ``Index(name=...)``) are kept. Column order is not part of the schema
(ADD COLUMN appends), so columns are keyed by name.

Some properties exist on one dialect only and stay at their empty value elsewhere: a
PostgreSQL column's owned sequence and identity kind, a SQLite table's AUTOINCREMENT, MySQL's
character sets, collations and ``ON UPDATE``. Each is read so that two databases built by the
same DDL on the same server read the same.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from migrator.connection import Connection


@dataclass(frozen=True, slots=True)
class LiveColumn:
    name: str
    type: str  # the catalog's own spelling (SQLite: as declared; PostgreSQL, MySQL: lower case)
    null: bool
    default: str | None  # normalised default expression; None when there is none
    pk: bool
    comment: str | None = None
    # the expression of a generated (computed) column, as the server prints it; None otherwise
    generated: str | None = None
    # PostgreSQL: the sequence that belongs to the column (SERIAL or IDENTITY), by name
    sequence: str | None = None
    identity: str | None = None  # PostgreSQL: "ALWAYS" or "BY DEFAULT" for an IDENTITY column
    # MySQL: the column's character set and collation where they differ from its table's
    charset: str | None = None
    collation: str | None = None
    on_update: str | None = None  # MySQL: the ON UPDATE expression, e.g. current_timestamp(6)


@dataclass(frozen=True, slots=True)
class LiveIndex:
    name: str | None
    columns: tuple[str, ...]  # column names or expression text, `` DESC`` after a descending key
    unique: bool
    where: str | None = None
    method: str | None = None  # e.g. "gin"; None for the default method
    # False: PostgreSQL's INVALID index, left by a failed CREATE INDEX CONCURRENTLY
    valid: bool = True


@dataclass(frozen=True, slots=True)
class LiveUnique:
    """A UNIQUE constraint (as opposed to a unique index created by CREATE UNIQUE INDEX)."""

    name: str | None
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LiveForeignKey:
    name: str | None
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str  # upper case: CASCADE, SET NULL, RESTRICT, SET DEFAULT, NO ACTION
    on_update: str  # the same words


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """A CHECK constraint; ``expression`` is the condition without CHECK and outer parentheses."""

    name: str | None
    expression: str


@dataclass(frozen=True, slots=True)
class LiveTable:
    name: str
    columns: dict[str, LiveColumn]
    indexes: tuple[LiveIndex, ...] = ()  # sorted
    uniques: tuple[LiveUnique, ...] = ()  # sorted
    foreign_keys: tuple[LiveForeignKey, ...] = ()  # sorted
    comment: str | None = None
    checks: tuple[LiveCheck, ...] = ()  # sorted
    primary_key_name: str | None = None  # None: the server's own choice (or no name at all)
    autoincrement: bool = False  # SQLite: the INTEGER PRIMARY KEY is declared AUTOINCREMENT
    # MySQL: the table's default character set; its collation only when it is not the
    # character set's default one
    charset: str | None = None
    collation: str | None = None


@dataclass(frozen=True, slots=True)
class LiveSchema:
    tables: dict[str, LiveTable] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def without(self, *table_names: str) -> LiveSchema:
        return LiveSchema({k: v for k, v in self.tables.items() if k not in table_names})

    def with_schemas(self, renamed: Mapping[str, str]) -> LiveSchema:
        """The tables read from each schema in ``renamed`` (keyed ``schema.table``) as if
        they lived in the schema it maps to: keys, foreign-key targets, and defaults that
        name the schema (a sequence's ``nextval('schema.seq'::regclass)``). The old names
        are unique strings (drift's scratch schemas), so replacing them in text is exact."""
        if not renamed:
            return self
        tables = [_moved(t, renamed) for t in self.tables.values()]
        return LiveSchema({t.name: t for t in sorted(tables, key=lambda t: t.name)})


def _moved(table: LiveTable, renamed: Mapping[str, str]) -> LiveTable:
    def key(name: str) -> str:
        schema, dot, rest = name.partition(".")
        return f"{renamed[schema]}.{rest}" if dot and schema in renamed else name

    def text(value: str | None) -> str | None:
        if value is None:
            return None
        for old, new in renamed.items():
            value = value.replace(f"{old}.", f"{new}.")
        return value

    columns = {
        n: replace(c, default=text(c.default), generated=text(c.generated))
        for n, c in table.columns.items()
    }
    fks = tuple(
        sorted((replace(f, ref_table=key(f.ref_table)) for f in table.foreign_keys), key=sort_key)
    )
    return replace(table, name=key(table.name), columns=columns, foreign_keys=fks)


_NULL_DEFAULT = re.compile(r"(?i)^\s*\(?\s*NULL\s*\)?\s*(::[\w .\[\]\"]+)?\s*$")


def without_null_default(default: str | None) -> str | None:
    """A default of NULL (``NULL``, PostgreSQL's ``NULL::character varying``) is no default:
    a row inserted without the column gets NULL either way, so the two read the same."""
    return None if default is None or _NULL_DEFAULT.match(default) else default


def sort_key(item: Any) -> str:
    """A total order for the tuples above (names may be None)."""
    return repr(asdict(item))


class Inspector(ABC):
    """Reads one dialect's catalog over a connection."""

    @abstractmethod
    async def inspect(self, conn: Connection, schemas: Sequence[str] = ()) -> LiveSchema:
        """The live schema of the connection's current database/schema, and of the other
        ``schemas`` the models name (``Meta.schema``; PostgreSQL only), whose tables are
        keyed ``schema.table`` as in the state."""
