"""``validate`` (migrator/verbs/validate.py): every problem with the applied migrations'
files listed at once (changed or missing files, corrupt snapshots, branches), exit 1.

Real SQLite and PostgreSQL databases, through the CLI and the Command API.
"""

from __future__ import annotations

import asyncio
import shutil
from typing import Any

import pytest

from migrator.validate import ProblemKind
from tests.project_factory import (
    MODELS_V1,
    MODELS_V4,
    Project,
    folder,
    project_factory,
    three_applied,
)

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

DIALECTS = ("sqlite", "postgres")


def validate(project: Project) -> Any:
    async def go() -> Any:
        return await project.command().validate()

    return asyncio.run(go())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_validate_passes_when_every_file_matches(project_factory: Any, dialect: str) -> None:
    project = three_applied(project_factory, dialect)
    # a CRLF checkout with trailing blanks is the same file
    path = folder(project, 1) / "upgrade.sql"
    path.write_bytes(path.read_text().replace("\n", "  \r\n").encode())

    result = project.cli("validate")

    assert result.exit_code == 0, result.output
    assert result.stdout == "All 3 applied migrations match their files\n"
    assert result.stderr == ""
    report = validate(project)
    assert report.ok and report.applied == 3 and report.problems == []
    project.write_models(MODELS_V4)
    assert project.cli("migrate").exit_code == 0
    assert project.cli("upgrade").exit_code == 0  # upgrade agrees


@pytest.mark.parametrize("dialect", DIALECTS)
def test_validate_reports_every_problem_at_once(project_factory: Any, dialect: str) -> None:
    project = three_applied(project_factory, dialect)
    first, second, third = (folder(project, i) for i in range(3))
    shutil.copytree(second, second.with_name("0002_twin"))  # a branch: two 0002s
    with (first / "upgrade.sql").open("a") as f:
        f.write("SELECT 1; -- edited after it was applied\n")
    (second / "downgrade.sql").unlink()
    (third / "snapshot.json").write_text("{not json")

    result = project.cli("validate")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4, result.stdout
    assert result.stderr == "Error: 4 problems found (listed above)\n"
    by_kind = {line.partition(":")[0]: line for line in lines}
    assert set(by_kind) == {"changed", "missing-file", "corrupt-snapshot", "chain"}
    assert f"{first / 'upgrade.sql'} changed after it was applied" in by_kind["changed"]
    assert "fix-checksums 0001" in by_kind["changed"]
    assert f"{second / 'downgrade.sql'} is missing" in by_kind["missing-file"]
    assert f"{third / 'snapshot.json'} is not valid JSON" in by_kind["corrupt-snapshot"]
    assert "0002_twin share version 0002" in by_kind["chain"]

    report = validate(project)  # the API returns the same, as dataclasses
    assert not report.ok
    assert sorted((p.kind, p.migration) for p in report.problems) == sorted(
        [
            (ProblemKind.CHANGED, first.name),
            (ProblemKind.MISSING_FILE, second.name),
            (ProblemKind.CORRUPT_SNAPSHOT, third.name),
            (ProblemKind.CHAIN, None),
        ]
    )


@pytest.mark.parametrize("dialect", DIALECTS)
def test_validate_reports_a_vanished_migration_and_an_unreadable_snapshot(
    project_factory: Any, dialect: str
) -> None:
    project = three_applied(project_factory, dialect)
    shutil.rmtree(folder(project, 2))
    (folder(project, 0) / "snapshot.json").write_text('{"schema": []}')  # valid JSON, bad shape
    # the metadata intact, the schema after it cut off: upgrade never reads that far,
    # validate does
    second = folder(project, 1) / "snapshot.json"
    text = second.read_text()
    second.write_text(text[: text.index('"schema"') + 40])

    result = project.cli("validate")

    assert result.exit_code == 1
    kinds = [line.partition(":")[0] for line in result.stdout.splitlines()]
    assert sorted(kinds) == ["corrupt-snapshot", "corrupt-snapshot", "missing"], result.stdout
    assert f"{second} is not valid JSON" in result.stdout
    assert "applied migration 0003_" in result.stdout and "is missing from the folder" in (
        result.stdout
    )


def test_validate_with_nothing_applied_checks_the_folder(project_factory: Any) -> None:
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    ok = project.cli("validate")
    assert ok.exit_code == 0 and ok.stdout == "All 0 applied migrations match their files\n"
    (folder(project, 0) / "downgrade.sql").unlink()
    broken = project.cli("validate")
    assert broken.exit_code == 1
    assert broken.stdout.startswith("missing-file: ")
