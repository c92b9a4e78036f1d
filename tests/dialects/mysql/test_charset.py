"""The connection's charset reaches the DDL, as it does in Tortoise's schema generator:
``?charset=latin1`` in the URL gives ``CHARACTER SET latin1`` tables, equal to a fresh
``generate_schemas()`` with the same URL, on a database whose own default is utf8mb4."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from migrator.capture import capture_apps
from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.mysql import MySQLDialect
from migrator.errors import ConfigError
from tests.conftest import db_url
from tests.dialects.mysql.support import LIBRARY_MODELS, fetch, live, run

MakeDb = Callable[[str], DatabaseConfig]

CHARSETS = (
    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.CHARACTER_SET_NAME, t.TABLE_COLLATION "
    "FROM information_schema.COLUMNS c JOIN information_schema.TABLES t "
    "ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
    "WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY 1, 2"
)


def _with_charset(db: DatabaseConfig, charset: str) -> DatabaseConfig:
    return replace(db, credentials={**db.credentials, "charset": charset})


def test_dialect_takes_the_charset_of_the_connection() -> None:
    credentials = {"database": "x"}
    assert MySQLDialect.for_credentials(credentials).charset == "utf8mb4"  # Tortoise's default
    latin1 = {**credentials, "charset": "latin1"}
    assert MySQLDialect.for_credentials(latin1).charset == "latin1"
    with pytest.raises(ConfigError, match="'latin1; DROP' in the database URL"):
        MySQLDialect.for_credentials({**credentials, "charset": "latin1; DROP"})


def test_latin1_tables_equal_generate_schemas_with_the_same_url(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tortoise.context import TortoiseContext

    theirs_db = _with_charset(make_db("mysql"), "latin1")
    ours_db = _with_charset(make_db("mysql"), "latin1")
    module = "my_charset_models"
    (tmp_path / f"{module}.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    config = {
        "connections": {"default": db_url(theirs_db) + "?charset=latin1"},
        "apps": {"models": {"models": [module]}},
    }

    async def tortoise_creates() -> None:
        async with TortoiseContext() as ctx:
            await ctx.init(config=config)
            await ctx.generate_schemas(safe=False)

    try:
        asyncio.run(tortoise_creates())
        state = capture_apps(config, {"models": get_dialect("mysql")})["models"]
    finally:
        sys.modules.pop(module, None)
    dialect = MySQLDialect.for_credentials(ours_db.credentials)
    statements = [s for t in state.sorted_tables() for s in dialect.create_table_statements(t)]
    creates = [s for s in statements if s.startswith("CREATE TABLE")]
    assert creates and all(") CHARACTER SET latin1" in s for s in creates)
    asyncio.run(run(ours_db, statements))

    theirs = asyncio.run(fetch(theirs_db, CHARSETS))
    assert {row[3] for row in theirs} == {"latin1_swedish_ci"}
    assert asyncio.run(fetch(ours_db, CHARSETS)) == theirs
    assert asyncio.run(live(ours_db)) == asyncio.run(live(theirs_db))


def test_migrate_and_upgrade_use_the_charset_of_the_url(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through Command: the written upgrade.sql, the tables and the history table get the
    URL's charset, and the schema equals generate_schemas() with the same URL."""
    from tortoise.context import TortoiseContext

    from migrator.command import Command

    ours_db, theirs_db = make_db("mysql"), make_db("mysql")
    module = "my_charset_command_models"
    (tmp_path / f"{module}.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))

    def config(db: DatabaseConfig) -> dict[str, object]:
        return {
            "connections": {"default": db_url(db) + "?charset=latin1"},
            "apps": {"models": {"models": [module], "default_connection": "default"}},
        }

    async def scenario() -> str:
        async with Command(config(ours_db), location=tmp_path / "migrations") as cmd:
            [written] = await cmd.migrate()
            await cmd.upgrade()
        async with TortoiseContext() as ctx:
            await ctx.init(config=config(theirs_db))
            await ctx.generate_schemas(safe=False)
        return (written.path / "upgrade.sql").read_text()

    try:
        upgrade_sql = asyncio.run(scenario())
    finally:
        sys.modules.pop(module, None)
    assert "CHARACTER SET latin1" in upgrade_sql and "utf8mb4" not in upgrade_sql
    ours = asyncio.run(fetch(ours_db, CHARSETS))
    assert {row[3] for row in ours} == {"latin1_swedish_ci"}  # the history table too
    assert [row for row in ours if row[0] != "migrator_history"] == asyncio.run(
        fetch(theirs_db, CHARSETS)
    )
    assert asyncio.run(live(ours_db)).without("migrator_history") == asyncio.run(live(theirs_db))
