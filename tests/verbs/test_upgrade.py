"""``upgrade`` (migrator/verbs/upgrade.py): a failing statement rolls the whole migration
back, a MySQL run that stops part-way is journaled and resumed, migrations written for
another database kind are refused before anything runs, and so are applied migrations whose
files changed or vanished."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from typing import Any

import pytest

from migrator.errors import MigrationFileError
from migrator.files import checksum
from tests.project_factory import (
    MODELS_V4,
    Project,
    folder,
    history_checksums,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
    three_applied,
)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_failing_statement_rolls_back_the_migration(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    ok(project, "migrate", "--empty", "--name", "backfill")
    upgrade_sql = project.migrations / "0002_backfill" / "upgrade.sql"
    upgrade_sql.write_text(
        "-- hand-written\n"
        "CREATE TABLE audit (id INT PRIMARY KEY);\n"
        "INSERT INTO audit VALUES (1);\n"
        "\n"
        "INSERT INTO no_such_table VALUES (1);\n",
        encoding="utf-8",
    )

    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    line = lines[0]
    assert "Traceback" not in result.output
    assert f"{upgrade_sql}:5:" in line
    assert "statement 3 of 3" in line
    assert "INSERT INTO no_such_table VALUES (1)" in line
    assert "no_such_table" in line.split("INSERT INTO no_such_table VALUES (1)", 1)[1], (
        "the database's own message is missing"
    )
    assert "rolled back" in line

    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]
    assert "0002_backfill" in ok(project, "heads")

    # with -v the traceback comes first, then the same one-line error
    verbose = project.cli("-v", "upgrade")
    assert verbose.exit_code == 1
    assert "Traceback" in verbose.output
    assert verbose.output.strip().splitlines()[-1] == line


def test_mysql_failure_is_journaled_and_upgrade_resumes(project_factory: Any) -> None:  # noqa: F811
    """MySQL commits each DDL statement: a failure leaves the migration partial (visible in
    heads and history), and the next upgrade resumes at the failed statement."""
    project: Project = project_factory("mysql")
    project.init()
    ok(project, "migrate", "--empty", "--name", "two_tables")
    upgrade_sql = project.migrations / "0001_two_tables" / "upgrade.sql"
    upgrade_sql.write_text(
        "CREATE TABLE first_t (id INT PRIMARY KEY);\nINSERT INTO missing_t VALUES (1);\n",
        encoding="utf-8",
    )
    result = project.cli("upgrade")
    assert result.exit_code == 1
    line = result.output.strip()
    assert f"{upgrade_sql}:2: statement 2 of 2 failed" in line and "missing_t" in line
    assert "partially applied (1 of 2 statements ran)" in line
    assert "first_t" in project.tables()
    assert "[PARTIAL" in ok(project, "heads")
    assert "[PARTIAL 1/2]" in ok(project, "history")

    upgrade_sql.write_text(
        "CREATE TABLE first_t (id INT PRIMARY KEY);\nCREATE TABLE missing_t (id INT);\n",
        encoding="utf-8",
    )
    out = ok(project, "upgrade")
    assert "resumed after statement 1" in out
    assert {"first_t", "missing_t"} <= project.tables()
    assert history_ids(project) == ["0001_two_tables"]


@pytest.mark.parametrize("other", ["postgres", "mysql"])
def test_migrations_of_another_dialect_are_refused_before_anything_runs(
    project_factory: Any,  # noqa: F811
    make_db: Any,
    other: str,
) -> None:
    """SQLite migrations pointed at PostgreSQL or MySQL: refused up front, naming both
    dialects, with no history table created (MySQL could not roll a statement back)."""
    project: Project = project_factory("sqlite")
    moved = dataclasses.replace(project, db=make_db(other))

    async def go() -> None:
        async with project.command() as cmd:
            await cmd.init()
            await cmd.migrate()
        async with moved.command() as cmd:
            with pytest.raises(MigrationFileError) as raised:
                await cmd.upgrade()
            message = str(raised.value)
            assert "0001_initial" in message and "written for sqlite" in message
            assert f"points the app at {other}" in message and "nothing was run" in message

    asyncio.run(go())
    assert moved.tables() == set()


# -- applied migrations whose files changed or vanished ---------------------------------

CHECKSUM_DIALECTS = ("sqlite", "postgres")


def test_upgrade_with_several_mismatches_counts_them(project_factory: Any) -> None:  # noqa: F811
    project = three_applied(project_factory, "sqlite")
    for index in (0, 2):
        with (folder(project, index) / "upgrade.sql").open("a") as f:
            f.write("SELECT 1; -- edit\n")
    refused = project.cli("upgrade")
    assert refused.exit_code == 1
    assert "; 1 more: `migrator validate` lists every problem" in refused.stderr
    # validate names each of them, not only the first
    listed = project.cli("validate")
    assert listed.exit_code == 1
    changed = [line for line in listed.stdout.splitlines() if line.startswith("changed:")]
    assert len(changed) == 2, listed.stdout
    for index in (0, 2):
        assert any(str(folder(project, index) / "upgrade.sql") in line for line in changed)


@pytest.mark.parametrize("dialect", CHECKSUM_DIALECTS)
def test_upgrade_refuses_when_an_applied_migration_was_deleted(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """The newest applied migration's directory is gone (the chain of the rest is intact):
    upgrade names the path it should be at and applies nothing."""
    project = three_applied(project_factory, dialect)
    gone = folder(project, 2)
    shutil.rmtree(gone)
    before = history_checksums(project)

    refused = project.cli("upgrade")

    assert refused.exit_code == 1, refused.output
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert f"applied migration {gone.name} is missing" in refused.stderr
    assert str(gone / "upgrade.sql") in refused.stderr and "restore" in refused.stderr
    assert history_checksums(project) == before


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_a_review_note_in_an_applied_file_does_not_block_the_deploy(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """A DBA's comment and re-indentation of an applied upgrade.sql are not changes; a row
    written with the earlier text checksum is still accepted; a changed statement is not."""
    project = three_applied(project_factory, dialect)
    first, second = folder(project, 0), folder(project, 1)
    noted = first / "upgrade.sql"
    noted.write_text(
        "-- reviewed by the DBA on staging: fine\n"
        + noted.read_text().replace("\n", "\n    ")
        + "\n/* nothing else to run */\n"
    )
    # 0002's row as an earlier migrator wrote it: the text checksum
    asyncio.run(_set_checksum(project, "0002", checksum((second / "upgrade.sql").read_text())))
    project.write_models(MODELS_V4)
    assert project.cli("migrate").exit_code == 0

    assert project.cli("validate").exit_code == 0, project.cli("validate").output
    applied = project.cli("upgrade")
    assert applied.exit_code == 0, applied.output
    assert project.migration_dirs()[3] in history_checksums(project)

    noted.write_text(noted.read_text().replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
    refused = project.cli("upgrade")
    assert refused.exit_code == 1
    assert f"{noted} changed after it was applied" in refused.stderr


async def _set_checksum(project: Project, version: str, value: str) -> None:
    db = project.db
    q = db.dialect.quote
    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute(
            f"UPDATE {q('migrator_history')} SET {q('checksum')} = '{value}' "
            f"WHERE {q('version')} = '{version}'"
        )
    finally:
        await conn.close()
