"""Lint rules: what in a migration can lose data, fail on a populated table, block production
writes or break the application code still running during a rolling deploy.

Pure: the rules read each statement's ``StatementTraits`` (the dialect's classifier says
which lock it takes, whether it rewrites or scans the table) and the schema before the
migration; they never connect. Rule IDs are stable: they are what ``[tool.migrator.lint]``
and ``-- migrator: allow RULE-ID`` comments name. Each rule's text (what it catches, why it
matters, how to fix it) lives here and in the README's table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from migrator.dialects.base.traits import (
    Action,
    Change,
    StatementTraits,
    after_renames,
    old_column,
)

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect
    from migrator.sqlfile import SqlFile
    from migrator.state import SchemaState


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity
    destructive: bool  # what ``upgrade --no-destructive`` refuses
    catches: str
    why: str
    fix: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "MIG001",
            "drop-column",
            Severity.ERROR,
            True,
            "a column of an existing table is dropped",
            "its data is lost for good, and application code still running during a rolling "
            "deploy keeps reading and writing it",
            "first deploy code that no longer uses the column, then drop it in a later "
            "migration; back the data up if it may be needed",
        ),
        Rule(
            "MIG002",
            "drop-table",
            Severity.ERROR,
            True,
            "an existing table is dropped",
            "its rows are lost for good, and code still running during a rolling deploy "
            "fails on every query of the table",
            "stop using the table in a release first, then drop it in a later migration",
        ),
        Rule(
            "MIG003",
            "narrow-type",
            Severity.ERROR,
            True,
            "a column's type is changed to one that holds less (shorter text, smaller "
            "integer, less precision, another kind of value)",
            "values that do not fit are cut, rounded or refused mid-migration",
            "check the longest/largest stored value first; keep the wider type if unsure",
        ),
        Rule(
            "MIG004",
            "not-null-without-backfill",
            Severity.WARNING,
            False,
            "a column becomes NOT NULL (or is added NOT NULL without a default) with no "
            "earlier statement of the migration filling it",
            "on a populated table the statement fails (PostgreSQL, SQLite) or fills rows "
            "with a zero value nobody chose (MySQL)",
            "add the column nullable or with a default, fill existing rows in an earlier "
            "migration, then set NOT NULL",
        ),
        Rule(
            "MIG005",
            "table-rewrite",
            Severity.WARNING,
            False,
            "a statement rewrites every row of an existing table (a type change, a "
            "volatile default, a MySQL COPY, a SQLite rebuild)",
            "the rewrite holds its lock for as long as copying the table takes, and needs "
            "room for a second copy",
            "prefer a change the database makes in place (a wider VARCHAR, a constant "
            "default), or add a new column, backfill it in batches and switch over",
        ),
        Rule(
            "MIG006",
            "blocking-index-build",
            Severity.WARNING,
            False,
            "an index (or unique constraint) is built on an existing table under a lock "
            "that blocks writes",
            "INSERT, UPDATE and DELETE on the table wait for the whole index build",
            "PostgreSQL: CREATE INDEX CONCURRENTLY (outside a transaction); MySQL: "
            "ALGORITHM=INPLACE, LOCK=NONE",
        ),
        Rule(
            "MIG007",
            "blocking-constraint-validation",
            Severity.WARNING,
            False,
            "a foreign key or check constraint is added to an existing table and "
            "validated against every row under a lock that blocks writes",
            "writes to the table wait while every row is checked",
            "PostgreSQL: ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later "
            "migration (it lets writes go on); MySQL: add it in a quiet window",
        ),
        Rule(
            "MIG008",
            "rename-breaks-running-code",
            Severity.WARNING,
            False,
            "a table or column is renamed",
            "during a rolling deploy the old application code still uses the old name and "
            "fails until every instance runs the new code",
            "add the new column (or table), write to both, backfill, switch reads, then "
            "drop the old one (expand and contract); or deploy with downtime",
        ),
        Rule(
            "MIG009",
            "data-with-schema-change",
            Severity.WARNING,
            False,
            "a migration changes rows (INSERT, UPDATE, DELETE) of an existing table and "
            "also changes the schema",
            "the data change holds row locks for as long as the schema change keeps the "
            "transaction open (and the schema locks for as long as the update runs); on "
            "MySQL a failure leaves it half done",
            "move the data change into a migration of its own (or a batched job)",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class LintConfig:
    """``[tool.migrator.lint]``: rules turned off, warnings raised to errors, and whether
    ``upgrade`` refuses unacknowledged destructive findings (``no_destructive``)."""

    disable: frozenset[str] = frozenset()
    error: frozenset[str] = frozenset()
    no_destructive: bool = False

    def severity(self, rule: Rule) -> Severity:
        return Severity.ERROR if rule.id in self.error else rule.severity


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    line: int  # of the statement in upgrade.sql
    sql: str
    acknowledged: bool = False  # a ``-- migrator: allow`` comment names the rule
    destructive: bool = False


@dataclass
class _Context:
    """What the rules know about the migration so far, statement by statement."""

    before: SchemaState | None
    narrows: Callable[[str, str], bool]
    created: set[str] = field(default_factory=set)  # tables created earlier in the file
    filled: set[tuple[str, str]] = field(default_factory=set)  # (table, column) an UPDATE set
    added: set[tuple[str, str]] = field(default_factory=set)  # (table, column) added earlier
    has_schema_change: bool = False

    def existing(self, table: str | None) -> bool:
        return table is not None and table not in self.created


def lint_file(
    dialect: Dialect, sql: SqlFile, before: SchemaState | None, config: LintConfig
) -> list[Finding]:
    """The findings of an upgrade file, in statement order (disabled rules left out)."""
    texts = [s.sql for s in sql.statements]
    traits = dialect.classify_all(texts, before)
    ctx = _Context(before, dialect.narrows)
    ctx.has_schema_change = any(_is_schema_change(t) for t in traits)
    findings = []
    for position, t in enumerate(traits):
        allowed = sql.allowed(position)
        for rule_id, message in _check(t, ctx):
            rule = RULES[rule_id]
            if rule_id in config.disable:
                continue
            findings.append(
                Finding(
                    rule_id,
                    config.severity(rule),
                    message,
                    sql.statements[position].line,
                    t.sql,
                    acknowledged=rule_id in allowed,
                    destructive=rule.destructive,
                )
            )
        _remember(t, ctx)
        ctx.before = after_renames(ctx.before, t)
    return _one_mix_finding(findings)


def _is_schema_change(t: StatementTraits) -> bool:
    return any(a not in (Action.DATA, Action.SESSION, Action.OTHER) for a in t.actions)


def _remember(t: StatementTraits, ctx: _Context) -> None:
    if t.has(Action.CREATE_TABLE) and t.table:
        ctx.created.add(t.table)
    if t.table:
        ctx.added.update(
            (t.table, c.column) for c in t.changes if c.action is Action.ADD_COLUMN and c.column
        )
    if t.has(Action.DATA) and t.table:
        lowered = t.sql.lower()
        added = [col for table, col in ctx.added if table == t.table]
        for col in _columns(ctx.before, t.table) + added:
            if col.lower() in lowered:
                ctx.filled.add((t.table, col))


def _columns(before: SchemaState | None, table: str) -> list[str]:
    if before is None or table not in before.tables:
        return []
    return [c.name for c in before.tables[table].columns]


def _check(t: StatementTraits, ctx: _Context) -> Iterator[tuple[str, str]]:
    name = t.table or "?"
    existing = ctx.existing(t.table)
    for change in t.changes:
        yield from _check_change(t, change, name, existing, ctx)
    if existing and t.rewrites_table:
        yield "MIG005", f"{name}: every row is rewritten under {t.lock}"
    index_build = t.has(Action.CREATE_INDEX, Action.ADD_UNIQUE, Action.ADD_PRIMARY_KEY)
    if existing and index_build and t.blocks_writes and t.scans_table:
        yield "MIG006", f"{name}: index build holds {t.lock}, which blocks writes"
    validated = t.has(Action.ADD_FOREIGN_KEY, Action.ADD_CHECK)
    if existing and validated and t.blocks_writes and t.scans_table:
        yield "MIG007", f"{name}: constraint validated over every row under {t.lock}"
    if existing and t.has(Action.DATA) and ctx.has_schema_change:
        yield "MIG009", f"{name}: data change in a migration that also changes the schema"


def _check_change(
    t: StatementTraits, change: Change, name: str, existing: bool, ctx: _Context
) -> Iterator[tuple[str, str]]:
    a = change.action
    column = f"{name}.{change.column}"
    if a is Action.DROP_COLUMN and existing:
        yield "MIG001", f"drop column {column}: its data is lost"
    elif a is Action.DROP_TABLE and existing:
        yield "MIG002", f"drop table {name}: its rows are lost"
    elif a in (Action.RENAME_TABLE, Action.RENAME_COLUMN) and existing:
        what = f"table {name}" if a is Action.RENAME_TABLE else f"column {column}"
        yield "MIG008", f"rename {what} to {change.new_name}: running code uses the old name"
    old = old_column(ctx.before, t.table, change.column)
    if a is Action.MODIFY_COLUMN and change.new_name and existing:
        yield (
            "MIG008",
            f"rename column {column} to {change.new_name}: running code uses the old name",
        )
    retyped = a in (Action.ALTER_TYPE, Action.MODIFY_COLUMN) and old and change.new_type
    if old and change.new_type and retyped and ctx.narrows(old.type, change.new_type):
        yield "MIG003", f"{column}: {old.type} -> {change.new_type} can cut or refuse values"
    if not existing:
        return
    if a is Action.ADD_COLUMN and change.not_null and not change.has_default:
        yield "MIG004", f"add column {column} NOT NULL without a default: existing rows have none"
    becomes_not_null = a is Action.SET_NOT_NULL or (
        a is Action.MODIFY_COLUMN and change.not_null and old is not None and old.null
    )
    if becomes_not_null and (t.table or "", change.column or "") not in ctx.filled:
        yield "MIG004", f"{column} becomes NOT NULL and no earlier statement fills its NULLs"


def _one_mix_finding(findings: list[Finding]) -> list[Finding]:
    """MIG009 once per migration (at its first data change), not per statement."""
    out, seen = [], False
    for f in findings:
        if f.rule == "MIG009":
            if seen:
                continue
            seen = True
        out.append(f)
    return out


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that fail ``lint``: errors nobody acknowledged."""
    return [f for f in findings if f.severity is Severity.ERROR and not f.acknowledged]


def unacknowledged_destructive(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.destructive and not f.acknowledged]


def all_rules_config(config: LintConfig) -> LintConfig:
    """``config`` with no rule disabled (``--no-destructive`` sees every destructive rule:
    only an allow comment in the file acknowledges data loss)."""
    return replace(config, disable=frozenset())
