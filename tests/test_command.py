"""The Python API (``from migrator import Command``): every verb returns dataclasses, prints
nothing, prompts for nothing, works inside and outside ``async with``, and raises
MigratorError subclasses instead of exiting.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
from typing import Any

import pytest

from migrator import Command, MigratorError
from migrator.command import InitResult, MigrationResult, PendingMigration, StepResult
from migrator.errors import AmbiguousChangeError, ChecksumError, UsageError
from migrator.history import HistoryRow, Status
from migrator.planner import Direction
from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V2,
    Project,
    project_factory,  # noqa: F401  (fixture)
)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_every_verb_returns_dataclasses_and_prints_nothing(
    project_factory: Any,  # noqa: F811
    dialect: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project: Project = project_factory(dialect)
    capsys.readouterr()

    async def go() -> None:
        async with project.command() as cmd:
            assert isinstance(cmd, Command)
            created = await cmd.init()
            assert created == InitResult(None, [project.path / "migrations" / "models"])

            written = await cmd.migrate()
            assert [type(w) for w in written] == [MigrationResult]
            assert written[0].migration_id == "0001_initial"
            assert written[0].path == project.migrations / "0001_initial"
            assert written[0].operations == ["create table user"]

            pending = await cmd.heads()
            assert pending == [
                PendingMigration("models", "0001_initial", project.migrations / "0001_initial")
            ]
            assert await cmd.history() == []

            applied = await cmd.upgrade()
            assert [type(r) for r in applied] == [StepResult]
            assert (applied[0].migration_id, applied[0].direction) == (
                "0001_initial",
                Direction.UP,
            )
            assert applied[0].statements == 1
            assert await cmd.heads() == []
            assert await cmd.upgrade() == []

            rows = await cmd.history()
            assert [type(r) for r in rows] == [HistoryRow]
            assert (rows[0].app, rows[0].id, rows[0].status) == (
                "models",
                "0001_initial",
                Status.APPLIED,
            )
            assert isinstance(rows[0].applied_at, datetime.datetime)
            assert rows[0].duration_ms >= 0

            project.write_models(MODELS_V2)
            assert [w.migration_id for w in await cmd.migrate(name="Add e-mail!")] == [
                "0002_add_e_mail"
            ]
            assert await cmd.migrate() == []  # no changes
            await cmd.upgrade()

            plan = await cmd.plan_downgrade()
            assert [s.migration.id for s in plan] == ["0002_add_e_mail"]
            assert len(await cmd.history()) == 2, "plan_downgrade must not revert"

            reverted = await cmd.downgrade()
            assert [(r.migration_id, r.direction) for r in reverted] == [
                ("0002_add_e_mail", Direction.DOWN)
            ]
            await cmd.upgrade()
            reverted = await cmd.downgrade(to="zero")
            assert [r.migration_id for r in reverted] == ["0002_add_e_mail", "0001_initial"]
            assert await cmd.history() == []

    asyncio.run(go())
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert all(dataclasses.is_dataclass(t) for t in (MigrationResult, StepResult, HistoryRow))


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_an_injected_aware_clock_is_stored_as_its_utc_time(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    when = datetime.datetime(2026, 3, 4, 12, 30, 0, tzinfo=plus_two)

    async def go() -> list[HistoryRow]:
        async with project.command(clock=lambda: when) as cmd:
            await cmd.init()
            await cmd.migrate()
            await cmd.upgrade()
            return await cmd.history()

    [row] = asyncio.run(go())
    stored = row.applied_at
    if stored.tzinfo is not None:
        stored = stored.astimezone(datetime.UTC).replace(tzinfo=None)
    assert stored == datetime.datetime(2026, 3, 4, 10, 30, 0)


def test_works_without_async_with_and_closes_what_it_opens(
    project_factory: Any,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    project: Project = project_factory("sqlite")

    async def go() -> None:
        cmd = project.command()
        result = await cmd.init_db()
        assert [w.migration_id for w in result.written] == ["0001_initial"]
        assert [a.migration_id for a in result.applied] == ["0001_initial"]
        assert [r.id for r in await cmd.history()] == ["0001_initial"]
        assert cmd._sessions == {}, "a verb outside `async with` left a connection open"
        with pytest.raises(UsageError, match="already has migrations"):
            await cmd.init_db()

    asyncio.run(go())
    assert capsys.readouterr() == ("", "")


def test_errors_are_migrator_errors_not_prompts_or_exits(
    project_factory: Any,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    project: Project = project_factory("sqlite")

    async def go() -> None:
        async with project.command() as cmd:
            await cmd.migrate()
            await cmd.upgrade()
            project.write_models(MODELS_RENAMED)
            with pytest.raises(AmbiguousChangeError, match=r"--rename user\.username=handle"):
                await cmd.migrate()
            [renamed] = await cmd.migrate(renames=["user.username=handle"])
            assert renamed.operations == ["rename column user.username to handle"]
            with pytest.raises(UsageError, match="unknown migration '0042'"):
                await cmd.upgrade("0042")
            with pytest.raises(UsageError, match="not applied"):
                await cmd.downgrade(to="0002")

            # an applied migration edited afterwards stops every run that applies or reverts
            first = project.migrations / "0001_initial" / "upgrade.sql"
            first.write_text(first.read_text() + "\nSELECT 1;\n")
            with pytest.raises(ChecksumError, match="changed after it was applied"):
                await cmd.upgrade()
            assert [r.id for r in await cmd.history()] == ["0001_initial"]

    asyncio.run(go())
    assert capsys.readouterr() == ("", "")
    assert issubclass(ChecksumError, MigratorError)


def test_from_config_reads_tool_migrator(
    project_factory: Any,  # noqa: F811
) -> None:
    from migrator.pyproject import load_config

    project: Project = project_factory("sqlite")
    project.init()
    config = load_config(project.pyproject)
    cmd = Command.from_config(config)
    assert cmd.location == project.path / "migrations"
    assert cmd.apps() == ["models"]

    async def go() -> list[MigrationResult]:
        async with cmd:
            return await cmd.migrate()

    assert [w.path for w in asyncio.run(go())] == [project.migrations / "0001_initial"]
