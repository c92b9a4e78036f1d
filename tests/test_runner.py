"""Block headers of migration files as the runner reads them back (sqlfile.parse_blocks), and
the downgrade file's ``(undoes upgrade [k/n])`` markers that line its blocks up with the
upgrade's. Pure: no database."""

from __future__ import annotations

from migrator import operations as ops
from migrator.dialects import get_dialect
from migrator.sqlfile import FileHeader, parse_blocks, render_file
from migrator.state import Column, SchemaState, Table

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


def test_blocks_carry_their_statements_and_positions() -> None:
    blocks = parse_blocks(GENERATED, MYSQL)
    assert blocks is not None
    assert [(b.index, b.total, b.title, b.first, len(b.statements)) for b in blocks] == [
        (1, 3, "create table shelf", 0, 1),
        (2, 3, "set comment", 1, 0),
        (3, 3, "alter column item.code", 1, 2),
    ]
    assert blocks[2].statements[1].sql.startswith("ALTER TABLE `item` MODIFY")


def test_files_not_made_of_blocks_are_recognised() -> None:
    assert parse_blocks("INSERT INTO t VALUES (1);\n", MYSQL) is None  # hand-written
    # a statement above the first header belongs to no block
    assert parse_blocks("DELETE FROM t;\n" + GENERATED, MYSQL) is None
    # renumbered by hand: [1/3], [3/3], [2/3]
    swapped = GENERATED.replace("[2/3]", "[X]").replace("[3/3]", "[2/3]").replace("[X]", "[3/3]")
    assert parse_blocks(swapped, MYSQL) is None


def test_downgrade_headers_name_the_upgrade_block_they_undo() -> None:
    mysql = get_dialect("mysql")
    table = Table("shelf", (Column("id", "INT", pk=True), Column("label", "VARCHAR(20)")))
    operations: list[ops.Operation] = [
        ops.CreateTable(table),
        ops.AddColumn("shelf", Column("note", "VARCHAR(20)", null=True)),
    ]
    after = ops.apply_all(SchemaState("mysql"), operations)
    blocks = mysql.render_all(ops.reverse_all(operations), after)
    text = render_file(FileHeader("models", "0001_x", None, "mysql", "downgrade", False), blocks)
    parsed = parse_blocks(text, MYSQL)
    assert parsed is not None
    assert [(b.index, b.title, b.undoes) for b in parsed] == [
        (1, "drop column shelf.note", 2),
        (2, "drop table shelf", 1),
    ]
    # transactional dialects apply a migration whole: no marker
    text = render_file(FileHeader("models", "0001_x", None, "postgres", "downgrade", True), blocks)
    assert "undoes" not in text


def test_a_line_break_in_a_name_stays_inside_the_header_comment() -> None:
    mysql = get_dialect("mysql")
    name = "t\nDROP TABLE victim; --"
    table = Table(name, (Column("id", "INT", pk=True),))
    blocks = mysql.render_all([ops.CreateTable(table)], SchemaState("mysql"))
    text = render_file(FileHeader("models", "0001_x", None, "mysql", "upgrade", False), blocks)
    assert "-- [1/1] create table t\\nDROP TABLE victim; --\n" in text
    parsed = parse_blocks(text, MYSQL)
    assert parsed is not None
    [block] = parsed
    assert [s.sql.split(" (")[0] for s in block.statements] == [
        "CREATE TABLE `t\nDROP TABLE victim; --`"
    ]
