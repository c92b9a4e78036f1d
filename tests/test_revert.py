"""How the journaled downgrade (revert.py) plans the revert of a migration on a database
without transactional DDL (``undo_plan``): which downgrade blocks run, given how far the
upgrade got, and the refusals when that cannot be told. Pure: no database (the runs are in
tests/dialects/mysql/test_resume.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from migrator.dialects import get_dialect
from migrator.errors import ApplyError
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.revert import undo_plan

UPGRADE = """-- [1/2] rename column user.handle to username
ALTER TABLE `user` RENAME COLUMN `handle` TO `username`;

-- [2/2] add column user.age
ALTER TABLE `user` ADD COLUMN `age` INT;
ALTER TABLE `user` ADD KEY `idx_age` (`age`);
"""

DOWNGRADE = """-- [1/2] drop column user.age (undoes upgrade [2/2])
ALTER TABLE `user` DROP COLUMN `age`;

-- [2/2] rename column user.username to handle (undoes upgrade [1/2])
ALTER TABLE `user` RENAME COLUMN `username` TO `handle`;
"""


def _migration(tmp_path: Path, upgrade: str, downgrade: str) -> Migration:
    (tmp_path / "upgrade.sql").write_text(upgrade)
    (tmp_path / "downgrade.sql").write_text(downgrade)
    return Migration("models", "0002", "x", "0001", "mysql", tmp_path)


def _partial(done: int) -> HistoryRow:
    when = datetime.datetime(2024, 1, 1)
    return HistoryRow("models", "0002", "x", "", Status.PARTIAL, done, when, 0)


def _plan(m: Migration, partial: HistoryRow | None) -> list[tuple[str, int]] | None:
    plan = undo_plan(m, get_dialect("mysql"), partial)
    return None if plan is None else [(u.block.title, u.remaining) for u in plan]


def test_a_fully_applied_migration_reverts_every_block(tmp_path: Path) -> None:
    m = _migration(tmp_path, UPGRADE, DOWNGRADE)
    assert _plan(m, None) == [
        ("drop column user.age", 1),
        ("rename column user.username to handle", 0),
    ]


def test_a_partial_migration_reverts_only_the_blocks_that_ran(tmp_path: Path) -> None:
    m = _migration(tmp_path, UPGRADE, DOWNGRADE)
    assert _plan(m, _partial(1)) == [("rename column user.username to handle", 0)]
    assert _plan(m, _partial(0)) == []


def test_a_migration_stopped_inside_a_block_is_refused(tmp_path: Path) -> None:
    m = _migration(tmp_path, UPGRADE, DOWNGRADE)
    with pytest.raises(ApplyError) as refused:
        _plan(m, _partial(2))
    assert str(refused.value) == (
        f"migration 0002_x stopped inside block [2/2] (add column user.age) of "
        f"{tmp_path}/upgrade.sql: statements 2-2 ran, 3-3 did not, and its downgrade assumes "
        "the whole block ran; fix the cause and finish it with `migrator upgrade`, then "
        "downgrade (or undo those statements by hand)"
    )


def test_hand_written_files_run_whole_or_are_refused_when_partial(tmp_path: Path) -> None:
    m = _migration(tmp_path, UPGRADE, "ALTER TABLE `user` DROP COLUMN `age`;\n")
    assert _plan(m, None) is None  # fully applied: the whole downgrade file runs
    with pytest.raises(ApplyError, match=r"no matching `-- \[k/n\]` block headers"):
        _plan(m, _partial(1))
