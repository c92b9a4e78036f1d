"""``stamp`` / ``stamp --unapply`` / ``upgrade --fake``: history rows as if the migrations
had run (same checksum, statement count), nothing of the schema touched, refusals for
unknown versions and out-of-order stamps; ``validate`` agrees afterwards."""

from __future__ import annotations

from typing import Any

import pytest

from migrator.checksums import code_checksum
from tests.conftest import ALL_DIALECTS
from tests.project_factory import (
    MODELS_V1,
    MODELS_V2,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


def _two_migrations(project: Project) -> None:
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_V2)
    ok(project, "migrate")
    project.write_models(MODELS_V1)


def _rows(project: Project) -> list[tuple[str, str, str]]:
    return [
        (str(v), str(c), str(s))
        for v, c, s in project.fetch(
            "SELECT version, checksum, status FROM migrator_history ORDER BY version"
        )
    ]


def _file_checksum(project: Project, version: str) -> str:
    folder = next(p for p in project.migrations.iterdir() if p.name.startswith(version))
    dialect = project.db.dialect
    return code_checksum(dialect.split((folder / "upgrade.sql").read_text()), dialect)


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_stamp_and_unapply(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    _two_migrations(project)
    result = project.cli("stamp", "0002")
    assert result.exit_code == 2
    assert (
        "cannot stamp 0002_" in result.output
        and "next migration to apply is 0001_" in result.output
    )
    assert project.cli("stamp", "0009").exit_code == 2
    assert "Recorded models 0001_" in ok(project, "stamp", "1")
    assert project.tables() == {"migrator_history"}, "stamp must not run the migration"
    assert _rows(project) == [("0001", _file_checksum(project, "0001"), "applied")]
    again = project.cli("stamp", "0001")
    assert again.exit_code == 2 and "already applied" in again.output
    assert "The 1 applied migration matches its file" in ok(project, "validate")
    ok(project, "stamp", "0002")
    refused = project.cli("stamp", "--unapply", "0001")
    assert refused.exit_code == 2 and "latest applied migration is 0002" in refused.output
    assert "Removed the record of models 0002_" in ok(project, "stamp", "--unapply", "0002")
    assert _rows(project) == [("0001", _file_checksum(project, "0001"), "applied")]
    assert "The 1 applied migration matches its file" in ok(project, "validate")


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_upgrade_fake_records_up_to_target(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    _two_migrations(project)
    out = ok(project, "upgrade", "--fake", "0001")
    assert "Recorded models 0001_" in out and "0002" not in out
    ok(project, "upgrade", "--fake")
    assert project.tables() == {"migrator_history"}
    assert _rows(project) == [
        ("0001", _file_checksum(project, "0001"), "applied"),
        ("0002", _file_checksum(project, "0002"), "applied"),
    ]
    assert "All 2 applied migrations match their files" in ok(project, "validate")
    assert "Nothing to record" in ok(project, "upgrade", "--fake")
    assert "No pending migrations" in ok(project, "heads")
