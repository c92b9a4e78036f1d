"""The migration SQL file format (sqlfile.py): what ``migrate`` writes and what the runner and
the downgrade confirmation read back (block headers, ``-- DESTRUCTIVE`` marks, the downgrade
file's ``(undoes upgrade [k/n])`` marks). Pure: no database."""

from __future__ import annotations

from pathlib import Path

from migrator import operations as ops
from migrator.dialects import get_dialect
from migrator.dialects.base.dialect import RenderedOperation
from migrator.sqlfile import (
    FileHeader,
    SqlFile,
    destructive_descriptions,
    downgrade_losses,
    parse_file,
    progress,
    render_file,
    undo_map,
)
from migrator.state import Column, Index, SchemaState, Table

MYSQL = get_dialect("mysql")

GENERATED = """-- migrator upgrade: models 0002_auto (mysql)

-- [1/3] create table shelf
CREATE TABLE `shelf` (
    `id` INT NOT NULL PRIMARY KEY
);

-- [2/3] set comment
-- (nothing to run on this database)

-- [3/3] alter column item.code
ALTER TABLE `item` DROP FOREIGN KEY `fk`;
ALTER TABLE `item` MODIFY COLUMN `code` VARCHAR(30) NOT NULL;
"""

AGE = Column("age", "INT", null=True)


def _parse(text: str) -> SqlFile:
    return parse_file(text, MYSQL)


def _blocks(text: str) -> list[tuple[int, int, str, int | None, int, list[str]]]:
    blocks = _parse(text).blocks
    assert blocks is not None
    return [
        (b.index, b.total, b.title, b.undoes, b.first, [s.sql for s in b.statements])
        for b in blocks
    ]


# -- render, then parse --------------------------------------------------------------------


def test_a_rendered_downgrade_reads_back_block_for_block() -> None:
    blocks = [
        RenderedOperation((ops.DropColumn("user", AGE),), ("ALTER TABLE u DROP age",), True),
        RenderedOperation((ops.RenameColumn("user", "handle", "username"),), ()),
        RenderedOperation((ops.DropTable(Table("shelf", ())),), ("DROP TABLE shelf",), True),
    ]
    header = FileHeader("models", "0002_x", "0001", "mysql", "downgrade", False)

    text = render_file(header, blocks)

    assert text == (
        "-- migrator downgrade: models 0002_x (mysql)\n"
        "-- parent: 0001\n"
        "-- This database commits DDL implicitly: the runner records each statement as it "
        "runs and resumes after a failure.\n"
        "\n"
        "-- [1/3] drop column user.age (undoes upgrade [3/3])\n"
        "-- DESTRUCTIVE: this can lose data; review before applying\n"
        "ALTER TABLE u DROP age;\n"
        "\n"
        "-- [2/3] rename column user.handle to username (undoes upgrade [2/3])\n"
        "-- (nothing to run on this database)\n"
        "\n"
        "-- [3/3] drop table shelf (undoes upgrade [1/3])\n"
        "-- DESTRUCTIVE: this can lose data; review before applying\n"
        "DROP TABLE shelf;\n"
    )
    parsed = _parse(text)
    assert _blocks(text) == [
        (1, 3, "drop column user.age", 3, 0, ["ALTER TABLE u DROP age"]),
        (2, 3, "rename column user.handle to username", 2, 1, []),
        (3, 3, "drop table shelf", 1, 1, ["DROP TABLE shelf"]),
    ]
    assert parsed.destructive == ("drop column user.age", "drop table shelf")
    assert [(s.sql, s.line) for s in parsed.statements] == [
        ("ALTER TABLE u DROP age", 7),
        ("DROP TABLE shelf", 14),
    ]
    assert parsed.has_block_headers
    assert destructive_descriptions(blocks) == ["drop column user.age", "drop table shelf"]


def test_rendered_blocks_of_a_dialect_read_back_with_their_undo_marks() -> None:
    table = Table("shelf", (Column("id", "INT", pk=True), Column("label", "VARCHAR(20)")))
    operations: list[ops.Operation] = [
        ops.CreateTable(table),
        ops.AddColumn("shelf", Column("note", "VARCHAR(20)", null=True)),
    ]
    after = ops.apply_all(SchemaState("mysql"), operations)
    blocks = MYSQL.render_all(ops.reverse_all(operations), after)
    text = render_file(FileHeader("models", "0001_x", None, "mysql", "downgrade", False), blocks)
    assert _blocks(text) == [
        (1, 2, "drop column shelf.note", 2, 0, ["ALTER TABLE `shelf` DROP COLUMN `note`"]),
        (2, 2, "drop table shelf", 1, 1, ["DROP TABLE `shelf`"]),
    ]
    assert _parse(text).destructive == ("drop column shelf.note", "drop table shelf")


def test_transactional_downgrades_and_upgrades_carry_no_undo_marks() -> None:
    blocks = [RenderedOperation((ops.DropColumn("user", AGE),), ("ALTER TABLE u DROP age",), True)]
    postgres = FileHeader("models", "0002_x", "0001", "postgres", "downgrade", True)
    upgrade = FileHeader("models", "0002_x", "0001", "mysql", "upgrade", False)
    for header in (postgres, upgrade):
        text = render_file(header, blocks)
        assert "-- [1/1] drop column user.age\n" in text
        assert "undoes" not in text
        assert _blocks(text) == [
            (1, 1, "drop column user.age", None, 0, ["ALTER TABLE u DROP age"])
        ]


def test_a_migration_without_operations_is_an_empty_body() -> None:
    text = render_file(FileHeader("models", "0003_empty", "0002", "mysql", "upgrade", False), [])
    assert text.endswith(
        "runs and resumes after a failure.\n"
        "\n"
        "-- Write the SQL of this migration here, statements separated by ';'.\n"
    )
    parsed = _parse(text)
    assert (parsed.blocks, parsed.statements, parsed.has_block_headers) == (None, (), False)


def test_a_line_break_in_a_name_stays_inside_the_header_comment() -> None:
    name = "t\nDROP TABLE victim; --"
    table = Table(name, (Column("id", "INT", pk=True),))
    blocks = MYSQL.render_all([ops.CreateTable(table)], SchemaState("mysql"))
    header = FileHeader("models", "0001_x", "a\nb", "mysql", "upgrade", False)
    text = render_file(header, blocks)
    assert "-- parent: a\\nb\n" in text
    assert "-- [1/1] create table t\\nDROP TABLE victim; --\n" in text
    [block] = _blocks(text)
    assert block[2] == "create table t\\nDROP TABLE victim; --"
    assert [sql.split(" (")[0] for sql in block[5]] == ["CREATE TABLE `t\nDROP TABLE victim; --`"]


# -- parsing what people wrote -------------------------------------------------------------


def test_blocks_carry_their_statements_and_positions() -> None:
    assert _blocks(GENERATED) == [
        (
            1,
            3,
            "create table shelf",
            None,
            0,
            ["CREATE TABLE `shelf` (\n    `id` INT NOT NULL PRIMARY KEY\n)"],
        ),
        (2, 3, "set comment", None, 1, []),
        (
            3,
            3,
            "alter column item.code",
            None,
            1,
            [
                "ALTER TABLE `item` DROP FOREIGN KEY `fk`",
                "ALTER TABLE `item` MODIFY COLUMN `code` VARCHAR(30) NOT NULL",
            ],
        ),
    ]


def test_windows_line_endings_read_the_same() -> None:
    assert _blocks(GENERATED.replace("\n", "\r\n"))[2][:5] == (
        3,
        3,
        "alter column item.code",
        None,
        1,
    )


def test_files_not_made_of_blocks_are_recognised() -> None:
    hand_written = _parse("INSERT INTO t VALUES (1);\n")
    assert hand_written.blocks is None
    assert not hand_written.has_block_headers
    assert [s.sql for s in hand_written.statements] == ["INSERT INTO t VALUES (1)"]
    # a statement above the first header belongs to no block
    above = _parse("DELETE FROM t;\n" + GENERATED)
    assert above.blocks is None
    assert above.has_block_headers
    # renumbered by hand: [1/3], [3/3], [2/3]
    swapped = GENERATED.replace("[2/3]", "[X]").replace("[3/3]", "[2/3]").replace("[X]", "[3/3]")
    assert _parse(swapped).blocks is None
    # a block removed by hand: [1/3], [3/3]
    assert _parse(GENERATED.replace("-- [2/3] set comment\n", "")).blocks is None


# -- the undo map --------------------------------------------------------------------------

UPGRADE = """-- [1/2] rename column user.handle to username
ALTER TABLE `user` RENAME COLUMN `handle` TO `username`;

-- [2/2] add column user.age
ALTER TABLE `user` ADD COLUMN `age` INT;
ALTER TABLE `user` ADD KEY `idx_age` (`age`);
"""

DOWNGRADE = """-- migrator downgrade: models 0002_x (mysql)
-- [1/2] drop column user.age (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE `user` DROP COLUMN `age`;

-- [2/2] rename column user.username to handle (undoes upgrade [1/2])
ALTER TABLE `user` RENAME COLUMN `username` TO `handle`;
"""


def _pairs(upgrade: str, downgrade: str) -> list[tuple[str, str]] | None:
    undoes = undo_map(_parse(upgrade), _parse(downgrade))
    if undoes is None:
        return None
    return [(u.downgrade.title, u.upgrade.title) for u in undoes]


def test_the_undo_marks_pair_each_downgrade_block_with_its_upgrade_block() -> None:
    assert _pairs(UPGRADE, DOWNGRADE) == [
        ("drop column user.age", "add column user.age"),
        ("rename column user.username to handle", "rename column user.handle to username"),
    ]


def test_without_marks_the_downgrade_undoes_the_upgrade_latest_first() -> None:
    unmarked = DOWNGRADE.replace(" (undoes upgrade [2/2])", "").replace(
        " (undoes upgrade [1/2])", ""
    )
    assert _pairs(UPGRADE, unmarked) == [
        ("drop column user.age", "add column user.age"),
        ("rename column user.username to handle", "rename column user.handle to username"),
    ]


def test_no_undo_map_when_the_blocks_do_not_line_up() -> None:
    # marks that contradict the order (both undo [1/2])
    assert (
        _pairs(UPGRADE, DOWNGRADE.replace("(undoes upgrade [2/2])", "(undoes upgrade [1/2])"))
        is None
    )
    # one block more in the downgrade
    extra = DOWNGRADE + "\n-- [3/3] drop table x\nDROP TABLE x;\n"
    assert _pairs(UPGRADE, extra.replace("/2]", "/3]")) is None
    # one block fewer
    assert _pairs(UPGRADE, "-- [1/1] drop column user.age\nALTER TABLE `user` DROP age;\n") is None
    # hand-written on either side
    assert _pairs(UPGRADE, "ALTER TABLE `user` DROP COLUMN `age`;\n") is None
    assert _pairs("ALTER TABLE `user` ADD COLUMN `age` INT;\n", DOWNGRADE) is None


def test_progress_names_the_blocks_that_ran_completely() -> None:
    blocks = _parse(GENERATED).blocks
    assert blocks is not None
    # nothing ran
    assert (progress(blocks, 0).complete, progress(blocks, 0).stopped_inside) == (frozenset(), None)
    # statement 1 is block 1; block 2 runs nothing, so it is complete too
    assert (progress(blocks, 1).complete, progress(blocks, 1).stopped_inside) == (
        frozenset({1, 2}),
        None,
    )
    assert progress(blocks, 3).complete == frozenset({1, 2, 3})
    stopped = progress(blocks, 2)
    assert stopped.complete == frozenset({1, 2})
    assert stopped.stopped_inside is not None
    assert (stopped.stopped_inside.index, stopped.stopped_inside.title) == (
        3,
        "alter column item.code",
    )


# -- downgrade losses ----------------------------------------------------------------------


def test_a_generated_downgrade_loses_what_its_destructive_blocks_do(tmp_path: Path) -> None:
    path = tmp_path / "downgrade.sql"
    assert downgrade_losses(_parse(DOWNGRADE), path) == ["drop column user.age"]
    no_loss = DOWNGRADE.replace("-- DESTRUCTIVE: this can lose data; review before applying\n", "")
    assert downgrade_losses(_parse(no_loss), path) == []


def test_a_mark_above_every_header_is_a_loss_of_a_statement(tmp_path: Path) -> None:
    text = "-- DESTRUCTIVE: drops a table\nDROP TABLE x;\n"
    assert downgrade_losses(_parse(text), tmp_path / "downgrade.sql") == [
        "a statement of downgrade.sql"
    ]


def test_a_hand_written_downgrade_counts_as_a_loss(tmp_path: Path) -> None:
    path = tmp_path / "downgrade.sql"
    assert downgrade_losses(_parse("-- undo\nDROP TABLE scratch;\n"), path) == [
        f"hand-written SQL in {tmp_path}/downgrade.sql (migrator cannot tell)"
    ]


def test_a_downgrade_with_nothing_to_run_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "downgrade.sql"
    assert downgrade_losses(_parse(""), path) == []
    assert downgrade_losses(_parse("-- nothing to undo\n"), path) == []


# -- the OUTSIDE TRANSACTION mark ----------------------------------------------------------
POSTGRES = get_dialect("postgres")


def test_outside_transaction_blocks_render_and_read_back() -> None:
    index = ops.AddIndex("item", Index("idx_code", ("code",)))
    blocks = [
        RenderedOperation(
            (ops.AddColumn("item", AGE),), ('ALTER TABLE "item" ADD COLUMN "age" INT',)
        ),
        RenderedOperation(
            (index,),
            ('CREATE INDEX CONCURRENTLY "idx_code" ON "item" ("code")',),
            outside_transaction="builds while writes go on",
        ),
        RenderedOperation((ops.AddColumn("item", AGE),), ("SELECT 1", "SELECT 2")),
    ]
    header = FileHeader("models", "0002_x", "0001_initial", "postgres", "upgrade", True, True)
    text = render_file(header, blocks)
    assert (
        "-- [2/3] add index idx_code on item\n-- OUTSIDE TRANSACTION: builds while writes go on\n"
        in text
    )
    assert "Blocks marked OUTSIDE TRANSACTION run without a transaction" in text
    parsed = parse_file(text, POSTGRES)
    assert parsed.outside == frozenset({1})  # the next header ends the stretch
    down = render_file(
        FileHeader("models", "0002_x", "0001_initial", "postgres", "downgrade", True, True), blocks
    )
    assert "(undoes upgrade [3/3])" in down  # journaled: the downgrade blocks say what they undo


def test_a_hand_written_mark_covers_the_statements_below_it() -> None:
    text = (
        "UPDATE t SET a = 1;\n"
        "-- OUTSIDE TRANSACTION: built concurrently\n"
        "CREATE INDEX CONCURRENTLY i1 ON t (a);\n"
        "CREATE INDEX CONCURRENTLY i2 ON t (b);\n"
    )
    parsed = parse_file(text, POSTGRES)
    assert parsed.outside == frozenset({1, 2})
    assert parsed.blocks is None
    assert parse_file("SELECT 1;\n", POSTGRES).outside == frozenset()
