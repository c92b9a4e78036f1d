"""``--json`` (migrator/jsonout.py): every document a command prints validates against its
schema in migrator/schemas/, on real output of real runs."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import jsonschema
import pytest

from migrator import jsonout
from tests.project_factory import (
    MODELS_V2,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

COMMANDS = ("check", "drift", "heads", "history", "lint", "plan", "status", "validate")


def document(project: Project, *args: str, exit_code: int = 0) -> dict[str, Any]:
    """Run ``migrator ARGS --json``; the parsed document, checked against its schema."""
    result = project.cli(*args, "--json")
    assert result.exit_code == exit_code, result.output
    parsed: dict[str, Any] = json.loads(result.output)
    jsonschema.validate(parsed, jsonout.schema(args[0]))
    assert parsed["command"] == args[0] and parsed["format"] == 1
    return parsed


@pytest.mark.parametrize("command", COMMANDS)
def test_every_schema_is_a_valid_json_schema(command: str) -> None:
    jsonschema.Draft202012Validator.check_schema(jsonout.schema(command))


def test_a_document_missing_a_key_is_rejected() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"command": "heads", "format": 1}, jsonout.schema("heads"))


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_documents_of_a_project_with_applied_and_pending_migrations(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    assert document(project, "history")["migrations"] == []
    assert document(project, "check", exit_code=1)["missing"][0]["operations"] == [
        "create table user"
    ]
    ok(project, "migrate")
    ok(project, "upgrade")
    project.write_models(MODELS_V2)
    ok(project, "migrate")

    history = document(project, "history")
    assert history["timezone"] == "UTC"
    [row] = history["migrations"]
    assert (row["app"], row["id"], row["status"]) == ("models", "0001_initial", "applied")
    stored = project.fetch("SELECT checksum FROM migrator_history")
    assert row["checksum"] == stored[0][0]

    [pending] = document(project, "heads")["pending"]
    assert pending["id"] == "0002_add_column_user_email" and pending["partial"] is False
    assert pending["path"] == str(project.migrations / "0002_add_column_user_email")

    assert document(project, "validate") == {
        "command": "validate",
        "format": 1,
        "ok": True,
        "applied": 1,
        "problems": [],
    }
    assert document(project, "check")["ok"] is True
    lint = document(project, "lint")
    assert lint["ok"] is True
    assert [(m["id"], m["findings"]) for m in lint["migrations"]] == [
        ("0001_initial", []),
        ("0002_add_column_user_email", []),
    ]
    [planned] = document(project, "plan")["migrations"]
    assert planned["id"] == "0002_add_column_user_email"
    assert [s["table"] for s in planned["statements"]] == ["user"]

    upgrade_sql = project.migrations / "0001_initial" / "upgrade.sql"
    upgrade_sql.write_text(upgrade_sql.read_text() + "\n-- edited\nSELECT 1;\n")
    problems = document(project, "validate", exit_code=1)["problems"]
    assert [(p["app"], p["migration"], p["kind"]) for p in problems] == [
        ("models", "0001_initial", "changed")
    ]
    [app] = document(project, "status")["apps"]  # status lists what validate finds
    assert (app["problems"], app["in_sync"]) == (problems, False)


def test_partial_migration_documents_on_mysql(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("mysql")
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "broken")
    (project.migrations / "0002_broken" / "upgrade.sql").write_text(
        "CREATE TABLE audit (id INT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n"
    )
    assert project.cli("upgrade").exit_code == 1

    rows = document(project, "history")["migrations"]
    assert [(r["id"], r["status"], r["statements_done"], r["statements_total"]) for r in rows] == [
        ("0001_initial", "applied", 1, None),
        ("0002_broken", "partial", 1, 2),
    ]
    [pending] = document(project, "heads")["pending"]
    assert (pending["partial"], pending["statements_done"], pending["statements_total"]) == (
        True,
        1,
        2,
    )
    [app] = document(project, "status")["apps"]
    assert [(p["migration"], p["kind"]) for p in app["problems"]] == [("0002_broken", "partial")]


def add_column_by_hand(project: Project) -> None:
    """``ALTER TABLE user ADD nick ...`` on the backend's own connection, behind migrator."""

    async def go() -> None:
        db = project.db
        conn = await db.dialect.backend(db).connect()
        try:
            await conn.execute(f"ALTER TABLE {db.dialect.quote('user')} ADD nick VARCHAR(10)")
        finally:
            await conn.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_drift_document_without_and_with_drift(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    clean = document(project, "drift", "--app", "models")  # --app after the subcommand
    [entry] = clean["entries"]
    assert clean["ok"] is True
    assert (entry["app"], entry["baseline"], entry["partial"], entry["tables"]) == (
        "models",
        "0001_initial",
        None,
        [],
    )
    wrong = project.cli("drift", "--app", "nosuch", "--json")
    assert wrong.exit_code == 2 and "nosuch" in wrong.output  # the option reached the verb

    add_column_by_hand(project)
    drifted = document(project, "drift", exit_code=1)
    assert drifted["ok"] is False
    [entry] = drifted["entries"]
    [table] = entry["tables"]
    assert table["table"] == "user"
    [line] = table["differences"]
    assert line.startswith("column nick (") and line.endswith(") is not in the applied migrations")
