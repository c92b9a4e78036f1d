"""``plan`` / ``upgrade --dry-run`` (migrator/verbs/plan.py): the pending statements with
their lock, transaction, rewrite/scan, data loss and the table's estimated rows."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from migrator import jsonout
from tests.project_factory import (
    MODELS_V1,
    MODELS_V2,
    Project,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

ROWS = 3


def pending_add_column(project_factory: Any, dialect: str) -> Project:  # noqa: F811
    project: Project = project_factory(dialect, MODELS_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    quote = "`" if dialect == "mysql" else '"'
    for i in range(1, ROWS + 1):
        project.fetch(f"INSERT INTO {quote}user{quote} (id, username) VALUES ({i}, 'u{i}')")
    if dialect == "postgres":
        project.fetch('ANALYZE "user"')  # reltuples is -1 until the table is analyzed
    if dialect == "mysql":
        project.fetch("ANALYZE TABLE `user`")
    project.write_models(MODELS_V2)
    ok(project, "migrate")
    return project


EXPECTED = {
    "postgres": ("ACCESS EXCLUSIVE", True, True),
    "mysql": ("ALGORITHM=INSTANT, LOCK=NONE", False, False),
    "sqlite": ("database write lock", True, True),
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_plan_json(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project = pending_add_column(project_factory, dialect)
    result = project.cli("plan", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, jsonout.schema("plan"))
    assert document["database_reachable"] is True
    [migration] = document["migrations"]
    [statement] = migration["statements"]
    lock, blocks_writes, in_transaction = EXPECTED[dialect]
    assert statement["table"] == "user"
    assert (statement["lock"], statement["blocks_writes"]) == (lock, blocks_writes)
    assert statement["in_transaction"] is in_transaction
    assert (statement["rewrites_table"], statement["destructive"]) == (False, False)
    assert statement["estimated_rows"] == ROWS
    assert history_ids(project) == ["0001_initial"]  # plan applies nothing


def test_plan_text_and_dry_run_alias(project_factory: Any) -> None:  # noqa: F811
    project = pending_add_column(project_factory, "postgres")
    text = ok(project, "plan")
    assert text == ok(project, "upgrade", "--dry-run")
    assert "models 0002_add_column_user_email (postgres)" in text
    assert 'line 6: ALTER TABLE "user" ADD COLUMN "email" VARCHAR(100)' in text
    assert "lock ACCESS EXCLUSIVE (blocks reads and writes); in transaction; user: ~3 rows" in text
    ok(project, "upgrade")
    assert ok(project, "plan") == "Nothing to upgrade: the database is up to date\n"


def test_plan_from_needs_no_database(project_factory: Any) -> None:  # noqa: F811
    project = pending_add_column(project_factory, "postgres")
    offline = ok(project, "plan", "--from", "zero")
    assert "0001_initial" in offline and "0002_add_column_user_email" in offline
    assert "user: unknown rows" in offline
    assert "(row estimates not read: --from plans without a database)" in offline


def test_plan_of_an_online_index_build(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("postgres", MODELS_V2)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.write_models(MODELS_V2.replace("null=True)", "null=True, db_index=True)"))
    ok(project, "migrate")
    [migration] = json.loads(ok(project, "plan", "--json"))["migrations"]
    [build] = [s for s in migration["statements"] if "CONCURRENTLY" in s["sql"]]
    assert (build["lock"], build["blocks_writes"], build["in_transaction"]) == (
        "SHARE UPDATE EXCLUSIVE",
        False,
        False,
    )
    assert migration["findings"] == []
