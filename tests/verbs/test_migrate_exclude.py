"""``exclude_tables`` in ``migrate``, ``check``, ``drift`` and ``adopt``: a model whose table
another tool owns (``legacy_*``) is left out of every migration, with a note, on every
dialect; the table and its rows are never touched."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from tests.conftest import ALL_DIALECTS
from tests.project_factory import (
    MODELS_V1,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

LEGACY = """

class LegacyThing(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=30)

    class Meta:
        table = "legacy_thing"
"""
# the table the other tool created: not what the model says, so touching it would show
LEGACY_DDL = "CREATE TABLE legacy_thing (id INT PRIMARY KEY, label VARCHAR(20))"
NOTE = "table legacy_thing of the models matches exclude_tables"


def _exclude_legacy(project: Any) -> None:
    text = project.pyproject.read_text()
    project.pyproject.write_text(text + 'exclude_tables = ["legacy_*"]\n')


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_excluded_model_table_is_never_migrated(dialect: str, project_factory: Any) -> None:  # noqa: F811
    project = project_factory(dialect, MODELS_V1 + LEGACY)
    project.init()
    _exclude_legacy(project)
    project.fetch(LEGACY_DDL)
    project.fetch("INSERT INTO legacy_thing (id, label) VALUES (7, 'kept')")

    out = ok(project, "migrate")
    assert NOTE in out
    [initial] = project.migration_dirs()
    upgrade_sql = next((project.migrations / initial).rglob("upgrade.sql")).read_text()
    assert "CREATE TABLE" in upgrade_sql and "legacy_thing" not in upgrade_sql
    snapshot = (project.migrations / initial / "snapshot.json").read_text()
    assert "legacy_thing" not in snapshot
    ok(project, "upgrade")

    checked = ok(project, "check")
    assert "No changes" in checked and NOTE in checked
    report = json.loads(ok(project, "check", "--json"))
    assert report["ok"] is True
    assert report["notes"] == [
        "app models: table legacy_thing of the models matches exclude_tables in "
        "[tool.migrator]: no migration creates, changes or drops it (remove the pattern to "
        "manage it)"
    ]
    assert "no drift" in ok(project, "drift")
    assert "No changes detected" in ok(project, "migrate")
    assert project.fetch("SELECT id, label FROM legacy_thing") == [(7, "kept")]

    # adopt, on the same database taken over afresh, neither lists nor reconciles it
    shutil.rmtree(project.migrations)
    project.fetch("DROP TABLE migrator_history")
    adopted = ok(project, "adopt", "--yes")
    assert "legacy_thing" not in adopted and "matches the models" in adopted
    assert project.fetch("SELECT id, label FROM legacy_thing") == [(7, "kept")]
    assert "no drift" in ok(project, "drift")


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_excluding_a_managed_table_drops_nothing(dialect: str, project_factory: Any) -> None:  # noqa: F811
    """A table an earlier migration created, excluded later (another tool takes it over):
    no migration drops it."""
    project = project_factory(dialect, MODELS_V1 + LEGACY)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch("INSERT INTO legacy_thing (id, name) VALUES (1, 'kept')")
    _exclude_legacy(project)
    project.write_models(MODELS_V1)  # the model moved to the other tool's code

    assert "No changes" in ok(project, "check")
    assert "No changes detected" in ok(project, "migrate")
    assert project.fetch("SELECT id, name FROM legacy_thing") == [(1, "kept")]
    assert "no drift" in ok(project, "drift")
