"""Generated columns on a live PostgreSQL server (the generated_column example project): a
changed expression is applied by dropping and adding the column, so every existing row's value
is computed anew with the new expression, and the downgrade computes the old one again; a
generated column that becomes plain keeps the values it held."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from tests.conftest import db_url
from tests.integration.projects import FixtureProject

pytestmark = pytest.mark.postgres

# which rows' search vector holds the word (english stemming: "bravos" is found as "bravo")
MATCHES = "SELECT id FROM article WHERE search @@ to_tsquery('english', $1) ORDER BY id"
PLAIN_V2 = """
from tortoise import fields
from tortoise.contrib.postgres.fields import TSVectorField
from tortoise.contrib.postgres.indexes import GinIndex
from tortoise.models import Model


class Article(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField(null=True)
    search = TSVectorField(stored=False, description="what full-text search reads")
    published = fields.BooleanField(default=False)

    class Meta:
        table = "article"
        indexes = (GinIndex(fields=("search",)),)
"""


async def _matches(db: DatabaseConfig, word: str) -> list[int]:
    conn = await db.dialect.backend(db).connect()
    try:
        return [row[0] for row in await conn.fetch(MATCHES, (word,))]
    finally:
        await conn.close()


async def _insert(db: DatabaseConfig) -> None:
    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute(
            "INSERT INTO article (title, body, published) VALUES "
            "('alpha news', 'bravos everywhere', TRUE), ('charlie', NULL, FALSE)"
        )
    finally:
        await conn.close()


def _setup(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[FixtureProject, DatabaseConfig, Path]:
    project = FixtureProject.load("generated_column")
    workdir = tmp_path / "project"
    workdir.mkdir()
    monkeypatch.syspath_prepend(str(workdir))
    return project, make_db("postgres"), workdir


def test_a_new_expression_recomputes_existing_rows_and_the_downgrade_restores_it(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, db, workdir = _setup(make_db, tmp_path, monkeypatch)

    async def walk() -> None:
        async with Command(project.tortoise_config(db_url(db)), location=tmp_path / "m") as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            await cmd.upgrade()
            await _insert(db)
            assert await _matches(db, "alpha") == [1]
            assert await _matches(db, "bravo") == []  # v1 reads the title only
            project.materialize(1, workdir)
            await cmd.migrate()
            await cmd.upgrade()
            assert await _matches(db, "bravo") == [1]  # computed again from title and body
            assert await _matches(db, "alpha") == [1]
            await cmd.downgrade()
            assert await _matches(db, "bravo") == []
            assert await _matches(db, "alpha") == [1]
        project.forget_modules()

    asyncio.run(walk())


def test_a_generated_column_becoming_plain_keeps_its_values(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, db, workdir = _setup(make_db, tmp_path, monkeypatch)

    async def walk() -> None:
        async with Command(project.tortoise_config(db_url(db)), location=tmp_path / "m") as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            await cmd.upgrade()
            await _insert(db)
            (workdir / "models.py").write_text(PLAIN_V2)
            project.forget_modules()
            written = await cmd.migrate()
            assert written[0].destructive == []  # DROP EXPRESSION keeps the values
            # the downgrade replaces the plain column's values with computed ones
            assert written[0].downgrade_destructive == [
                "alter column article.search (type) (the stored values are replaced by the "
                "values the expression computes)"
            ]
            await cmd.upgrade()
            assert await _matches(db, "alpha") == [1]  # the values computed by v1 stay
            conn = await db.dialect.backend(db).connect()
            try:  # and the column is plain: it takes a value of its own now
                await conn.execute("UPDATE article SET search = to_tsvector('english', 'delta')")
            finally:
                await conn.close()
            assert await _matches(db, "delta") == [1, 2]
            await cmd.downgrade()  # generated again: computed from the title
            assert await _matches(db, "delta") == []
            assert await _matches(db, "alpha") == [1]
        project.forget_modules()

    asyncio.run(walk())


def test_drift_reports_an_expression_changed_by_hand(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, db, workdir = _setup(make_db, tmp_path, monkeypatch)

    async def walk() -> list[str]:
        async with Command(project.tortoise_config(db_url(db)), location=tmp_path / "m") as cmd:
            project.materialize(0, workdir)
            await cmd.migrate()
            await cmd.upgrade()
            assert (await cmd.drift()).ok
            conn = await db.dialect.backend(db).connect()
            try:
                await conn.execute("ALTER TABLE article DROP COLUMN search")
                await conn.execute(
                    "ALTER TABLE article ADD COLUMN search TSVECTOR GENERATED ALWAYS AS "
                    "(to_tsvector('simple', title)) STORED NOT NULL"
                )
                await conn.execute(
                    "COMMENT ON COLUMN article.search IS 'what full-text search reads'"
                )
                await conn.execute(
                    'CREATE INDEX "idx_article_search_df7f45" ON article USING GIN (search)'
                )
            finally:
                await conn.close()
            report = await cmd.drift()
        project.forget_modules()
        return [line for e in report.entries for t in e.tables for line in t.differences]

    assert asyncio.run(walk()) == [
        "column search: generated as to_tsvector('simple'::regconfig, (title)::text), expected "
        "to_tsvector('english'::regconfig, (COALESCE(title, ''::character varying))::text)"
    ]
