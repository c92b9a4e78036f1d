"""Whether a partially applied migration may resume: what its history row vouches for.

Editing a partially applied migration. While a row is ``partial`` its checksum covers only
the statements that ran (statements 1..k of upgrade.sql, split and normalised like the file
checksum), not the whole file. So the usual fix for a failed statement, editing that
statement (or any later one) in upgrade.sql, is allowed: ``upgrade`` resumes with the edited
text. Editing, removing or reordering a statement that already ran is refused with a
ChecksumError before anything runs, because the database no longer matches the file and
resuming would skip the wrong statements. Once the migration completes, the row records the
checksum of the whole file like any applied migration.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrator.checksums import code_checksum, prefix_checksums
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.errors import ChecksumError
from migrator.files import Migration
from migrator.history import HistoryRow


def statements_checksum(statements: Sequence[Statement], count: int, dialect: Dialect) -> str:
    """What a partial history row vouches for: the first ``count`` statements' code."""
    return code_checksum(statements, dialect, count)


def statement_count(migration: Migration, dialect: Dialect) -> int:
    """How many steps the migration's upgrade runs (for ``partial 1/3``): the statements of
    upgrade.sql, and its data migration (``migration.py``) as one more."""
    return len(dialect.split(migration.upgrade_sql())) + (1 if migration.has_python else 0)


def check_resumable(m: Migration, row: HistoryRow, dialect: Dialect) -> None:
    """ChecksumError when a statement of partially applied ``m`` that already ran was edited
    (the runner checks it again when it reaches ``m``; a command may check up front)."""
    check_ran_unchanged(m, dialect.split(m.upgrade_sql()), row, dialect)


def check_ran_unchanged(
    m: Migration, statements: list[Statement], row: HistoryRow, dialect: Dialect
) -> None:
    """Refuse to resume or revert when a statement that already ran was edited (comments
    and layout do not count, see checksums.py)."""
    done = row.statements_done
    if done == 0:
        return
    intact = done <= len(statements) and (
        row.checksum in prefix_checksums(statements, dialect, done)
        or m.accepts(row.checksum)  # rows journaled before partial rows carried a prefix
    )
    if not intact:
        raise ChecksumError(
            f"{m.upgrade_path}: statements 1-{done} of partially applied migration {m.id} "
            f"already ran but were edited since; revert that edit (only statements from "
            f"{done + 1} on may change before the migration completes)"
        )
