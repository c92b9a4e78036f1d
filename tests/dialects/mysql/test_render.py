"""Golden SQL for every operation on MySQL/MariaDB (no database)."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from migrator import operations as ops
from migrator.dialects.base.dialect import Dialect
from migrator.errors import AmbiguousChangeError
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint
from tests.dialects.mysql.support import (
    AUTHOR_ID,
    author_table,
    book_table,
    library_state,
    my,
    profile_table,
    through_table,
)

STATE = library_state()


def render(op: ops.Operation, state: SchemaState = STATE) -> list[str]:
    return my.render(op, state)


# -- capabilities and literals -------------------------------------------------------------


def test_capabilities() -> None:
    assert my.name == "mysql"
    assert my.transactional_ddl is False
    assert my.max_identifier_length == 64
    assert my.quote("a`b") == "`a``b`"
    assert my.begin_sql == "START TRANSACTION"
    assert my.placeholder(3) == "%s"


@pytest.mark.parametrize(
    ("value", "sql"),
    [
        ("it's", "'it''s'"),
        ("back\\slash", "'back\\\\slash'"),
        ("line\nbreak\r\x00\x1a", "'line\\nbreak\\r\\0\\Z'"),
        ('say "hi"', "'say \"hi\"'"),
        (None, "NULL"),
        (True, "TRUE"),
        (3, "3"),
        (b"\x01\xff", "X'01FF'"),
        (datetime.date(2024, 2, 29), "'2024-02-29'"),
        (datetime.datetime(2024, 1, 2, 3, 4, 5), "'2024-01-02 03:04:05'"),
        (
            datetime.datetime(
                2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
            "'2024-01-02 01:04:05'",
        ),
    ],
)
def test_literal(value: object, sql: str) -> None:
    assert my.literal(value) == sql


# -- tables --------------------------------------------------------------------------------


def test_create_table_like_tortoise() -> None:
    assert render(ops.CreateTable(author_table())) == [
        "CREATE TABLE `author` (\n"
        "    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,\n"
        "    `name` VARCHAR(100) NOT NULL COMMENT 'it''s \\\\ the name' DEFAULT 'anon',\n"
        "    `email` VARCHAR(200) NOT NULL UNIQUE,\n"
        "    `bio` LONGTEXT,\n"
        "    `active` BOOL NOT NULL DEFAULT TRUE,\n"
        "    `score` DECIMAL(10,2) NOT NULL DEFAULT 0,\n"
        "    FULLTEXT KEY `ft_bio` (`bio`),\n"
        "    KEY `idx_name_score` (`name`, `score`)\n"
        ") CHARACTER SET utf8mb4 COMMENT='Authors'' table'"
    ]


def test_create_table_puts_named_fks_uniques_and_indexes_inside() -> None:
    table = replace(book_table(), indexes=(Index("idx_book_title", ("title",)),))
    assert render(ops.CreateTable(table)) == [
        "CREATE TABLE `book` (\n"
        "    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,\n"
        "    `title` VARCHAR(200) NOT NULL,\n"
        "    `isbn` VARCHAR(20) NOT NULL,\n"
        "    `added` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),\n"
        "    `blurb` LONGTEXT NOT NULL DEFAULT ('none'),\n"
        "    `author_id` INT NOT NULL COMMENT 'who',\n"
        "    `editor_id` INT,\n"
        "    UNIQUE KEY `uid_book_author__c6a0bb` (`author_id`, `isbn`),\n"
        "    CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) "
        "REFERENCES `author` (`id`) ON DELETE CASCADE,\n"
        "    CONSTRAINT `fk_book_author_baece231` FOREIGN KEY (`editor_id`) "
        "REFERENCES `author` (`id`) ON DELETE SET NULL,\n"
        "    KEY `idx_book_title` (`title`)\n"
        ") CHARACTER SET utf8mb4"
    ]


def test_create_many_to_many_table_names_its_fks_as_a_fresh_server_does() -> None:
    # Tortoise leaves them unnamed: the server calls them <table>_ibfk_1/_2 and names the
    # index of the uncovered one after its column, so the explicit names need that index
    assert render(ops.CreateTable(through_table())) == [
        "CREATE TABLE `book_tag` (\n"
        "    `book_id` BIGINT NOT NULL,\n"
        "    `tag_id` INT NOT NULL,\n"
        "    KEY `tag_id` (`tag_id`),\n"
        "    CONSTRAINT `book_tag_ibfk_1` FOREIGN KEY (`book_id`) "
        "REFERENCES `book` (`id`) ON DELETE CASCADE,\n"
        "    CONSTRAINT `book_tag_ibfk_2` FOREIGN KEY (`tag_id`) "
        "REFERENCES `tag` (`id`) ON DELETE CASCADE,\n"
        "    UNIQUE KEY `uidx_book_tag_book_id_7bc185` (`book_id`, `tag_id`)\n"
        ") CHARACTER SET utf8mb4"
    ]


def test_fk_column_comment_follows_its_default_as_tortoise_writes_it() -> None:
    plain = Column("c", "INT", default="1", comment="x")
    keyed = replace(plain, fk=ForeignKey("author", "id", "CASCADE", "fk_x"))
    assert my.column_definition(plain, "t") == "`c` INT NOT NULL COMMENT 'x' DEFAULT 1"
    assert my.column_definition(keyed, "t") == "`c` INT NOT NULL DEFAULT 1 COMMENT 'x'"


def test_text_blob_json_defaults_are_expressions() -> None:
    col = Column("c", "LONGTEXT", default="'x'")
    assert my.column_definition(col, "t") == "`c` LONGTEXT NOT NULL DEFAULT ('x')"
    already = Column("c", "JSON", default="(JSON_ARRAY())")
    assert my.column_definition(already, "t") == "`c` JSON NOT NULL DEFAULT (JSON_ARRAY())"


def test_charset_follows_the_dialect_setting() -> None:
    from migrator.dialects.mysql import MySQLDialect

    latin = MySQLDialect(charset="latin1")
    assert latin.create_table_statements(Table("t", (AUTHOR_ID,)))[0].endswith(
        ") CHARACTER SET latin1"
    )


def test_drop_rename_and_comment_table() -> None:
    assert render(ops.DropTable(author_table())) == ["DROP TABLE `author`"]
    assert render(ops.RenameTable("tag", "label")) == ["RENAME TABLE `tag` TO `label`"]
    assert render(ops.SetTableComment("author", None, "it's")) == [
        "ALTER TABLE `author` COMMENT='it''s'"
    ]
    assert render(ops.SetTableComment("author", "x", None)) == ["ALTER TABLE `author` COMMENT=''"]


# -- columns -------------------------------------------------------------------------------


def test_add_column() -> None:
    col = Column("nick", "VARCHAR(30)", null=True, comment="c")
    assert render(ops.AddColumn("author", col)) == [
        "ALTER TABLE `author` ADD COLUMN `nick` VARCHAR(30) COMMENT 'c'"
    ]


def test_add_not_null_column_with_fill_drops_the_temporary_default() -> None:
    col = Column("rank", "INT")
    assert render(ops.AddColumn("author", col, fill="5")) == [
        "ALTER TABLE `author` ADD COLUMN `rank` INT NOT NULL DEFAULT 5",
        "ALTER TABLE `author` ALTER COLUMN `rank` DROP DEFAULT",
    ]
    text = Column("notes", "LONGTEXT")
    assert render(ops.AddColumn("author", text, fill="''")) == [
        "ALTER TABLE `author` ADD COLUMN `notes` LONGTEXT NOT NULL DEFAULT ('')",
        "ALTER TABLE `author` ALTER COLUMN `notes` DROP DEFAULT",
    ]


def test_add_not_null_column_without_default_fills_a_valid_zero_then_drops_it() -> None:
    """The server would fill '' (JSON) or '0000-00-00' (DATE); the migration says what."""
    cases = {
        Column("data", "JSON"): "JSON NOT NULL DEFAULT ('null')",
        Column("due", "DATE"): "DATE NOT NULL DEFAULT '1970-01-01'",
        Column("seen", "DATETIME(6)"): "DATETIME(6) NOT NULL DEFAULT '1970-01-01 00:00:00'",
        Column("rank", "INT", comment="r"): "INT NOT NULL COMMENT 'r' DEFAULT 0",
        Column("code", "VARCHAR(20)"): "VARCHAR(20) NOT NULL DEFAULT ''",
        Column("notes", "LONGTEXT"): "LONGTEXT NOT NULL DEFAULT ('')",
    }
    for col, definition in cases.items():
        assert render(ops.AddColumn("author", col)) == [
            f"ALTER TABLE `author` ADD COLUMN `{col.name}` {definition}",
            f"ALTER TABLE `author` ALTER COLUMN `{col.name}` DROP DEFAULT",
        ]


def test_columns_that_need_no_fill_or_cannot_take_a_zero_are_added_as_they_are() -> None:
    owner = Column("owner_id", "INT", fk=ForeignKey("author", "id", "CASCADE", "fk_o"))
    assert render(ops.AddColumn("book", owner)) == [
        "ALTER TABLE `book` ADD COLUMN `owner_id` INT NOT NULL, ADD CONSTRAINT `fk_o` "
        "FOREIGN KEY (`owner_id`) REFERENCES `author` (`id`) ON DELETE CASCADE"
    ]
    seq = Column("seq", "INT", identity="INT NOT NULL UNIQUE AUTO_INCREMENT")
    assert render(ops.AddColumn("tag", seq)) == [
        "ALTER TABLE `tag` ADD COLUMN `seq` INT NOT NULL UNIQUE AUTO_INCREMENT"
    ]
    assert render(ops.AddColumn("tag", Column("n", "INT", default="3"))) == [
        "ALTER TABLE `tag` ADD COLUMN `n` INT NOT NULL DEFAULT 3"
    ]


def test_implicit_fill_is_the_valid_zero_except_for_keys() -> None:
    assert Dialect().implicit_fill(Column("n", "INT")) is None  # elsewhere the server refuses
    assert my.implicit_fill(Column("d", "DATE")) == "'1970-01-01'"
    assert my.implicit_fill(Column("j", "JSON")) == "'null'"
    assert my.implicit_fill(Column("t", "TIMESTAMP")) == "'1970-01-02 00:00:00'"
    assert my.implicit_fill(AUTHOR_ID) is None
    assert my.implicit_fill(book_table().column("author_id")) is None
    # two rows would share the zero and break the unique key: refused, as elsewhere
    assert my.implicit_fill(Column("code", "VARCHAR(20)", unique=True)) is None


def test_add_column_with_foreign_keys() -> None:
    named = Column(
        "reviewer_id", "INT", null=True, fk=ForeignKey("author", "id", "SET NULL", "fk_r")
    )
    assert render(ops.AddColumn("book", named)) == [
        "ALTER TABLE `book` ADD COLUMN `reviewer_id` INT, ADD CONSTRAINT `fk_r` FOREIGN KEY "
        "(`reviewer_id`) REFERENCES `author` (`id`) ON DELETE SET NULL"
    ]
    generated = Column(
        "author_id", "INT", fk=ForeignKey("author", "id", "CASCADE", "book_tag_ibfk_3")
    )
    assert render(ops.AddColumn("book_tag", generated)) == [
        "ALTER TABLE `book_tag` ADD COLUMN `author_id` INT NOT NULL, "
        "ADD INDEX `author_id` (`author_id`), ADD CONSTRAINT `book_tag_ibfk_3` FOREIGN KEY "
        "(`author_id`) REFERENCES `author` (`id`) ON DELETE CASCADE"
    ]


def test_drop_column() -> None:
    assert render(ops.DropColumn("author", author_table().column("bio"))) == [
        "ALTER TABLE `author` DROP COLUMN `bio`"
    ]
    assert render(ops.DropColumn("book", book_table().column("editor_id"))) == [
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_baece231`, DROP COLUMN `editor_id`"
    ]


def test_drop_first_generated_fk_column_leaves_the_other_name_alone() -> None:
    # the names are recorded, not positions: book_tag_ibfk_2 stays book_tag_ibfk_2
    assert render(ops.DropColumn("book_tag", through_table().column("book_id"))) == [
        "ALTER TABLE `book_tag` DROP FOREIGN KEY `book_tag_ibfk_1`, DROP COLUMN `book_id`",
    ]


def test_rename_column_renames_the_indexes_named_after_it() -> None:
    assert render(ops.RenameColumn("author", "bio", "about")) == [
        "ALTER TABLE `author` RENAME COLUMN `bio` TO `about`"
    ]
    assert render(ops.RenameColumn("author", "email", "mail")) == [
        "ALTER TABLE `author` RENAME COLUMN `email` TO `mail`, RENAME INDEX `email` TO `mail`"
    ]
    # tag_id's FK index is named after the column (book_id is covered by the unique index)
    assert render(ops.RenameColumn("book_tag", "tag_id", "label_id")) == [
        "ALTER TABLE `book_tag` RENAME COLUMN `tag_id` TO `label_id`, "
        "RENAME INDEX `tag_id` TO `label_id`"
    ]
    assert render(ops.RenameColumn("book_tag", "book_id", "volume_id")) == [
        "ALTER TABLE `book_tag` RENAME COLUMN `book_id` TO `volume_id`"
    ]


# -- AlterColumn ---------------------------------------------------------------------------


def alter(table: str, column: str, **changes: object) -> list[str]:
    old = STATE.table(table).column(column)
    return render(ops.AlterColumn(table, old, replace(old, **changes)))  # type: ignore[arg-type]


def test_alter_type_null_default_comment_is_one_modify() -> None:
    assert alter("author", "name", type="VARCHAR(150)") == [
        "ALTER TABLE `author` MODIFY COLUMN `name` VARCHAR(150) NOT NULL DEFAULT 'anon' "
        "COMMENT 'it''s \\\\ the name'"
    ]
    assert alter("author", "bio", comment="about") == [
        "ALTER TABLE `author` MODIFY COLUMN `bio` LONGTEXT NULL COMMENT 'about'"
    ]
    assert alter("author", "score", default=None) == [
        "ALTER TABLE `author` MODIFY COLUMN `score` DECIMAL(10,2) NOT NULL"
    ]


def test_alter_to_not_null_fills_nulls_first() -> None:
    assert alter("author", "bio", null=False, default="'none'") == [
        "UPDATE `author` SET `bio` = 'none' WHERE `bio` IS NULL",
        "ALTER TABLE `author` MODIFY COLUMN `bio` LONGTEXT NOT NULL DEFAULT ('none')",
    ]
    assert alter("author", "bio", null=False, backfill="''") == [
        "UPDATE `author` SET `bio` = '' WHERE `bio` IS NULL",
        "ALTER TABLE `author` MODIFY COLUMN `bio` LONGTEXT NOT NULL",
    ]
    assert alter("author", "bio", null=False) == [
        "ALTER TABLE `author` MODIFY COLUMN `bio` LONGTEXT NOT NULL"
    ]


def test_alter_unique() -> None:
    assert alter("author", "name", unique=True) == [
        "ALTER TABLE `author` ADD UNIQUE KEY `name` (`name`)"
    ]
    assert alter("author", "email", unique=False) == ["ALTER TABLE `author` DROP INDEX `email`"]


def test_one_to_one_becoming_fk_keeps_an_index_for_the_fk() -> None:
    assert alter("profile", "author_id", unique=False) == [
        "ALTER TABLE `profile` DROP INDEX `author_id`, "
        "ADD INDEX `fk_profile_author_235579dc` (`author_id`)"
    ]


def test_fk_becoming_one_to_one_drops_the_fk_index() -> None:
    assert alter("book", "editor_id", unique=True) == [
        "ALTER TABLE `book` ADD UNIQUE KEY `editor_id` (`editor_id`), "
        "DROP INDEX `fk_book_author_baece231`"
    ]


def test_alter_on_delete_drops_and_adds_the_fk() -> None:
    fk = ForeignKey("author", "id", "RESTRICT", "fk_book_author_ed0cb68f")
    assert alter("book", "author_id", fk=fk) == [
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_ed0cb68f`",
        "ALTER TABLE `book` ADD CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) "
        "REFERENCES `author` (`id`) ON DELETE RESTRICT",
    ]
    restrict = ForeignKey("tag", "id", "RESTRICT", "book_tag_ibfk_2")
    assert alter("book_tag", "tag_id", fk=restrict) == [
        "ALTER TABLE `book_tag` DROP FOREIGN KEY `book_tag_ibfk_2`",
        "ALTER TABLE `book_tag` DROP INDEX `tag_id`, ADD INDEX `tag_id` (`tag_id`), "
        "ADD CONSTRAINT `book_tag_ibfk_2` FOREIGN KEY (`tag_id`) "
        "REFERENCES `tag` (`id`) ON DELETE RESTRICT",
    ]


def test_alter_fk_name_renames_its_index() -> None:
    fk = ForeignKey("author", "id", "SET NULL", "fk_new")
    assert alter("book", "editor_id", fk=fk) == [
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_baece231`",
        "ALTER TABLE `book` RENAME INDEX `fk_book_author_baece231` TO `fk_new`",
        "ALTER TABLE `book` ADD CONSTRAINT `fk_new` FOREIGN KEY (`editor_id`) "
        "REFERENCES `author` (`id`) ON DELETE SET NULL",
    ]


def test_alter_removing_and_adding_an_fk() -> None:
    assert alter("book", "editor_id", fk=None) == [
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_baece231`",
        "ALTER TABLE `book` DROP INDEX `fk_book_author_baece231`",
    ]
    fk = ForeignKey("author", "id", "CASCADE", "fk_s")
    old = Column("score", "INT", null=True)
    state = STATE.with_table(Table("t", (AUTHOR_ID, old)))
    assert render(ops.AlterColumn("t", old, replace(old, fk=fk)), state) == [
        "ALTER TABLE `t` ADD INDEX `fk_s` (`score`)",
        "ALTER TABLE `t` ADD CONSTRAINT `fk_s` FOREIGN KEY (`score`) "
        "REFERENCES `author` (`id`) ON DELETE CASCADE",
    ]


def test_key_type_change_moves_the_fks_out_of_the_way() -> None:
    """INT -> BIGINT on author.id: the FKs pointing at it go, and each comes back with the
    AlterColumn that makes its column BIGINT too."""
    big = "BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT"
    assert alter("author", "id", type="BIGINT", identity=big) == [
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_ed0cb68f`",
        "ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_baece231`",
        "ALTER TABLE `profile` DROP FOREIGN KEY `fk_profile_author_235579dc`",
        "ALTER TABLE `author` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT",
    ]
    old_id = STATE.table("author").column("id")
    moved = ops.AlterColumn("author", old_id, replace(old_id, type="BIGINT", identity=big))
    state = moved.apply(STATE)
    col = state.table("book").column("author_id")
    assert render(ops.AlterColumn("book", col, replace(col, type="BIGINT")), state) == [
        "ALTER TABLE `book` MODIFY COLUMN `author_id` BIGINT NOT NULL COMMENT 'who'",
        "ALTER TABLE `book` ADD CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) "
        "REFERENCES `author` (`id`) ON DELETE CASCADE",
    ]


def test_primary_key_moves_are_left_to_the_user() -> None:
    with pytest.raises(AmbiguousChangeError, match="migrate --empty"):
        alter("author", "email", pk=True)


# -- indexes and unique constraints --------------------------------------------------------


def test_add_drop_rename_index() -> None:
    index = Index("idx_title", ("title",))
    assert render(ops.AddIndex("book", index)) == [
        "ALTER TABLE `book` ADD INDEX `idx_title` (`title`)"
    ]
    assert render(ops.AddIndex("book", replace(index, unique=True))) == [
        "ALTER TABLE `book` ADD UNIQUE INDEX `idx_title` (`title`)"
    ]
    fulltext = Index("ft", ("title",), using="FULLTEXT WITH PARSER ngram")
    assert render(ops.AddIndex("book", fulltext)) == [
        "ALTER TABLE `book` ADD FULLTEXT INDEX `ft` (`title`) WITH PARSER ngram"
    ]
    assert render(ops.AddIndex("book", Index("h", ("isbn",), using="HASH"))) == [
        "ALTER TABLE `book` ADD INDEX `h` (`isbn`) USING HASH"
    ]
    assert render(ops.DropIndex("author", author_table().indexes[1])) == [
        "ALTER TABLE `author` DROP INDEX `idx_name_score`"
    ]
    old, new = author_table().indexes[1], replace(author_table().indexes[1], name="idx_ns")
    assert render(ops.RenameIndex("author", old, new)) == [
        "ALTER TABLE `author` RENAME INDEX `idx_name_score` TO `idx_ns`"
    ]


def test_indexes_on_fk_columns_replace_the_fk_index() -> None:
    index = Index("idx_editor", ("editor_id", "title"))
    assert render(ops.AddIndex("book", index)) == [
        "ALTER TABLE `book` ADD INDEX `idx_editor` (`editor_id`, `title`), "
        "DROP INDEX `fk_book_author_baece231`"
    ]
    state = ops.AddIndex("book", index).apply(STATE)
    assert render(ops.DropIndex("book", index), state) == [
        "ALTER TABLE `book` DROP INDEX `idx_editor`, "
        "ADD INDEX `fk_book_author_baece231` (`editor_id`)"
    ]


def test_unique_constraints() -> None:
    unique = UniqueConstraint("uid_title", ("title", "isbn"))
    assert render(ops.AddUnique("book", unique)) == [
        "ALTER TABLE `book` ADD CONSTRAINT `uid_title` UNIQUE (`title`, `isbn`)"
    ]
    together = book_table().uniques[0]
    assert render(ops.DropUnique("book", together)) == [
        "ALTER TABLE `book` DROP INDEX `uid_book_author__c6a0bb`, "
        "ADD INDEX `fk_book_author_ed0cb68f` (`author_id`)"
    ]
    assert render(ops.RenameUnique("book", together, replace(together, name="uid_x"))) == [
        "ALTER TABLE `book` RENAME INDEX `uid_book_author__c6a0bb` TO `uid_x`"
    ]


# -- what MySQL cannot do ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "message"),
    [
        (Index("i", ("bio",)), r'prefix instead: Index\(RawSQL\("`bio`\(100\)"\), name="i"\)'),
        (Index("i", (), ("(`bio`)",)), "covers bio \\(LONGTEXT\\) whole"),
        (Index("i", ("bio",), unique=True), "CharField"),
        (Index("i", ("email",), where="active = 1"), "no partial indexes"),
        (Index("i", ("email",), using="GIN"), "does not have"),
        (Index("i" * 65, ("email",)), "65 characters long"),
    ],
)
def test_indexes_mysql_cannot_build_are_refused(index: Index, message: str) -> None:
    with pytest.raises(AmbiguousChangeError, match=message):
        render(ops.AddIndex("author", index))


def test_whole_json_and_text_keys_are_refused_with_advice() -> None:
    with pytest.raises(AmbiguousChangeError, match="JSON column"):
        render(ops.AddIndex("profile", Index("i", ("data",))))
    with pytest.raises(AmbiguousChangeError, match="CharField"):
        render(ops.AddUnique("book", UniqueConstraint("u", ("blurb",))))


def test_set_default_and_long_names_are_refused() -> None:
    col = Column("a_id", "INT", null=True, fk=ForeignKey("author", "id", "SET DEFAULT", "fk_a"))
    with pytest.raises(AmbiguousChangeError, match="SET DEFAULT"):
        render(ops.CreateTable(Table("t", (AUTHOR_ID, col))))
    with pytest.raises(AmbiguousChangeError, match="shorter name"):
        render(ops.RenameTable("author", "a" * 65))


def sample_operations() -> dict[type, ops.Operation]:
    author, through = author_table(), through_table()
    index, unique = author.indexes[1], book_table().uniques[0]
    bio = author.column("bio")
    samples: list[ops.Operation] = [
        ops.CreateTable(through),
        ops.DropTable(through),
        ops.RenameTable("tag", "label"),
        ops.SetTableComment("author", None, "x"),
        ops.AddColumn("author", Column("rank", "INT", null=True)),
        ops.DropColumn("author", bio),
        ops.RenameColumn("author", "bio", "about"),
        ops.AlterColumn("author", bio, replace(bio, comment="about")),
        ops.AddIndex("book", Index("idx_title", ("title",))),
        ops.DropIndex("author", index),
        ops.RenameIndex("author", index, replace(index, name="idx_ns")),
        ops.AddUnique("book", UniqueConstraint("uid_title", ("title",))),
        ops.DropUnique("book", unique),
        ops.RenameUnique("book", unique, replace(unique, name="uid_x")),
    ]
    return {type(op): op for op in samples}


def test_every_operation_renders_plain_statements() -> None:
    samples = sample_operations()
    assert set(samples) == set(ops.ALL_OPERATIONS)
    for op in samples.values():
        statements = render(op)
        assert statements, op
        assert all(s.strip() and not s.rstrip().endswith(";") for s in statements), op


def test_reverse_of_every_rendered_operation_renders() -> None:
    """Each golden operation above has a reverse the dialect renders from the state after it."""
    forward: list[ops.Operation] = [
        ops.AddColumn("author", Column("rank", "INT"), fill="5"),
        ops.RenameColumn("author", "email", "mail"),
        ops.AddIndex("book", Index("idx_editor", ("editor_id",))),
        ops.AlterColumn(
            "profile",
            profile_table().column("author_id"),
            replace(profile_table().column("author_id"), unique=False),
        ),
    ]
    state = STATE
    for op in forward:
        state = op.apply(state)
    for op in ops.reverse_all(forward):
        assert render(op, state)
        state = op.apply(state)
    assert state == STATE


def test_expression_key_parts_get_their_own_parentheses() -> None:
    """MySQL 8.0.13+ functional key parts must be parenthesised; prefix parts stay as written.
    (MariaDB has no functional indexes: such an index fails there with or without them.)"""
    index = Index("idx_lower", ("title",), ("LOWER(`isbn`)", "`title`(10)", "(`id` + 1)"))
    assert render(ops.AddIndex("book", index)) == [
        "ALTER TABLE `book` ADD INDEX `idx_lower` "
        "(`title`, (LOWER(`isbn`)), `title`(10), (`id` + 1))"
    ]


def test_column_key_parts_lose_the_parentheses_tortoise_gives_every_expression() -> None:
    """``Index(RawSQL("`blurb`(100)"))`` arrives as ``(`blurb`(100))``: kept as it is, MariaDB
    refuses it as a syntax error and MySQL 8 as a functional key part."""
    index = Index("idx_p", (), ("(`blurb`(100))", "(`title`)", "( isbn(5) DESC )", "((`id`))"))
    assert render(ops.AddIndex("book", index)) == [
        "ALTER TABLE `book` ADD INDEX `idx_p` (`blurb`(100), `title`, isbn(5) DESC, `id`)"
    ]
    prefix = Index("idx_b", (), ("(`blurb`(20))",), using="BTREE")
    assert render(ops.CreateTable(replace(book_table(), indexes=(prefix,))))[0].endswith(
        "    KEY `idx_b` (`blurb`(20)) USING BTREE\n) CHARACTER SET utf8mb4"
    )
