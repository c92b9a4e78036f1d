"""``drift`` names each kind of difference between a database and its latest applied
migration, on every dialect.

Each case builds the database with migrator (models v1), then changes the schema behind
migrator's back: it applies a second migration made from changed models and deletes that
migration's history row, so the database holds v2 while migrator believes v1. The change is
rendered by each dialect exactly as it would reach a real database, with no hand-written SQL.
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.results import DriftReport
from tests.conftest import ALL_DIALECTS, db_url
from tests.project_factory import project_factory  # noqa: F401  (fixture)

MODULE = "drift_models"
BASE = """\
from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, db_index=True)
    age = fields.IntField(null=True)
    score = fields.IntField(db_default=0)
    note = fields.CharField(max_length=20, null=True, description="free text")

    class Meta:
        table = "author"


class Book(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100)
    pages = fields.IntField(default=1)
    author = fields.ForeignKeyField("models.Author", related_name="books", on_delete=fields.CASCADE)

    class Meta:
        table = "book"
        unique_together = (("title", "author"),)
        indexes = [Index(fields=("title", "pages"), name="idx_book_title_pages")]
"""
EXTRA_MODEL = """

class Extra(Model):
    id = fields.IntField(primary_key=True)

    class Meta:
        table = "extra_things"
"""

# name: (change to the models, words drift must print for the table, the table)
CASES: dict[str, tuple[tuple[str, str], str, str]] = {
    "missing_table": (
        ("class Book(Model):", "class Book:"),
        r"the table is missing",
        "book",
    ),
    "missing_column": (
        ("    age = fields.IntField(null=True)\n", ""),
        r"column age \(\w+\) is missing",
        "author",
    ),
    "extra_column": (
        (
            "    age = fields.IntField(null=True)\n",
            "    age = fields.IntField(null=True)\n"
            "    nick = fields.CharField(max_length=10, null=True)\n",
        ),
        r"column nick \(.+\) is not in the applied migrations",
        "author",
    ),
    "type": (
        ("max_length=50, db_index", "max_length=80, db_index"),
        r"column name: type is .*80.*, expected .*50",
        "author",
    ),
    "nullability": (
        (
            "title = fields.CharField(max_length=100)",
            "title = fields.CharField(max_length=100, null=True)",
        ),
        r"column title: allows NULL, expected NOT NULL",
        "book",
    ),
    "default": (
        ("db_default=0", "db_default=5"),
        r"column score: default is .*5.*, expected .*0",
        "author",
    ),
    "index_missing": (
        ("max_length=50, db_index=True", "max_length=50"),
        r"index \w+ on \(name\) is missing",
        "author",
    ),
    "index_name": (
        ('name="idx_book_title_pages"', 'name="idx_book_renamed"'),
        r"index on \(title, pages\) is named idx_book_renamed, expected idx_book_title_pages",
        "book",
    ),
    "index_column_order": (
        ('fields=("title", "pages")', 'fields=("pages", "title")'),
        r"index idx_book_title_pages is on \(pages, title\), expected on \(title, pages\)",
        "book",
    ),
    "unique_constraint": (
        ('unique_together = (("title", "author"),)', "pass"),
        # MySQL keeps a UNIQUE constraint as a unique index
        r"(unique constraint (\w+ )?|index \w+ UNIQUE )on \(title, author_id\) is missing",
        "book",
    ),
    "foreign_key_on_delete": (
        ("on_delete=fields.CASCADE", "on_delete=fields.RESTRICT"),
        r"foreign key .*\(author_id\) -> author \(id\) ON DELETE RESTRICT",
        "book",
    ),
}
COMMENT_CASE = (
    ('description="free text"', 'description="changed"'),
    r"column note: comment is 'changed', expected 'free text'",
    "author",
)


def _write(folder: Path, source: str) -> None:
    (folder / f"{MODULE}.py").write_text(source)
    sys.modules.pop(MODULE, None)


def _config(db: DatabaseConfig) -> dict[str, Any]:
    return {
        "connections": {"default": db_url(db)},
        "apps": {"models": {"models": [MODULE], "default_connection": "default"}},
    }


async def _drifted(
    db: DatabaseConfig, folder: Path, v2: str, exclude: tuple[str, ...] = ()
) -> DriftReport:
    async with Command(_config(db), location=folder / "migrations", exclude_tables=exclude) as cmd:
        _write(folder, BASE)
        await cmd.migrate()
        await cmd.upgrade()
        assert (await cmd.drift()).ok, "no drift right after migrator built the database"
        _write(folder, v2)
        assert await cmd.migrate(no_rename=True)
        await cmd.upgrade()
        session = cmd.session("models")
        await (await session.connection()).execute(
            "DELETE FROM migrator_history WHERE version = '0002'"
        )
        return await cmd.drift()


def _lines(report: DriftReport) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in report.entries:
        for table in entry.tables:
            found.setdefault(table.table, []).extend(table.differences)
    return found


def _case(
    case: tuple[tuple[str, str], str, str],
    dialect: str,
    make_db: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (old, new), words, table = case
    assert old in BASE
    monkeypatch.syspath_prepend(str(tmp_path))
    report = asyncio.run(_drifted(make_db(dialect), tmp_path, BASE.replace(old, new)))
    assert not report.ok
    lines = _lines(report)
    assert any(re.search(words, line) for line in lines.get(table, [])), lines


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_difference_is_named(
    name: str, dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case(CASES[name], dialect, make_db, tmp_path, monkeypatch)


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_comment_difference_is_named(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case(COMMENT_CASE, dialect, make_db, tmp_path, monkeypatch)


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_unmanaged_table_reported_unless_excluded(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    db = make_db(dialect)
    report = asyncio.run(_drifted(db, tmp_path, BASE + EXTRA_MODEL))
    unmanaged = [e for e in report.entries if e.app is None]
    assert [t.table for e in unmanaged for t in e.tables] == ["extra_things"]
    assert "exclude_tables" in unmanaged[0].tables[0].differences[0]
    again = asyncio.run(_drift_only(db, tmp_path, ("extra_*",)))
    assert again.ok, _lines(again)


async def _drift_only(db: DatabaseConfig, folder: Path, exclude: tuple[str, ...]) -> DriftReport:
    async with Command(_config(db), location=folder / "migrations", exclude_tables=exclude) as cmd:
        return await cmd.drift()


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_cli_exit_codes_and_words(dialect: str, project_factory: Any) -> None:  # noqa: F811
    """0 and "no drift" on a database migrator built; 1 and the table's differences once
    someone adds a table by hand; exclude_tables in pyproject.toml silences a foreign
    table."""
    from tests.project_factory import ok

    project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    assert "App models (" in ok(project, "drift") and "no drift" in ok(project, "drift")
    project.fetch("CREATE TABLE legacy_orders (id INT PRIMARY KEY)")
    result = project.cli("drift")
    assert result.exit_code == 1
    assert "table legacy_orders:" in result.output
    assert "Tables outside the models (" in result.output
    assert (
        "- not in any app's models (made by hand, by a hand-written migration or by another "
        "tool); add it to exclude_tables in [tool.migrator] to leave it alone" in result.output
    )
    assert "Error: the database differs from its applied migrations" in result.output
    text = project.pyproject.read_text()
    project.pyproject.write_text(text + 'exclude_tables = ["legacy_*"]\n')
    assert "no drift" in ok(project, "drift")


def test_fk_on_update_and_descending_keys_are_differences() -> None:
    """What the inspectors now read (FK ON UPDATE, a key's order) reaches drift's words."""
    from migrator.dialects.base.inspector import LiveForeignKey, LiveIndex, LiveTable
    from migrator.drift import compare_table

    fk = LiveForeignKey(None, ("p_id",), "p", ("id",), "CASCADE", "NO ACTION")
    index = LiveIndex("by_n", ("n", "id"), False)
    want = LiveTable("c", {}, indexes=(index,), foreign_keys=(fk,))
    have = LiveTable(
        "c",
        {},
        indexes=(LiveIndex("by_n", ("n DESC", "id"), False),),
        foreign_keys=(LiveForeignKey(None, ("p_id",), "p", ("id",), "CASCADE", "CASCADE"),),
    )
    assert compare_table(want, have) == [
        "index by_n is on (n DESC, id), expected on (n, id)",
        "foreign key (p_id) -> p (id) ON DELETE CASCADE is missing",
        "extra foreign key (p_id) -> p (id) ON DELETE CASCADE ON UPDATE CASCADE",
    ]


SCHEMA_MODELS = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50)

    class Meta:
        table = "user"
        schema = "crm"


class Visit(Model):
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="visits")

    class Meta:
        table = "visit"
"""


def test_drift_reads_the_tables_of_other_schemas(project_factory: Any) -> None:  # noqa: F811
    """Meta.schema tables on PostgreSQL: no drift on a database migrator built (the
    reference is built in scratch schemas, nothing of it stays); a change by hand inside the
    schema is reported under the table's key crm.user; a foreign table in that schema is
    unmanaged unless exclude_tables names it (by its key); a schema no model names is not
    read at all."""
    from tests.project_factory import ok

    project = project_factory("postgres", SCHEMA_MODELS)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch('CREATE SCHEMA "elsewhere"')
    project.fetch('CREATE TABLE "elsewhere"."user" ("id" INT)')
    assert "no drift" in ok(project, "drift")
    leftovers = project.fetch(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\\_migrator\\_ref%'"
    )
    assert leftovers == []
    project.fetch('CREATE TABLE "crm"."unrelated" ("id" INT)')
    result = project.cli("drift")
    assert result.exit_code == 1
    assert "table crm.unrelated:" in result.output
    text = project.pyproject.read_text()
    project.pyproject.write_text(text + 'exclude_tables = ["crm.unrelated"]\n')
    assert "no drift" in ok(project, "drift")
    project.fetch('ALTER TABLE "crm"."user" ADD COLUMN "nickname" TEXT')
    result = project.cli("drift")
    assert result.exit_code == 1
    assert "table crm.user:" in result.output
    assert "nickname" in result.output


def test_meta_schema_naming_the_pinned_schema_is_the_plain_table(
    project_factory: Any,  # noqa: F811
) -> None:
    """``?schema=public`` pins the search path: a model that spells out ``schema = "public"``
    is migrated into the table every unqualified name finds, and drift reads it so (no
    phantom ``public.user``)."""
    from tests.conftest import db_url
    from tests.project_factory import MODELS_V1, SETTINGS, ok

    project = project_factory(
        "postgres",
        MODELS_V1.replace(
            '        table = "user"\n', '        table = "user"\n        schema = "public"\n'
        ),
    )
    url = db_url(project.db) + "?schema=public"
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
    project.init()
    ok(project, "migrate")
    sql = next(project.migrations.rglob("upgrade.sql")).read_text()
    assert 'CREATE TABLE "user"' in sql and "CREATE SCHEMA" not in sql
    ok(project, "upgrade")
    assert "no drift" in ok(project, "drift")
    assert "No changes detected" in ok(project, "migrate")
