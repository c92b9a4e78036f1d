"""Pure pre-flight check of ``upgrade``: the objects pending migrations drop, rename or
alter must exist in the live database before anything runs.

The operations are recomputed from the snapshots (parent -> migration); a rename then reads
as drop + add, which needs the same old object. Only objects the last applied snapshot
already holds are checked: what an earlier pending migration creates cannot exist yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from migrator import operations as ops
from migrator.dialects.base.inspector import LiveSchema, LiveTable
from migrator.diff import diff
from migrator.questioner import NoRenameQuestioner
from migrator.state import SchemaState


def touching(baseline: SchemaState, chain: Sequence[SchemaState]) -> list[ops.Operation]:
    """The operations of the migrations from ``baseline`` through ``chain`` that act on a
    table ``baseline`` holds (an empty list needs no look at the database)."""
    found: list[ops.Operation] = []
    before = baseline
    for state in chain:
        found += [
            op
            for op in diff(before, state, NoRenameQuestioner())
            if _table_of(op) in baseline.tables
        ]
        before = state
    return found


def missing_objects(
    operations: Sequence[ops.Operation], baseline: SchemaState, live: LiveSchema
) -> list[str]:
    """What ``operations`` (from ``touching``) change that ``live`` lacks."""
    problems: list[str] = []
    for op in operations:
        problems += [p for p in _check(op, baseline, live) if p not in problems]
    return problems


def _check(op: ops.Operation, baseline: SchemaState, live: LiveSchema) -> list[str]:
    table = _table_of(op)
    if table is None or table not in baseline.tables:
        return []
    have = live.tables.get(table)
    if have is None:
        return [f"table {table}"]
    return [f"{what} of table {table}" for what in _objects(op, baseline, have)]


def _table_of(op: ops.Operation) -> str | None:
    if isinstance(op, ops.DropTable):
        return op.table_def.name
    if isinstance(op, ops.CreateTable | ops.AddColumn | ops.AddIndex | ops.AddUnique):
        return None
    table = getattr(op, "table", None)
    return table if isinstance(table, str) else None


def _objects(op: ops.Operation, baseline: SchemaState, have: LiveTable) -> Iterable[str]:
    known = baseline.tables[_table_of(op) or ""]
    if isinstance(op, ops.DropColumn | ops.AlterColumn | ops.RenameColumn):
        name = (
            op.old.name
            if isinstance(op, ops.AlterColumn)
            else (op.column.name if isinstance(op, ops.DropColumn) else op.old_name)
        )
        if known.has_column(name) and name not in have.columns:
            yield f"column {name}"
        elif (
            isinstance(op, ops.AlterColumn)
            and op.old.unique
            and not op.new.unique
            and not _has_column_unique(have, name)
        ):
            yield f"the UNIQUE constraint of column {name} under its default name"
    elif isinstance(op, ops.DropIndex | ops.RenameIndex):
        index = op.index if isinstance(op, ops.DropIndex) else op.old
        if index in known.indexes and index.name not in {i.name for i in have.indexes}:
            yield f"index {index.name}"
    elif isinstance(op, ops.DropUnique | ops.RenameUnique):
        unique = op.unique if isinstance(op, ops.DropUnique) else op.old
        if unique in known.uniques and not _has_unique(have, unique.name, unique.columns):
            yield f"unique constraint {unique.name}"


def _has_unique(have: LiveTable, name: str, columns: tuple[str, ...]) -> bool:
    """By name; SQLite keeps no constraint names, so there an unnamed one on the same columns."""
    if name in {u.name for u in have.uniques} | {i.name for i in have.indexes if i.unique}:
        return True
    return any(u.name is None and u.columns == columns for u in have.uniques)


def _has_column_unique(have: LiveTable, column: str) -> bool:
    """The constraint ``unique=True`` made, under the name the database picked for it
    (which the inspector reads as None; MySQL names the index after the column)."""
    if any(u.name is None and u.columns == (column,) for u in have.uniques):
        return True
    return any(
        i.unique and i.columns == (column,) and i.name in (None, column) for i in have.indexes
    )
