"""``status`` (migrator/verbs/status.py): head, pending migrations, model changes and drift
per app; ``--exit-code`` is 1 until everything is migrated, applied and undrifted."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from typing import Any

import jsonschema
import pytest

from migrator import jsonout
from tests.conftest import ALL_DIALECTS
from tests.project_factory import (
    MODELS_V1,
    MODELS_V2,
    SETTINGS,
    Project,
    folder,
    ok,
    project_factory,  # noqa: F401  (fixture)
    three_applied,
)


def status(project: Project) -> tuple[int, dict[str, Any]]:
    result = project.cli("status", "--json", "--exit-code")
    document: dict[str, Any] = json.loads(result.output)
    jsonschema.validate(document, jsonout.schema("status"))
    return result.exit_code, document["apps"][0]


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_status_through_a_change(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    code, app = status(project)
    assert code == 1
    assert (app["head"], app["pending"], app["unmigrated"]) == (None, [], ["create table user"])
    assert app["drift"] == [] and app["dialect"] == dialect  # nothing applied, no tables

    ok(project, "migrate")
    code, app = status(project)
    assert code == 1 and app["unmigrated"] == []
    assert [p["id"] for p in app["pending"]] == ["0001_initial"]

    ok(project, "upgrade")
    code, app = status(project)
    assert code == 0 and app["in_sync"] is True and app["head"] == "0001_initial"

    project.write_models(MODELS_V2)
    code, app = status(project)
    assert code == 1 and app["unmigrated"] == ["add column user.email"]
    text = ok(project, "status")  # without --exit-code the state is no failure
    assert "app models (" + dialect + "): head 0001_initial" in text
    assert "models changed without a migration: add column user.email" in text
    assert "drift: none" in text


INDEXED = MODELS_V1.replace("max_length=50)", "max_length=50, db_index=True)")


def drop_username_index(project: Project) -> str:
    """Drop the index on user.username behind migrator's back, on the backend's own
    connection, as a DBA would by hand; the index's name."""

    async def go() -> str:
        db = project.db
        backend = db.dialect.backend(db)
        conn = await backend.connect()
        try:
            live = await backend.inspect(conn)
            [index] = [i for i in live.tables["user"].indexes if i.columns == ("username",)]
            assert index.name is not None
            q = db.dialect.quote
            on = f" ON {q('user')}" if db.dialect.name == "mysql" else ""  # MySQL's own syntax
            await conn.execute(f"DROP INDEX {q(index.name)}{on}")
            return index.name
        finally:
            await conn.close()

    return asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_status_reports_drift_from_a_hand_made_change(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect, INDEXED)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    code, app = status(project)
    assert (code, app["drift"], app["drift_unchecked"], app["in_sync"]) == (0, [], None, True)

    name = drop_username_index(project)
    code, app = status(project)
    assert code == 1 and app["in_sync"] is False
    assert (app["pending"], app["unmigrated"]) == ([], [])  # only the drift is out of sync
    assert app["drift"] == [f"table user: index {name} on (username) is missing"]
    text = project.cli("status", "--exit-code")
    assert text.exit_code == 1
    assert "drift (the database differs from its applied migrations):" in text.output
    assert f"    - table user: index {name} on (username) is missing" in text.output
    # the same comparison as `migrator drift`
    assert f"index {name} on (username) is missing" in project.cli("drift").output


@pytest.mark.parametrize("scheme", ["postgres", "mysql"])
def test_status_with_the_database_unreachable(
    project_factory: Any,  # noqa: F811
    scheme: str,
) -> None:
    import socket

    project: Project = project_factory("sqlite")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: every connect is refused
        url = f"{scheme}://root:s3cret@127.0.0.1:{sock.getsockname()[1]}/shop"
        (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
        project.init()
        ok(project, "migrate")  # needs no database
        project.write_models(MODELS_V2)
        code, app = status(project)
        text = project.cli("status")
    assert code == 1 and app["in_sync"] is False
    assert app["database_error"].startswith("could not connect to ")
    assert "s3cret" not in app["database_error"] and "s3cret" not in text.output
    assert (app["head"], app["pending"], app["drift"]) == (None, None, None)
    assert app["unmigrated"] == ["add column user.email"]  # the rest still works
    assert text.exit_code == 0, text.output
    assert "head unknown" in text.output and "database: not reachable (could not" in text.output
    assert "models changed without a migration: add column user.email" in text.output
    assert "drift: not checked (the database is not reachable)" in text.output


def test_drift_not_checked_when_the_comparison_cannot_run(
    project_factory: Any,  # noqa: F811
) -> None:
    """A PostgreSQL role that may read the tables but not CREATE on the database (the
    scratch schema): drift is "not checked" with the server's reason; the rest is reported."""
    import uuid

    from tests.conftest import db_url

    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    role = f"mig_reader_{uuid.uuid4().hex[:8]}"
    setup = [
        f"CREATE ROLE {role} LOGIN",
        f'GRANT SELECT ON migrator_history, "user" TO {role}',
    ]
    for sql in setup:
        project.fetch(sql)
    try:
        url = db_url(project.db).replace(f"//{project.db.credentials['user']}:", f"//{role}:", 1)
        (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
        code, app = status(project)
    finally:
        project.fetch(f"DROP OWNED BY {role}")
        project.fetch(f"DROP ROLE {role}")
    assert code == 1 and app["in_sync"] is False  # drift unknown: not in sync
    assert (app["head"], app["pending"], app["unmigrated"]) == ("0001_initial", [], [])
    assert app["drift"] is None and app["database_error"] is None
    assert "permission denied for database" in app["drift_unchecked"]


def widen_first_varchar(path: Any) -> None:
    """The user's edit of an applied migration: VARCHAR(n) -> VARCHAR(n+1), once."""
    text = path.read_text()
    edited = re.sub(r"VARCHAR\((\d+)\)", lambda m: f"VARCHAR({int(m[1]) + 1})", text, count=1)
    assert edited != text
    path.write_text(edited)


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_status_fails_the_gate_when_an_applied_migration_was_edited(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """The gate fails the way the deploy would: upgrade refuses the edited file, so status
    reports the same problem and --exit-code exits 1."""
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate")
    ok(project, "upgrade")
    upgrade_sql = folder(project, 1) / "upgrade.sql"
    widen_first_varchar(upgrade_sql)

    code, app = status(project)
    assert code == 1 and app["in_sync"] is False
    assert (app["pending"], app["unmigrated"], app["drift"]) == ([], [], [])
    [problem] = app["problems"]
    assert (problem["kind"], problem["migration"]) == ("changed", folder(project, 1).name)
    assert problem["message"].startswith(f"{upgrade_sql} changed after it was applied")
    text = project.cli("status", "--exit-code")
    assert text.exit_code == 1
    assert f"    - {problem['message']}" in text.output.splitlines()
    refused = project.cli("upgrade")
    assert refused.exit_code != 0 and problem["message"] in refused.stderr  # the same words

    ok(project, "--app", "models", "fix-checksums", folder(project, 1).name[:4])
    code, app = status(project)
    assert (code, app["problems"], app["in_sync"]) == (0, [], True)


def test_status_reports_a_vanished_and_a_conflicting_migration(
    project_factory: Any,  # noqa: F811
) -> None:
    """Problems that stop upgrade and heads do not stop status: they are reported."""
    project = three_applied(project_factory, "sqlite")
    third = folder(project, 2).name
    shutil.rmtree(folder(project, 2))
    code, app = status(project)
    assert code == 1
    assert [(p["kind"], p["migration"]) for p in app["problems"]] == [("missing", third)]
    assert f"applied migration {third} is missing from the folder" in app["problems"][0]["message"]

    second = folder(project, 1)
    other = second.with_name(f"{second.name[:4]}_other_branch")  # another migration, same version
    second.rename(other)
    with (other / "upgrade.sql").open("a") as f:
        f.write("SELECT 1;\n")
    code, app = status(project)
    assert code == 1
    kinds = sorted((p["kind"], p["migration"]) for p in app["problems"])
    assert ("conflict", second.name) in kinds and ("missing", third) in kinds
    assert app["head"] == third  # the history is still read
    assert "two branches each added" in project.cli("status").output
