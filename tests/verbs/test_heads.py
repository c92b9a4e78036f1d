"""``heads`` (migrator/verbs/heads.py): the migrations in the folder not (fully) applied, a
partial one marked with how far it got."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from migrator.results import PendingMigration
from tests.project_factory import MODELS_V2, Project, mark_partial, ok, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest


def heads(project: Project) -> list[PendingMigration]:
    async def go() -> list[PendingMigration]:
        return await project.command().heads()

    return asyncio.run(go())


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_heads_lists_what_upgrade_would_apply(project_factory: Any, dialect: str) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate", "--name", "email")

    assert heads(project) == [
        PendingMigration("models", "0001_initial", project.migrations / "0001_initial"),
        PendingMigration("models", "0002_email", project.migrations / "0002_email"),
    ]
    assert ok(project, "heads") == "models       0001_initial\nmodels       0002_email\n"
    ok(project, "upgrade", "0001")
    assert ok(project, "heads") == "models       0002_email\n"
    ok(project, "upgrade")
    assert heads(project) == []
    assert ok(project, "heads") == "No pending migrations\n"


def test_a_partial_migration_is_a_head_that_upgrade_resumes(project_factory: Any) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "fill")
    (project.migrations / "0002_fill" / "upgrade.sql").write_text(
        "INSERT INTO \"user\" VALUES (1, 'a');\nINSERT INTO \"user\" VALUES (2, 'b');\n",
        encoding="utf-8",
    )
    ok(project, "upgrade")
    mark_partial(project, "0002", 1)

    path = project.migrations / "0002_fill"
    assert heads(project) == [PendingMigration("models", "0002_fill", path, True, 1, 2)]
    assert ok(project, "heads") == ("models       0002_fill  [PARTIAL 1/2: upgrade resumes it]\n")
