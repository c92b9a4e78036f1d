"""Generated columns on PostgreSQL (no database needed): a changed expression drops the column
and adds it again with its comment, indexes and unique constraints; a generated column that
becomes plain keeps its values (DROP EXPRESSION). tests/integration/test_generated_column.py
runs these on the server."""

from __future__ import annotations

from dataclasses import replace

from migrator import operations as ops
from migrator.dialects.postgres import PostgresDialect
from migrator.state import Column, Index, SchemaState, Table, UniqueConstraint

pg = PostgresDialect()
TITLE = "TSVECTOR GENERATED ALWAYS AS (TO_TSVECTOR('english',COALESCE(\"title\", ''))) STORED"
BOTH = (
    "TSVECTOR GENERATED ALWAYS AS (TO_TSVECTOR('english',COALESCE(\"title\", '')) || "
    "TO_TSVECTOR('english',COALESCE(\"body\", ''))) STORED"
)
SEARCH = Column("search", TITLE, comment="what search reads")
TABLE = Table(
    "article",
    (
        Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY"),
        Column("title", "VARCHAR(200)"),
        Column("body", "TEXT", null=True),
        SEARCH,
    ),
    indexes=(
        Index("idx_article_search", ("search",), using="GIN"),
        Index("idx_article_title", ("title",)),
        Index("idx_article_expr", expressions=('LENGTH("search"::text)',)),
    ),
    uniques=(UniqueConstraint("uid_article_title_search", ("title", "search")),),
)
STATE = SchemaState("postgres", {"article": TABLE})


def test_a_new_expression_drops_and_adds_the_column_with_its_indexes_and_constraints() -> None:
    op = ops.AlterColumn("article", SEARCH, replace(SEARCH, type=BOTH))
    assert pg.render(op, STATE) == [
        'ALTER TABLE "article" DROP COLUMN "search"',
        f'ALTER TABLE "article" ADD COLUMN "search" {BOTH} NOT NULL',
        'COMMENT ON COLUMN "article"."search" IS \'what search reads\'',
        'CREATE INDEX "idx_article_search" ON "article" USING GIN ("search")',
        'CREATE INDEX "idx_article_expr" ON "article" (LENGTH("search"::text))',
        'ALTER TABLE "article" ADD CONSTRAINT "uid_article_title_search" '
        'UNIQUE ("title", "search")',
    ]
    # the server computes every value again: nothing is lost, either way
    assert not pg.loses_data(op)
    assert not pg.loses_data(op.reverse())


def test_the_downgrade_puts_the_old_expression_back() -> None:
    op = ops.AlterColumn("article", SEARCH, replace(SEARCH, type=BOTH))
    after = op.apply(STATE)
    assert pg.render(op.reverse(), after)[:2] == [
        'ALTER TABLE "article" DROP COLUMN "search"',
        f'ALTER TABLE "article" ADD COLUMN "search" {TITLE} NOT NULL',
    ]


def test_a_generated_column_becoming_plain_keeps_its_values() -> None:
    op = ops.AlterColumn("article", SEARCH, replace(SEARCH, type="TSVECTOR", null=True))
    assert pg.render(op, STATE) == [
        'ALTER TABLE "article" ALTER COLUMN "search" DROP EXPRESSION',
        'ALTER TABLE "article" ALTER COLUMN "search" DROP NOT NULL',
    ]
    assert not pg.loses_data(op)


def test_a_plain_column_becoming_generated_loses_its_values() -> None:
    plain = replace(SEARCH, type="TSVECTOR")
    state = STATE.with_table(TABLE.replace_column("search", plain))
    op = ops.AlterColumn("article", plain, SEARCH)
    assert pg.render(op, state)[:2] == [
        'ALTER TABLE "article" DROP COLUMN "search"',
        f'ALTER TABLE "article" ADD COLUMN "search" {TITLE} NOT NULL',
    ]
    assert pg.loses_data(op)


def test_a_generated_column_is_computed_and_a_key_is_not() -> None:
    assert SEARCH.computed
    assert not replace(SEARCH, type="TSVECTOR").computed
    assert not TABLE.column("id").computed


def _headline(sql: str) -> str:
    return sql.replace('"title"', '"headline"')


def test_a_rename_alone_leaves_the_expression_to_the_server() -> None:
    rename = ops.RenameColumn("article", "title", "headline")
    alter = ops.AlterColumn("article", SEARCH, replace(SEARCH, type=_headline(TITLE)))
    up = pg.render_all([rename, alter], STATE)
    assert [block.statements for block in up] == [
        ('ALTER TABLE "article" RENAME COLUMN "title" TO "headline"',),
        (),
    ]
    assert up[1].ops == (alter,) and "renames columns" in up[1].notes[0]
    after = alter.apply(rename.apply(STATE))
    down = pg.render_all([alter.reverse(), rename.reverse()], after)
    assert [block.statements for block in down] == [
        (),
        ('ALTER TABLE "article" RENAME COLUMN "headline" TO "title"',),
    ]


def test_a_new_expression_with_a_rename_reads_the_names_of_its_place() -> None:
    rename = ops.RenameColumn("article", "title", "headline")
    simple = _headline(TITLE).replace("'english'", "'simple'")
    alter = ops.AlterColumn("article", SEARCH, replace(SEARCH, type=simple))
    up = pg.render_all([rename, alter], STATE)
    assert up[1].statements[1] == f'ALTER TABLE "article" ADD COLUMN "search" {simple} NOT NULL'
    after = alter.apply(rename.apply(STATE))
    down = pg.render_all([alter.reverse(), rename.reverse()], after)
    # before the rename back runs, the table still calls the column headline
    assert down[0].statements[1] == (
        f'ALTER TABLE "article" ADD COLUMN "search" {_headline(TITLE)} NOT NULL'
    )
