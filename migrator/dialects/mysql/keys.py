"""Names and indexes MySQL/MariaDB keep behind foreign keys and inline UNIQUE columns.

InnoDB needs an index whose first column is a foreign key's column. When CREATE TABLE or
ADD CONSTRAINT finds none, the server creates one, named after the constraint (or after the
column when the constraint has no name), and silently drops that generated index when a
covering one is added later. An index the migrations add back is not "generated", so the
server would keep it: migrator therefore states every such change explicitly, keeping the
invariant

    an FK column not covered by another index has exactly one extra index, named
    ``fk.name`` (or the column name for an unnamed FK), and a covered one has none,

which is what a fresh ``CREATE TABLE`` gives. Foreign keys Tortoise declares without a name
(many-to-many tables) get ``<table>_ibfk_<n>`` from the server, numbered in the order
CREATE TABLE declares them; a later unnamed one gets the highest number so far plus one, and
RENAME TABLE renames them with the table. Positions therefore stop matching names as soon as
one is dropped and another added, so migrator never leaves the naming to the server: capture
records the names a fresh database has (``Dialect.generated_fk_name``) and every statement
names its foreign key explicitly (``fk_name``). Such a key's index is named after its column
(``backing_index``), as the server names it for an unnamed key.

Index expressions become key parts here too: a column with a prefix length is a plain key
part, anything else a functional one (see ``expression_key_part``).
"""

from __future__ import annotations

import re

from migrator.dialects.mysql.types import fk_compatible, strip_parentheses
from migrator.errors import AmbiguousChangeError
from migrator.state import Column, Index, SchemaState, Table

_INDEX_KINDS = ("FULLTEXT", "SPATIAL")
# a key part that names a column: `col`(n) / col(n) (a prefix length) or `col`, then ASC/DESC
_COLUMN_PART = re.compile(
    r"\s*(?:(?:`(?:[^`]|``)+`|\w+)\s*\(\s*\d+\s*\)|(?P<whole>`(?:[^`]|``)+`))"
    r"\s*(?:ASC|DESC)?\s*",
    re.IGNORECASE,
)
_IDENTITY_TYPE = re.compile(
    r"\s+(?:NOT\s+NULL|NULL|PRIMARY\s+KEY|AUTO_INCREMENT|UNIQUE|DEFAULT)\b", re.IGNORECASE
)


def effective_type(col: Column) -> str:
    """The column's SQL type; for a generated key the type at the head of its identity SQL."""
    if col.identity:
        return _IDENTITY_TYPE.split(col.identity, maxsplit=1)[0].strip()
    return col.type


def fk_name(table: Table, col: Column) -> str:
    """The name the server knows ``col``'s foreign key by: the one recorded in the state."""
    assert col.fk is not None
    if not col.fk.name:
        raise AmbiguousChangeError(
            f"{table.name}.{col.name}: the snapshot does not record the name of this foreign "
            "key (it was written by an older migrator); look it up with SHOW CREATE TABLE and "
            "write this migration by hand (migrator migrate --empty)"
        )
    return col.fk.name


def generated_name(table: str, position: int) -> str:
    """The name the server gives the ``position``-th unnamed FK of a fresh CREATE TABLE."""
    return f"{table}_ibfk_{position}"


def is_generated_name(table: str, name: str) -> bool:
    """Whether ``name`` has the form the server gives unnamed FKs of ``table``."""
    return re.fullmatch(re.escape(table) + r"_ibfk_\d+", name) is not None


def backing_index_name(table: Table, col: Column) -> str:
    """The name of the index the server creates for ``col``'s FK in a fresh database: the
    constraint's, or the column's for a key the server named itself."""
    assert col.fk is not None
    name = col.fk.name
    return col.name if not name or is_generated_name(table.name, name) else name


def is_plain_index(index: Index) -> bool:
    """A B-tree index (FULLTEXT and SPATIAL ones cannot back a foreign key)."""
    return index.using.split(" ", 1)[0].upper() not in _INDEX_KINDS


def covered(table: Table, column: str) -> bool:
    """Whether an index other than the FK's own starts with ``column``."""
    col = table.column(column)
    if col.pk or col.unique:
        return True
    if any(i.columns[:1] == (column,) and is_plain_index(i) and not i.where for i in table.indexes):
        return True
    return any(u.columns[:1] == (column,) for u in table.uniques)


def backing_index(table: Table, column: str) -> str | None:
    """Name of the index that exists only for ``column``'s foreign key, if there is one."""
    if not table.has_column(column):
        return None
    col = table.column(column)
    if col.fk is None or covered(table, column):
        return None
    return backing_index_name(table, col)


def backing_index_clauses(
    before: Table, after: Table, renamed: dict[str, str] | None = None
) -> list[str]:
    """ALTER TABLE clauses that move the FK-backing indexes from ``before`` to ``after``.

    ``renamed`` maps old column names to new ones (RenameColumn). Columns that disappear
    take their indexes with them; columns that appear get theirs from ADD CONSTRAINT.
    """
    renamed = renamed or {}
    clauses: list[str] = []
    for col in before.columns:
        new_name = renamed.get(col.name, col.name)
        if not after.has_column(new_name):
            continue
        old_index = backing_index(before, col.name)
        new_index = backing_index(after, new_name)
        if old_index == new_index:
            continue
        if old_index and new_index:
            clauses.append(f"RENAME INDEX {_q(old_index)} TO {_q(new_index)}")
        elif old_index:
            clauses.append(f"DROP INDEX {_q(old_index)}")
        elif new_index:
            clauses.append(f"ADD INDEX {_q(new_index)} ({_q(new_name)})")
    return clauses


def fk_present(state: SchemaState, col: Column) -> bool:
    """Whether ``col``'s foreign key exists in the database. The renderer drops a foreign key
    while its column and the referenced one have types InnoDB cannot pair (half-way through
    changing both, e.g. INT -> BIGINT) and adds it back once they match again."""
    if col.fk is None:
        return False
    try:
        target = state.table(col.fk.ref_table).column(col.fk.ref_column)
    except KeyError:
        return True
    return fk_compatible(effective_type(col), effective_type(target))


def referencing(state: SchemaState, table: str, column: str) -> list[tuple[Table, Column]]:
    """Every (table, column) whose foreign key points at ``table.column``."""
    found: list[tuple[Table, Column]] = []
    for other in sorted(state.tables.values(), key=lambda t: t.name):
        for col in other.columns:
            fk = col.fk
            points_here = fk is not None and (fk.ref_table, fk.ref_column) == (table, column)
            if points_here and (other.name, col.name) != (table, column):
                found.append((other, col))
    return found


def expression_key_part(expression: str) -> str:
    """An index expression as a key part. Tortoise hands every ``Index(*expressions)`` item
    over in parentheses (``(`body`(100))``); a column with a prefix length (the only way to
    index TEXT/BLOB) or a quoted column must lose them, as MySQL 8 reads ``(x)`` as a
    functional key part and MariaDB as a syntax error. Any other expression gets exactly
    one pair of its own."""
    inner = strip_parentheses(expression)
    if _COLUMN_PART.fullmatch(inner):
        return inner.strip()
    return expression if inner != expression.strip() else f"({expression})"


def whole_columns(index: Index) -> tuple[str, ...]:
    """The columns ``index`` covers whole: its columns and quoted-column expressions."""
    found = list(index.columns)
    for expression in index.expressions:
        part = _COLUMN_PART.fullmatch(strip_parentheses(expression))
        if part and part.group("whole"):
            found.append(part.group("whole")[1:-1].replace("``", "`"))
    return tuple(found)


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
