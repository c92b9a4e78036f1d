"""``drift`` (text and --json) reports the properties the inspectors read beside columns,
keys and indexes: a CHECK added by hand on every dialect, and per dialect a sequence that no
longer belongs to its SERIAL column (PostgreSQL), a column collation changed by hand
(MySQL/MariaDB) and a table rebuilt without AUTOINCREMENT (SQLite)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from migrator import jsonout
from tests.project_factory import (
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

BY_HAND = {
    "postgres": [
        'ALTER TABLE "user" ADD CONSTRAINT "name_set" CHECK (length("username") > 0)',
        'ALTER SEQUENCE "user_id_seq" OWNED BY NONE',
    ],
    "mysql": [
        "ALTER TABLE `user` ADD CONSTRAINT `name_set` CHECK (char_length(`username`) > 0)",
        "ALTER TABLE `user` MODIFY `username` VARCHAR(50) COLLATE utf8mb4_bin NOT NULL",
    ],
    "sqlite": [
        'ALTER TABLE "user" RENAME TO "user_old"',
        'CREATE TABLE "user" ("id" INTEGER PRIMARY KEY NOT NULL, "username" VARCHAR(50) '
        'NOT NULL, CONSTRAINT "name_set" CHECK (length("username") > 0))',
        'DROP TABLE "user_old"',
    ],
}

EXPECTED = {
    "postgres": [
        "column id: owns no sequence, expected sequence user_id_seq",
        "extra check constraint name_set CHECK (length(username::text) > 0)",
    ],
    "mysql": [
        "column username: collation is utf8mb4_bin, expected the table's",
        "extra check constraint name_set CHECK (char_length(`username`) > 0)",
    ],
    "sqlite": [
        'extra check constraint name_set CHECK (length("username") > 0)',
        "the primary key is not AUTOINCREMENT, expected AUTOINCREMENT",
    ],
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_drift_names_checks_sequences_collations_and_autoincrement(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    assert "no drift" in ok(project, "drift")
    for statement in BY_HAND[dialect]:
        project.fetch(statement)

    text = project.cli("drift")
    assert text.exit_code == 1, text.output
    for line in EXPECTED[dialect]:
        assert line in text.output

    result = project.cli("drift", "--json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, jsonout.schema("drift"))
    [entry] = document["entries"]
    assert entry["tables"] == [{"table": "user", "differences": EXPECTED[dialect]}]
