"""questioner.confirm_downgrade: on a terminal it always asks, naming what can be lost;
without one a downgrade that loses nothing runs and one that can lose data needs --yes
(``AssumeYesQuestioner``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from migrator.errors import UsageError
from migrator.files import Migration
from migrator.planner import Direction, Step
from migrator.questioner import (
    AssumeYesQuestioner,
    InteractiveQuestioner,
    NonInteractiveQuestioner,
    NoRenameQuestioner,
)

PLAN = [
    Step(Migration("models", v, n, None, "sqlite", Path(f"{v}_{n}")), Direction.DOWN)
    for v, n in (("0002", "add_email"), ("0001", "initial"))
]
LOSSES = ["models 0002_add_email: drop column user.email", "models 0001_initial: drop table user"]


def ask(answer: str, losses: list[str]) -> tuple[bool, str]:
    with CliRunner().isolation(input=answer) as (stdout, _stderr, _log):
        confirmed = InteractiveQuestioner().confirm_downgrade(PLAN, losses)
        return confirmed, stdout.getvalue().decode()


def test_on_a_terminal_it_names_the_losses_and_reverts_only_on_yes() -> None:
    confirmed, shown = ask("y\n", LOSSES)
    assert confirmed is True
    assert shown == (
        "Reverting models 0002_add_email, models 0001_initial can lose data: "
        "models 0002_add_email: drop column user.email; models 0001_initial: drop table user\n"
        "Revert? [y/N]: y\n"
    )
    assert ask("n\n", LOSSES)[0] is False
    assert ask("\n", LOSSES)[0] is False  # the default is no


def test_on_a_terminal_it_asks_even_when_nothing_can_be_lost() -> None:
    confirmed, shown = ask("y\n", [])
    assert confirmed is True
    assert shown.startswith(
        "Reverting models 0002_add_email, models 0001_initial (loses no data)\nRevert?"
    )


@pytest.mark.parametrize("questioner", [NonInteractiveQuestioner(), NoRenameQuestioner()])
def test_without_a_terminal_a_lossy_downgrade_is_a_usage_error_naming_yes(
    questioner: NonInteractiveQuestioner,
) -> None:
    with pytest.raises(UsageError) as raised:
        questioner.confirm_downgrade(PLAN, LOSSES)
    assert str(raised.value) == (
        "downgrade would revert models 0002_add_email, models 0001_initial and can lose data "
        "(models 0002_add_email: drop column user.email; models 0001_initial: drop table "
        "user); pass --yes to confirm"
    )
    assert raised.value.exit_code == 2


def test_without_a_terminal_a_downgrade_that_loses_nothing_runs() -> None:
    assert NonInteractiveQuestioner().confirm_downgrade(PLAN, []) is True


def test_yes_confirms_everything() -> None:
    assert AssumeYesQuestioner().confirm_downgrade(PLAN, LOSSES) is True
    assert AssumeYesQuestioner().confirm_downgrade(PLAN, []) is True


def test_unanswered_candidates_of_one_old_name_are_offered_as_alternatives() -> None:
    """Without a terminal every candidate is collected; two candidates for one old column
    are one choice (passing both hints would contradict each other)."""
    from migrator.errors import AmbiguousChangeError
    from migrator.questioner import CollectingQuestioner
    from migrator.state import Column, Table

    collecting = CollectingQuestioner(NonInteractiveQuestioner())
    old = Column("a", "INT", null=True)
    assert collecting.ask_rename_column("t", old, Column("b", "INT", null=True)) is False
    assert collecting.ask_rename_column("t", old, Column("c", "INT", null=True)) is False
    assert collecting.ask_rename_table(Table("u", (old,)), Table("v", (old,))) is False
    with pytest.raises(AmbiguousChangeError) as raised:
        collecting.raise_unanswered()
    message = str(raised.value)
    assert message.startswith("3 rename candidates need an answer: column t.a disappeared")
    assert message.endswith(
        "Pass (one of --rename t.a=b or --rename t.a=c) --rename u=v for those that were "
        "renamed, and --no-rename to drop and add the others"
    )
