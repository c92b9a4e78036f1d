"""Human judgement calls: renames and fill values (injected into the diff) and the
confirmation of a downgrade.

The diff never guesses. Explicit hints (``--rename``) answer first; what remains goes to a
Questioner. Interactively that is a prompt; non-interactively an unanswered candidate is an
AmbiguousChangeError naming the exact flag to pass. A downgrade that can lose data is always
asked about on a terminal; without one it needs ``--yes`` (``AssumeYesQuestioner``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from migrator.errors import AmbiguousChangeError, UnsafeMigrationError, UsageError
from migrator.state import Column, SchemaState, Table

if TYPE_CHECKING:
    from migrator.planner import Step


@dataclass(frozen=True, slots=True)
class RenameHints:
    """Parsed ``--rename`` flags: ``table.column=new_column`` and ``old_table=new_table``.
    A table in a schema of its own (PostgreSQL ``Meta.schema``) is named ``schema.table``, so
    ``schema.old=schema.new`` (a dot on the right) renames or moves a table."""

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> RenameHints:
        tables: dict[str, str] = {}
        columns: dict[tuple[str, str], str] = {}
        for spec in specs:
            left, sep, right = spec.partition("=")
            left, right = left.strip(), right.strip()
            if not sep or not left or not right:
                raise UsageError(
                    f"bad --rename {spec!r}: use --rename table.old_column=new_column "
                    "or --rename old_table=new_table"
                )
            if "." in right:
                _add_hint(tables, left, right, left, "")
            elif "." in left:
                table, _, column = left.rpartition(".")
                _add_hint(columns, (table, column), right, f"{table}.{column}", f"{table}.")
            else:
                _add_hint(tables, left, right, left, "")
        return cls(tables, columns)

    def with_moves(self, names: Collection[str]) -> RenameHints:
        """``schema.table=table`` reads like a column hint, but when ``schema.table`` is one
        of ``names`` (the tables) and ``schema`` is none, it moves that table into the
        connection's own schema: a table hint."""
        tables, columns = dict(self.tables), dict(self.columns)
        for (table, column), new in self.columns.items():
            key = f"{table}.{column}"
            if key in names and table not in names:
                del columns[(table, column)]
                _add_hint(tables, key, new, key, "")
        return RenameHints(tables, columns)

    def for_tables(self, names: Collection[str]) -> RenameHints:
        """The hints that name one of ``names`` (old or new table names of one app)."""
        tables = {o: n for o, n in self.tables.items() if o in names or n in names}
        columns = {key: n for key, n in self.columns.items() if key[0] in names}
        return RenameHints(tables, columns)

    def check_targets(self, old: SchemaState) -> None:
        """Every hinted new name must be free when the renames run: a table or column of that
        name in the last migration that is not itself renamed away would block the rename
        for ever (the diff renames before it drops)."""
        for old_table, new_table in self.tables.items():
            if old_table in old.tables and new_table in old.tables and new_table not in self.tables:
                raise AmbiguousChangeError(
                    f"--rename {old_table}={new_table}: table {new_table} already exists in the "
                    f"last migration; rename or drop it in a migration of its own first "
                    f"(or add --rename {new_table}=<other name>)"
                )
        for (table, old_col), new_col in self.columns.items():
            old_table = next((o for o, n in self.tables.items() if n == table), table)
            if old_table not in old.tables or not old.table(old_table).has_column(new_col):
                continue
            if (table, new_col) in self.columns or (old_table, new_col) in self.columns:
                continue  # that column moves away too (a swap): the diff handles it
            raise AmbiguousChangeError(
                f"--rename {table}.{old_col}={new_col}: column {table}.{new_col} already "
                "exists in the last migration; rename or drop it in a migration of its own "
                f"first (or add --rename {table}.{new_col}=<other name>)"
            )

    def __bool__(self) -> bool:
        return bool(self.tables or self.columns)


def _add_hint(hints: dict[Any, str], key: Any, new: str, old_text: str, prefix: str) -> None:
    """One old name has one new name, and two old names never get the same new one."""
    previous = hints.get(key)
    if previous is not None and previous != new:
        raise UsageError(
            f"--rename {old_text}={previous} and --rename {old_text}={new} contradict each "
            "other; pass one of them"
        )
    same_scope = (k for k in hints if not isinstance(k, tuple) or k[0] == key[0])
    clash = next((k for k in same_scope if k != key and hints[k] == new), None)
    if clash is not None:
        clash_text = f"{clash[0]}.{clash[1]}" if isinstance(clash, tuple) else clash
        raise UsageError(
            f"--rename {clash_text}={new} and --rename {old_text}={new} give two names the "
            f"same new name {prefix}{new}; pass one of them"
        )
    hints[key] = new


class Questioner(Protocol):
    def ask_rename_table(self, old: Table, new: Table) -> bool: ...

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool: ...

    def ask_fill(self, table: str, column: Column) -> str | None:
        """A SQL expression to fill existing rows of a new NOT NULL column, or None."""

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        """May ``plan`` be reverted? ``losses``: one line per step that can lose data
        (``app id: what, what``), empty when the downgrade loses nothing."""

    def confirm_adopt(self, plan: Sequence[str]) -> bool:
        """May ``adopt`` write and record what ``plan`` (lines to show) describes?"""

    def confirm_unsafe(self, problems: Sequence[str]) -> bool:
        """Write a migration the database refuses while a table has rows? ``problems``: one
        line per such change, naming what to do instead."""


def column_changes(old: Column, new: Column) -> str:
    """What a rename candidate changes besides the name, for questions and errors:
    ``IntField → BigIntField``, ``CharField, VARCHAR(50) → VARCHAR(100), NOT NULL → NULL``;
    just the field class (or SQL type) when nothing else changes."""
    old_kind, new_kind = old.field_type or old.type, new.field_type or new.type
    parts = [new_kind if old_kind == new_kind else f"{old_kind} → {new_kind}"]
    if old.type != new.type and old_kind == new_kind:
        parts.append(f"{old.type} → {new.type}")
    if old.null != new.null:
        parts.append("NULL → NOT NULL" if old.null else "NOT NULL → NULL")
    if old.default != new.default:
        parts.append(f"default {old.default or 'none'} → {new.default or 'none'}")
    if old.unique != new.unique:
        parts.append("unique" if new.unique else "no longer unique")
    if (old.comment or None) != (new.comment or None):
        parts.append("comment changed")
    if old.fk is not None and new.fk is not None and old.fk.ref_table != new.fk.ref_table:
        parts.append(f"references {old.fk.ref_table} → {new.fk.ref_table}")
    return ", ".join(parts)


def table_changes(old: Table, new: Table) -> str:
    """``models.Profile; adds bio; drops x; changes y``: a table rename candidate's other
    changes by column name (what the migration does with them is the usual diff)."""
    parts = [new.model] if new.model else []
    added = [c.name for c in new.columns if not old.has_column(c.name)]
    dropped = [c.name for c in old.columns if not new.has_column(c.name)]
    changed = [
        c.name
        for c in new.columns
        if old.has_column(c.name) and old.column(c.name).ddl_key() != c.ddl_key()
    ]
    for verb, names in (("adds", added), ("drops", dropped), ("changes", changed)):
        if names:
            parts.append(f"{verb} {', '.join(names)}")
    return "; ".join(parts)


def table_candidate(old: Table, new: Table) -> str:
    changes = table_changes(old, new)
    shown = f" ({changes})" if changes else ""
    return f"table {old.name} disappeared and table {new.name}{shown} appeared"


def column_candidate(table: str, old: Column, new: Column) -> str:
    return (
        f"column {table}.{old.name} disappeared and {table}.{new.name} "
        f"({column_changes(old, new)}) appeared"
    )


class NonInteractiveQuestioner:
    """CI and scripts: every unanswered rename candidate is an error; never fills silently."""

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        raise AmbiguousChangeError(
            f"{table_candidate(old, new)}: pass --rename {old.name}={new.name} if it was "
            "renamed, or --no-rename to drop and create"
        )

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        raise AmbiguousChangeError(
            f"{column_candidate(table, old, new)}: pass --rename {table}.{old.name}={new.name} "
            "if it was renamed, or --no-rename to drop and add"
        )

    def ask_fill(self, table: str, column: Column) -> str | None:
        return None

    def confirm_unsafe(self, problems: Sequence[str]) -> bool:
        """Nobody to ask: never write a migration known to fail on a populated table."""
        raise UnsafeMigrationError(
            f"the migration would fail on a table with rows: {'; '.join(problems)}. Fix the "
            "models, or pass --allow-unsafe to write it anyway (the tables are empty, or you "
            "will edit the file)"
        )

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        """Nobody to ask: a downgrade that loses nothing (it re-creates what the upgrade
        dropped, undoes a rename) runs; one that can lose data needs --yes."""
        if losses:
            raise UsageError(
                f"downgrade would revert {_names(plan)} and can lose data ({'; '.join(losses)}); "
                "pass --yes to confirm"
            )
        return True

    def confirm_adopt(self, plan: Sequence[str]) -> bool:
        raise UsageError(
            "adopt writes migrations and records one as applied: pass --yes to confirm "
            "(nothing was written)"
        )


class AssumeYesQuestioner(NonInteractiveQuestioner):
    """``--yes``: every downgrade and adopt is confirmed (renames stay unanswered errors)."""

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        return True

    def confirm_adopt(self, plan: Sequence[str]) -> bool:
        return True


class NoRenameQuestioner(NonInteractiveQuestioner):
    """``--no-rename``: every disappearance is a drop, every appearance an add; the other
    questions go to ``inner`` (the terminal's questioner, if any)."""

    inner: Questioner = NonInteractiveQuestioner()  # stateless; subclasses may skip __init__

    def __init__(self, inner: Questioner | None = None) -> None:
        if inner is not None:
            self.inner = inner

    def ask_fill(self, table: str, column: Column) -> str | None:
        return self.inner.ask_fill(table, column)

    def confirm_unsafe(self, problems: Sequence[str]) -> bool:
        return self.inner.confirm_unsafe(problems)

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        return False

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        return False


class InteractiveQuestioner:
    """Django-style prompts on a terminal. Only the CLI constructs this."""

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        import click

        changes = table_changes(old, new)
        shown = f" ({changes})" if changes else ""
        return click.confirm(f"Was table {old.name} renamed to {new.name}{shown}?", default=False)

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        import click

        return click.confirm(
            f"Was {table}.{old.name} renamed to {table}.{new.name} ({column_changes(old, new)})?",
            default=False,
        )

    def ask_fill(self, table: str, column: Column) -> str | None:
        import click

        why = (
            "is unique and NOT NULL: an SQL expression that gives each existing row its own value"
            if column.unique
            else "is NOT NULL and the database cannot compute its default: SQL value"
            if column.python_default
            else "is NOT NULL without a default: SQL value"
        )
        answer: str = click.prompt(
            f"{table}.{column.name} {why} to fill existing rows with (empty: none, upgrade "
            "fails if the table has rows)",
            default="",
            show_default=False,
        )
        return answer.strip() or None

    def confirm_unsafe(self, problems: Sequence[str]) -> bool:
        import click

        for problem in problems:
            click.echo(f"! {problem}")
        return click.confirm(
            "The migration fails on a table with rows. Write it anyway?", default=False
        )

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        """Always asks, naming what can be lost."""
        import click

        if losses:
            click.echo(f"Reverting {_names(plan)} can lose data: {'; '.join(losses)}")
        else:
            click.echo(f"Reverting {_names(plan)} (loses no data)")
        return click.confirm("Revert?", default=False)

    def confirm_adopt(self, plan: Sequence[str]) -> bool:
        """Shows the plan, then asks."""
        import click

        for line in plan:
            click.echo(line)
        return click.confirm("Write these migrations and record the baseline?", default=False)


def _names(plan: Sequence[Step]) -> str:
    return ", ".join(f"{s.migration.app} {s.migration.id}" for s in plan)


@dataclass(frozen=True, slots=True)
class _Unanswered:
    candidate: str  # what disappeared and what appeared
    hint: str  # the --rename that would answer it
    message: str  # the questioner's own error for it alone


class CollectingQuestioner:
    """``inner`` for the diffs of one ``migrate``: a rename candidate ``inner`` leaves
    unanswered (an AmbiguousChangeError) is taken as drop + add for now and remembered, and
    ``raise_unanswered`` then names every such candidate in one error, so a CI job learns
    all the flags it needs from one run instead of one per run."""

    def __init__(self, inner: Questioner) -> None:
        self.inner = inner
        self._unanswered: list[_Unanswered] = []

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        try:
            return self.inner.ask_rename_table(old, new)
        except AmbiguousChangeError as exc:
            hint = f"--rename {old.name}={new.name}"
            self._unanswered.append(_Unanswered(table_candidate(old, new), hint, str(exc)))
            return False

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        try:
            return self.inner.ask_rename_column(table, old, new)
        except AmbiguousChangeError as exc:
            hint = f"--rename {table}.{old.name}={new.name}"
            candidate = column_candidate(table, old, new)
            self._unanswered.append(_Unanswered(candidate, hint, str(exc)))
            return False

    def ask_fill(self, table: str, column: Column) -> str | None:
        return self.inner.ask_fill(table, column)

    def confirm_downgrade(self, plan: Sequence[Step], losses: Sequence[str]) -> bool:
        return self.inner.confirm_downgrade(plan, losses)

    def confirm_adopt(self, plan: Sequence[str]) -> bool:
        return self.inner.confirm_adopt(plan)

    def confirm_unsafe(self, problems: Sequence[str]) -> bool:
        return self.inner.confirm_unsafe(problems)

    def raise_unanswered(self) -> None:
        if not self._unanswered:
            return
        if len(self._unanswered) == 1:
            raise AmbiguousChangeError(self._unanswered[0].message)
        candidates = "; ".join(u.candidate for u in self._unanswered)
        by_old: dict[str, list[str]] = {}  # one old name may have several candidates
        for u in self._unanswered:
            by_old.setdefault(u.hint.partition("=")[0], []).append(u.hint)
        hints = " ".join(
            found[0] if len(found) == 1 else f"(one of {' or '.join(found)})"
            for found in by_old.values()
        )
        raise AmbiguousChangeError(
            f"{len(self._unanswered)} rename candidates need an answer: {candidates}. Pass "
            f"{hints} for those that were renamed, and --no-rename to drop and add the others"
        )
