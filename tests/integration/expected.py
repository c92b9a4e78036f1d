"""What the seeded rows must hold after each migration step, worked out from the fixture alone:
its declared renames and the two versions' models (never from migrator's own diff).

An ``Expected`` is a dump (table -> rows) whose rows may lack columns whose value cannot be
known (a narrowing the value may not survive) and whose cells may hold a marker for a value
the database picks: ``NOT_NULL`` (any value, such as a Now() default), ``NOW`` (the current
time, given to the existing rows of an added auto_now column) or ``FRESH_UUID`` (a UUID that
no other row of the table holds in that column). ``follow`` moves it through a step the way
the data must move: renames carry values, drops remove them, an added or
re-created column holds its default (else NULL), and NULLs of a column that becomes NOT NULL
hold the model's default. Rows keep their values across every later step, so after a
downgrade the rows seeded at the version arrived at are compared with what they held there.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from tests.integration.data import Dump, normal
from tests.integration.projects import (
    COMPUTED,
    CURRENT_TIME,
    NON_CONSTANT,
    Column,
    ColumnDefaults,
    Version,
)
from tests.integration.projects import FRESH_UUID as FRESH_UUID_DEFAULT

Row = dict[str, Any]
Expected = dict[str, list[Row]]


class _Marker:
    """A cell whose value the database picks: ``matches`` says which values are right;
    ``distinct``: no two rows of the table may hold the same one."""

    distinct = False

    def matches(self, got: Any) -> bool:
        return got is not None


class _NotNull(_Marker):
    def __repr__(self) -> str:
        return "<any value but NULL>"


class _Now(_Marker):
    """The time the database read when it ran the step: whatever zone it keeps, within a day
    of the test run, so neither the epoch nor a zero date nor a seeded value passes."""

    def matches(self, got: Any) -> bool:
        try:
            moment = datetime.datetime.fromisoformat(str(got))
        except ValueError:
            return False
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return abs(datetime.datetime.now(datetime.UTC) - moment) < datetime.timedelta(days=1)

    def __repr__(self) -> str:
        return "<the current time>"


class _FreshUuid(_Marker):
    distinct = True

    def matches(self, got: Any) -> bool:
        try:
            uuid.UUID(str(got))
        except ValueError:
            return False
        return True

    def __repr__(self) -> str:
        return "<a UUID no other row holds>"


NOT_NULL: Any = _NotNull()
NOW: Any = _Now()
FRESH_UUID: Any = _FreshUuid()
_PER_ROW = {CURRENT_TIME: NOW, FRESH_UUID_DEFAULT: FRESH_UUID}


@dataclass(frozen=True, slots=True)
class _Default:
    """A cell the database fills with its column's default, resolved once the step's renames
    are done (the defaults are those of the models the step arrives at)."""

    python: bool  # a constant default= (not only db_default=) fills it: the migration's fill
    otherwise: Any  # the model gives neither: None (the NULL stays) or NOT_NULL (some value)
    # a default the application computes per row (auto_now, uuid4) fills it too: the existing
    # rows of a NOT NULL column added with one (not NULLs of a column made NOT NULL)
    per_row: bool = False


@dataclass(frozen=True)
class Moves:
    """Where a step takes each table and column, from the fixture's declared renames and the
    two versions' models alone: a surviving table or column is in the maps under its old name
    with its new one; what is missing from them is dropped, what ``after`` has that no map
    reaches is created."""

    before: Version
    after: Version
    tables: dict[str, str]  # old table -> new table
    columns: dict[str, dict[str, str]]  # old table -> old column -> new column

    def reverse(self) -> Moves:
        return Moves(
            self.after,
            self.before,
            {new: old for old, new in self.tables.items()},
            {
                self.tables[old]: {n: o for o, n in cols.items()}
                for old, cols in self.columns.items()
            },
        )


def moves(before: Version, after: Version, renames: Iterable[str]) -> Moves:
    """The moves of a step declaring ``renames`` (``table=new``, ``table.column=new``, the
    table spelled as before the step; a table in a schema of its own is ``schema.table``, so a
    dot on the right renames a table). A generated through table follows its owning table."""
    table_hints: dict[str, str] = {}
    column_hints: dict[str, dict[str, str]] = {}
    for hint in renames:
        old, _, new = hint.partition("=")
        table, dot, column = old.rpartition(".")
        if dot and "." not in new:
            column_hints.setdefault(table, {})[column] = new
        else:
            table_hints[old] = new
    tables = {t: table_hints.get(t, t) for t in before.tables}
    columns = {
        t: {c: column_hints.get(t, {}).get(c, c) for c in cols} for t, cols in before.tables.items()
    }
    for (owner, field), was in before.throughs.items():
        now = after.throughs.get((tables[owner], field))
        if now is not None:
            tables[was.table] = now.table
            keys = {was.backward_key: now.backward_key, was.forward_key: now.forward_key}
            columns[was.table] = {c: keys.get(c, c) for c in before.tables[was.table]}
    kept = {t: n for t, n in tables.items() if n in after.tables}
    return Moves(
        before,
        after,
        kept,
        {t: {c: n for c, n in columns[t].items() if n in after.tables[kept[t]]} for t in kept},
    )


def follow(expected: Expected, step: Moves, defaults: ColumnDefaults) -> Expected:
    """``expected`` after ``step``; ``defaults`` are those of the models it arrives at."""
    result: Expected = {table: [] for table in step.after.tables}
    for table, rows in expected.items():
        if table not in step.tables:
            continue  # dropped
        new_table, renamed = step.tables[table], step.columns[table]
        before, after = step.before.tables[table], step.after.tables[new_table]
        added = {
            column: _Default(
                python=not col.null, otherwise=None if col.null else NOT_NULL, per_row=True
            )
            for column, col in after.items()
            if column not in renamed.values()
            # the data dumps leave generated columns out: the database computes them
            and defaults.get(new_table, {}).get(column, (None, None))[0] != COMPUTED
        }
        for row in rows:
            moved = dict(added)
            for column, value in row.items():
                if column in renamed:
                    _carry(moved, renamed[column], value, before[column], after[renamed[column]])
            result[new_table].append(moved)
    for table, rows in result.items():
        for row in rows:
            for column, cell in row.items():
                if isinstance(cell, _Default):
                    row[column] = _resolve(cell, defaults.get(table, {}).get(column))
    return result


def _carry(row: Row, name: str, value: Any, old: Column, new: Column) -> None:
    if value is None and old.null and not new.null:
        # what PostgreSQL's UPDATE, MySQL's UPDATE and SQLite's COALESCE must write
        row[name] = _Default(python=True, otherwise=None)
    elif old.type != new.type and isinstance(value, str) and not fits(value, new.type):
        pass  # the value may be cut or refused: nothing to compare
    else:
        row[name] = value


def _resolve(cell: _Default, given: tuple[Any, Any] | None) -> Any:
    db, python = given or (None, None)
    value = db if db is not None else python if cell.python else None
    if isinstance(value, str) and value in _PER_ROW:
        return _PER_ROW[value] if cell.per_row else cell.otherwise
    if value is None:
        return cell.otherwise
    return NOT_NULL if value == NON_CONSTANT else normal(value)


_INT_BITS = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32}
_INT_BITS.update({"bigint": 64, "int2": 16, "int4": 32, "int8": 64})
_TEXT_BYTES = {
    "tinytext": 255,
    "text": 65535,
    "mediumtext": (1 << 24) - 1,
    "longtext": (1 << 32) - 1,
}


def fits(value: str, sql_type: str) -> bool:
    """Is ``value`` (as dumped) certain to come through a narrowing to ``sql_type`` unchanged?
    Only strings within the length, integers within the range and decimals within the digits
    are; anything else (a change of type family) is not."""
    t = sql_type.lower()
    base = re.sub(r"\(.*?\)", "", t).replace("unsigned", "").strip()
    args = [int(a) for a in re.findall(r"\d+", t)]
    if "char" in base:
        return bool(args) and len(value) <= args[0]
    if base in _TEXT_BYTES:
        return len(value.encode()) <= _TEXT_BYTES[base]
    if base in _INT_BITS:
        if not re.fullmatch(r"-?\d+", value):
            return False
        bits = _INT_BITS[base]
        low, high = (0, 1 << bits) if "unsigned" in t else (-(1 << bits - 1), 1 << bits - 1)
        return low <= int(value) < high
    if base in {"decimal", "numeric"} and args:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return False
        scale = args[1] if len(args) > 1 else 0
        whole = len(str(abs(int(number)))) if int(number) else 0
        return number == round(number, scale) and whole <= args[0] - scale
    return False


def with_new_rows(expected: Expected, before: Dump, after: Dump) -> Expected:
    """``expected`` plus the rows ``after`` holds that ``before`` did not (just seeded)."""
    result = {table: list(rows) for table, rows in expected.items()}
    for table, rows in after.items():
        old = Counter(_key(row) for row in before.get(table, []))
        for row in rows:
            if old[_key(row)]:
                old[_key(row)] -= 1
            else:
                result.setdefault(table, []).append(dict(row))
    return result


def _key(row: Row) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(row.items()))


def record_fill(expected: Expected, table: str, column: str, value: Any) -> None:
    """Record that every NULL of ``table.column`` was set to ``value`` (a db value)."""
    for row in expected[table]:
        if column in row and row[column] is None:
            row[column] = normal(value)


def assert_rows(expected: Expected, actual: Dump, where: str) -> int:
    """Every table holds exactly the expected rows; returns how many rows were compared."""
    assert sorted(actual) == sorted(expected), f"{where}: tables {sorted(actual)}"
    checked = 0
    for table, rows in expected.items():
        got = actual[table]
        assert len(got) == len(rows), f"{where}: {table} holds {len(got)} rows, not {len(rows)}"
        pairs = _pair(rows, got)
        for row, match in zip(rows, pairs, strict=True):
            if match is None:
                closest = max(got, key=lambda g: sum(_same(v, g.get(c)) for c, v in row.items()))
                wrong = {c: closest.get(c) for c, v in row.items() if not _same(v, closest.get(c))}
                raise AssertionError(
                    f"{where}: no row of {table} holds {row}; the closest one has {wrong}"
                )
        _assert_distinct(rows, [got[j] for j in pairs if j is not None], f"{where}: {table}")
        checked += sum(1 for row in rows if row)
    return checked


def _same(want: Any, got: Any) -> bool:
    return want.matches(got) if isinstance(want, _Marker) else bool(want == got)


def _assert_distinct(wanted: Sequence[Row], got: Sequence[Row], where: str) -> None:
    """No two rows hold one value where the expected cells say it is the row's own."""
    for column in columns_of(wanted):
        values = [g[column] for w, g in zip(wanted, got, strict=True) if _distinct(w.get(column))]
        repeated = sorted(v for v, n in Counter(values).items() if n > 1)
        assert not repeated, f"{where}.{column}: rows share {repeated}"


def _distinct(cell: Any) -> bool:
    return isinstance(cell, _Marker) and cell.distinct


def _agrees(want: Row, got: Row) -> bool:
    return all(c in got and _same(v, got[c]) for c, v in want.items())


def _pair(wanted: Sequence[Row], rows: Sequence[Row]) -> list[int | None]:
    """A one-to-one pairing of wanted rows with agreeing rows (augmenting paths), so a row
    that agrees with several wanted ones cannot hide a missing one."""
    options = [[j for j, row in enumerate(rows) if _agrees(want, row)] for want in wanted]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(wanted)):
        place(i, set())
    pairs: list[int | None] = [None] * len(wanted)
    for j, i in owner.items():
        pairs[i] = j
    return pairs


def columns_of(rows: Iterable[Row]) -> set[str]:
    return {column for row in rows for column in row}


def refused_nulls(
    expected: Expected, step: Moves, defaults: ColumnDefaults
) -> list[tuple[str, str]]:
    """(table, column), as named before ``step``, holding NULLs that the step makes NOT NULL
    while the target models give no default to fill them with. The database refuses such a
    step (a downgrade cannot invent the values), so the caller fills them first."""
    refused = []
    for table, rows in expected.items():
        for column, new in step.columns.get(table, {}).items():
            old_col = step.before.tables[table][column]
            new_col = step.after.tables[step.tables[table]][new]
            if not old_col.null or new_col.null:
                continue
            given = defaults.get(step.tables[table], {}).get(new)
            has_nulls = any(column in row and row[column] is None for row in rows)
            if has_nulls and _resolve(_Default(python=True, otherwise=None), given) is None:
                refused.append((table, column))
    return refused
