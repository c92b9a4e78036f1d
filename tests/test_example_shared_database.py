"""migrations_fixtures/shared_database: a database shared with tables SQLAlchemy/Alembic own.
The real CLI, run in a copy of the example with its pyproject.toml (exclude_tables =
["alembic_version", "sa_*"]), migrates the Tortoise models and leaves the Alembic side alone:
no migration mentions it, its rows are untouched, drift and status see nothing to report."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from tests.conftest import db_url

EXAMPLE = Path(__file__).resolve().parents[1] / "migrations_fixtures" / "shared_database"
ALEMBIC_TABLES = ("alembic_version", "sa_audit_log")


def _statements(sql: str) -> list[str]:
    text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";") if part.strip()]


async def _run(db: DatabaseConfig, statements: list[str]) -> list[list[tuple[Any, ...]]]:
    conn = await db.dialect.backend(db).connect()
    try:
        return [await conn.fetch(sql) for sql in statements]
    finally:
        await conn.close()


def _alembic_side(db: DatabaseConfig) -> list[list[tuple[Any, ...]]]:
    return asyncio.run(
        _run(
            db,
            [
                "SELECT version_num FROM alembic_version",
                "SELECT id, actor, action FROM sa_audit_log ORDER BY id",
            ],
        )
    )


def _cli(folder: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args],
        cwd=folder,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_migrator_leaves_the_alembic_tables_alone(
    dialect: str, make_db: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "shared_database"
    shutil.copytree(EXAMPLE, folder)
    assert not (folder / "migrations").exists()
    db = make_db(dialect)
    asyncio.run(_run(db, _statements((folder / "alembic_side.sql").read_text())))
    url = db_url(db)

    for args in (
        ("migrate", "--name", "initial"),
        ("upgrade",),
        ("drift",),
        ("check",),
        ("status", "--exit-code"),
    ):
        result = _cli(folder, url, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        if args == ("drift",):
            assert "no drift" in result.stdout
            assert not any(name in result.stdout for name in ALEMBIC_TABLES), result.stdout
        if args[0] == "status":
            assert "drift: none" in result.stdout

    written = sorted(
        p.relative_to(folder) for p in (folder / "migrations").rglob("*") if p.is_file()
    )
    assert [str(p) for p in written] == [
        "migrations/models/0001_initial/downgrade.sql",
        "migrations/models/0001_initial/snapshot.json",
        "migrations/models/0001_initial/upgrade.sql",
    ]
    for path in written:
        text = (folder / path).read_text()
        assert "alembic" not in text and "sa_audit" not in text, path
    assert "CREATE TABLE" in (folder / written[2]).read_text()

    assert _alembic_side(db) == [
        [("3f2a9c1d7b8e",)],
        [(1, "alice", "created report 12"), (2, "bob", "exported invoices")],
    ]
    [[(version,)]] = asyncio.run(_run(db, ["SELECT version FROM migrator_history"]))
    assert version == "0001"

    # the control: without exclude_tables, the same database shows the Alembic tables as drift
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(
        "".join(
            line
            for line in pyproject.read_text().splitlines(keepends=True)
            if not line.startswith("exclude_tables")
        )
    )
    unexcluded = _cli(folder, url, "drift")
    assert unexcluded.returncode == 1
    assert "table alembic_version:" in unexcluded.stdout
    assert "table sa_audit_log:" in unexcluded.stdout
