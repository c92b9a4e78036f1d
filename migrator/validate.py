"""Checksums: an applied migration whose file changed or vanished stops the run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from migrator.errors import ChecksumError
from migrator.files import Migration
from migrator.history import HistoryRow, Status


def checksum_mismatches(
    available: Mapping[str, Sequence[Migration]], rows: Mapping[str, Sequence[HistoryRow]]
) -> list[str]:
    """One line per applied migration whose upgrade.sql is missing or differs."""
    problems = []
    for app, app_rows in rows.items():
        by_version = {m.version: m for m in available.get(app, ())}
        for row in app_rows:
            if row.status is not Status.APPLIED:
                continue
            migration = by_version.get(row.version)
            if migration is None or not migration.upgrade_path.is_file():
                problems.append(
                    f"app {app}: applied migration {row.id} is missing from the folder; "
                    "restore it from version control"
                )
            elif migration.checksum() != row.checksum:
                problems.append(
                    f"{migration.upgrade_path} changed after it was applied; revert the edit "
                    "(a deliberate change belongs in a new migration: `migrator migrate --empty`)"
                )
    return problems


def verify_checksums(
    available: Mapping[str, Sequence[Migration]], rows: Mapping[str, Sequence[HistoryRow]]
) -> None:
    problems = checksum_mismatches(available, rows)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ChecksumError(problems[0] + more)
