"""Old state + new state -> ordered operations. Pure: no I/O, judgement calls via a Questioner.

Order (each step only depends on earlier ones, so the reverse list is valid too):
  1. table renames (and the generated many-to-many tables that follow them)
  2. per kept table: drop indexes and unique constraints that go away
  3. create new tables, referenced ones first
  4. per kept table: column renames, adds, alters, drops; then new/renamed indexes and uniques;
     table comment
  5. drop removed tables, referencing ones first

Column renames come from ``--rename`` hints, then from model fields whose column name changed
(``source_field``: the same field, so no question), then from the questioner. A candidate
may carry changes: a column whose type the dialect converts in place (``can_convert``), or a
table most of whose columns survive; a confirmed rename is then a rename plus the changes.
Without a dialect only identical types are candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from migrator import operations as ops
from migrator.dialects.base.dialect import Dialect
from migrator.errors import AmbiguousChangeError
from migrator.questioner import Questioner, RenameHints
from migrator.state import (
    Column,
    Index,
    SchemaState,
    Table,
    UniqueConstraint,
    dependency_order,
    split_key,
    table_key,
)

_TMP_PREFIX = "__migrator_tmp_"


@dataclass
class _Plan:
    renames: list[ops.Operation] = field(default_factory=list)
    drops_first: list[ops.Operation] = field(default_factory=list)
    creates: list[ops.Operation] = field(default_factory=list)
    changes: list[ops.Operation] = field(default_factory=list)
    drops_last: list[ops.Operation] = field(default_factory=list)

    def ordered(self) -> list[ops.Operation]:
        return self.renames + self.drops_first + self.creates + self.changes + self.drops_last


Converts = Callable[[str, str], bool]


def _same_type(old_type: str, new_type: str) -> bool:
    return old_type == new_type


def diff(
    old: SchemaState,
    new: SchemaState,
    questioner: Questioner,
    hints: RenameHints | None = None,
    dialect: Dialect | None = None,
) -> list[ops.Operation]:
    hints = hints or RenameHints()
    _check_hints(old, new, hints)
    converts: Converts = dialect.can_convert if dialect is not None else _same_type
    plan = _Plan()
    table_map = _match_tables(old, new, questioner, hints, converts)
    current = old
    schemas = _schemas_used(old, new)
    table_renamer = _table_renamer(schemas)
    for op in _rename_ops(table_map, set(current.tables), table_renamer, _temporary(schemas)):
        plan.renames.append(op)
        current = op.apply(current)

    kept = sorted(t for t in new.tables if t in current.tables)
    # Column renames of every table come first, so all later steps (and their reverses in
    # the downgrade) see one consistent set of column names.
    for name in kept:
        before, after = current.table(name), new.table(name)
        old_name = _old_name(name, table_map)
        column_map = _match_columns(before, after, questioner, hints, old_name, converts)
        for op in _rename_ops(column_map, set(before.column_names), _column_renamer(name)):
            plan.renames.append(op)
            current = op.apply(current)
    for name in kept:
        _table_changes(current.table(name), new.table(name), questioner, plan, dialect)

    created = [new.table(n) for n in new.tables if n not in current.tables]
    plan.creates += [ops.CreateTable(t) for t in dependency_order(created)]
    dropped = [current.table(n) for n in current.tables if n not in new.tables]
    plan.drops_last += [ops.DropTable(t) for t in reversed(dependency_order(dropped))]
    return plan.ordered()


# -- tables ------------------------------------------------------------------------------


def _match_tables(
    old: SchemaState,
    new: SchemaState,
    questioner: Questioner,
    hints: RenameHints,
    converts: Converts,
) -> dict[str, str]:
    """old name -> new name for every renamed table; for each appeared table the candidates
    are asked about best first (most surviving columns)."""
    removed = [old.table(n) for n in sorted(old.tables) if n not in new.tables]
    added = [new.table(n) for n in sorted(new.tables) if n not in old.tables]
    renamed: dict[str, str] = {
        o: n for o, n in hints.tables.items() if o in old.tables and n in new.tables
    }
    # model tables first: a many-to-many table is compared with its owners' new names
    for through in (False, True):
        for candidate in added:
            if candidate.name in renamed.values() or (candidate.through is not None) != through:
                continue
            ranked = sorted(removed, key=lambda t: -_survivors(t, candidate, converts))
            for gone in ranked:
                if gone.name in renamed or not _may_be_renamed(gone, candidate, renamed, converts):
                    continue
                if questioner.ask_rename_table(gone, candidate):
                    renamed[gone.name] = candidate.name
                    break
        if not through:
            schemas = _schemas_used(old, new)
            renamed.update(_following_through_tables(removed, added, renamed, schemas))
    return renamed


def _may_be_renamed(
    gone: Table, candidate: Table, renamed: dict[str, str], converts: Converts
) -> bool:
    """Model tables: most of the old table's columns survive (same name, a type the dialect
    converts, same primary key). Many-to-many tables: the same columns and the same relation
    (a changed ``through=`` name), after the renames found so far."""
    if gone.through is None and candidate.through is None:
        return 2 * _survivors(gone, candidate, converts) > len(gone.columns)
    if _table_signature(gone) != _table_signature(candidate):
        return False
    if gone.through is None or candidate.through is None:
        return False
    old, new = gone.through, candidate.through
    return (
        renamed.get(old.owner_table, old.owner_table),
        renamed.get(old.related_table, old.related_table),
    ) == (
        new.owner_table,
        new.related_table,
    )


def _following_through_tables(
    removed: Sequence[Table], added: Sequence[Table], renamed: dict[str, str], schemas: bool
) -> dict[str, str]:
    """Generated many-to-many tables named after a renamed table follow it without a question."""
    follow: dict[str, str] = {}
    added_names = {t.name for t in added}
    for gone in removed:
        info = gone.through
        if info is None or not info.generated_name or gone.name in renamed:
            continue
        owner = renamed.get(info.owner_table, info.owner_table)
        related = renamed.get(info.related_table, info.related_table)
        target = _generated_through_name(owner, related, schemas)
        if target != gone.name and target in added_names:
            follow[gone.name] = target
    return follow


def _generated_through_name(owner: str, related: str, schemas: bool) -> str:
    """Tortoise's ``f"{owner}_{related}"`` of two table keys, in the owner's schema (a key
    with a dot is ``schema.table`` only where tables have schemas; see state.py)."""
    if not schemas:
        return f"{owner}_{related}"
    owner_schema, owner_name = split_key(owner)
    return table_key(owner_schema, f"{owner_name}_{split_key(related)[1]}")


def _survivors(gone: Table, candidate: Table, converts: Converts) -> int:
    """How many of ``gone``'s columns live on in ``candidate`` (by name and compatible type)."""
    return sum(
        1
        for col in gone.columns
        if candidate.has_column(col.name)
        and _columns_compatible(col, candidate.column(col.name), converts)
    )


def _table_signature(table: Table) -> frozenset[tuple[str, str]]:
    return frozenset((c.name, c.type) for c in table.columns)


def _old_name(new_name: str, table_map: dict[str, str]) -> str:
    for old, new in table_map.items():
        if new == new_name:
            return old
    return new_name


# -- columns -----------------------------------------------------------------------------


def _match_columns(
    before: Table,
    after: Table,
    questioner: Questioner,
    hints: RenameHints,
    old_name: str,
    converts: Converts,
) -> dict[str, str]:
    """old column name -> new column name for every renamed column of one table."""
    renamed: dict[str, str] = {}
    for (table, old_col), new_col in hints.columns.items():
        if table in (before.name, old_name) and before.has_column(old_col):
            renamed[old_col] = new_col
    renamed.update(_moved_fields(before, after, renamed, questioner))
    # a name that a rename moves away is free for a new column, so it counts as added
    names_after_renames = {renamed.get(c, c) for c in before.column_names}
    removed = [c for c in before.columns if not after.has_column(c.name) and c.name not in renamed]
    added = [c for c in after.columns if c.name not in names_after_renames]
    for candidate in added:
        if candidate.name in renamed.values():
            continue
        for gone in removed:
            if gone.name in renamed or not _columns_compatible(gone, candidate, converts):
                continue
            # Columns of a generated through table follow its owner's rename: no question.
            if after.through is not None or questioner.ask_rename_column(
                after.name, gone, candidate
            ):
                renamed[gone.name] = candidate.name
                break
    return renamed


def _moved_fields(
    before: Table, after: Table, renamed: dict[str, str], questioner: Questioner
) -> dict[str, str]:
    """Columns whose model field stayed while its column name changed (``source_field``).

    The same field of the same model is the same data, so this is a rename, not a guess; it
    needs no question when every name involved is accounted for by the fields: the old name
    is free afterwards or taken by another moving field, and the new name was free or left
    by another moving field (a swap). Otherwise a field the old snapshot does not know took
    the old name, or a field that is gone still holds the new one, and the questioner decides.
    Snapshots without field names give no moves: their columns match by name as before.
    A field whose class changed is no move either: the attribute name was reused.
    """
    old_fields, new_fields = _columns_by_field(before), _columns_by_field(after)
    moves: dict[str, str] = {}
    for field_name, old in old_fields.items():
        new = new_fields.get(field_name)
        if new is None or new.name == old.name:
            continue
        if old.name in renamed or new.name in renamed.values():
            continue  # an explicit --rename of either column wins
        if old.field_type != new.field_type or (old.fk is None) != (new.fk is None):
            # the attribute name was given to another kind of field (an IntField `status`
            # became a CharField): a new field, not a move; the usual candidates apply
            continue
        certain = _free_or_moving(after, old.name, old_fields) and _free_or_moving(
            before, new.name, new_fields
        )
        if certain or questioner.ask_rename_column(after.name, old, new):
            moves[old.name] = new.name
    return moves


def _columns_by_field(table: Table) -> dict[str, Column]:
    """field name -> column; a field name found twice (a hand-edited snapshot) is ignored."""
    names = [c.field_name for c in table.columns]
    return {
        c.field_name: c
        for c in table.columns
        if c.field_name is not None and names.count(c.field_name) == 1
    }


def _free_or_moving(table: Table, column: str, other_side: Mapping[str, Column]) -> bool:
    """``column`` is not in ``table``, or its field is on the other side too: it moves as well
    (a field on both sides owns one column on each, and this one is not that field's)."""
    if not table.has_column(column):
        return True
    owner = table.column(column).field_name
    return owner is not None and owner in other_side


def _columns_compatible(old: Column, new: Column, converts: Converts) -> bool:
    """``new`` may be ``old`` renamed: a type the dialect converts in place, the same role
    (primary key, foreign key or neither); null, default, comment and uniqueness may differ."""
    same_target = (old.fk is None) == (new.fk is None)
    same_type = old.type == new.type or (
        old.identity is None and new.identity is None and converts(old.type, new.type)
    )
    return same_type and old.pk == new.pk and same_target


def _table_changes(
    current: Table, after: Table, questioner: Questioner, plan: _Plan, dialect: Dialect | None
) -> None:
    table = after.name
    index_drops, index_adds, index_renames = _match_named(current.indexes, after.indexes)
    unique_drops, unique_adds, unique_renames = _match_named(current.uniques, after.uniques)
    plan.drops_first += [ops.DropIndex(table, i) for i in index_drops]
    plan.drops_first += [ops.DropUnique(table, u) for u in unique_drops]

    changes: list[ops.Operation] = []
    for col in after.columns:
        if not current.has_column(col.name):
            changes += _add_column(table, col, questioner, dialect)
        elif current.column(col.name).ddl_key() != col.ddl_key():
            changes.append(ops.AlterColumn(table, current.column(col.name), col))
    changes += [
        ops.DropColumn(table, col) for col in current.columns if not after.has_column(col.name)
    ]
    changes += [ops.RenameIndex(table, old, new) for old, new in index_renames]
    changes += [ops.AddIndex(table, i) for i in index_adds]
    changes += [ops.RenameUnique(table, old, new) for old, new in unique_renames]
    changes += [ops.AddUnique(table, u) for u in unique_adds]
    if current.comment != after.comment:
        changes.append(ops.SetTableComment(table, current.comment, after.comment))
    plan.changes += changes


def _schemas_used(old: SchemaState, new: SchemaState) -> bool:
    """Does a table live in a schema of its own? Only then are dots in keys schema prefixes
    (only PostgreSQL has such tables, and it refuses dots in table names)."""
    return bool(old.schemas or new.schemas)


def _table_renamer(schemas: bool) -> Callable[[str, str], ops.Operation]:
    def make(old: str, new: str) -> ops.Operation:
        if not schemas:
            return ops.RenameTable(old, new)
        return ops.RenameTable(old, new, split_key(old)[0], split_key(new)[0])

    return make


def _temporary(schemas: bool) -> Callable[[str], str]:
    """The temporary name of a table in a cycle of renames: in the table's own schema."""

    def name(key: str) -> str:
        schema, bare = split_key(key) if schemas else (None, key)
        return table_key(schema, _TMP_PREFIX + bare)

    return name


def _column_renamer(table: str) -> Callable[[str, str], ops.Operation]:
    return lambda old, new: ops.RenameColumn(table, old, new)


def _add_column(
    table: str, col: Column, questioner: Questioner, dialect: Dialect | None
) -> list[ops.Operation]:
    """AddColumn, with what fills the existing rows of a NOT NULL column without a db default.

    A unique column, or one whose default the application computes per row (uuid4, any
    callable), cannot take one value for every row in a single ADD: it is added nullable,
    filled by a statement marked for review, then made NOT NULL. ``auto_now`` columns get
    the current time, constant defaults their value; otherwise the questioner is asked."""
    if col.null or col.default is not None or col.identity or col.pk or col.computed:
        return [ops.AddColumn(table, col)]
    computed = dialect.python_default_fill(col) if dialect is not None else None
    if col.unique or col.python_default in ("uuid4", "callable"):
        fill = computed if computed is not None else questioner.ask_fill(table, col)
        nullable = replace(col, null=True)
        return [
            ops.AddColumn(table, nullable),
            ops.FillColumn(table, col.name, fill),
            ops.AlterColumn(table, nullable, replace(col, backfill=None)),
        ]
    fill = computed if computed is not None else col.backfill
    return [
        ops.AddColumn(table, col, fill if fill is not None else questioner.ask_fill(table, col))
    ]


# -- indexes and unique constraints ------------------------------------------------------

Named = TypeVar("Named", Index, UniqueConstraint)


def _shape(item: Index | UniqueConstraint) -> object:
    return item.shape() if isinstance(item, Index) else item.columns


def _match_named(
    current: Sequence[Named], target: Sequence[Named]
) -> tuple[list[Named], list[Named], list[tuple[Named, Named]]]:
    """(drops, adds, renames): kept by name and shape; else paired by shape into renames."""
    by_name = {c.name: c for c in current}
    kept = {t.name for t in target if t.name in by_name and _shape(by_name[t.name]) == _shape(t)}
    spare = [c for c in current if c.name not in kept]
    wanted = [t for t in target if t.name not in kept]
    target_names = {t.name for t in target}
    renames: list[tuple[Named, Named]] = []
    for item in list(wanted):
        twin = next(
            (s for s in spare if _shape(s) == _shape(item) and s.name not in target_names), None
        )
        if twin is not None:
            spare.remove(twin)
            wanted.remove(item)
            renames.append((twin, item))
    return spare, wanted, renames


# -- renames without collisions ----------------------------------------------------------


def _rename_ops(
    mapping: dict[str, str],
    occupied: set[str],
    make: Callable[[str, str], ops.Operation],
    temporary: Callable[[str], str] = lambda name: _TMP_PREFIX + name,
) -> list[ops.Operation]:
    """Renames in an order that never collides; cycles (a<->b) go through a temporary name."""
    pending = {o: n for o, n in sorted(mapping.items()) if o != n}
    names = set(occupied)
    # a target that is taken by a name that stays, or two renames onto one name, would make
    # the swap loop below allocate temporary names for ever: refuse them up front
    targets = list(pending.values())
    if len(set(targets)) != len(targets):
        raise AmbiguousChangeError(
            "two renames give the same new name: " + ", ".join(sorted(targets))
        )
    stuck = sorted(n for n in targets if n in names and n not in pending)
    if stuck:
        raise AmbiguousChangeError(
            f"cannot rename onto {', '.join(stuck)}: that name exists and stays; "
            "rename or drop it in a migration of its own first"
        )
    result: list[ops.Operation] = []
    while pending:
        free = next((o for o, n in pending.items() if n not in names), None)
        if free is None:
            old = next(iter(pending))
            tmp = temporary(old)
            if tmp in names:
                raise AmbiguousChangeError(f"cannot rename {old}: {tmp} already exists")
            result.append(make(old, tmp))
            names.discard(old)
            names.add(tmp)
            pending[tmp] = pending.pop(old)
            continue
        target = pending.pop(free)
        result.append(make(free, target))
        names.discard(free)
        names.add(target)
    return result


def _check_hints(old: SchemaState, new: SchemaState, hints: RenameHints) -> None:
    for old_table, new_table in hints.tables.items():
        if old_table not in old.tables or new_table not in new.tables:
            raise AmbiguousChangeError(
                f"--rename {old_table}={new_table} does not match the models: "
                f"{old_table!r} must be an existing table and {new_table!r} a table in the models"
            )
    for (table, old_col), new_col in hints.columns.items():
        old_table = next((o for o, n in hints.tables.items() if n == table), table)
        new_table = hints.tables.get(table, table)
        ok = (
            old_table in old.tables
            and old.table(old_table).has_column(old_col)
            and new_table in new.tables
            and new.table(new_table).has_column(new_col)
        )
        if not ok:
            raise AmbiguousChangeError(
                f"--rename {table}.{old_col}={new_col} does not match the models: "
                f"{table}.{old_col} must exist in the last migration and {new_col} in the models"
            )
