"""Pure: two branches of one app's migrations, and the state one reaches on top of the other.

Two branches that each added migrations after the same parent fork the chain (often both
added the same version). ``find_fork`` reads the fork from the folder; ``merge_table`` is a
three-way merge of one table (the common ancestor, the kept branch's version, the
renumbered branch's version), which ``migrator merge`` uses where both branches changed the
same table. What cannot be merged is a MigrationFileError naming the table and the fix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from migrator.errors import MigrationFileError
from migrator.files import Migration
from migrator.state import Index, Table, UniqueConstraint

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fork:
    """The chain up to the fork point, and the two branches after it (each in order)."""

    trunk: list[Migration]
    branches: tuple[list[Migration], list[Migration]]


def find_fork(
    app: str, migrations: Sequence[Migration], declared_parent: Callable[[Migration], str | None]
) -> Fork | None:
    """The fork of ``migrations`` (None when they form one chain). A parent is named by
    version only; where two migrations share that version, ``declared_parent`` (the id the
    file's header names) tells which one is meant."""
    children: dict[str | None, list[Migration]] = {}
    for m in migrations:
        children.setdefault(_parent_id(app, m, migrations, declared_parent), []).append(m)
    trunk: list[Migration] = []
    key: str | None = None
    while len(nexts := children.get(key, [])) == 1:
        trunk.append(nexts[0])
        key = nexts[0].id
    if not nexts:
        return None
    if len(nexts) > 2:
        raise MigrationFileError(
            f"app {app}: {len(nexts)} branches follow {key or 'the start'} "
            f"({', '.join(m.id for m in nexts)}); merge merges two: delete all but two of "
            "them (those not applied anywhere) and run merge, then migrate again"
        )
    first, second = (_branch(app, m, children) for m in nexts)
    return Fork(trunk, (first, second))


def _parent_id(
    app: str,
    m: Migration,
    migrations: Sequence[Migration],
    declared_parent: Callable[[Migration], str | None],
) -> str | None:
    if m.parent is None:
        return None
    candidates = [o for o in migrations if o.version == m.parent]
    if len(candidates) == 1:
        return candidates[0].id
    declared = declared_parent(m)
    if declared in {o.id for o in candidates}:
        return declared
    if not candidates:
        raise MigrationFileError(
            f"app {app}: migration {m.id} follows {m.parent}, which is not in the folder; "
            "restore the missing migration"
        )
    raise MigrationFileError(
        f"app {app}: migration {m.id} follows version {m.parent}, which "
        f"{' and '.join(o.id for o in candidates)} share, and its upgrade.sql header does "
        f"not say which (`-- parent: <id>`); add that line naming its parent and run merge again"
    )


def _branch(
    app: str, start: Migration, children: dict[str | None, list[Migration]]
) -> list[Migration]:
    branch = [start]
    while nexts := children.get(branch[-1].id, []):
        if len(nexts) > 1:
            raise MigrationFileError(
                f"app {app}: {', '.join(m.id for m in nexts)} all follow {branch[-1].id}: "
                "more than two branches; merge merges two, one fork at a time: delete the "
                "extra ones (those not applied anywhere) and run merge again"
            )
        branch.append(nexts[0])
    return branch


# -- three-way merge of a table ---------------------------------------------------------------
def merge_table(
    base: Table | None, ours: Table | None, theirs: Table | None, where: str
) -> Table | None:
    """The table with the changes of both branches: ``base`` before either, ``ours`` as the
    kept branch left it, ``theirs`` as the renumbered migration leaves it (None: no such
    table). ``where`` names the renumbered migration for messages."""
    if ours == base:
        return theirs
    if theirs in (base, ours):
        return ours
    name = (theirs or ours or base).name  # type: ignore[union-attr]
    if base is None or ours is None or theirs is None:
        raise _conflict(name, where, "creates or drops it while the other branch also changes it")
    merged: dict[str, Any] = {}
    for f in fields(Table):
        key = f.name
        b, o, t = getattr(base, key), getattr(ours, key), getattr(theirs, key)
        if key == "columns":
            merged[key] = _merge_named(b, o, t, lambda c: c.name, name, where, "column")
        elif key == "indexes":
            merged[key] = _merge_named(b, o, t, _index_name, name, where, "index")
        elif key == "uniques":
            merged[key] = _merge_named(b, o, t, _unique_name, name, where, "unique constraint")
        else:
            merged[key] = _pick(b, o, t, name, where, f"its {key}")
    return replace(base, **merged)


def _index_name(index: Index) -> str:
    return index.name


def _unique_name(unique: UniqueConstraint) -> str:
    return unique.name


def _merge_named(
    base: Sequence[T],
    ours: Sequence[T],
    theirs: Sequence[T],
    key: Callable[[T], str],
    table: str,
    where: str,
    kind: str,
) -> tuple[T, ...]:
    """Members (columns, indexes) merged by name: the kept branch's order, then what the
    renumbered migration added, in its order."""
    b = {key(x): x for x in base}
    o = {key(x): x for x in ours}
    t = {key(x): x for x in theirs}
    order = [key(x) for x in ours] + [key(x) for x in theirs if key(x) not in o]
    result = []
    for name in order:
        chosen = _pick(b.get(name), o.get(name), t.get(name), table, where, f"{kind} {name}")
        if chosen is not None:
            result.append(chosen)
    # a member the renumbered migration dropped that the kept branch did not touch is gone
    return tuple(result)


def _pick(
    base: T | None, ours: T | None, theirs: T | None, table: str, where: str, what: str
) -> T | None:
    """One member or attribute: whichever side changed it (both alike is no conflict)."""
    if theirs == base:
        return ours
    if ours in (base, theirs):
        return theirs
    raise _conflict(table, where, what)


def _conflict(table: str, where: str, what: str) -> MigrationFileError:
    return MigrationFileError(
        f"both branches change table {table} ({what}) and {where} cannot be renumbered on top "
        "of the other branch's change; nothing was written: delete that migration and the "
        "ones after it on its branch, run merge again, then run migrate to write its changes "
        "on top"
    )
