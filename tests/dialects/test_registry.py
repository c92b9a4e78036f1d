"""The registry: dialect names, Tortoise engines, identifier limits; and the promise that the
pure half of every dialect renders and splits without importing a driver."""

from __future__ import annotations

import subprocess
import sys

import pytest

from migrator.dialects import (
    available,
    dialect_for_engine,
    get_dialect,
    smallest_identifier_limit,
    supported_engines,
)
from migrator.errors import ConfigError


def test_available_names_every_dialect() -> None:
    assert available() == ["mysql", "postgres", "sqlite"]
    assert [get_dialect(name).name for name in available()] == available()


def test_unknown_dialect_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"dialect 'oracle'.*mysql, postgres, sqlite"):
        get_dialect("oracle")


@pytest.mark.parametrize(
    ("engine", "name"),
    [
        ("tortoise.backends.sqlite", "sqlite"),
        ("tortoise.backends.asyncpg", "postgres"),
        ("tortoise.backends.psycopg", "postgres"),
        ("tortoise.backends.mysql", "mysql"),
    ],
)
def test_engines_map_to_dialects(engine: str, name: str) -> None:
    assert engine in supported_engines()
    assert dialect_for_engine(engine, {}).name == name


def test_unknown_engine_names_the_supported_ones() -> None:
    with pytest.raises(ConfigError, match=r"'tortoise.backends.oracle'.*tortoise.backends.sqlite"):
        dialect_for_engine("tortoise.backends.oracle", {}, "main")


def test_mysql_takes_its_charset_from_the_credentials() -> None:
    dialect = dialect_for_engine("tortoise.backends.mysql", {"charset": "latin1"})
    assert getattr(dialect, "charset", None) == "latin1"


def test_smallest_identifier_limit_is_postgres() -> None:
    assert smallest_identifier_limit() == get_dialect("postgres").max_identifier_length == 63


_RENDER_WITHOUT_DRIVERS = """
import sys
from migrator import operations as ops
from migrator.dialects import get_dialect
from migrator.state import Column, SchemaState, Table

table = Table("t", (Column("id", "INT", pk=True), Column("name", "VARCHAR(10)", null=True)))
for name in ("sqlite", "postgres", "mysql"):
    dialect = get_dialect(name)
    before = SchemaState(dialect=name)
    rendered = dialect.render_all([ops.CreateTable(table)], before)
    assert rendered and rendered[0].statements, name
    assert dialect.split("SELECT 1; SELECT 2") and dialect.display_dsn({})
    assert dialect.history_table_statements("h")
drivers = ("aiosqlite", "asyncpg", "asyncmy", "fcntl", "tortoise", "sqlite3")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in drivers)
assert not loaded, loaded
"""


def test_rendering_imports_no_driver() -> None:
    """The pure Dialect of each package renders and splits without a driver (or fcntl)."""
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_WITHOUT_DRIVERS], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_a_fresh_database_is_named_within_each_servers_limit() -> None:
    long = "d" * 70
    pg = get_dialect("postgres").fresh_database(
        {"database": long, "user": "u"}, "default", "_t1", "/x"
    )
    assert pg == {"database": "d" * 60 + "_t1", "user": "u"}
    my = get_dialect("mysql").fresh_database({"database": long}, "default", "_t1", "/x")
    assert my == {"database": "d" * 61 + "_t1"}
    lite = get_dialect("sqlite").fresh_database(
        {"file_path": "db.sqlite3"}, "main", "_t1", "/tmp/f"
    )
    assert lite == {"file_path": "/tmp/f/main_t1.sqlite3"}
