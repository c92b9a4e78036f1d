"""Shared fixtures: every test that needs a database gets a fresh one of its own.

PostgreSQL and MySQL/MariaDB tests talk to real servers (defaults: the ones on this
machine). Point them elsewhere with MIGRATOR_PG_DSN / MIGRATOR_MYSQL_DSN. A test skips for a
missing server only when MIGRATOR_SKIP_POSTGRES=1 / MIGRATOR_SKIP_MYSQL=1 says so; otherwise
an unreachable server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects import dialect_for_engine
from migrator.dialects.base.backend import Backend
from migrator.dialects.base.dialect import Dialect

PG_DSN = os.environ.get("MIGRATOR_PG_DSN", "postgres://postgres@127.0.0.1:5432/postgres")
MYSQL_DSN = os.environ.get("MIGRATOR_MYSQL_DSN", "mysql://root:@127.0.0.1:3306/test")
ALL_DIALECTS = ("sqlite", "postgres", "mysql")
SKIP_ENV = {"postgres": "MIGRATOR_SKIP_POSTGRES", "mysql": "MIGRATOR_SKIP_MYSQL"}


def server_dsn(dialect: str) -> str:
    return {"postgres": PG_DSN, "mysql": MYSQL_DSN}[dialect]


def database_config(dialect: str, name: str, tmp_path: Path) -> DatabaseConfig:
    """A DatabaseConfig for a database called ``name`` on the test server of ``dialect``."""
    from tortoise.backends.base.config_generator import expand_db_url

    if dialect == "sqlite":
        url = f"sqlite://{tmp_path / (name + '.sqlite3')}"
    else:
        base = server_dsn(dialect)
        url = base.rsplit("/", 1)[0] + "/" + name
    expanded = expand_db_url(url)
    engine, credentials = expanded["engine"], expanded["credentials"]
    return DatabaseConfig(dialect_for_engine(engine, credentials), engine, credentials)


def db_url(db: DatabaseConfig) -> str:
    """The Tortoise db_url for ``db`` (used to build TORTOISE_ORM dicts in tests)."""
    c = db.credentials
    if db.dialect.name == "sqlite":
        return f"sqlite://{c['file_path']}"
    scheme = {"postgres": "postgres", "mysql": "mysql"}[db.dialect.name]
    password = c.get("password") or ""
    return f"{scheme}://{c['user']}:{password}@{c['host']}:{c['port']}/{c['database']}"


def _skip_if_asked(dialect: str) -> None:
    env = SKIP_ENV.get(dialect)
    if env and os.environ.get(env) == "1":
        pytest.skip(f"{env}=1")


@pytest.fixture
def make_db(tmp_path: Path) -> Iterator[object]:
    """Factory: ``make_db("postgres")`` creates a fresh database and returns its config."""
    created: list[DatabaseConfig] = []

    def factory(dialect: str) -> DatabaseConfig:
        _skip_if_asked(dialect)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        name = f"mig_{worker}_{uuid.uuid4().hex[:10]}"
        db = database_config(dialect, name, tmp_path)
        asyncio.run(db.dialect.backend(db).create_database())
        created.append(db)
        return db

    yield factory
    for db in created:
        asyncio.run(db.dialect.backend(db).drop_database())


@pytest.fixture(params=ALL_DIALECTS)
def any_db(request: pytest.FixtureRequest, make_db: object) -> DatabaseConfig:
    """A fresh database on each dialect in turn."""
    return make_db(request.param)  # type: ignore[operator, no-any-return]


def backend_for(dialect: Dialect) -> Backend:
    """``dialect``'s backend for calls on a connection already open (inspect, table_names,
    table_exists, locks): they need no database address."""
    return dialect.backend(DatabaseConfig(dialect, "", {}))
