"""Checksums of applied migrations: ``upgrade`` refuses a changed file, ``validate`` lists every
problem at once, ``fix-checksums`` records a deliberate edit (under the deploy lock).

Real SQLite and PostgreSQL databases, through the CLI and the Command API.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from migrator.files import Migration, checksum
from migrator.validate import ProblemKind
from tests.project_factory import MODELS_V1, MODELS_V2, Project, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

MODELS_V3 = MODELS_V2.replace(
    "    email = fields.CharField(max_length=100, null=True)\n",
    "    email = fields.CharField(max_length=100, null=True)\n"
    "    age = fields.IntField(null=True)\n",
)
MODELS_V4 = MODELS_V3.replace(
    "    age = fields.IntField(null=True)\n",
    "    age = fields.IntField(null=True)\n    bio = fields.TextField(null=True)\n",
)
DIALECTS = ("sqlite", "postgres")


# -- the checksum itself ---------------------------------------------------------------------


def test_checksum_ignores_line_endings_and_trailing_whitespace_only() -> None:
    base = "-- header\nCREATE TABLE a (id INT);\n\nDROP TABLE b;\n"
    same = [
        base.replace("\n", "\r\n"),  # Windows checkout
        base.replace("\n", "\r"),  # old Mac line endings
        base.replace(";\n", ";   \t\n"),  # an editor left trailing blanks
        base + "\n\n  \n",  # trailing blank lines
        base.rstrip("\n"),  # no final newline
    ]
    for text in same:
        assert checksum(text) == checksum(base), repr(text)
    different = [
        base.replace("a (id", "a  (id"),  # whitespace inside a line
        base.replace("-- header", "-- header, reviewed"),  # comments count: the file is the record
        base.replace("\nDROP", "\n  DROP"),  # indentation
        base + "SELECT 1;\n",
    ]
    for text in different:
        assert checksum(text) != checksum(base), repr(text)
    assert len(checksum(base)) == 64 and int(checksum(base), 16) >= 0  # sha256 hex


def test_migration_checksum_reads_the_file_with_the_same_normalisation(tmp_path: Path) -> None:
    folder = tmp_path / "0001_initial"
    folder.mkdir()
    sql = "CREATE TABLE a (id INT);\n"
    (folder / "upgrade.sql").write_bytes(sql.encode())
    migration = Migration("models", "0001", "initial", None, "sqlite", folder)
    assert migration.checksum() == checksum(sql)
    # CRLF and an editor's byte-order mark do not change it
    (folder / "upgrade.sql").write_bytes(b"\xef\xbb\xbf" + sql.replace("\n", "\r\n").encode())
    assert migration.checksum() == checksum(sql)
    assert not migration.upgrade_sql().startswith("\ufeff")


# -- helpers ---------------------------------------------------------------------------------


def three_applied(project_factory: Any, dialect: str) -> Project:
    project: Project = project_factory(dialect, MODELS_V1)
    project.init()
    for models in (MODELS_V1, MODELS_V2, MODELS_V3):
        project.write_models(models)
        result = project.cli("migrate")
        assert result.exit_code == 0, result.output
    assert project.cli("upgrade").exit_code == 0
    return project


def folder(project: Project, index: int) -> Path:
    return project.migrations / project.migration_dirs()[index]


def history_checksums(project: Project) -> dict[str, str]:
    async def go() -> Any:
        return await project.command().history()

    return {row.id: row.checksum for row in asyncio.run(go())}


def validate(project: Project) -> Any:
    async def go() -> Any:
        return await project.command().validate()

    return asyncio.run(go())


# -- validate --------------------------------------------------------------------------------


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
        f.write("-- edited after it was applied\n")
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


# -- upgrade refuses, fix-checksums accepts --------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrade_refuses_a_changed_file_until_fix_checksums_records_it(
    project_factory: Any, dialect: str
) -> None:
    project = three_applied(project_factory, dialect)
    edited = folder(project, 1)
    with (edited / "upgrade.sql").open("a") as f:
        f.write("-- reviewed by the DBA\n")
    project.write_models(MODELS_V4)
    assert project.cli("migrate").exit_code == 0
    pending = project.migration_dirs()[3]
    before = history_checksums(project)

    refused = project.cli("upgrade")

    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert f"{edited / 'upgrade.sql'} changed after it was applied" in refused.stderr
    assert "`migrator --app models fix-checksums 0002`" in refused.stderr
    assert "`migrator validate`" in refused.stderr
    assert pending not in history_checksums(project)

    fixed = project.cli("fix-checksums", "0002")

    assert fixed.exit_code == 0, fixed.output
    new = checksum((edited / "upgrade.sql").read_text())
    assert fixed.stdout == (
        f"Updated models {edited.name}: checksum {before[edited.name][:12]} -> {new[:12]}\n"
    )
    after = history_checksums(project)
    assert after[edited.name] == new
    assert {k: v for k, v in after.items() if k != edited.name} == {
        k: v for k, v in before.items() if k != edited.name
    }
    assert project.cli("validate").exit_code == 0
    applied = project.cli("upgrade")
    assert applied.exit_code == 0, applied.output
    assert pending in history_checksums(project)


def test_upgrade_with_several_mismatches_counts_them(project_factory: Any) -> None:
    project = three_applied(project_factory, "sqlite")
    for index in (0, 2):
        with (folder(project, index) / "upgrade.sql").open("a") as f:
            f.write("-- edit\n")
    refused = project.cli("upgrade")
    assert refused.exit_code == 1
    assert "; 1 more: `migrator validate` lists every problem" in refused.stderr
    # validate names each of them, not only the first
    listed = project.cli("validate")
    assert listed.exit_code == 1
    changed = [line for line in listed.stdout.splitlines() if line.startswith("changed:")]
    assert len(changed) == 2, listed.stdout
    for index in (0, 2):
        assert any(str(folder(project, index) / "upgrade.sql") in line for line in changed)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrade_refuses_when_an_applied_migration_was_deleted(
    project_factory: Any, dialect: str
) -> None:
    """The newest applied migration's directory is gone (the chain of the rest is intact):
    upgrade names the path it should be at and applies nothing."""
    project = three_applied(project_factory, dialect)
    gone = folder(project, 2)
    shutil.rmtree(gone)
    before = history_checksums(project)

    refused = project.cli("upgrade")

    assert refused.exit_code == 1, refused.output
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert f"applied migration {gone.name} is missing" in refused.stderr
    assert str(gone / "upgrade.sql") in refused.stderr and "restore" in refused.stderr
    assert history_checksums(project) == before


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fix_checksums_without_a_version_fixes_every_changed_row(
    project_factory: Any, dialect: str
) -> None:
    project = three_applied(project_factory, dialect)
    for index in (0, 2):
        with (folder(project, index) / "upgrade.sql").open("a") as f:
            f.write("-- edit\n")

    async def go() -> Any:
        return await project.command().fix_checksums()

    fixes = asyncio.run(go())

    assert [f.migration_id for f in fixes] == [folder(project, 0).name, folder(project, 2).name]
    assert all(f.app == "models" and f.old_checksum != f.new_checksum for f in fixes)
    assert project.cli("validate").exit_code == 0
    again = project.cli("fix-checksums")
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing to fix")


def test_fix_checksums_of_a_version_that_is_not_applied_is_a_usage_error(
    project_factory: Any,
) -> None:
    project = three_applied(project_factory, "sqlite")
    project.write_models(MODELS_V4)
    assert project.cli("migrate").exit_code == 0
    before = history_checksums(project)

    not_applied = project.cli("fix-checksums", "0004")
    unknown = project.cli("fix-checksums", "0042")

    assert not_applied.exit_code == 2
    assert "0004_" in not_applied.stderr and "is not applied" in not_applied.stderr
    assert unknown.exit_code == 2 and "unknown migration '0042'" in unknown.stderr
    assert history_checksums(project) == before


@contextmanager
def lock_held_elsewhere(db: DatabaseConfig) -> Iterator[None]:
    """Hold the app's deploy lock from another connection (in a thread with its own loop)."""
    from migrator.session import DatabaseSession

    taken, release, done = threading.Event(), threading.Event(), threading.Event()

    async def hold() -> None:
        session = DatabaseSession(db, "migrator_history")
        try:
            await session.lock("models", 5)
            taken.set()
            while not release.is_set():
                await asyncio.sleep(0.01)
            await session.unlock("models")
        finally:
            await session.close()
            done.set()

    thread = threading.Thread(target=lambda: asyncio.run(hold()))
    thread.start()
    try:
        assert taken.wait(10)
        yield
    finally:
        release.set()
        thread.join(10)
        assert done.is_set()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fix_checksums_takes_the_deploy_lock(project_factory: Any, dialect: str) -> None:
    project = three_applied(project_factory, dialect)
    with (folder(project, 0) / "upgrade.sql").open("a") as f:
        f.write("-- edit\n")
    before = history_checksums(project)

    with lock_held_elsewhere(project.db):
        blocked = project.cli("fix-checksums", "--lock-timeout", "0.2")

    assert blocked.exit_code == 3
    assert "holds the deploy lock" in blocked.stderr
    assert history_checksums(project) == before
    assert project.cli("fix-checksums").exit_code == 0
    assert history_checksums(project) != before
