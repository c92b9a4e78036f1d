"""Pure comparison of two live schemas: what the database holds against what migrator
believes it holds (the snapshot of the latest applied migration, built by
``Backend.reference_schema``). Every difference is one sentence a DBA reads, grouped per
table; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from migrator.dialects.base.inspector import (
    LiveCheck,
    LiveColumn,
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveTable,
    LiveUnique,
)

T = TypeVar("T", LiveIndex, LiveUnique, LiveForeignKey, LiveCheck)


@dataclass(frozen=True, slots=True)
class TableDrift:
    table: str
    differences: tuple[str, ...]


def compare(expected: LiveSchema, live: LiveSchema, owned: Sequence[str]) -> list[TableDrift]:
    """Differences of the tables in ``owned`` (those the app's migrations create), sorted."""
    result = []
    for name in sorted(owned):
        want, have = expected.tables.get(name), live.tables.get(name)
        if want is None and have is None:
            continue
        if have is None:
            lines = ["the table is missing (an applied migration creates it)"]
        elif want is None:
            lines = ["the table exists, but the applied migrations do not create it"]
        else:
            lines = compare_table(want, have)
        if lines:
            result.append(TableDrift(name, tuple(lines)))
    return result


def unmanaged(live: LiveSchema, known: Sequence[str]) -> list[TableDrift]:
    """Tables of the database no applied migration of any app creates."""
    return [
        TableDrift(
            name,
            (
                "not in any app's models (made by hand, by a hand-written migration or "
                "by another tool); add it to exclude_tables in [tool.migrator] to leave it "
                "alone",
            ),
        )
        for name in sorted(set(live.tables) - set(known))
    ]


def compare_table(want: LiveTable, have: LiveTable) -> list[str]:
    lines = _columns(want, have)
    lines += _primary_key(want, have)
    lines += _matched("index", want.indexes, have.indexes, _index_words)
    lines += _matched("unique constraint", want.uniques, have.uniques, _unique_words)
    lines += _matched("foreign key", want.foreign_keys, have.foreign_keys, _fk_words)
    lines += _matched("check constraint", want.checks, have.checks, _check_words)
    if want.comment != have.comment:
        lines.append(f"table comment is {_text(have.comment)}, expected {_text(want.comment)}")
    return lines + _table_options(want, have)


def beyond_the_state(want: LiveTable, have: LiveTable) -> list[str]:
    """The differences no SchemaState can express (so adopt cannot reconcile them): checks,
    the primary key's name, sequences, identity, character sets, collations, ON UPDATE and
    AUTOINCREMENT."""
    lines = []
    for name in sorted(set(want.columns) & set(have.columns)):
        options = _column_options(want.columns[name], have.columns[name])
        lines += [f"column {name}: {line}" for line in options]
    if _pk_columns(want) == _pk_columns(have):
        lines += _primary_key(want, have)
    lines += _matched("check constraint", want.checks, have.checks, _check_words)
    return lines + _table_options(want, have)


def _table_options(want: LiveTable, have: LiveTable) -> list[str]:
    lines = []
    if want.autoincrement != have.autoincrement:
        lines.append(
            "the primary key is AUTOINCREMENT, expected without"
            if have.autoincrement
            else "the primary key is not AUTOINCREMENT, expected AUTOINCREMENT"
        )
    if want.charset != have.charset:
        lines.append(f"table character set is {_sql(have.charset)}, expected {_sql(want.charset)}")
    if want.collation != have.collation:
        lines.append(
            f"table collation is {_collation(have.collation)}, "
            f"expected {_collation(want.collation)}"
        )
    return lines


def _columns(want: LiveTable, have: LiveTable) -> list[str]:
    lines = []
    for name in sorted(set(want.columns) | set(have.columns)):
        expected, actual = want.columns.get(name), have.columns.get(name)
        if actual is None:
            assert expected is not None
            lines.append(f"column {name} ({expected.type}) is missing")
        elif expected is None:
            lines.append(f"column {name} ({actual.type}) is not in the applied migrations")
        else:
            lines += [f"column {name}: {line}" for line in _column(expected, actual)]
    return lines


def _column(want: LiveColumn, have: LiveColumn) -> list[str]:
    lines = []
    if want.type != have.type:
        lines.append(f"type is {have.type}, expected {want.type}")
    if want.null != have.null:
        lines.append(
            "allows NULL, expected NOT NULL" if have.null else "is NOT NULL, expected NULL allowed"
        )
    if want.default != have.default:
        lines.append(f"default is {_sql(have.default)}, expected {_sql(want.default)}")
    if want.generated != have.generated:
        lines.append(f"generated as {_sql(have.generated)}, expected {_sql(want.generated)}")
    if want.comment != have.comment:
        lines.append(f"comment is {_text(have.comment)}, expected {_text(want.comment)}")
    return lines + _column_options(want, have)


def _column_options(want: LiveColumn, have: LiveColumn) -> list[str]:
    lines = []
    if want.sequence != have.sequence:
        lines.append(f"{_owns(have.sequence)}, expected {_sequence(want.sequence)}")
    if want.identity != have.identity:
        lines.append(f"is {_identity(have.identity)}, expected {_identity(want.identity)}")
    if want.charset != have.charset:
        lines.append(
            f"character set is {_collation(have.charset)}, expected {_collation(want.charset)}"
        )
    if want.collation != have.collation:
        lines.append(
            f"collation is {_collation(have.collation)}, expected {_collation(want.collation)}"
        )
    if want.on_update != have.on_update:
        lines.append(f"ON UPDATE {_sql(have.on_update)}, expected {_sql(want.on_update)}")
    return lines


def _owns(sequence: str | None) -> str:
    return "owns no sequence" if sequence is None else f"owns sequence {sequence}"


def _sequence(sequence: str | None) -> str:
    return "no sequence" if sequence is None else f"sequence {sequence}"


def _identity(kind: str | None) -> str:
    return "not an identity column" if kind is None else f"GENERATED {kind} AS IDENTITY"


def _collation(name: str | None) -> str:
    return "the table's" if name is None else name


def _pk_columns(table: LiveTable) -> list[str]:
    return sorted(c.name for c in table.columns.values() if c.pk)


def _primary_key(want: LiveTable, have: LiveTable) -> list[str]:
    expected, actual = _pk_columns(want), _pk_columns(have)
    if expected != actual:
        return [f"primary key is ({', '.join(actual) or 'none'}), expected ({', '.join(expected)})"]
    if want.primary_key_name != have.primary_key_name:
        return [
            f"primary key is named {_name(have.primary_key_name)}, "
            f"expected {_name(want.primary_key_name)}"
        ]
    return []


def _matched(
    kind: str, want: Sequence[T], have: Sequence[T], words: Callable[[T], str]
) -> list[str]:
    """Pair equal items, then same-named ones (changed), then same-shaped ones (renamed)."""
    missing = [item for item in want if item not in have]
    extra = [item for item in have if item not in want]
    lines = []
    for item in list(missing):
        if item.name is not None:
            twin = next((x for x in extra if x.name == item.name), None)
            if twin is not None:
                lines.append(f"{kind} {item.name} is {words(twin)}, expected {words(item)}")
                missing.remove(item)
                extra.remove(twin)
                continue
        twin = next((x for x in extra if _unnamed(x) == _unnamed(item)), None)
        if twin is not None:
            lines.append(
                f"{kind} {words(item)} is named {_name(twin.name)}, expected {_name(item.name)}"
            )
            missing.remove(item)
            extra.remove(twin)
    lines += [f"{kind} {_label(item.name)}{words(item)} is missing" for item in missing]
    lines += [f"extra {kind} {_label(item.name)}{words(item)}" for item in extra]
    return lines


def _unnamed(item: T) -> T:
    from dataclasses import replace

    return replace(item, name=None)


def _index_words(index: LiveIndex) -> str:
    words = f"{'UNIQUE ' if index.unique else ''}on ({', '.join(index.columns)})"
    if index.method:
        words += f" USING {index.method}"
    if index.where:
        words += f" WHERE {index.where}"
    if not index.valid:
        words += (
            " (INVALID: left by a failed CREATE INDEX CONCURRENTLY; upgrade drops it before "
            "building an index of that name again, else drop it by hand)"
        )
    return words


def _unique_words(unique: LiveUnique) -> str:
    return f"on ({', '.join(unique.columns)})"


def _fk_words(fk: LiveForeignKey) -> str:
    return (
        f"({', '.join(fk.columns)}) -> {fk.ref_table} ({', '.join(fk.ref_columns)}) "
        f"ON DELETE {fk.on_delete}"
        + ("" if fk.on_update == "NO ACTION" else f" ON UPDATE {fk.on_update}")
    )


def _check_words(check: LiveCheck) -> str:
    return f"CHECK ({check.expression})"


def _label(name: str | None) -> str:
    return f"{name} " if name else ""


def _name(name: str | None) -> str:
    return name or "the database's own choice"


def _sql(default: str | None) -> str:
    return "none" if default is None else default


def _text(text: str | None) -> str:
    return "none" if text is None else repr(text)
