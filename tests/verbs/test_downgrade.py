"""``downgrade`` (migrator/verbs/downgrade.py): a confirmed plan that no longer holds under
the lock reverts nothing; ``confirm=True`` asks the questioner, naming what can be lost, and
reverts only on a yes."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from migrator.errors import ConflictError, UsageError
from migrator.planner import Step
from migrator.questioner import AssumeYesQuestioner, NonInteractiveQuestioner
from tests.project_factory import (
    MODELS_V2,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_confirmed_downgrade_plan_that_no_longer_holds_reverts_nothing(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """The CLI confirms ``plan_downgrade`` before the lock is taken; a run that applied a
    migration in between must not make ``downgrade`` revert something nobody confirmed."""
    project: Project = project_factory(dialect)

    async def go() -> None:
        async with project.command() as cmd:
            await cmd.init()
            await cmd.migrate()
            await cmd.upgrade()
            project.write_models(MODELS_V2)
            await cmd.migrate(name="add_email")
            confirmed = await cmd.plan_downgrade()
            assert [s.migration.id for s in confirmed] == ["0001_initial"]
            await cmd.upgrade()  # another deploy applies 0002 meanwhile
            with pytest.raises(ConflictError, match="plan changed") as raised:
                await cmd.downgrade(expected=confirmed)
            assert "confirmed: models 0001_initial; now: models 0002_" in str(raised.value)
            assert [r.id for r in await cmd.history()] == ["0001_initial", "0002_add_email"]
            reverted = await cmd.downgrade(expected=await cmd.plan_downgrade())
            assert [r.migration_id for r in reverted] == ["0002_add_email"]

    asyncio.run(go())


class Recording(NonInteractiveQuestioner):
    """Answers ``answer`` and remembers what it was asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[list[str], list[str]]] = []

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        self.asked.append(([s.migration.id for s in plan], list(losses)))
        return self.answer


def _two_migrations(project: Project) -> None:
    async def go() -> None:
        async with project.command() as cmd:
            await cmd.init()
            await cmd.migrate()
            project.write_models(MODELS_V2)
            await cmd.migrate(name="add_email")
            await cmd.upgrade()

    asyncio.run(go())


def _downgrade(project: Project, questioner: Any, to: str | None = None) -> list[str]:
    async def go() -> list[str]:
        async with project.command(questioner=questioner) as cmd:
            return [r.migration_id for r in await cmd.downgrade(to, confirm=True)]

    return asyncio.run(go())


def _history(project: Project) -> list[str]:
    async def go() -> list[str]:
        async with project.command() as cmd:
            return [r.id for r in await cmd.history()]

    return asyncio.run(go())


def test_confirm_asks_the_questioner_with_the_plan_and_its_losses(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    _two_migrations(project)
    yes = Recording(True)
    assert _downgrade(project, yes) == ["0002_add_email"]
    assert yes.asked == [(["0002_add_email"], ["models 0002_add_email: drop column user.email"])]

    no = Recording(False)
    with pytest.raises(UsageError, match=r"^downgrade cancelled; nothing was changed$"):
        _downgrade(project, no)
    assert no.asked == [(["0001_initial"], ["models 0001_initial: drop table user"])]
    assert _history(project) == ["0001_initial"]


def test_without_a_terminal_a_lossy_downgrade_needs_yes(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    _two_migrations(project)
    with pytest.raises(UsageError, match=r"can lose data .*pass --yes to confirm"):
        _downgrade(project, NonInteractiveQuestioner())
    assert _history(project) == ["0001_initial", "0002_add_email"]
    assert _downgrade(project, AssumeYesQuestioner(), to="zero") == [
        "0002_add_email",
        "0001_initial",
    ]
    assert _history(project) == []


def test_nothing_to_revert_asks_nothing(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")  # written, never applied
    asker = Recording(False)
    assert _downgrade(project, asker) == []
    assert asker.asked == []
