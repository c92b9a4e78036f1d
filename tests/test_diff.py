"""The diff is pure: hand-built states in, operations out. Every case also checks that the
operations move the old state to the new one and that their reverse moves it back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from migrator import operations as ops
from migrator.diff import diff
from migrator.errors import AmbiguousChangeError, UsageError
from migrator.questioner import (
    NonInteractiveQuestioner,
    NoRenameQuestioner,
    RenameHints,
)
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
)

ID = Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY", field_type="IntField")


def col(name: str, type_: str = "VARCHAR(50)", **kw: Any) -> Column:
    return Column(name, type_, field_type=kw.pop("field_type", "CharField"), **kw)


def state(*tables: Table) -> SchemaState:
    return SchemaState("postgres", {t.name: t for t in tables})


def canon(s: SchemaState) -> dict[str, Any]:
    """State as data, without what never reaches the database (model names, Python defaults,
    field classes and names) and with column order ignored (ADD COLUMN appends, models may
    not)."""
    data = s.to_dict()
    for table in data["tables"].values():
        table.pop("model", None)
        for c in table["columns"]:
            c.pop("backfill", None)
            c.pop("field_type", None)
            c.pop("field_name", None)
        table["columns"] = sorted(table["columns"], key=lambda c: c["name"])
    return data


class ScriptedQuestioner(NonInteractiveQuestioner):
    """Answers rename questions from a fixed script and records what it was asked."""

    def __init__(self, yes: set[str]) -> None:
        self.yes = yes
        self.asked: list[str] = []

    def ask_rename_table(self, old: Table, new: Table) -> bool:
        self.asked.append(f"{old.name}={new.name}")
        return f"{old.name}={new.name}" in self.yes

    def ask_rename_column(self, table: str, old: Column, new: Column) -> bool:
        self.asked.append(f"{table}.{old.name}={new.name}")
        return f"{table}.{old.name}={new.name}" in self.yes


def roundtrip(old: SchemaState, new: SchemaState, **kw: Any) -> list[ops.Operation]:
    questioner = kw.pop("questioner", NonInteractiveQuestioner())
    result = diff(old, new, questioner, **kw)
    assert canon(ops.apply_all(old, result)) == canon(new)
    assert canon(ops.apply_all(new, ops.reverse_all(result))) == canon(old)
    return result


USERS = Table("users", (ID, col("username"), col("email", unique=True)), model="models.User")
POSTS = Table(
    "posts",
    (ID, col("title"), col("author_id", "INT", fk=ForeignKey("users", "id", "CASCADE"))),
    model="models.Post",
)


def test_initial_creates_referenced_tables_first() -> None:
    result = roundtrip(state(), state(POSTS, USERS))
    assert [type(o).__name__ for o in result] == ["CreateTable", "CreateTable"]
    assert [o.table for o in result] == ["users", "posts"]


def test_drop_tables_referencing_first() -> None:
    result = roundtrip(state(POSTS, USERS), state())
    assert [o.table for o in result] == ["posts", "users"]
    assert all(o.destructive for o in result)


def test_no_changes_gives_no_operations() -> None:
    assert diff(state(USERS), state(USERS), NonInteractiveQuestioner()) == []


def test_python_default_only_change_is_not_a_schema_change() -> None:
    new = USERS.replace_column("username", replace(USERS.column("username"), backfill="'x'"))
    assert diff(state(USERS), state(new), NonInteractiveQuestioner()) == []


def test_rename_candidate_without_answer_names_the_flag() -> None:
    new = USERS.replace_column("username", col("handle"))
    with pytest.raises(AmbiguousChangeError) as err:
        diff(state(USERS), state(new), NonInteractiveQuestioner())
    assert "--rename users.username=handle" in str(err.value)
    assert "--no-rename" in str(err.value)


def test_rename_by_hint() -> None:
    new = USERS.replace_column("username", col("handle"))
    result = roundtrip(state(USERS), state(new), hints=RenameHints.parse(["users.username=handle"]))
    assert result == [ops.RenameColumn("users", "username", "handle")]


def test_rename_by_question() -> None:
    new = USERS.replace_column("username", col("handle"))
    q = ScriptedQuestioner({"users.username=handle"})
    result = roundtrip(state(USERS), state(new), questioner=q)
    assert q.asked == ["users.username=handle"]
    assert result == [ops.RenameColumn("users", "username", "handle")]


def test_no_rename_drops_and_adds() -> None:
    new = USERS.replace_column("username", col("handle", null=True))
    result = roundtrip(state(USERS), state(new), questioner=NoRenameQuestioner())
    assert {type(o).__name__ for o in result} == {"AddColumn", "DropColumn"}


def test_incompatible_type_is_not_a_rename_candidate() -> None:
    new = USERS.replace_column("username", col("age", "INT", null=True))
    result = roundtrip(state(USERS), state(new))  # no question, no error
    assert {type(o).__name__ for o in result} == {"AddColumn", "DropColumn"}


def test_two_renames_at_once_pair_as_answered() -> None:
    old = Table("people", (ID, col("first_name"), col("last_name")))
    new = Table("people", (ID, col("given"), col("family")))
    q = ScriptedQuestioner({"people.first_name=given", "people.last_name=family"})
    result = roundtrip(state(old), state(new), questioner=q)
    assert set(result) == {
        ops.RenameColumn("people", "first_name", "given"),
        ops.RenameColumn("people", "last_name", "family"),
    }


def test_swapped_columns_go_through_a_temporary_name() -> None:
    old = Table("people", (ID, col("a"), col("b", "VARCHAR(60)")))
    new = Table("people", (ID, col("b"), col("a", "VARCHAR(60)")))
    hints = RenameHints.parse(["people.a=b", "people.b=a"])
    result = roundtrip(state(old), state(new), hints=hints)
    assert result == [
        ops.RenameColumn("people", "a", "__migrator_tmp_a"),
        ops.RenameColumn("people", "b", "a"),
        ops.RenameColumn("people", "__migrator_tmp_a", "b"),
    ]


def test_table_rename_follows_through_table_and_its_columns() -> None:
    tag = Table("tag", (ID, col("name")), model="models.Tag")
    product = Table("product", (ID, col("title")), model="models.Product")
    through = Table(
        "product_tag",
        (
            Column("product_id", "INT", fk=ForeignKey("product", "id", "CASCADE")),
            Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE")),
        ),
        indexes=(Index("uidx_product_tag_aaaaaa", ("product_id", "tag_id"), unique=True),),
        through=ThroughInfo("product", "tag", generated_name=True),
    )
    item = replace(product, name="item")
    item_tag = Table(
        "item_tag",
        (
            Column("item_id", "INT", fk=ForeignKey("item", "id", "CASCADE")),
            Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE")),
        ),
        indexes=(Index("uidx_item_tag_bbbbbb", ("item_id", "tag_id"), unique=True),),
        through=ThroughInfo("item", "tag", generated_name=True),
    )
    result = roundtrip(
        state(tag, product, through),
        state(tag, item, item_tag),
        hints=RenameHints.parse(["product=item"]),
    )
    assert result[:3] == [
        ops.RenameTable("product", "item"),
        ops.RenameTable("product_tag", "item_tag"),
        ops.RenameColumn("item_tag", "product_id", "item_id"),
    ]
    assert isinstance(result[3], ops.RenameIndex)


def _custom_through(name: str, owner: str = "book") -> Table:
    return Table(
        name,
        (
            Column(f"{owner}_id", "INT", fk=ForeignKey(owner, "id", "CASCADE")),
            Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE")),
        ),
        indexes=(Index(f"uidx_{name}", (f"{owner}_id", "tag_id"), unique=True),),
        through=ThroughInfo(owner, "tag", generated_name=False),
    )


def test_a_changed_custom_through_name_is_a_rename_candidate() -> None:
    """``through="book_tags_a"`` -> ``"book_tags_b"``: the link rows must not be dropped
    without a question; in CI the error names the flag."""
    tag = Table("tag", (ID, col("name")), model="models.Tag")
    book = Table("book", (ID, col("title")), model="models.Book")
    old, new = (
        state(tag, book, _custom_through("book_tags_a")),
        state(tag, book, _custom_through("book_tags_b")),
    )
    with pytest.raises(AmbiguousChangeError, match="--rename book_tags_a=book_tags_b"):
        diff(old, new, NonInteractiveQuestioner())
    asked = ScriptedQuestioner({"book_tags_a=book_tags_b"})
    result = roundtrip(old, new, questioner=asked)
    assert asked.asked == ["book_tags_a=book_tags_b"]
    assert result[0] == ops.RenameTable("book_tags_a", "book_tags_b")
    assert not any(op.destructive for op in result)


def test_a_through_table_is_never_paired_with_a_model_table_or_another_relation() -> None:
    tag = Table("tag", (ID, col("name")), model="models.Tag")
    book = Table("book", (ID, col("title")), model="models.Book")
    film = Table("film", (ID, col("title")), model="models.Film")
    links = _custom_through("book_tags")
    # the same columns, but the link table of another relation (film -> tag), or a model
    other_relation = replace(
        links, name="film_tags", through=ThroughInfo("film", "tag", generated_name=False)
    )
    as_model = replace(links, name="book_tag_model", through=None, model="models.BookTag")
    for new_table in (other_relation, as_model):
        asked = ScriptedQuestioner(set())
        roundtrip(
            state(tag, book, film, links), state(tag, book, film, new_table), questioner=asked
        )
        assert asked.asked == [], new_table.name  # not the same relation: nothing to ask


def test_table_rename_question_and_fk_follow() -> None:
    authors = replace(USERS, name="authors")
    posts = POSTS.replace_column(
        "author_id", col("author_id", "INT", fk=ForeignKey("authors", "id", "CASCADE"))
    )
    q = ScriptedQuestioner({"users=authors"})
    result = roundtrip(state(USERS, POSTS), state(authors, posts), questioner=q)
    assert result == [ops.RenameTable("users", "authors")]


def test_alter_and_not_null_add_with_backfill() -> None:
    new = Table(
        "users",
        (
            ID,
            col("username", "VARCHAR(200)"),
            col("email", unique=True),
            col("score", "INT", backfill="0", field_type="IntField"),
        ),
    )
    result = roundtrip(state(USERS), state(new))
    assert isinstance(result[0], ops.AlterColumn) and result[0].new.type == "VARCHAR(200)"
    assert result[1] == ops.AddColumn("users", new.column("score"), fill="0")


def test_indexes_and_uniques_drop_first_add_last_and_rename_by_shape() -> None:
    old = replace(
        USERS,
        indexes=(Index("idx_old", ("username",)), Index("idx_gone", ("email",))),
        uniques=(UniqueConstraint("uid_a", ("username", "email")),),
    )
    new = replace(
        USERS,
        indexes=(Index("idx_new", ("username",)),),
        uniques=(UniqueConstraint("uid_b", ("email", "username")),),
    )
    result = roundtrip(state(old), state(new))
    kinds = [type(o).__name__ for o in result]
    assert kinds == ["DropIndex", "DropUnique", "RenameIndex", "AddUnique"]


def test_dropped_column_with_index_drops_index_first() -> None:
    old = replace(USERS, indexes=(Index("idx_u", ("username",)),))
    new = Table("users", (ID, col("email", unique=True)))
    result = roundtrip(state(old), state(new), questioner=NoRenameQuestioner())
    assert [type(o).__name__ for o in result] == ["DropIndex", "DropColumn"]


def test_hint_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(AmbiguousChangeError, match="does not match"):
        diff(
            state(USERS), state(USERS), NonInteractiveQuestioner(), RenameHints.parse(["users.x=y"])
        )


@pytest.mark.parametrize("spec", ["users", "=x", "users.name="])
def test_bad_hint_syntax(spec: str) -> None:
    with pytest.raises(UsageError, match="--rename"):
        RenameHints.parse([spec])


def test_hint_with_a_dot_on_the_right_renames_a_table_in_a_schema() -> None:
    hints = RenameHints.parse(["shop.item=shop.article", "shop.item.title=heading"])
    assert hints.tables == {"shop.item": "shop.article"}
    assert hints.columns == {("shop.item", "title"): "heading"}


def test_new_fk_column_comes_after_created_table() -> None:
    posts_v2 = replace(
        POSTS,
        columns=(
            *POSTS.columns,
            col("cat_id", "INT", null=True, fk=ForeignKey("category", "id", "SET NULL")),
        ),
    )
    category = Table("category", (ID, col("name")))
    result = roundtrip(state(USERS, POSTS), state(USERS, posts_v2, category))
    assert [type(o).__name__ for o in result] == ["CreateTable", "AddColumn"]


def test_removed_fk_target_is_dropped_after_the_fk_column() -> None:
    category = Table("category", (ID, col("name")))
    posts = replace(
        POSTS,
        columns=(
            *POSTS.columns,
            col("cat_id", "INT", null=True, fk=ForeignKey("category", "id", "SET NULL")),
        ),
    )
    result = roundtrip(state(USERS, posts, category), state(USERS, POSTS))
    assert [type(o).__name__ for o in result] == ["DropColumn", "DropTable"]


# -- tables in other schemas (Meta.schema) ----------------------------------------------------

S_ID = Column("id", "INT", pk=True)
S_TAG = Table("tag", (S_ID,))


def _library(book: str, schema: str = "lib") -> SchemaState:
    key = f"{schema}.{book}"
    through = Table(
        f"{schema}.{book}_tag",
        (
            Column(f"{book}_id", "INT", fk=ForeignKey(key, "id", "CASCADE")),
            Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE")),
        ),
        through=ThroughInfo(key, "tag", generated_name=True),
        schema=schema,
    )
    return state(S_TAG, Table(key, (S_ID, Column("title", "TEXT")), schema=schema), through)


def test_a_table_renamed_in_its_schema_takes_its_generated_through_table_along() -> None:
    result = roundtrip(
        _library("book"), _library("volume"), hints=RenameHints.parse(["lib.book=lib.volume"])
    )
    renames = [op for op in result if isinstance(op, ops.RenameTable)]
    assert renames == [
        ops.RenameTable("lib.book", "lib.volume", "lib", "lib"),
        ops.RenameTable("lib.book_tag", "lib.volume_tag", "lib", "lib"),
    ]


def test_a_table_moved_to_another_schema_is_a_rename_that_moves_it() -> None:
    old = state(S_TAG, Table("lib.author", (S_ID,), schema="lib"))
    new = state(S_TAG, Table("archive.author", (S_ID,), schema="archive"))
    result = roundtrip(old, new, hints=RenameHints.parse(["lib.author=archive.author"]))
    assert result == [ops.RenameTable("lib.author", "archive.author", "lib", "archive")]
    assert result[0].reverse() == ops.RenameTable("archive.author", "lib.author", "archive", "lib")


def test_tables_of_one_name_in_two_schemas_are_two_tables() -> None:
    old = state(S_TAG, Table("lib.tag", (S_ID,), schema="lib"))
    new = state(S_TAG)
    result = roundtrip(old, new, questioner=NoRenameQuestioner())
    assert result == [ops.DropTable(Table("lib.tag", (S_ID,), schema="lib"))]
