"""``merge``: two branches that each added migrations after the same parent become one chain.

The branch the database applied (or the one ``keep`` names; else the one whose first
directory sorts first) stays as it is; the other branch's migrations are renumbered after
it: new versions, parents and snapshots (the state on top of the kept branch). Where both
branches changed the same table, the renumbered migration's SQL is regenerated from the
merged states (its own SQL was written for a table the other branch has changed since);
elsewhere its SQL stays byte for byte, only the header names the new id and parent.

Refused, with nothing written: a renumbered migration already applied to the app's database;
a table both branches changed in conflicting ways; a hand-edited migration whose SQL would
have to be regenerated; more than two branches.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from migrator import operations as ops
from migrator.branches import Fork, find_fork, merge_table
from migrator.checksums import code_checksum
from migrator.dialects.base.dialect import Dialect
from migrator.diff import diff
from migrator.errors import MigrationFileError, UsageError
from migrator.files import (
    Migration,
    app_dir,
    load_migrations,
    rewrite_depends_on,
    scan_migrations,
    write_migration,
)
from migrator.history import HistoryRow
from migrator.results import MergeResult, RenumberedMigration
from migrator.sqlfile import (
    FileHeader,
    declared_parent,
    has_outside_blocks,
    render_file,
    rewrite_header,
)
from migrator.state import SchemaState
from migrator.verbs.shared import Workspace, read_rows_and_release

_BACKUP = ".merge-backup"


@dataclass(frozen=True, slots=True)
class _Renumber:
    old: Migration
    version: str
    parent: str  # the new parent's version
    state: SchemaState
    upgrade: str
    downgrade: str
    regenerated: list[str]


async def merge(ws: Workspace, keep: str | None = None) -> list[MergeResult]:
    apps = ws.apps()
    forks = {app: fork for app in apps if (fork := _fork(ws, app)) is not None}
    if keep is not None and not any(_branch_of(f, keep) is not None for f in forks.values()):
        raise UsageError(f"--keep {keep}: no branch of a fork holds that migration")
    if not forks:
        return []
    rows = await read_rows_and_release(ws, list(ws.databases()))
    plans = []
    for app, fork in forks.items():  # everything planned before anything is written
        kept, other = _choose(ws, app, fork, rows[app], keep)
        plans.append((app, kept, _renumber(ws, app, fork, kept, other)))
    results = [_write(ws, app, kept, renumbered) for app, kept, renumbered in plans]
    moved = {(app, r.old.version): r.version for app, _, renumbered in plans for r in renumbered}
    applied = {(app, r.version) for app, app_rows in rows.items() for r in app_rows}
    _redirect_dependencies(ws, moved, applied)
    return results


def _fork(ws: Workspace, app: str) -> Fork | None:
    scan = scan_migrations(ws.location, app)
    if scan.unreadable:
        raise scan.unreadable[0][1]
    return find_fork(app, scan.migrations, lambda m: declared_parent(m.upgrade_sql()))


def _branch_of(fork: Fork, keep: str) -> int | None:
    for index, branch in enumerate(fork.branches):
        if any(keep in (m.id, m.name) for m in branch):
            return index
    return None


def _choose(
    ws: Workspace, app: str, fork: Fork, rows: list[HistoryRow], keep: str | None
) -> tuple[list[Migration], list[Migration]]:
    """(the branch that stays, the branch to renumber)."""
    applied = {r.id for r in rows}
    on = [[m.id for m in branch if m.id in applied] for branch in fork.branches]
    where = ws.databases()[app].display()
    if on[0] and on[1]:
        raise MigrationFileError(
            f"app {app}: both branches are applied to {where} ({on[0][0]}, {on[1][0]}); "
            "merge cannot renumber an applied migration: revert one branch there first"
        )
    index = _branch_of(fork, keep) if keep is not None else None
    if index is None:
        index = 1 if on[1] else 0
    other = 1 - index
    if on[other]:
        raise MigrationFileError(
            f"app {app}: {', '.join(on[other])} is applied to {where}, so its branch cannot "
            f"be renumbered (the history would name a migration that no longer exists); "
            f"keep that branch instead: `migrator --app {app} merge --keep {on[other][0]}`"
        )
    return fork.branches[index], fork.branches[other]


def _renumber(
    ws: Workspace, app: str, fork: Fork, kept: list[Migration], other: list[Migration]
) -> list[_Renumber]:
    dialect = ws.databases()[app].dialect
    before = fork.trunk[-1].state() if fork.trunk else SchemaState(dialect=dialect.name)
    merged_before, parent = kept[-1].state(), kept[-1]
    parent_id, number = parent.id, int(parent.version)
    result = []
    for m in other:
        after = m.state()
        merged, both = _merged_state(before, merged_before, after, m.id)
        number += 1
        version = f"{number:04d}"
        new_id = f"{version}_{m.name}"
        if both:
            _require_generated(ws, m, before, after, dialect)
            operations = diff(merged_before, merged, ws.questioner)
            upgrade, downgrade = _render(
                ws, app, new_id, parent_id, dialect, operations, merged_before, merged
            )
        else:
            up, down = _headers(app, new_id, parent_id, dialect, False)
            upgrade = rewrite_header(m.upgrade_sql(), up)
            downgrade = rewrite_header(m.downgrade_sql(), down)
        parent_version = f"{number - 1:04d}"
        result.append(_Renumber(m, version, parent_version, merged, upgrade, downgrade, both))
        before, merged_before, parent_id = after, merged, new_id
    return result


def _headers(
    app: str, migration_id: str, parent: str | None, dialect: Dialect, outside: bool
) -> tuple[FileHeader, FileHeader]:
    return tuple(  # type: ignore[return-value]
        FileHeader(
            app, migration_id, parent, dialect.name, direction, dialect.transactional_ddl, outside
        )
        for direction in ("upgrade", "downgrade")
    )


def _render(
    ws: Workspace,
    app: str,
    migration_id: str,
    parent: str | None,
    dialect: Dialect,
    operations: list[ops.Operation],
    before: SchemaState,
    after: SchemaState,
) -> tuple[str, str]:
    """Both files as migrate writes them for ``operations`` (``before`` -> ``after``)."""
    upgrade = dialect.render_all(operations, before, ws.online_ddl)
    downgrade = dialect.render_all(ops.reverse_all(operations), after, ws.online_ddl)
    outside = has_outside_blocks(upgrade) or has_outside_blocks(downgrade)
    up, down = _headers(app, migration_id, parent, dialect, outside)
    return render_file(up, upgrade), render_file(down, downgrade)


def _merged_state(
    before: SchemaState, merged_before: SchemaState, after: SchemaState, where: str
) -> tuple[SchemaState, list[str]]:
    """The kept branch's state with the changes the migration makes (``before`` ->
    ``after``), and the tables both branches changed."""
    merged, both = merged_before, []
    names = sorted(set(before.tables) | set(after.tables))
    for name in names:
        base, theirs = before.tables.get(name), after.tables.get(name)
        if base == theirs:
            continue
        ours = merged_before.tables.get(name)
        if ours != base:
            both.append(name)
        table = merge_table(base, ours, theirs, where)
        merged = merged.with_table(table) if table else merged.without_table(name)
    for table in merged.tables.values():
        for column in table.columns:
            if column.fk is not None and column.fk.ref_table not in merged.tables:
                raise MigrationFileError(
                    f"{where}: after the merge {table.name}.{column.name} would reference "
                    f"table {column.fk.ref_table}, which the other branch removed; nothing "
                    "was written: delete that migration and write it again after the merge"
                )
    return merged, both


def _require_generated(
    ws: Workspace, m: Migration, before: SchemaState, after: SchemaState, dialect: Dialect
) -> None:
    """Regenerating SQL would drop what a person added to the file: refuse then."""
    operations = diff(before, after, ws.questioner)
    generated, _ = _render(ws, m.app, m.id, None, dialect, operations, before, after)
    if code_checksum(dialect.split(generated), dialect) != m.checksum():
        raise MigrationFileError(
            f"{m.upgrade_path} holds SQL that migrate did not write (edited by hand), and the "
            "tables it changes were also changed on the other branch, so its SQL would have "
            "to be regenerated; nothing was written: move the hand-written statements into a "
            "`migrator migrate --empty` migration, or renumber this one by hand"
        )


def _write(
    ws: Workspace, app: str, kept: list[Migration], renumbered: list[_Renumber]
) -> MergeResult:
    """Move the old directories aside, write the renumbered ones, and check the chain; on
    any failure the old directories come back."""
    folder = app_dir(ws.location, app)
    backup = folder / _BACKUP
    if backup.exists():
        raise MigrationFileError(
            f"{backup} exists: an earlier merge was interrupted; restore its directories into "
            f"{folder} (or delete it if they are there) and run merge again"
        )
    backup.mkdir()
    moved: list[Path] = []
    written: list[Path] = []
    try:
        for r in renumbered:
            moved.append(r.old.path.rename(backup / r.old.path.name))
        for r in renumbered:
            written.append(_write_one(ws, app, r).path)
        load_migrations(ws.location, app)  # one unbroken chain now
    except BaseException:
        for path in written:
            shutil.rmtree(path, ignore_errors=True)
        for path in moved:
            path.rename(folder / path.name)
        backup.rmdir()
        raise
    shutil.rmtree(backup)
    return MergeResult(
        app,
        [m.id for m in kept],
        [
            RenumberedMigration(r.old.id, f"{r.version}_{r.old.name}", path, r.regenerated)
            for r, path in zip(renumbered, written, strict=True)
        ],
    )


def _redirect_dependencies(
    ws: Workspace, moved: dict[tuple[str, str], str], applied: set[tuple[str, str]]
) -> None:
    """Migrations of every app (merged ones included) that depend on a version that was
    renumbered now depend on its new version. The old version named two migrations, one on
    each branch; the new one comes after both in the merged chain, so the dependency holds
    whichever was meant. A migration the database applied is left alone: it ran after the
    kept branch, the one the database applied."""
    for app in ws.databases():
        for m in scan_migrations(ws.location, app).migrations:
            if (app, m.version) in applied:
                continue
            depends = {
                other: moved.get((other, version), version)
                for other, version in m.depends_on.items()
            }
            if depends != dict(m.depends_on):
                rewrite_depends_on(m, depends)


def _write_one(ws: Workspace, app: str, r: _Renumber) -> Migration:
    return write_migration(
        ws.location,
        app,
        r.version,
        r.old.name,
        r.parent,
        r.state,
        r.upgrade,
        r.downgrade,
        r.old.depends_on,
    )
