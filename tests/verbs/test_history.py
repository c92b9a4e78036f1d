"""``history`` (migrator/verbs/history.py): the applied migrations in order, a partial one
with how far it got out of how many statements its upgrade.sql holds."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest

from migrator.history import HistoryRow, Status
from tests.project_factory import MODELS_V2, Project, mark_partial, ok, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

WHEN = datetime.datetime(2025, 1, 2, 3, 4, 5)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_history_lists_applied_migrations_in_order(project_factory: Any, dialect: str) -> None:
    project: Project = project_factory(dialect)
    project.init()
    assert ok(project, "history") == "No migrations applied\n"
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate", "--name", "email")

    async def go() -> list[HistoryRow]:
        async with project.command(clock=lambda: WHEN) as cmd:
            await cmd.upgrade()
            return await cmd.history()

    rows = asyncio.run(go())

    assert [(r.app, r.id, r.status, r.statements_total) for r in rows] == [
        ("models", "0001_initial", Status.APPLIED, None),
        ("models", "0002_email", Status.APPLIED, None),
    ]
    header, *lines, count = ok(project, "history").splitlines()
    assert header.split() == ["APP", "MIGRATION", "APPLIED", "(UTC)", "DURATION"]
    assert [line[:73] for line in lines] == [
        "models       0001_initial                             2025-01-02 03:04:05",
        "models       0002_email                               2025-01-02 03:04:05",
    ]
    assert all(line.endswith(" ms") for line in lines)
    assert count == "2 migrations applied"


def test_a_partial_row_shows_its_progress_out_of_the_files_statements(
    project_factory: Any,
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "fill")
    (project.migrations / "0002_fill" / "upgrade.sql").write_text(
        "INSERT INTO \"user\" VALUES (1, 'a');\nINSERT INTO \"user\" VALUES (2, 'b');\n"
        "INSERT INTO \"user\" VALUES (3, 'c');\n",
        encoding="utf-8",
    )
    ok(project, "upgrade")
    mark_partial(project, "0002", 1)

    async def go() -> list[HistoryRow]:
        return await project.command().history()

    assert [(r.id, r.progress) for r in asyncio.run(go())] == [
        ("0001_initial", "applied"),
        ("0002_fill", "partial 1/3"),
    ]
    _header, *lines, count = ok(project, "history").splitlines()
    assert count == "1 migration applied, 1 partially applied"
    assert "[" not in lines[0]
    assert lines[1].startswith("models       0002_fill ") and lines[1].endswith(
        "9 ms  [PARTIAL 1/3]"
    )
