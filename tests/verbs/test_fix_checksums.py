"""``fix-checksums`` (migrator/verbs/fix_checksums.py): ``upgrade`` refuses an applied
migration whose file changed until ``fix-checksums`` records the deliberate edit, under the
deploy lock.

Real SQLite and PostgreSQL databases, through the CLI and the Command API.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from tests.project_factory import (
    MODELS_V4,
    folder,
    history_checksums,
    project_factory,
    three_applied,
)

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

DIALECTS = ("sqlite", "postgres")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_upgrade_refuses_a_changed_file_until_fix_checksums_records_it(
    project_factory: Any, dialect: str
) -> None:
    project = three_applied(project_factory, dialect)
    edited = folder(project, 1)
    with (edited / "upgrade.sql").open("a") as f:
        f.write("SELECT 1; -- added by the DBA\n")
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
    [m] = [m for m in project.command().migrations("models") if m.id == edited.name]
    new = m.checksum()
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


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fix_checksums_without_a_version_fixes_every_changed_row(
    project_factory: Any, dialect: str
) -> None:
    project = three_applied(project_factory, dialect)
    for index in (0, 2):
        with (folder(project, index) / "upgrade.sql").open("a") as f:
            f.write("SELECT 1; -- edit\n")

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
        f.write("SELECT 1; -- edit\n")
    before = history_checksums(project)

    with lock_held_elsewhere(project.db):
        blocked = project.cli("fix-checksums", "--lock-timeout", "0.2")

    assert blocked.exit_code == 3
    assert "holds the deploy lock" in blocked.stderr
    assert history_checksums(project) == before
    assert project.cli("fix-checksums").exit_code == 0
    assert history_checksums(project) != before
