"""Every ALTER on a real MariaDB server: rows survive, the migrated database inspects exactly
like a fresh one created from the new state (server-invented FK and index names included),
and the reverse operations bring back the original schema and rows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import pytest

from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint
from tests.dialects.mysql.support import (
    AUTHOR_ID,
    build,
    fetch,
    fk_names,
    library_state,
    live,
    migrate,
    run,
)

MakeDb = Callable[[str], DatabaseConfig]
STATE = library_state()
SEED = (
    "INSERT INTO `author` (`id`, `name`, `email`, `bio`) "
    "VALUES (1, 'Ann', 'ann@x', NULL), (2, 'Bob', 'bob@x', 'likes \\\\ and ''quotes''')",
    "INSERT INTO `tag` (`id`, `name`) VALUES (1, 't1'), (2, 't2')",
    "INSERT INTO `book` (`id`, `title`, `isbn`, `author_id`, `editor_id`) "
    "VALUES (1, 'B1', 'i1', 1, 2), (2, 'B2', 'i2', 2, NULL)",
    "INSERT INTO `profile` (`id`, `data`, `author_id`) VALUES (1, '{\"a\": 1}', 1)",
    "INSERT INTO `book_tag` (`book_id`, `tag_id`) VALUES (1, 1), (1, 2), (2, 2)",
)
BIG_ID = replace(AUTHOR_ID, type="BIGINT", identity="BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT")


def col(table: str, name: str, state: SchemaState = STATE) -> Column:
    return state.table(table).column(name)


def alter(table: str, name: str, state: SchemaState = STATE, **changes: object) -> ops.AlterColumn:
    old = col(table, name, state)
    return ops.AlterColumn(table, old, replace(old, **changes))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scenario:
    operations: Sequence[ops.Operation]
    # query after the upgrade -> the rows it must return
    expect: dict[str, list[tuple[object, ...]]] = field(default_factory=dict)
    seed: Sequence[str] = SEED
    reversible_with_rows: bool = True


def _key_type_change() -> list[ops.Operation]:
    first = alter("author", "id", type="BIGINT", identity=BIG_ID.identity)
    state = first.apply(STATE)
    rest = [
        alter("book", "author_id", state, type="BIGINT"),
        alter("book", "editor_id", state, type="BIGINT"),
        alter("profile", "author_id", state, type="BIGINT"),
    ]
    return [first, *rest]


def _through_key_type_change() -> list[ops.Operation]:
    first = alter("tag", "id", type="BIGINT", identity=BIG_ID.identity)
    return [first, alter("book_tag", "tag_id", first.apply(STATE), type="BIGINT")]


def _fks_added_later() -> list[ops.Operation]:
    named = Column("sponsor_id", "INT", null=True)
    generated = Column("extra_id", "INT", null=True)  # named as the server would name it
    fk = ForeignKey("author", "id", "SET NULL")
    return [
        ops.AddColumn("book", named),
        ops.AlterColumn("book", named, replace(named, fk=replace(fk, name="fk_sponsor"))),
        ops.AddColumn("book_tag", generated),
        ops.AlterColumn(
            "book_tag", generated, replace(generated, fk=replace(fk, name="book_tag_ibfk_3"))
        ),
    ]


def _through_renamed_then_altered() -> list[ops.Operation]:
    rename = ops.RenameTable("book_tag", "book_label")
    state = rename.apply(STATE)
    # the server renames book_tag_ibfk_2 with the table, and so does the state
    restrict = ForeignKey("tag", "id", "RESTRICT", "book_label_ibfk_2")
    return [rename, alter("book_label", "tag_id", state, fk=restrict)]


SCENARIOS = {
    "add_columns": Scenario(
        [
            ops.AddColumn("author", Column("nick", "VARCHAR(30)", null=True, comment="c")),
            ops.AddColumn("author", Column("rank", "INT"), fill="5"),
            ops.AddColumn("author", Column("notes", "LONGTEXT"), fill="'n/a'"),
            ops.AddColumn("author", Column("code", "VARCHAR(10)", null=True, unique=True)),
            ops.AddColumn(
                "book",
                Column(
                    "reviewer_id",
                    "INT",
                    null=True,
                    fk=ForeignKey("author", "id", "SET NULL", "fk_rev"),
                ),
            ),
            ops.AddColumn(
                "book_tag",
                Column(
                    "by_id",
                    "INT",
                    null=True,
                    fk=ForeignKey("author", "id", "CASCADE", "book_tag_ibfk_3"),
                ),
            ),
        ],
        expect={"SELECT `rank`, `notes` FROM `author` ORDER BY `id`": [(5, "n/a"), (5, "n/a")]},
    ),
    "drop_columns": Scenario(
        [
            ops.DropIndex("author", STATE.table("author").indexes[0]),  # the diff drops it first
            ops.DropColumn("author", col("author", "bio")),
            ops.DropColumn("book", col("book", "editor_id")),
        ],
        expect={"SELECT `title` FROM `book` ORDER BY `id`": [("B1",), ("B2",)]},
        reversible_with_rows=False,  # the dropped values are gone
    ),
    "drop_first_unnamed_fk_column": Scenario(
        [
            ops.DropIndex("book_tag", STATE.table("book_tag").indexes[0]),
            ops.DropColumn("book_tag", col("book_tag", "book_id")),
        ],
        seed=SEED[:4],
    ),
    "rename_columns": Scenario(
        [
            ops.RenameColumn("author", "email", "mail"),
            ops.RenameColumn("author", "bio", "about"),
            ops.RenameColumn("book", "author_id", "writer_id"),
            ops.RenameColumn("book", "editor_id", "checker_id"),
            ops.RenameColumn("book_tag", "tag_id", "label_id"),
        ],
        expect={"SELECT `mail` FROM `author` ORDER BY `id`": [("ann@x",), ("bob@x",)]},
    ),
    "alter_columns": Scenario(
        [
            alter("author", "name", type="VARCHAR(150)", comment="renamed comment"),
            alter("author", "bio", null=False, default="'none'"),
            alter("author", "score", default=None),
            alter("author", "email", unique=False),
            alter("profile", "data", comment="json blob"),
            alter(
                "book",
                "editor_id",
                fk=ForeignKey("author", "id", "CASCADE", "fk_book_author_baece231"),
            ),
            alter("book", "isbn", null=True, default="'?'"),
            alter("book_tag", "tag_id", fk=ForeignKey("tag", "id", "RESTRICT", "book_tag_ibfk_2")),
        ],
        expect={
            "SELECT `bio` FROM `author` ORDER BY `id`": [("none",), ("likes \\ and 'quotes'",)]
        },
        reversible_with_rows=False,  # the NULL that became 'none' stays 'none'
    ),
    "fk_and_unique_swaps": Scenario(
        [
            alter("profile", "author_id", unique=False),
            alter("book", "editor_id", unique=True),
            alter("book", "author_id", fk=ForeignKey("author", "id", "CASCADE", "fk_renamed")),
        ],
    ),
    "fk_renamed_with_its_index": Scenario(
        [alter("book", "editor_id", fk=ForeignKey("author", "id", "SET NULL", "fk_editor"))]
    ),
    "fks_added_later": Scenario(_fks_added_later()),
    "through_key_type_change": Scenario(_through_key_type_change()),
    "remove_fk": Scenario([alter("book", "editor_id", fk=None)]),
    "key_type_change": Scenario(
        _key_type_change(),
        expect={"SELECT `author_id` FROM `book` ORDER BY `id`": [(1,), (2,)]},
    ),
    "indexes": Scenario(
        [
            ops.AddIndex("book", Index("idx_editor", ("editor_id", "title"))),
            ops.DropUnique("book", STATE.table("book").uniques[0]),
            ops.AddUnique("book", UniqueConstraint("uid_title", ("title", "isbn"))),
            ops.RenameIndex(
                "author",
                STATE.table("author").indexes[1],
                replace(STATE.table("author").indexes[1], name="idx_ns"),
            ),
            ops.RenameUnique(
                "book",
                UniqueConstraint("uid_title", ("title", "isbn")),
                UniqueConstraint("uid_t2", ("title", "isbn")),
            ),
            ops.DropIndex("author", STATE.table("author").indexes[0]),
            ops.AddIndex("author", Index("ft_name", ("name",), using="FULLTEXT")),
            ops.AddIndex("tag", Index("uidx_name", ("name",), unique=True)),
        ],
    ),
    "tables": Scenario(
        [
            *_through_renamed_then_altered(),
            ops.RenameTable("tag", "label"),
            ops.SetTableComment("author", "Authors' table", None),
            ops.SetTableComment("label", None, "it's \\ labels"),
            ops.CreateTable(Table("note", (AUTHOR_ID, Column("body", "LONGTEXT", default="'x'")))),
            ops.DropTable(STATE.table("profile")),
        ],
        reversible_with_rows=False,  # profile's rows go with the table
    ),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_alter_keeps_rows_and_matches_a_fresh_database(make_db: MakeDb, name: str) -> None:
    scenario = SCENARIOS[name]
    db, fresh = make_db("mysql"), make_db("mysql")

    async def check() -> None:
        await build(db, STATE)
        await run(db, scenario.seed)
        original, original_rows = await live(db), await dump(db, STATE)
        after = await migrate(db, STATE, scenario.operations)
        await build(fresh, after)
        assert await live(db) == await live(fresh)
        assert await server_names(db) == await server_names(fresh)
        for query, rows in scenario.expect.items():
            assert await fetch(db, query) == rows
        assert await row_counts(db, after) == await row_counts_of(original_rows, after)
        back = await migrate(db, after, ops.reverse_all(list(scenario.operations)))
        assert column_order_free(back) == column_order_free(STATE)
        assert await live(db) == original
        if scenario.reversible_with_rows:
            assert await dump(db, STATE) == original_rows

    asyncio.run(check())


def test_not_null_without_a_fill_value_is_refused_while_nulls_remain(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(build(db, STATE))
    asyncio.run(run(db, SEED[:1]))
    with pytest.raises(Exception, match=r"(?i)null|truncated"):
        asyncio.run(migrate(db, STATE, [alter("author", "bio", null=False)]))


def test_narrowing_that_does_not_fit_is_refused(make_db: MakeDb) -> None:
    db = make_db("mysql")
    op = alter("author", "email", type="VARCHAR(3)")
    assert op.new.type == "VARCHAR(3)" and STATE.dialect == "mysql"
    asyncio.run(build(db, STATE))
    asyncio.run(run(db, SEED[:1]))
    with pytest.raises(Exception, match=r"(?i)too long|truncated"):
        asyncio.run(migrate(db, STATE, [op]))


# -- helpers -------------------------------------------------------------------------------


def column_order_free(state: SchemaState) -> SchemaState:
    """ADD COLUMN appends, so a dropped and re-added column comes back last."""
    return SchemaState(
        state.dialect,
        {
            name: replace(t, columns=tuple(sorted(t.columns, key=lambda c: c.name)))
            for name, t in state.tables.items()
        },
    )


async def server_names(db: DatabaseConfig) -> tuple[object, ...]:
    """FK and index names as the server has them (LiveSchema hides the invented ones)."""
    indexes = await fetch(
        db,
        "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
        "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2",
    )
    return (await fk_names(db), indexes)


async def dump(db: DatabaseConfig, state: SchemaState) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, columns in name order (column order is not schema)."""
    out = {}
    for table in sorted(state.tables):
        names = ", ".join(f"`{c}`" for c in sorted(state.table(table).column_names))
        out[table] = sorted(await fetch(db, f"SELECT {names} FROM `{table}`"), key=repr)
    return out


async def row_counts(db: DatabaseConfig, state: SchemaState) -> dict[str, int]:
    return {
        t: int((await fetch(db, f"SELECT COUNT(*) FROM `{t}`"))[0][0])  # type: ignore[call-overload]
        for t in sorted(state.tables)
    }


async def row_counts_of(
    rows: dict[str, list[tuple[object, ...]]], state: SchemaState
) -> dict[str, int]:
    """Rows each table of ``state`` had before, following renames; new tables are empty."""
    renamed = {"book_label": "book_tag", "label": "tag"}
    return {t: len(rows.get(renamed.get(t, t), [])) for t in sorted(state.tables)}
