"""The lint rules (migrator/lint.py) on migration files parsed from text: each statement is
read against the names the statements before it left, so a renamed column keeps its history."""

from __future__ import annotations

import pytest

from migrator.dialects.base.dialect import Dialect
from migrator.dialects.mysql.dialect import MySQLDialect
from migrator.dialects.postgres.dialect import PostgresDialect
from migrator.dialects.sqlite.dialect import SqliteDialect
from migrator.lint import LintConfig, lint_file
from migrator.sqlfile import parse_file
from migrator.state import Column, SchemaState, Table


def _before(dialect: Dialect) -> SchemaState:
    columns = (Column("id", "INT", pk=True), Column("name", "VARCHAR(20)", null=True))
    return SchemaState(dialect.name, {"t": Table("t", columns)})


def _rules(dialect: Dialect, *statements: str) -> list[tuple[str, str]]:
    text = "-- [1/1] hand-written\n" + "".join(f"{s};\n" for s in statements)
    findings = lint_file(dialect, parse_file(text, dialect), _before(dialect), LintConfig())
    return [(f.rule, f.message) for f in findings]


@pytest.mark.parametrize("dialect", [PostgresDialect(), MySQLDialect()], ids=["pg", "mysql"])
def test_narrowing_a_renamed_column_is_found(dialect: Dialect) -> None:
    q = dialect.quote
    retype = (
        f"ALTER TABLE {q('t')} ALTER COLUMN {q('title')} TYPE VARCHAR(10)"
        if dialect.name == "postgres"
        else f"ALTER TABLE {q('t')} MODIFY COLUMN {q('title')} VARCHAR(10) NULL"
    )
    rules = _rules(
        dialect, f"ALTER TABLE {q('t')} RENAME COLUMN {q('name')} TO {q('title')}", retype
    )
    assert ("MIG003", "t.title: VARCHAR(20) -> VARCHAR(10) can cut or refuse values") in rules


def test_a_sqlite_rebuild_after_a_rename_is_not_a_drop() -> None:
    rules = _rules(
        SqliteDialect(),
        'ALTER TABLE "t" RENAME COLUMN "name" TO "title"',
        'CREATE TABLE "_migrator_new_t" ("id" INT PRIMARY KEY, "title" TEXT)',
        'INSERT INTO "_migrator_new_t" ("id", "title") SELECT "id", "title" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "_migrator_new_t" RENAME TO "t"',
    )
    assert [rule for rule, _ in rules] == ["MIG008", "MIG005"]


def test_a_column_added_and_filled_in_the_migration_may_become_not_null() -> None:
    """The three-step form of a unique uuid4 column: add it nullable, fill every row, then
    NOT NULL. The fill is an earlier statement, so MIG004 does not fire."""
    pg = PostgresDialect()
    rules = _rules(
        pg,
        'ALTER TABLE "t" ADD COLUMN "code" UUID',
        'UPDATE "t" SET "code" = gen_random_uuid() WHERE "code" IS NULL',
        'ALTER TABLE "t" ALTER COLUMN "code" SET NOT NULL',
    )
    assert "MIG004" not in [rule for rule, _ in rules]
    unfilled = _rules(
        pg,
        'ALTER TABLE "t" ADD COLUMN "code" UUID',
        'ALTER TABLE "t" ALTER COLUMN "code" SET NOT NULL',
    )
    assert ("MIG004", "t.code becomes NOT NULL and no earlier statement fills its NULLs") in (
        unfilled
    )


def test_a_name_freed_by_a_drop_is_taken_by_a_later_rename() -> None:
    """``t`` dropped, ``u`` renamed to ``t`` and then narrowed: the narrowing is read
    against ``u``'s column, which the rename brought under the freed name."""
    pg = PostgresDialect()
    columns = (Column("id", "INT", pk=True), Column("name", "VARCHAR(40)", null=True))
    before = SchemaState("postgres", {**_before(pg).tables, "u": Table("u", columns)})
    text = "-- [1/1] hand-written\n" + "".join(
        f"{sql};\n"
        for sql in (
            'DROP TABLE "t"',
            'ALTER TABLE "u" RENAME TO "t"',
            'ALTER TABLE "t" ALTER COLUMN "name" TYPE VARCHAR(10)',
        )
    )
    findings = lint_file(pg, parse_file(text, pg), before, LintConfig())
    assert ("MIG003", "t.name: VARCHAR(40) -> VARCHAR(10) can cut or refuse values") in [
        (f.rule, f.message) for f in findings
    ]
