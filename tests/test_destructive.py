"""Statements that can lose data are announced by ``migrate`` and flagged ``-- DESTRUCTIVE`` in
the SQL, and a ``downgrade`` that can lose data asks first (only then).

Everything goes through the real CLI on real databases; the prompt tests run ``migrator`` in
a subprocess on a pseudo-terminal, because the prompt is only offered to a terminal.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ALL_DIALECTS
from tests.project_factory import MODELS_RENAMED, MODELS_V1, Project, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

BEFORE = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "user"


class Note(Model):
    id = fields.IntField(primary_key=True)
    body = fields.TextField()

    class Meta:
        table = "note"
"""

# drop column user.email, drop table note, narrow user.name 100 -> 20, add a nullable column
AFTER = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=20)
    age = fields.IntField(null=True)

    class Meta:
        table = "user"
"""

HEADER = re.compile(r"^-- \[\d+/\d+\] (?P<what>.*)$")


def blocks(sql: str) -> dict[str, tuple[bool, str]]:
    """Block title -> (flagged destructive, the block's SQL lines)."""
    result: dict[str, tuple[bool, str]] = {}
    title = None
    for line in sql.splitlines():
        if match := HEADER.match(line):
            title = match.group("what")
            result[title] = (False, "")
        elif title is not None:
            flagged, body = result[title]
            if line.startswith("-- DESTRUCTIVE"):
                assert body == "", "the flag must precede the block's statements"
                result[title] = (True, body)
            else:
                result[title] = (flagged, body + line + "\n")
    return result


def block_with(found: dict[str, tuple[bool, str]], part: str) -> tuple[bool, str]:
    matches = [value for title, value in found.items() if part in title]
    assert len(matches) == 1, (part, list(found))
    return matches[0]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_migrate_lists_and_flags_every_statement_that_can_lose_data(
    project_factory: Any, dialect: str
) -> None:
    project: Project = project_factory(dialect, BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(AFTER)

    result = project.cli("migrate", "--no-rename")

    assert result.exit_code == 0, result.output
    narrowing_loses_data = dialect != "sqlite"  # SQLite ignores VARCHAR lengths
    announced = [line for line in result.stdout.splitlines() if "DESTRUCTIVE" in line]
    assert any("drop column user.email" in line for line in announced), result.stdout
    assert any("drop table note" in line for line in announced), result.stdout
    assert any("alter column user.name" in line for line in announced) == narrowing_loses_data
    assert not any("add column user.age" in line for line in announced)

    sql = (project.migrations / project.migration_dirs()[-1] / "upgrade.sql").read_text()
    found = blocks(sql)
    flagged, body = block_with(found, "drop column user.email")
    assert flagged and "email" in body
    flagged, body = block_with(found, "drop table note")
    assert flagged and "DROP TABLE" in body
    assert block_with(found, "alter column user.name")[0] == narrowing_loses_data
    assert block_with(found, "add column user.age")[0] is False


def test_narrowing_on_sqlite_keeps_the_data_it_is_not_flagged_for(project_factory: Any) -> None:
    """The other half of the SQLite exception above: the long value really survives."""
    import sqlite3

    project: Project = project_factory("sqlite", BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    assert project.cli("upgrade").exit_code == 0
    path = project.db.credentials["file_path"]
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO user (id, name) VALUES (1, ?)", ("x" * 90,))
    project.write_models(BEFORE.replace("max_length=100)\n    email", "max_length=20)\n    email"))
    assert project.cli("migrate").exit_code == 0
    assert project.cli("upgrade").exit_code == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM user").fetchone() == ("x" * 90,)


@pytest.mark.parametrize("dialect", ("sqlite", "postgres"))
def test_the_downgrade_of_a_create_table_is_flagged(project_factory: Any, dialect: str) -> None:
    project: Project = project_factory(dialect, BEFORE)
    project.init()
    result = project.cli("migrate")
    assert result.exit_code == 0, result.output
    sql = (project.migrations / project.migration_dirs()[0] / "downgrade.sql").read_text()
    found = blocks(sql)
    for table in ("user", "note"):
        flagged, body = block_with(found, f"drop table {table}")
        assert flagged and "DROP TABLE" in body
    # migrate says so too: the upgrade loses nothing, its downgrade drops both tables
    announced = [line.strip() for line in result.stdout.splitlines() if "DESTRUCTIVE" in line]
    # in one line: a line per table would teach users to skip the mark
    assert announced == ["! DESTRUCTIVE on downgrade: drop 2 tables note, user (data is lost)"]


def test_migrate_names_the_downgrade_losses_of_an_added_column(project_factory: Any) -> None:
    project: Project = project_factory("sqlite", BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(
        BEFORE.replace("    email =", "    bio = fields.TextField(null=True)\n    email =")
    )
    result = project.cli("migrate")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("+ add column user.bio" in line for line in lines), result.stdout
    assert [line.strip() for line in lines if "DESTRUCTIVE" in line] == [
        "! DESTRUCTIVE on downgrade: drop column user.bio (data is lost)"
    ]


# -- downgrade confirmation ------------------------------------------------------------------


def applied(project: Project) -> list[str]:
    result = project.cli("history")
    assert result.exit_code == 0, result.output
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("models ")]


def two_applied(project_factory: Any, dialect: str = "sqlite") -> Project:
    """0001 creates user and note; 0002 drops email and note, so reverting 0002 re-creates
    them empty (no loss), while reverting 0001 drops tables (loss)."""
    project: Project = project_factory(dialect, BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(AFTER)
    assert project.cli("migrate", "--no-rename").exit_code == 0
    assert project.cli("upgrade").exit_code == 0
    assert len(applied(project)) == 2
    return project


def on_terminal(project: Project, answer: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``migrator ARGS`` in a subprocess whose stdin is a pseudo-terminal fed ``answer``."""
    master, slave = pty.openpty()
    try:
        os.write(master, answer.encode())
        return subprocess.run(
            [sys.executable, "-m", "migrator", "-c", str(project.pyproject), *args],
            cwd=project.path,
            stdin=slave,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)


def test_downgrade_that_loses_data_asks_and_no_leaves_everything_applied(
    project_factory: Any,
) -> None:
    project = two_applied(project_factory)
    before = applied(project)

    done = on_terminal(project, "n\n", "downgrade", "--all")

    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "can lose data" in done.stdout and "drop table user" in done.stdout
    assert "Revert?" in done.stdout
    assert done.stderr.strip() == "Error: downgrade cancelled; nothing was changed"
    assert applied(project) == before


def test_answering_yes_on_the_terminal_reverts(project_factory: Any) -> None:
    project = two_applied(project_factory)

    done = on_terminal(project, "y\n", "downgrade", "--all")

    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Revert?" in done.stdout
    assert applied(project) == []


def test_without_a_terminal_a_lossy_downgrade_needs_yes(project_factory: Any) -> None:
    project = two_applied(project_factory)
    before = applied(project)

    refused = project.cli("downgrade", "--all")

    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: downgrade would revert models 0002_")
    assert "pass --yes to confirm" in refused.stderr
    assert applied(project) == before

    done = project.cli("downgrade", "--all", "--yes")
    assert done.exit_code == 0, done.output
    assert "Revert?" not in done.output and "can lose data" not in done.output
    assert applied(project) == []


def test_yes_skips_the_prompt_on_a_terminal_too(project_factory: Any) -> None:
    project = two_applied(project_factory)

    done = on_terminal(project, "", "downgrade", "--all", "--yes")

    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Revert?" not in done.stdout
    assert applied(project) == []


def test_on_a_terminal_even_a_lossless_downgrade_asks(project_factory: Any) -> None:
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(MODELS_RENAMED)
    assert project.cli("migrate", "--rename", "user.username=handle").exit_code == 0
    assert project.cli("upgrade").exit_code == 0
    before = applied(project)

    refused = on_terminal(project, "n\n", "downgrade")  # undoing a rename loses nothing

    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert "(loses no data)" in refused.stdout and "Revert?" in refused.stdout
    assert applied(project) == before
    done = on_terminal(project, "y\n", "downgrade")
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert applied(project) == before[:1]


@pytest.mark.parametrize("dialect", ("sqlite", "postgres"))
def test_downgrade_that_loses_nothing_runs_without_asking(
    project_factory: Any, dialect: str
) -> None:
    """Reverting a rename, or re-creating what an upgrade dropped, loses nothing."""
    project: Project = project_factory(dialect, MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(MODELS_RENAMED)
    assert project.cli("migrate", "--rename", "user.username=handle").exit_code == 0
    assert project.cli("upgrade").exit_code == 0

    done = project.cli("downgrade")  # no terminal to ask, no --yes: fine, nothing is lost

    assert done.exit_code == 0, done.output
    assert "Revert?" not in done.output
    assert done.stdout.startswith(f"Reverted models {project.migration_dirs()[1]} ")
    assert applied(project) == [project.migration_dirs()[0]]


def test_reverting_drops_and_a_narrowing_loses_nothing_and_does_not_ask(
    project_factory: Any,
) -> None:
    """The downgrade re-creates the dropped table and column and widens the type back."""
    project = project_factory("postgres", BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(AFTER.replace("    age = fields.IntField(null=True)\n", ""))
    assert project.cli("migrate", "--no-rename").exit_code == 0
    assert project.cli("upgrade").exit_code == 0

    done = project.cli("downgrade")

    assert done.exit_code == 0, done.output
    assert applied(project) == [project.migration_dirs()[0]]


def test_a_hand_written_downgrade_counts_as_lossy(project_factory: Any) -> None:
    """migrator cannot judge SQL it did not write, so it asks."""
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    assert project.cli("migrate", "--empty", "--name", "data").exit_code == 0
    folder = project.migrations / project.migration_dirs()[1]
    with (folder / "upgrade.sql").open("a") as f:
        f.write("CREATE TABLE scratch (id INTEGER);\n")
    with (folder / "downgrade.sql").open("a") as f:
        f.write("DROP TABLE scratch;\n")
    assert project.cli("upgrade").exit_code == 0

    refused = project.cli("downgrade")

    assert refused.exit_code == 2
    assert "hand-written SQL" in refused.stderr
    assert len(applied(project)) == 2


def test_downgrade_losses_reads_the_generated_flags(tmp_path: Path) -> None:
    """The Migration API the CLI relies on, on a MySQL-style file with undo markers."""
    from migrator.files import Migration

    folder = tmp_path / "0002_x"
    folder.mkdir()
    (folder / "downgrade.sql").write_text(
        "-- migrator downgrade: models 0002_x (mysql)\n"
        "-- [1/2] drop column user.age (undoes upgrade [2/2])\n"
        "-- DESTRUCTIVE: this can lose data; review before applying\n"
        "ALTER TABLE `user` DROP COLUMN `age`;\n"
        "\n"
        "-- [2/2] rename column user.handle to username (undoes upgrade [1/2])\n"
        "ALTER TABLE `user` RENAME COLUMN `handle` TO `username`;\n"
    )
    migration = Migration("models", "0002", "x", "0001", "mysql", folder)
    assert migration.downgrade_losses() == ["drop column user.age"]
    (folder / "downgrade.sql").write_text("-- nothing to undo\n")
    assert migration.downgrade_losses() == []


@pytest.mark.parametrize(
    ("dialect", "effect"),
    [
        (
            "postgres",
            "VARCHAR(100) -> VARCHAR(20): the server refuses the change while a stored value "
            "does not fit (nothing is lost; shorten those values first)",
        ),
        (
            "mysql",
            "VARCHAR(100) -> VARCHAR(20): in strict mode (the default) the server refuses the "
            "change while a stored value does not fit; without strict mode it truncates those "
            "values (data is lost)",
        ),
    ],
)
def test_narrowing_says_what_the_server_does(
    project_factory: Any, dialect: str, effect: str
) -> None:
    project: Project = project_factory(dialect, BEFORE)
    project.init()
    assert project.cli("migrate").exit_code == 0
    project.write_models(BEFORE.replace("max_length=100)\n    email", "max_length=20)\n    email"))
    result = project.cli("migrate")
    assert result.exit_code == 0, result.output
    assert [line.strip() for line in result.stdout.splitlines() if "DESTRUCTIVE" in line] == [
        f"! DESTRUCTIVE: alter column user.name (type) ({effect})"
    ]
