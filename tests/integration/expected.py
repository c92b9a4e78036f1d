"""What the seeded rows must hold after each migration step, worked out from the operations.

An ``Expected`` is a dump (table -> rows) whose rows may lack columns whose value cannot be
known (a narrowing the value may not survive) and whose cells may hold ``NOT_NULL`` (a value
the database picks, such as a Now() default). ``follow`` moves it through a migration's
operations the way the data must move: renames carry values, drops remove them, an added or
re-created column holds its default (else NULL), and NULLs of a column that becomes NOT NULL
hold the model's default. Rows keep their values across every later step, so after a
downgrade the rows seeded at the version arrived at are compared with what they held there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from migrator import operations as ops
from migrator.dialects.base.dialect import Dialect
from tests.integration.data import Dump, normal
from tests.integration.projects import COMPUTED, NON_CONSTANT, ColumnDefaults

Row = dict[str, Any]
Expected = dict[str, list[Row]]


class _NotNull:
    def __repr__(self) -> str:
        return "<any value but NULL>"


NOT_NULL: Any = _NotNull()


@dataclass(frozen=True, slots=True)
class _Default:
    """A cell the database fills with its column's default, resolved once the step's renames
    are done (the defaults are those of the models the step arrives at)."""

    python: bool  # a constant default= (not only db_default=) fills it: the migration's fill
    otherwise: Any  # the model gives neither: None (the NULL stays) or NOT_NULL (some value)


def follow(
    expected: Expected,
    operations: Sequence[ops.Operation],
    dialect: Dialect,
    defaults: ColumnDefaults,
) -> Expected:
    """``expected`` after ``operations`` ran; ``defaults`` are those of the target models."""
    result = {table: [dict(row) for row in rows] for table, rows in expected.items()}
    for op in operations:
        if isinstance(op, ops.CreateTable):
            result[op.table] = []
        elif isinstance(op, ops.DropTable):
            del result[op.table]
        elif isinstance(op, ops.RenameTable):
            result[op.new_name] = result.pop(op.table)
        elif isinstance(op, ops.RenameColumn):
            for row in result[op.table]:
                if op.old_name in row:
                    row[op.new_name] = row.pop(op.old_name)
        elif isinstance(op, ops.DropColumn):
            for row in result[op.table]:
                row.pop(op.column.name, None)
        elif isinstance(op, ops.AddColumn):
            col = op.column
            if defaults.get(op.table, {}).get(col.name, (None, None))[0] == COMPUTED:
                continue  # the data dumps leave generated columns out
            cell = _Default(python=not col.null, otherwise=None if col.null else NOT_NULL)
            for row in result[op.table]:
                row[col.name] = cell
        elif isinstance(op, ops.AlterColumn):
            _alter(result[op.table], op, dialect)
    for table, rows in result.items():
        for row in rows:
            for column, cell in row.items():
                if isinstance(cell, _Default):
                    row[column] = _resolve(cell, defaults.get(table, {}).get(column))
    return result


def _alter(rows: list[Row], op: ops.AlterColumn, dialect: Dialect) -> None:
    name = op.new.name
    fills = op.old.null and not op.new.null
    for row in rows:
        if name not in row:
            continue
        if fills and row[name] is None:
            # what PostgreSQL's UPDATE, MySQL's UPDATE and SQLite's COALESCE must write
            row[name] = _Default(python=True, otherwise=None)
        elif (
            dialect.loses_data(op)
            and isinstance(row[name], str)
            and not fits(row[name], op.new.type)
        ):
            del row[name]  # the value may be cut or refused: nothing to compare


def _resolve(cell: _Default, given: tuple[Any, Any] | None) -> Any:
    db, python = given or (None, None)
    value = db if db is not None else python if cell.python else None
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
        checked += sum(1 for row in rows if row)
    return checked


def _same(want: Any, got: Any) -> bool:
    return got is not None if want is NOT_NULL else want == got


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
    expected: Expected, operations: Sequence[ops.Operation], defaults: ColumnDefaults
) -> list[tuple[str, str]]:
    """(table, column), as named before ``operations``, holding NULLs that the operations make
    NOT NULL while the target models give no default to fill them with. The database refuses
    such a step (a downgrade cannot invent the values), so the caller fills them first."""
    where = {(t, c): (t, c) for t, rows in expected.items() for c in columns_of(rows)}
    made_not_null: list[tuple[str, str]] = []
    for op in operations:
        if isinstance(op, ops.RenameTable):
            where = {k: (op.new_name if t == op.table else t, c) for k, (t, c) in where.items()}
        elif isinstance(op, ops.RenameColumn):
            old, new = (op.table, op.old_name), (op.table, op.new_name)
            where = {k: new if v == old else v for k, v in where.items()}
        elif isinstance(op, ops.DropColumn):
            where = {k: v for k, v in where.items() if v != (op.table, op.column.name)}
        elif isinstance(op, ops.DropTable):
            where = {k: v for k, v in where.items() if v[0] != op.table}
        elif isinstance(op, ops.AlterColumn) and op.old.null and not op.new.null:
            made_not_null += [k for k, v in where.items() if v == (op.table, op.new.name)]
    refused = []
    for table, column in made_not_null:
        if (table, column) not in where:
            continue
        final_table, final_column = where[(table, column)]
        given = defaults.get(final_table, {}).get(final_column)
        has_nulls = any(column in row and row[column] is None for row in expected[table])
        if has_nulls and _resolve(_Default(python=True, otherwise=None), given) is None:
            refused.append((table, column))
    return refused
