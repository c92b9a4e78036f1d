"""Human judgement calls, injected into the diff: renames and fill values.

The diff never guesses. Explicit hints (``--rename``) answer first; what remains goes to a
Questioner. Interactively that is a prompt; non-interactively an unanswered candidate is an
AmbiguousChangeError naming the exact flag to pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from migrator.errors import AmbiguousChangeError, UsageError
from migrator.state import Column, Table


@dataclass(frozen=True, slots=True)
class RenameHints:
    """Parsed ``--rename`` flags: ``table.column=new_column`` and ``old_table=new_table``."""

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> RenameHints:
        tables: dict[str, str] = {}
        columns: dict[tuple[str, str], str] = {}
        for spec in specs:
            left, sep, right = spec.partition("=")
            left, right = left.strip(), right.strip()
            if not sep or not left or not right or "." in right:
                raise UsageError(
                    f"bad --rename {spec!r}: use --rename table.old_column=new_column "
                    "or --rename old_table=new_table"
                )
            if "." in left:
                table, _, column = left.rpartition(".")
                columns[(table, column)] = right
            else:
                tables[left] = right
        return cls(tables, columns)

    def __bool__(self) -> bool:
        return bool(self.tables or self.columns)


class Questioner(Protocol):
    def ask_rename_table(self, old: Table, new: Table) -> bool: ...

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool: ...

    def ask_fill(self, table: str, column: Column) -> str | None:
        """A SQL expression to fill existing rows of a new NOT NULL column, or None."""


class NonInteractiveQuestioner:
    """CI and scripts: every unanswered rename candidate is an error; never fills silently."""

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        raise AmbiguousChangeError(
            f"table {old.name} disappeared and table {new.name} appeared: pass "
            f"--rename {old.name}={new.name} if it was renamed, or --no-rename to drop and create"
        )

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        raise AmbiguousChangeError(
            f"column {table}.{old.name} disappeared and {table}.{new.name} "
            f"({new.field_type or new.type}) appeared: pass --rename {table}.{old.name}={new.name} "
            "if it was renamed, or --no-rename to drop and add"
        )

    def ask_fill(self, table: str, column: Column) -> str | None:
        return None


class NoRenameQuestioner(NonInteractiveQuestioner):
    """``--no-rename``: every disappearance is a drop, every appearance an add."""

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        return False

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        return False


class InteractiveQuestioner:
    """Django-style prompts on a terminal. Only the CLI constructs this."""

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        import click

        model = f" ({new.model})" if new.model else ""
        return click.confirm(f"Was table {old.name} renamed to {new.name}{model}?", default=False)

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        import click

        kind = new.field_type or new.type
        return click.confirm(
            f"Was {table}.{old.name} renamed to {table}.{new.name} ({kind})?", default=False
        )

    def ask_fill(self, table: str, column: Column) -> str | None:
        import click

        answer: str = click.prompt(
            f"{table}.{column.name} is NOT NULL without a default. SQL value to fill existing "
            "rows with (empty: none, upgrade fails if the table has rows)",
            default="",
            show_default=False,
        )
        return answer.strip() or None
