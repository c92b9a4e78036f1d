"""``upgrade`` checks, before running anything, that what its pending migrations drop,
rename or alter is in the database; on a mismatch it names the objects, points at
``migrator drift`` and applies nothing (MySQL included)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.errors import DriftError
from tests.conftest import ALL_DIALECTS
from tests.integration.projects import live_schema
from tests.verbs.test_drift import BASE, _config, _write

CASES = {
    "dropped_column": (
        ("    age = fields.IntField(null=True)\n", ""),
        "column age of table author",
    ),
    "renamed_index": (
        ('name="idx_book_title_pages"', 'name="idx_book_other"'),
        "index idx_book_title_pages of table book",
    ),
    "altered_column": (
        ("max_length=50, db_index", "max_length=80, db_index"),
        None,  # the column is there: an ALTER of its type is not refused
    ),
}


async def _run(db: DatabaseConfig, folder: Path, v2: str) -> tuple[str | None, bool]:
    """Build v1, write v2's migration, make its change by hand (applied then unrecorded),
    then upgrade: the error, and whether the schema and history stayed as they were."""
    async with Command(_config(db), location=folder / "migrations") as cmd:
        _write(folder, BASE)
        await cmd.migrate()
        await cmd.upgrade()
        _write(folder, v2)
        await cmd.migrate(no_rename=True)
        await cmd.upgrade()
        conn = await cmd.session("models").connection()
        await conn.execute("DELETE FROM migrator_history WHERE version = '0002'")
        before, rows = await live_schema(db), await cmd.history()
        try:
            await cmd.upgrade()
        except DriftError as exc:
            unchanged = await live_schema(db) == before and await cmd.history() == rows
            return str(exc), unchanged
        return None, True


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_upgrade_refuses_missing_objects(
    name: str, dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (old, new), words = CASES[name]
    monkeypatch.syspath_prepend(str(tmp_path))
    error, unchanged = asyncio.run(_run(make_db(dialect), tmp_path, BASE.replace(old, new)))
    if words is None:
        assert error is None
        return
    assert error is not None and words in error, error
    assert "nothing was run" in error and "`migrator drift`" in error and "\n" not in error
    assert unchanged, "the refused upgrade changed the database"
