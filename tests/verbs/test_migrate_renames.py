"""Rename candidates that carry changes (issue 11): a column renamed while its type widens, a
table renamed while it gains a column. Asked on a terminal, refused without one, and with
``--rename`` every row survives the upgrade and the downgrade, on every dialect.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from click.testing import CliRunner

from migrator.questioner import InteractiveQuestioner
from tests.conftest import ALL_DIALECTS
from tests.project_factory import Project, ok, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

POINTS_V1 = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    loyalty_points = fields.IntField(default=0)

    class Meta:
        table = "user"
"""
POINTS_V2 = POINTS_V1.replace(
    "loyalty_points = fields.IntField(default=0)", "points = fields.BigIntField(default=0)"
)

PROFILES_V1 = """\
from tortoise import fields
from tortoise.models import Model


class Profile(Model):
    id = fields.IntField(primary_key=True)
    handle = fields.CharField(max_length=50)
    bio = fields.TextField()

    class Meta:
        table = "user_profiles"
"""
PROFILES_V2 = PROFILES_V1.replace('table = "user_profiles"', 'table = "profiles"').replace(
    "    bio = fields.TextField()\n",
    "    bio = fields.TextField()\n    website = fields.CharField(max_length=200, null=True)\n",
)


def execute(project: Project, sql: str) -> None:
    db = project.db

    async def go() -> None:
        conn = await db.dialect.backend(db).connect()
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go())


def q(project: Project, name: str) -> str:
    return project.db.dialect.quote(name)


def points_project(project_factory: Any, dialect: str) -> Project:
    """v1 applied with two users, the models at v2 (loyalty_points -> points, INT -> BIGINT)."""
    project: Project = project_factory(dialect, POINTS_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(
        project,
        f"INSERT INTO {q(project, 'user')} (id, name, loyalty_points) "
        "VALUES (1, 'ann', 7), (2, 'bob', 3000000)",
    )
    project.write_models(POINTS_V2)
    return project


def profiles_project(project_factory: Any, dialect: str) -> Project:
    """v1 applied with two profiles, the models at v2 (table renamed, a column added)."""
    project: Project = project_factory(dialect, PROFILES_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(
        project,
        f"INSERT INTO {q(project, 'user_profiles')} (id, handle, bio) "
        "VALUES (1, 'ann', 'likes tea'), (2, 'bob', 'likes coffee')",
    )
    project.write_models(PROFILES_V2)
    return project


def latest_sql(project: Project, kind: str = "upgrade.sql") -> str:
    return (project.migrations / project.migration_dirs()[-1] / kind).read_text()


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_column_renamed_and_widened_keeps_every_row_up_and_down(
    project_factory: Any, dialect: str
) -> None:
    project = points_project(project_factory, dialect)

    out = ok(project, "migrate", "--no-input", "--rename", "user.loyalty_points=points")

    assert "rename column user.loyalty_points to points" in out
    assert "alter column user.points" in out
    assert "DROP COLUMN" not in latest_sql(project)
    ok(project, "upgrade")
    # a value only BIGINT holds proves the type changed too
    execute(project, f"INSERT INTO {q(project, 'user')} (id, name, points) VALUES (3, 'cy', 5)")
    execute(project, f"UPDATE {q(project, 'user')} SET points = 9000000000 WHERE id = 3")
    assert project.fetch(f"SELECT id, name, points FROM {q(project, 'user')} ORDER BY id") == [
        (1, "ann", 7),
        (2, "bob", 3000000),
        (3, "cy", 9000000000),
    ]
    execute(project, f"DELETE FROM {q(project, 'user')} WHERE id = 3")
    ok(project, "downgrade", "--yes")
    assert project.fetch(
        f"SELECT id, name, loyalty_points FROM {q(project, 'user')} ORDER BY id"
    ) == [(1, "ann", 7), (2, "bob", 3000000)]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_table_renamed_with_a_new_column_keeps_every_row_up_and_down(
    project_factory: Any, dialect: str
) -> None:
    project = profiles_project(project_factory, dialect)

    out = ok(project, "migrate", "--no-input", "--rename", "user_profiles=profiles")

    assert "rename table user_profiles to profiles" in out
    assert "add column profiles.website" in out
    assert "DROP TABLE" not in latest_sql(project)
    ok(project, "upgrade")
    assert project.fetch(
        f"SELECT id, handle, bio, website FROM {q(project, 'profiles')} ORDER BY id"
    ) == [(1, "ann", "likes tea", None), (2, "bob", "likes coffee", None)]
    ok(project, "downgrade", "--yes")
    assert project.fetch(
        f"SELECT id, handle, bio FROM {q(project, 'user_profiles')} ORDER BY id"
    ) == [(1, "ann", "likes tea"), (2, "bob", "likes coffee")]
    assert "profiles" not in project.tables()


def test_candidates_with_changes_fail_closed_without_a_terminal(project_factory: Any) -> None:
    project = points_project(project_factory, "sqlite")
    for extra in (("--no-input",), ()):  # CliRunner's stdin is no terminal
        result = project.cli("migrate", *extra)
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines() == [
            "Error: column user.loyalty_points disappeared and user.points "
            "(IntField → BigIntField) appeared: pass --rename user.loyalty_points=points "
            "if it was renamed, or --no-rename to drop and add"
        ]
    assert project.migration_dirs() == ["0001_initial"]


def test_table_candidate_fails_closed_naming_both_flags(project_factory: Any) -> None:
    project = profiles_project(project_factory, "sqlite")
    result = project.cli("migrate", "--no-input")
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: table user_profiles disappeared and table profiles (models.Profile; adds "
        "website) appeared: pass --rename user_profiles=profiles if it was renamed, or "
        "--no-rename to drop and create"
    ]
    assert project.migration_dirs() == ["0001_initial"]


def _ask(project: Project, answers: str) -> tuple[list[Any], str]:
    async def migrate() -> list[Any]:
        async with project.command(questioner=InteractiveQuestioner()) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    with CliRunner().isolation(input=answers) as streams:
        written = asyncio.run(migrate())
        return written, streams[0].getvalue().decode()


def test_column_candidate_with_changes_is_asked_on_a_terminal(project_factory: Any) -> None:
    project = points_project(project_factory, "postgres")
    written, prompt = _ask(project, "y\n")
    assert "Was user.loyalty_points renamed to user.points (IntField → BigIntField)? [y/N]" in (
        prompt
    )
    assert written[0].operations == [
        "rename column user.loyalty_points to points",
        "alter column user.points (type)",
    ]
    ok(project, "upgrade")
    assert project.fetch('SELECT id, points FROM "user" ORDER BY id') == [(1, 7), (2, 3000000)]


def test_table_candidate_with_changes_is_asked_on_a_terminal(project_factory: Any) -> None:
    project = profiles_project(project_factory, "sqlite")
    written, prompt = _ask(project, "y\n")
    assert (
        "Was table user_profiles renamed to profiles (models.Profile; adds website)? [y/N]"
        in prompt
    )
    assert written[0].operations == [
        "rename table user_profiles to profiles",
        "add column profiles.website",
    ]
    ok(project, "upgrade")
    assert project.fetch("SELECT id, handle FROM profiles ORDER BY id") == [(1, "ann"), (2, "bob")]


def test_answering_no_drops_and_adds(project_factory: Any) -> None:
    project = points_project(project_factory, "sqlite")
    written, _ = _ask(project, "n\n")
    assert sorted(written[0].operations) == [
        "add column user.points",
        "drop column user.loyalty_points",
    ]


def test_a_column_of_another_kind_is_no_candidate(project_factory: Any) -> None:
    """Text becoming a number is no rename the dialect converts: drop + add, no question."""
    project: Project = project_factory("sqlite", POINTS_V1)
    project.init()
    ok(project, "migrate")
    project.write_models(
        POINTS_V1.replace(
            "loyalty_points = fields.IntField(default=0)",
            "joined = fields.DatetimeField(null=True)",
        )
    )
    out = ok(project, "migrate", "--no-input")
    assert "drop column user.loyalty_points" in out and "add column user.joined" in out


# -- hints --------------------------------------------------------------------------------------

SHOP_V1 = """\
from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=50)
    sku = fields.CharField(max_length=20)

    class Meta:
        table = "product"
"""
SHOP_V2 = (
    SHOP_V1.replace('table = "product"', 'table = "item"')
    .replace("title = fields.CharField(max_length=50)", "name = fields.CharField(max_length=80)")
    .replace(
        "sku = fields.CharField(max_length=20)", "code = fields.CharField(max_length=20, null=True)"
    )
)


@pytest.mark.parametrize("table_spelling", ["product", "item"])
def test_hints_in_either_spelling_combine_with_no_rename(
    project_factory: Any, table_spelling: str
) -> None:
    """``--rename product=item --rename product.title=name --no-rename``: the hinted pairs are
    renames (the column hint spelled with the old or the new table name), every other
    candidate (sku -> code) is drop + add."""
    project: Project = project_factory("sqlite", SHOP_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(project, "INSERT INTO product (id, title, sku) VALUES (1, 'lamp', 'L-1')")
    project.write_models(SHOP_V2)

    out = ok(
        project,
        "migrate",
        "--rename",
        "product=item",
        "--rename",
        f"{table_spelling}.title=name",
        "--no-rename",
    )

    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("+")]
    assert lines == [
        "+ rename table product to item",
        "+ rename column item.title to name",
        "+ alter column item.name (type)",
        "+ add column item.code",
        "+ drop column item.sku",
    ]
    ok(project, "upgrade")
    assert project.fetch("SELECT id, name, code FROM item") == [(1, "lamp", None)]


@pytest.mark.parametrize("hint", ["product.nope=name", "item.title=nope", "product.title=sku"])
def test_a_hint_that_matches_nothing_is_an_error(project_factory: Any, hint: str) -> None:
    project: Project = project_factory("sqlite", SHOP_V1)
    project.init()
    ok(project, "migrate")
    project.write_models(SHOP_V2)
    result = project.cli("migrate", "--rename", "product=item", "--rename", hint, "--no-rename")
    assert result.exit_code != 0, result.output
    assert f"--rename {hint}" in result.output
    assert project.migration_dirs() == ["0001_initial"]


def test_a_table_sharing_too_little_is_no_candidate(project_factory: Any) -> None:
    """Only ``id`` of three columns lives on: a new table, not a rename; no question."""
    project: Project = project_factory("sqlite", PROFILES_V1)
    project.init()
    ok(project, "migrate")
    project.write_models(
        PROFILES_V1.replace('table = "user_profiles"', 'table = "people"')
        .replace("handle = fields.CharField(max_length=50)", "name = fields.IntField()")
        .replace("bio = fields.TextField()", "about = fields.IntField()")
    )
    out = ok(project, "migrate", "--no-input")
    assert "create table people" in out and "drop table user_profiles" in out


_PROFILE_CLASS = PROFILES_V1.split("\n\n\n", 1)[1]
_PROFILE_CLASS_V2 = PROFILES_V2.split("\n\n\n", 1)[1]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_every_unanswered_candidate_is_named_in_one_error(
    project_factory: Any, dialect: str
) -> None:
    """Two candidates and no terminal: one error names both and every flag, nothing is
    written; passing exactly those flags writes the renames and keeps every row."""
    project: Project = project_factory(dialect, POINTS_V1 + "\n\n" + _PROFILE_CLASS)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(
        project, f"INSERT INTO {q(project, 'user')} (id, name, loyalty_points) VALUES (1, 'ann', 7)"
    )
    execute(
        project,
        f"INSERT INTO {q(project, 'user_profiles')} (id, handle, bio) VALUES (1, 'ann', 'tea')",
    )
    project.write_models(POINTS_V2 + "\n\n" + _PROFILE_CLASS_V2)

    result = project.cli("migrate", "--no-input")
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: 2 rename candidates need an answer: table user_profiles disappeared and table "
        "profiles (models.Profile; adds website) appeared; column user.loyalty_points "
        "disappeared and user.points (IntField → BigIntField) appeared. Pass --rename "
        "user_profiles=profiles --rename user.loyalty_points=points for those that were "
        "renamed, and --no-rename to drop and add the others"
    ]
    assert project.migration_dirs() == ["0001_initial"]

    ok(
        project,
        "migrate",
        "--rename",
        "user_profiles=profiles",
        "--rename",
        "user.loyalty_points=points",
    )
    ok(project, "upgrade")
    assert project.fetch(f"SELECT id, name, points FROM {q(project, 'user')}") == [(1, "ann", 7)]
    assert project.fetch(f"SELECT id, handle, bio, website FROM {q(project, 'profiles')}") == [
        (1, "ann", "tea", None)
    ]


ARCHIVED = """\
from tortoise import fields
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)

    class Meta:
        table = "author"
        schema = "archive"
"""


def test_a_table_moved_back_into_the_own_schema_takes_the_hint_the_error_names(
    project_factory: Any,
) -> None:
    """``--rename archive.author=author`` (what the refusal suggests) moves the table out of
    schema archive into the connection's own, keeping its rows."""
    project: Project = project_factory("postgres", ARCHIVED)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    execute(project, 'INSERT INTO "archive"."author" (id, name) VALUES (1, \'ann\')')
    project.write_models(ARCHIVED.replace('        schema = "archive"\n', ""))

    refused = project.cli("migrate", "--no-input")
    assert refused.exit_code == 1
    assert "pass --rename archive.author=author if it was renamed" in refused.output

    ok(project, "migrate", "--rename", "archive.author=author")
    ok(project, "upgrade")
    assert project.fetch('SELECT id, name FROM "author"') == [(1, "ann")]
    assert "no drift" in ok(project, "drift")
