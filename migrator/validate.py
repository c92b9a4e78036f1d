"""Do the applied migrations still match their files? ``upgrade`` stops at the first
mismatch (``verify_checksums``); ``migrator validate`` lists every problem (``find_problems``).

A checksum is taken of upgrade.sql with line endings and trailing whitespace normalised
(files.checksum), so a checkout on Windows or an editor that trims lines is not a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from migrator.errors import ChecksumError, MigrationFileError, MigratorError, SnapshotError
from migrator.files import UPGRADE, FolderScan, Migration, app_dir
from migrator.history import HistoryRow, Status

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect

VALIDATE_HINT = "`migrator validate` lists every problem"


class ProblemKind(StrEnum):
    CHANGED = "changed"  # an applied upgrade.sql differs from the checksum in the history
    MISSING = "missing"  # an applied migration is not in the folder
    RENAMED = "renamed"  # applied under another name than its directory has now
    CONFLICT = "conflict"  # another migration than the folder's is applied under its version
    MISSING_FILE = "missing-file"  # upgrade.sql / downgrade.sql / snapshot.json is missing
    CORRUPT_SNAPSHOT = "corrupt-snapshot"  # snapshot.json is not a valid snapshot
    CHAIN = "chain"  # duplicate versions, two branches, a gap in the parents
    ORDER = "order"  # a later migration is applied, an earlier one is not
    PARTIAL = "partial"  # a non-transactional run stopped part-way
    DIALECT = "dialect"  # written for another database kind than the config points at


@dataclass(frozen=True, slots=True)
class Problem:
    app: str
    migration: str | None  # migration id or directory name; None for the whole folder
    kind: ProblemKind
    message: str  # one line: what is wrong, where, what to do


def checksum_mismatches(
    available: Mapping[str, Sequence[Migration]],
    rows: Mapping[str, Sequence[HistoryRow]],
    location: Path | None = None,
) -> list[Problem]:
    """One problem per applied migration whose upgrade.sql is missing or differs; with the
    migrations ``location``, a missing one is named by the path it should be at."""
    problems = []
    for app, app_rows in rows.items():
        for row in app_rows:
            if row.status is not Status.APPLIED:
                continue
            migration, conflict = match_row(available.get(app, ()), row)
            if conflict is not None:
                continue  # another migration under the version: reported as a conflict
            if migration is None or not migration.upgrade_path.is_file():
                problems.append(
                    Problem(
                        app,
                        row.id,
                        ProblemKind.MISSING,
                        f"app {app}: applied migration {row.id} is missing from the folder"
                        + (f" ({app_dir(location, app) / row.id / UPGRADE})" if location else "")
                        + "; restore it from version control",
                    )
                )
            elif not migration.accepts(row.checksum):
                problems.append(
                    Problem(
                        app,
                        migration.id,
                        ProblemKind.CHANGED,
                        f"{_changed_files(migration)} changed after it was applied; revert the "
                        "edit, or if it was deliberate and the database already matches it, "
                        f"record it with `migrator --app {app} fix-checksums "
                        f"{migration.version}`",
                    )
                )
    return problems


def match_row(
    migrations: Sequence[Migration], row: HistoryRow
) -> tuple[Migration | None, Migration | None]:
    """(the folder's migration a history row stands for, or None; the folder's migration that
    holds the row's version but is another migration, or None). A row matches by version and
    name; a directory renamed after it was applied (same version, same upgrade.sql) still
    matches; a different migration under the same version is a conflict: two branches each
    added that version."""
    same_version = [m for m in migrations if m.version == row.version]
    for m in same_version:
        if m.name == row.name:
            return m, None
    for m in same_version:
        if row.status is Status.APPLIED and m.upgrade_path.is_file() and m.accepts(row.checksum):
            return m, None
    return None, (same_version[0] if same_version else None)


def conflict_message(app: str, row: HistoryRow, other: Migration) -> str:
    return (
        f"app {app}: the database applied {row.id} as version {row.version}, but the "
        f"folder's {row.version} is {other.id}, another migration: two branches each added a "
        f"{row.version}; bring {row.id} back into the folder (merge the branch that made it) "
        f"and run `migrator --app {app} merge` to renumber {other.id} after it"
    )


def history_conflicts(
    available: Mapping[str, Sequence[Migration]], rows: Mapping[str, Sequence[HistoryRow]]
) -> list[Problem]:
    """One problem per history row whose version the folder gives to another migration."""
    problems = []
    for app, app_rows in rows.items():
        for row in app_rows:
            _, other = match_row(available.get(app, ()), row)
            if other is not None:
                message = conflict_message(app, row, other)
                problems.append(Problem(app, row.id, ProblemKind.CONFLICT, message))
    return problems


def verify_history(
    available: Mapping[str, Sequence[Migration]], rows: Mapping[str, Sequence[HistoryRow]]
) -> None:
    """Stop ``upgrade`` and ``heads`` when a version is applied as another migration."""
    conflicts = history_conflicts(available, rows)
    if conflicts:
        more = f"; {len(conflicts) - 1} more: {VALIDATE_HINT}" if len(conflicts) > 1 else ""
        raise MigrationFileError(conflicts[0].message + more)


def verify_checksums(
    available: Mapping[str, Sequence[Migration]],
    rows: Mapping[str, Sequence[HistoryRow]],
    location: Path | None = None,
) -> None:
    """Stop ``upgrade`` when an applied migration's file changed or vanished (a version
    applied as another migration stops it first, as a conflict)."""
    verify_history(available, rows)
    problems = checksum_mismatches(available, rows, location)
    if len(problems) > 1:
        more = len(problems) - 1
        raise ChecksumError(f"{problems[0].message}; {more} more: {VALIDATE_HINT}")
    if problems:
        raise ChecksumError(f"{problems[0].message}; {VALIDATE_HINT}")


def find_problems(
    scans: Mapping[str, FolderScan],
    rows: Mapping[str, Sequence[HistoryRow]],
    dialects: Mapping[str, Dialect],
) -> list[Problem]:
    """Every problem of the selected apps' folders and histories, in app order."""
    problems: list[Problem] = []
    for app, scan in scans.items():
        app_rows = rows.get(app, ())
        problems += _folder_problems(app, scan, dialects.get(app))
        matched = _as_applied(scan.migrations, app_rows)
        # a directory that exists but cannot be loaded is already reported above
        unreadable = {name.partition("_")[0] for name, _ in scan.unreadable}
        problems += [
            p
            for p in checksum_mismatches({app: matched}, {app: app_rows})
            if not (p.kind is ProblemKind.MISSING and _version(p.migration) in unreadable)
        ]
        problems += history_conflicts({app: matched}, {app: app_rows})
        problems += _history_problems(app, matched, app_rows)
    return problems


def _folder_problems(app: str, scan: FolderScan, dialect: Dialect | None) -> list[Problem]:
    problems = [Problem(app, name, _kind_of(exc), str(exc)) for name, exc in scan.unreadable]
    problems += [Problem(app, None, ProblemKind.CHAIN, str(exc)) for exc in scan.chain]
    for m in scan.migrations:
        if not m.downgrade_path.is_file():
            problems.append(
                Problem(
                    app,
                    m.id,
                    ProblemKind.MISSING_FILE,
                    f"{m.downgrade_path} is missing, so {m.id} cannot be reverted; restore it "
                    "from version control",
                )
            )
        try:
            m.state()
        except MigratorError as exc:
            problems.append(Problem(app, m.id, ProblemKind.CORRUPT_SNAPSHOT, str(exc)))
        if dialect and m.dialect and m.dialect != dialect.name:
            problems.append(
                Problem(
                    app,
                    m.id,
                    ProblemKind.DIALECT,
                    f"{m.id} of app {app} was written for {m.dialect}, but the Tortoise config "
                    f"points the app at {dialect.name}; keep one migrations folder per "
                    "database kind",
                )
            )
    return problems


def _kind_of(exc: MigratorError) -> ProblemKind:
    if isinstance(exc, SnapshotError):
        return ProblemKind.CORRUPT_SNAPSHOT
    return ProblemKind.MISSING_FILE


def _version(migration_id: str | None) -> str:
    return (migration_id or "").partition("_")[0]


def _as_applied(migrations: list[Migration], rows: Sequence[HistoryRow]) -> list[Migration]:
    """One migration per version: of two sharing a version (reported as a chain problem),
    the one the history names, so the other is not also reported as changed or renamed."""
    names = {r.version: r.name for r in rows}
    chosen: dict[str, Migration] = {}
    for m in migrations:
        if m.version not in chosen or names.get(m.version) == m.name:
            chosen[m.version] = m
    return list(chosen.values())


def _history_problems(
    app: str, migrations: list[Migration], rows: Sequence[HistoryRow]
) -> list[Problem]:
    """What the history says that the folder contradicts (beyond checksums)."""
    problems = []
    by_version = {m.version: m for m in migrations}
    applied = {r.version for r in rows}
    for row in rows:
        m = by_version.get(row.version)
        if row.status is Status.PARTIAL:
            problems.append(
                Problem(
                    app,
                    row.id,
                    ProblemKind.PARTIAL,
                    f"app {app}: migration {row.id} is partially applied "
                    f"({row.statements_done} statements ran); run `migrator upgrade` to resume "
                    "it, or `migrator downgrade` to revert what ran",
                )
            )
        if m is not None and m.name != row.name and match_row([m], row)[0] is m:
            problems.append(
                Problem(
                    app,
                    m.id,
                    ProblemKind.RENAMED,
                    f"app {app}: {row.id} was applied, but its directory is now {m.path}; "
                    f"rename the directory back to {row.id}",
                )
            )
    latest = max(applied, key=int, default=None)
    for m in migrations:
        if latest is not None and int(m.version) < int(latest) and m.version not in applied:
            problems.append(
                Problem(
                    app,
                    m.id,
                    ProblemKind.ORDER,
                    f"app {app}: {m.id} is not applied but the later {latest} is; it was "
                    "probably added on another branch: renumber it after the applied ones "
                    "(delete it and run migrate again)",
                )
            )
    return problems


def _changed_files(m: Migration) -> str:
    """What an applied migration's checksum covers: upgrade.sql, and migration.py if any."""
    if m.has_python:
        return f"{m.upgrade_path} or {m.python_path.name}"
    return str(m.upgrade_path)
