"""Pure: the SchemaState of a live database that migrator did not build, for ``adopt``.

The models' state is what the database should hold; ``expected`` is that state built on the
same server and read back (``Backend.reference_schema``), ``live`` the database itself, both
by the same inspector. Every difference between ``expected`` and ``live`` is written back
into a copy of the models' state, so that copy describes the live database in the models'
own terms: column types and defaults in the server's spelling, the indexes, constraints
and foreign keys that are there under the names they have. ``diff(live_state, models)``
then gives exactly the operations that turn the live database into what the models say,
rendered by each dialect as any migration is (the reverse list gives the downgrade).

A column-level UNIQUE whose constraint or index carries a name the database would not give
it (PostgreSQL ``users_username_key`` after a hand-made column rename, MySQL's index named
after the old column) cannot be renamed through the state, which does not record those
names: it is represented as a named unique constraint on a column without ``unique``, so
the diff drops it by its name and the column's UNIQUE is added again under the right one.

What a SchemaState does not record (CHECK constraints, the primary key's name, sequence
ownership, character sets and collations, ON UPDATE, AUTOINCREMENT) is listed as left alone.

Nothing here touches a database. Tables the models do not declare are never looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypeVar

from migrator.dialects.base.inspector import (
    LiveForeignKey,
    LiveIndex,
    LiveSchema,
    LiveTable,
    LiveUnique,
)
from migrator.drift import beyond_the_state
from migrator.errors import UsageError
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint

T = TypeVar("T", LiveIndex, LiveUnique)


@dataclass
class Findings:
    """What the reconcile migration leaves alone, for the report."""

    extra_columns: list[str] = field(default_factory=list)  # "table.column (type)"
    kept: list[str] = field(default_factory=list)  # differences not reconciled, in words


def live_state(
    models: SchemaState,
    expected: LiveSchema,
    live: LiveSchema,
    drop_extra_columns: bool,
) -> tuple[SchemaState, Findings]:
    """The models' state with every difference of ``live`` from ``expected`` written in."""
    findings = Findings()
    state = models
    for name in sorted(models.tables):
        want, have = expected.tables.get(name), live.tables.get(name)
        if want is None or have is None:
            continue
        table = _table(models.table(name), want, have, drop_extra_columns, findings)
        state = state.with_table(table)
    return state, findings


def missing_tables(models: SchemaState, live: LiveSchema) -> list[str]:
    return sorted(name for name in models.tables if name not in live.tables)


# -- one table -----------------------------------------------------------------------------


def _table(
    model: Table, want: LiveTable, have: LiveTable, drop_extra: bool, findings: Findings
) -> Table:
    _check_primary_key(want, have)
    columns = _columns(model, want, have, drop_extra, findings)
    table = replace(model, columns=tuple(columns))
    if want.comment != have.comment:
        table = replace(table, comment=have.comment)
    table = _keys(table, want.indexes, have.indexes, findings, indexes=True)
    table = _keys(table, want.uniques, have.uniques, findings, indexes=False)
    findings.kept += [
        f"table {model.name}: {line} (left as it is)" for line in beyond_the_state(want, have)
    ]
    return _foreign_keys(table, want, have, findings)


def _check_primary_key(want: LiveTable, have: LiveTable) -> None:
    expected = sorted(c.name for c in want.columns.values() if c.pk)
    actual = sorted(c.name for c in have.columns.values() if c.pk)
    if expected != actual:
        raise UsageError(
            f"table {want.name}: the primary key is ({', '.join(actual) or 'none'}) but the "
            f"models say ({', '.join(expected)}); adopt does not change primary keys: change "
            "it by hand (or the models) first"
        )


def _columns(
    model: Table, want: LiveTable, have: LiveTable, drop_extra: bool, findings: Findings
) -> list[Column]:
    columns = []
    for col in model.columns:
        expected, actual = want.columns.get(col.name), have.columns.get(col.name)
        if actual is None or expected is None:
            continue  # missing in the database: the diff adds it
        if expected.type != actual.type:
            col = replace(col, type=actual.type)
        if expected.null != actual.null:
            col = replace(col, null=actual.null)
        if expected.default != actual.default:
            col = replace(col, default=actual.default)
        if expected.comment != actual.comment:
            col = replace(col, comment=actual.comment)
        columns.append(col)
    for name in sorted(set(have.columns) - set(want.columns)):
        extra = have.columns[name]
        findings.extra_columns.append(f"{model.name}.{name} ({extra.type})")
        if drop_extra:
            columns.append(
                Column(name, extra.type, extra.null, extra.default, comment=extra.comment)
            )
    return columns


# -- indexes and unique constraints --------------------------------------------------------


def _keys(
    table: Table,
    want: tuple[T, ...],
    have: tuple[T, ...],
    findings: Findings,
    indexes: bool,
) -> Table:
    """Pair equal items, then same-named ones (changed), then same-shaped ones (renamed);
    write each pairing, each missing and each extra item into ``table``."""
    missing = [item for item in want if item not in have]
    extra = [item for item in have if item not in want]
    for item in list(missing):
        twin = next((x for x in extra if item.name is not None and x.name == item.name), None)
        if twin is None:
            twin = next((x for x in extra if _shape(x) == _shape(item)), None)
        if twin is None:
            continue
        missing.remove(item)
        extra.remove(twin)
        table = _replace_key(table, item, twin, findings)
    for item in missing:
        table = _drop_key(table, item, findings)
    for item in extra:
        table = _add_key(table, item, findings, indexes)
    return table


def _shape(item: LiveIndex | LiveUnique) -> LiveIndex | LiveUnique:
    return replace(item, name=None)


def _replace_key(
    table: Table, want: LiveIndex | LiveUnique, have: LiveIndex | LiveUnique, findings: Findings
) -> Table:
    """``have`` stands where the models put ``want`` (another name or another shape)."""
    if want.name is None:  # a column's own UNIQUE, under a name the database would not give
        if have.name is None or not _column_unique(table, want):
            findings.kept.append(f"table {table.name}: {_words(have)} (left as it is)")
            return table
        column = table.column(want.columns[0])
        table = table.replace_column(column.name, replace(column, unique=False))
        return _with_unique(table, UniqueConstraint(have.name, have.columns))
    if have.name is None:
        findings.kept.append(f"table {table.name}: {_words(have)} (left as it is)")
        return table
    return _add_key(_drop_key(table, want, findings), have, findings, isinstance(have, LiveIndex))


def _drop_key(table: Table, want: LiveIndex | LiveUnique, findings: Findings) -> Table:
    """The database lacks ``want``: the live state does not hold it (the diff adds it)."""
    if want.name is None:
        if _column_unique(table, want):
            column = table.column(want.columns[0])
            return table.replace_column(column.name, replace(column, unique=False))
        findings.kept.append(f"table {table.name}: {_words(want)} is missing (left as it is)")
        return table
    return replace(
        table,
        indexes=tuple(i for i in table.indexes if i.name != want.name),
        uniques=tuple(u for u in table.uniques if u.name != want.name),
    )


def _add_key(
    table: Table, have: LiveIndex | LiveUnique, findings: Findings, indexes: bool
) -> Table:
    """The database holds ``have``, the models do not: the live state holds it (the diff
    drops it)."""
    columns = [c for c in have.columns if table.has_column(c)]
    if have.name is None:
        if len(have.columns) == 1 and columns and _is_unique(have):
            column = table.column(columns[0])
            return table.replace_column(column.name, replace(column, unique=True))
        findings.kept.append(f"table {table.name}: extra {_words(have)} (left as it is)")
        return table
    if len(columns) != len(have.columns):  # on a column the live state leaves out
        findings.kept.append(f"table {table.name}: extra {_words(have)} (left as it is)")
        return table
    if isinstance(have, LiveUnique) or (not indexes):
        return _with_unique(table, UniqueConstraint(have.name, have.columns))
    index = Index(
        have.name,
        columns=have.columns,
        unique=have.unique,
        using=(have.method or "").upper(),
        where=have.where or "",
    )
    return replace(table, indexes=tuple(sorted((*table.indexes, index), key=lambda i: i.name)))


def _with_unique(table: Table, unique: UniqueConstraint) -> Table:
    uniques = tuple(u for u in table.uniques if u.name != unique.name)
    return replace(table, uniques=tuple(sorted((*uniques, unique), key=lambda u: u.name)))


def _is_unique(item: LiveIndex | LiveUnique) -> bool:
    return isinstance(item, LiveUnique) or item.unique


def _column_unique(table: Table, item: LiveIndex | LiveUnique) -> bool:
    return (
        _is_unique(item)
        and len(item.columns) == 1
        and table.has_column(item.columns[0])
        and table.column(item.columns[0]).unique
    )


def _words(item: LiveIndex | LiveUnique) -> str:
    kind = "unique constraint" if isinstance(item, LiveUnique) else "index"
    name = f" {item.name}" if item.name else ""
    return f"{kind}{name} on ({', '.join(item.columns)})"


# -- foreign keys --------------------------------------------------------------------------


def _foreign_keys(table: Table, want: LiveTable, have: LiveTable, findings: Findings) -> Table:
    expected = {fk.columns: fk for fk in want.foreign_keys}
    actual = {fk.columns: fk for fk in have.foreign_keys}
    for columns in sorted(set(expected) | set(actual)):
        w, h = expected.get(columns), actual.get(columns)
        if w == h:
            continue
        if len(columns) != 1 or not table.has_column(columns[0]):
            if h is not None and w is None and len(columns) == 1:
                continue  # on an extra column the live state leaves out
            findings.kept.append(f"table {table.name}: foreign key on ({', '.join(columns)})")
            continue
        column = table.column(columns[0])
        table = table.replace_column(column.name, replace(column, fk=_live_fk(column, h)))
    return table


def _live_fk(column: Column, have: LiveForeignKey | None) -> ForeignKey | None:
    if have is None:
        return None
    return ForeignKey(have.ref_table, have.ref_columns[0], have.on_delete, have.name)
