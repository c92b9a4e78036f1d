"""What a failed ``upgrade`` says, on every dialect: the failing statement is named by its
number in the file and by the ``-- [k/n]`` block label the file shows above it (MySQL splits
one operation into several statements, so the two numbers differ there), and "earlier
migrations stay applied" is said only when some are."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from tests.project_factory import (
    MODELS_V1,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

# v1 plus a nullable column and a unique username: two blocks at least, the second of
# which fails on duplicate usernames
MODELS_UNIQUE = MODELS_V1.replace(
    "username = fields.CharField(max_length=50)",
    "username = fields.CharField(max_length=50, unique=True)\n"
    "    email = fields.CharField(max_length=100, null=True)",
)
QUOTED_USER = {"sqlite": '"user"', "postgres": '"user"', "mysql": "`user`"}
LOCATION = re.compile(
    r"(?P<path>/\S+\.sql):(?P<line>\d+): statement (?P<number>\d+) of (?P<total>\d+)"
)
HEADER = re.compile(r"^-- (?P<label>\[\d+/\d+\]) (?P<title>.*?)(?: \(undoes upgrade.*)?$")


def _label_above(path: Path, line: int) -> str:
    """The ``[k/n] title`` of the last block header above ``line`` in the file."""
    label = ""
    for text in path.read_text(encoding="utf-8").splitlines()[: line - 1]:
        if match := HEADER.match(text):
            label = f"{match['label']} {match['title']}"
    return label


async def _insert(project: Project, sql: str) -> None:
    db = project.db
    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_error_names_the_statement_and_its_block_label(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    user = QUOTED_USER[dialect]
    asyncio.run(_insert(project, f"INSERT INTO {user} (id, username) VALUES (1, 'x'), (2, 'x')"))
    project.write_models(MODELS_UNIQUE)
    ok(project, "migrate", "--name", "unique_username")

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    line = result.output.strip().splitlines()[-1]
    where = LOCATION.search(line)
    assert where is not None, line
    path, number = Path(where["path"]), int(where["number"])
    label = _label_above(path, int(where["line"]))
    assert label, f"no block header above {path}:{where['line']}"
    # the block named is the one the file shows above the failing statement
    assert f"block {label}" in line, line
    # and the statement numbers count the file's statements, as the splitter does
    statements = project.db.dialect.split(path.read_text(encoding="utf-8"))
    assert int(where["total"]) == len(statements)
    assert statements[number - 1].line == int(where["line"])
    # the server's words name the offending value (PostgreSQL: its DETAIL line)
    assert {
        "sqlite": "UNIQUE constraint failed: _migrator_new_user.username",
        "postgres": "(Key (username)=(x) is duplicated.)",
        "mysql": "Duplicate entry 'x'",
    }[dialect] in line, line
    if dialect == "mysql" or "partially applied" in line:  # journaled: MySQL, online DDL
        assert "partially applied" in line
    else:
        assert "0002_unique_username was rolled back" in line
        assert "earlier migrations stay applied" in line


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_first_migration_failing_says_nothing_about_earlier_ones(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    asyncio.run(_insert(project, 'CREATE TABLE "user" (id INT)'))  # in the way of 0001

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    line = result.output.strip().splitlines()[-1]
    assert "0001_initial was rolled back and is not applied" in line, line
    assert "earlier migrations" not in line
