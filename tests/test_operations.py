"""Operations are pure data: each moves a state forward the way the database will, and its
reverse moves it back. Expected states are written out by hand here."""

from __future__ import annotations

import pytest

from migrator import operations as ops
from migrator.state import Column, ForeignKey, Index, SchemaState, Table, UniqueConstraint

ID = Column("id", "INTEGER", pk=True)
NAME = Column("name", "VARCHAR(100)")
EMAIL = Column("email", "VARCHAR(200)", null=True)
AUTHOR_FK = Column(
    "author_id", "INT", fk=ForeignKey("author", "id", "CASCADE"), field_type="ForeignKeyField"
)
NAME_IDX = Index("idx_author_name", ("name",))
NAME_UQ = UniqueConstraint("uid_author_name", ("name",))

AUTHOR = Table("author", (ID, NAME), indexes=(NAME_IDX,), uniques=(NAME_UQ,))
BOOK = Table("book", (ID, AUTHOR_FK))
STATE = SchemaState("sqlite", {"author": AUTHOR, "book": BOOK})


def test_create_and_drop_table() -> None:
    tag = Table("tag", (ID,))
    assert ops.CreateTable(tag).apply(STATE) == SchemaState(
        "sqlite", {"author": AUTHOR, "book": BOOK, "tag": tag}
    )
    assert ops.DropTable(BOOK).apply(STATE) == SchemaState("sqlite", {"author": AUTHOR})
    assert ops.CreateTable(tag).reverse() == ops.DropTable(tag)
    assert ops.DropTable(BOOK).reverse() == ops.CreateTable(BOOK)


def test_rename_table_retargets_the_foreign_keys_that_point_at_it() -> None:
    after = ops.RenameTable("author", "writer").apply(STATE)
    assert after == SchemaState(
        "sqlite",
        {
            "writer": Table("writer", (ID, NAME), indexes=(NAME_IDX,), uniques=(NAME_UQ,)),
            "book": Table(
                "book",
                (
                    ID,
                    Column(
                        "author_id",
                        "INT",
                        fk=ForeignKey("writer", "id", "CASCADE"),
                        field_type="ForeignKeyField",
                    ),
                ),
            ),
        },
    )


def test_rename_column_renames_it_in_indexes_uniques_and_references() -> None:
    after = ops.RenameColumn("author", "name", "full_name").apply(STATE)
    assert after.tables["author"] == Table(
        "author",
        (ID, Column("full_name", "VARCHAR(100)")),
        indexes=(Index("idx_author_name", ("full_name",)),),
        uniques=(UniqueConstraint("uid_author_name", ("full_name",)),),
    )
    renamed_key = ops.RenameColumn("author", "id", "author_pk").apply(STATE)
    assert renamed_key.tables["book"].column("author_id").fk == ForeignKey(
        "author", "author_pk", "CASCADE"
    )


def test_add_drop_and_alter_column() -> None:
    added = ops.AddColumn("author", EMAIL).apply(STATE)
    assert added.tables["author"].columns == (ID, NAME, EMAIL)
    dropped = ops.DropColumn("author", NAME).apply(STATE)
    assert dropped.tables["author"].columns == (ID,)
    wider = Column("name", "VARCHAR(300)", null=True)
    altered = ops.AlterColumn("author", NAME, wider).apply(STATE)
    assert altered.tables["author"].columns == (ID, wider)


def test_indexes_and_uniques_stay_sorted_by_name() -> None:
    first = Index("a_first", ("id",))
    after = ops.AddIndex("author", first).apply(STATE)
    assert after.tables["author"].indexes == (first, NAME_IDX)
    renamed = Index("z_last", ("name",))
    after = ops.RenameIndex("author", NAME_IDX, renamed).apply(after)
    assert after.tables["author"].indexes == (first, renamed)
    assert ops.DropIndex("author", first).apply(after).tables["author"].indexes == (renamed,)

    other = UniqueConstraint("a_uq", ("id", "name"))
    after = ops.AddUnique("author", other).apply(STATE)
    assert after.tables["author"].uniques == (other, NAME_UQ)
    assert ops.DropUnique("author", NAME_UQ).apply(after).tables["author"].uniques == (other,)
    moved = UniqueConstraint("b_uq", ("name",))
    after = ops.RenameUnique("author", NAME_UQ, moved).apply(after)
    assert after.tables["author"].uniques == (other, moved)


EXAMPLES = [
    ops.CreateTable(Table("tag", (ID,))),
    ops.DropTable(BOOK),
    ops.RenameTable("author", "writer"),
    ops.SetTableComment("author", None, "people who write"),
    ops.AddColumn("author", EMAIL),
    ops.DropColumn("author", NAME),
    ops.RenameColumn("author", "name", "full_name"),
    ops.AlterColumn("author", NAME, Column("name", "TEXT", null=True, comment="shown")),
    ops.AddIndex("book", Index("idx_book_author", ("author_id",))),
    ops.DropIndex("author", NAME_IDX),
    ops.RenameIndex("author", NAME_IDX, Index("idx_renamed", ("name",))),
    ops.AddUnique("book", UniqueConstraint("uid_book", ("id", "author_id"))),
    ops.DropUnique("author", NAME_UQ),
    ops.RenameUnique("author", NAME_UQ, UniqueConstraint("uid_renamed", ("name",))),
]


def test_every_operation_kind_has_an_example() -> None:
    assert {type(op) for op in EXAMPLES} == set(ops.ALL_OPERATIONS)


@pytest.mark.parametrize("op", EXAMPLES, ids=lambda op: type(op).__name__)
def test_reverse_undoes_apply_and_reverses_back(op: ops.Operation) -> None:
    assert op.reverse().apply(op.apply(STATE)) == STATE
    assert op.reverse().reverse() == op


def test_destructive_operations() -> None:
    destructive = {type(op).__name__ for op in EXAMPLES if op.destructive}
    assert destructive == {"DropTable", "DropColumn"}


def test_descriptions() -> None:
    assert [op.describe() for op in EXAMPLES] == [
        "create table tag",
        "drop table book",
        "rename table author to writer",
        "set comment on table author",
        "add column author.email",
        "drop column author.name",
        "rename column author.name to full_name",
        "alter column author.name (type, null, comment)",
        "add index idx_book_author on book",
        "drop index idx_author_name on author",
        "rename index idx_author_name to idx_renamed on author",
        "add unique (id, author_id) on book",
        "drop unique (name) on author",
        "rename unique uid_author_name to uid_renamed on author",
    ]


def test_reverse_all_undoes_in_the_opposite_order() -> None:
    forward = [ops.AddColumn("author", EMAIL), ops.RenameColumn("author", "email", "mail")]
    assert ops.reverse_all(forward) == [
        ops.RenameColumn("author", "mail", "email"),
        ops.DropColumn("author", EMAIL),
    ]
    assert ops.apply_all(ops.apply_all(STATE, forward), ops.reverse_all(forward)) == STATE


def test_rename_table_renames_the_foreign_keys_the_server_named_after_it() -> None:
    """InnoDB renames <table>_ibfk_<n> with its table (RENAME TABLE); other names stay."""
    generated = Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE", "book_tag_ibfk_2"))
    chosen = Column("who_id", "INT", fk=ForeignKey("author", "id", "CASCADE", "book_tag_ibfk_x"))
    longer = Column("b_id", "INT", fk=ForeignKey("book", "id", "CASCADE", "book_tag_x_ibfk_1"))
    state = SchemaState("mysql", {"book_tag": Table("book_tag", (generated, chosen, longer))})
    rename = ops.RenameTable("book_tag", "label")
    after = rename.apply(state).table("label")
    assert [c.fk.name for c in after.columns if c.fk] == [
        "label_ibfk_2",
        "book_tag_ibfk_x",
        "book_tag_x_ibfk_1",
    ]
    assert rename.reverse().apply(rename.apply(state)) == state
