"""NOT NULL columns added to a populated table (issue 11): auto_now columns get the time of
the upgrade, a uuid4 or unique column the three-step form (add nullable, a fill marked for
review, NOT NULL), and a migration the database would refuse is never written silently.
Real databases with rows, every dialect.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from typing import Any

import pytest

from migrator.errors import UnsafeMigrationError
from tests.conftest import ALL_DIALECTS
from tests.project_factory import Project, ok, project_factory
from tests.verbs.test_migrate_renames import execute, latest_sql, q

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

BASE = """\
import uuid

from tortoise import fields
from tortoise.models import Model


class Post(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=50)
#EXTRA

    class Meta:
        table = "post"
"""


def models(extra: str = "") -> str:
    return BASE.replace("#EXTRA", extra)


def populated(project_factory: Any, dialect: str) -> Project:
    project: Project = project_factory(dialect, models())
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(project, f"INSERT INTO {q(project, 'post')} (id, title) VALUES (1, 'a'), (2, 'b')")
    return project


def _day(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(str(value)[:10])


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_auto_now_columns_get_the_time_of_the_upgrade(project_factory: Any, dialect: str) -> None:
    project = populated(project_factory, dialect)
    project.write_models(
        models(
            "    created_at = fields.DatetimeField(auto_now_add=True)\n"
            "    updated_at = fields.DatetimeField(auto_now=True)"
        )
    )
    out = ok(project, "migrate", "--no-input")
    assert "existing rows get the time of the upgrade" in out
    ok(project, "upgrade")

    rows = project.fetch(f"SELECT id, created_at, updated_at FROM {q(project, 'post')} ORDER BY id")
    assert [r[0] for r in rows] == [1, 2]
    today = datetime.datetime.now(datetime.UTC).date()
    for _, created, updated in rows:  # never 1970-01-01: the day the upgrade ran
        assert abs((_day(created) - today).days) <= 1, created
        assert abs((_day(updated) - today).days) <= 1, updated
    ok(project, "downgrade", "--yes")
    assert project.fetch(f"SELECT id, title FROM {q(project, 'post')} ORDER BY id") == [
        (1, "a"),
        (2, "b"),
    ]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_uuid4_unique_column_is_added_in_three_steps(project_factory: Any, dialect: str) -> None:
    project = populated(project_factory, dialect)
    project.write_models(models("    token = fields.UUIDField(default=uuid.uuid4, unique=True)"))

    out = ok(project, "migrate", "--no-input")

    assert [line.strip() for line in out.splitlines() if line.strip().startswith("+")] == [
        "+ add column post.token",
        "+ fill existing rows of post.token (review the value)",
        "+ alter column post.token (null)",
    ]
    assert "give the field a default" not in out
    assert "post.token is unique: it is added nullable, existing rows get" in out
    assert "-- REVIEW:" in latest_sql(project)
    ok(project, "upgrade")
    rows = project.fetch(f"SELECT id, token FROM {q(project, 'post')} ORDER BY id")
    tokens = [uuid.UUID(str(token)) for _, token in rows]
    assert [r[0] for r in rows] == [1, 2] and len(set(tokens)) == 2
    with pytest.raises(Exception, match=r"(?i)null|constraint|default value"):  # NOT NULL holds now
        execute(project, f"INSERT INTO {q(project, 'post')} (id, title) VALUES (3, 'c')")
    ok(project, "downgrade", "--yes")
    assert project.fetch(f"SELECT id, title FROM {q(project, 'post')} ORDER BY id") == [
        (1, "a"),
        (2, "b"),
    ]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_unique_column_without_a_value_needs_allow_unsafe(
    project_factory: Any, dialect: str
) -> None:
    project = populated(project_factory, dialect)
    project.write_models(models("    code = fields.CharField(max_length=20, unique=True)"))

    refused = project.cli("migrate", "--no-input")

    assert refused.exit_code == 1, refused.output
    assert "post.code is unique and NOT NULL" in refused.output
    assert "--allow-unsafe" in refused.output
    assert project.migration_dirs() == ["0001_initial"]

    written = ok(project, "migrate", "--no-input", "--allow-unsafe")
    assert "post.code is unique and NOT NULL" in written
    sql = latest_sql(project)
    assert "fill existing rows of post.code: no value known, write one here" in sql
    # as written, the upgrade fails on the rows (and leaves the database as it was where
    # DDL is transactional); after the fill is written in, it works
    assert project.cli("upgrade").exit_code != 0


def test_command_migrate_refuses_without_allow_unsafe(project_factory: Any) -> None:
    project = populated(project_factory, "postgres")
    project.write_models(models("    rank = fields.IntField()"))

    async def go(**kwargs: Any) -> list[Any]:
        async with project.command() as cmd:
            return await cmd.migrate(**kwargs)  # type: ignore[no-any-return]

    with pytest.raises(UnsafeMigrationError, match=r"post\.rank is NOT NULL without a default"):
        asyncio.run(go())
    assert project.migration_dirs() == ["0001_initial"]
    written = asyncio.run(go(allow_unsafe=True))
    assert written[0].warnings == [
        "post.rank is NOT NULL without a default: the database refuses it while the table "
        "has rows (give the field a default or db_default, or null=True)"
    ]


def test_a_callable_default_is_named_as_such(project_factory: Any) -> None:
    project = populated(project_factory, "sqlite")
    project.write_models(models("    tags = fields.JSONField(default=dict)"))
    refused = project.cli("migrate", "--no-input")
    assert refused.exit_code == 1, refused.output
    assert (
        "post.tags has a default the application computes per row (a callable default=) and "
        "NOT NULL" in refused.output
    )
