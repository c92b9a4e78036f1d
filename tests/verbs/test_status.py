"""``status`` (migrator/verbs/status.py): head, pending migrations and model changes per
app; ``--exit-code`` is 1 until everything is migrated and applied."""

from __future__ import annotations

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
    assert app["drift"] is None and app["dialect"] == dialect

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
    assert "drift: not checked" in text
