"""The schema as data (migrator/state.py): the canonical snapshot dict, its round trip,
dependency order and the errors a damaged snapshot gives."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from migrator.errors import SnapshotError
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
    dependency_order,
    split_key,
    table_key,
)

AUTHOR = Table(
    name="author",
    columns=(
        Column("id", "INT", pk=True, identity="SERIAL", field_type="IntField", field_name="id"),
        Column("name", "VARCHAR(100)", comment="display name", field_type="CharField"),
        Column(
            "mentor_id",
            "INT",
            null=True,
            fk=ForeignKey("author", "id", "SET NULL"),
            field_name="mentor",
        ),
    ),
    # given out of name order: the dict lists them sorted
    indexes=(
        Index("idx_name_lower", expressions=("LOWER(name)",), using="BTREE", where="id > 0"),
        Index("idx_author_name", columns=("name",), unique=True),
    ),
    uniques=(UniqueConstraint("uq_z", ("name", "mentor_id")), UniqueConstraint("uq_a", ("id",))),
    comment="people who write",
    model="models.Author",
)
BOOK = Table(
    name="book",
    columns=(
        Column("id", "INT", pk=True),
        Column("title", "TEXT", default="'untitled'", backfill="'untitled'"),
        Column("author_id", "INT", fk=ForeignKey("author", "id", "CASCADE", name="fk_book_a")),
    ),
)
BOOK_AUTHOR = Table(
    name="book_author",
    columns=(Column("book_id", "INT"), Column("author_id", "INT")),
    through=ThroughInfo("book", "author", generated_name=True),
)
STATE = SchemaState("postgres", {"book": BOOK, "book_author": BOOK_AUTHOR, "author": AUTHOR})

STATE_DICT = {
    "format": 1,
    "dialect": "postgres",
    "tables": {
        "author": {
            "columns": [
                {
                    "name": "id",
                    "type": "INT",
                    "pk": True,
                    "identity": "SERIAL",
                    "field_type": "IntField",
                    "field_name": "id",
                },
                {
                    "name": "name",
                    "type": "VARCHAR(100)",
                    "comment": "display name",
                    "field_type": "CharField",
                },
                {
                    "name": "mentor_id",
                    "type": "INT",
                    "null": True,
                    "field_name": "mentor",
                    "fk": {"table": "author", "column": "id", "on_delete": "SET NULL"},
                },
            ],
            "indexes": [
                {"name": "idx_author_name", "columns": ["name"], "unique": True},
                {
                    "name": "idx_name_lower",
                    "expressions": ["LOWER(name)"],
                    "using": "BTREE",
                    "where": "id > 0",
                },
            ],
            "uniques": [
                {"name": "uq_a", "columns": ["id"]},
                {"name": "uq_z", "columns": ["name", "mentor_id"]},
            ],
            "comment": "people who write",
            "model": "models.Author",
        },
        "book": {
            "columns": [
                {"name": "id", "type": "INT", "pk": True},
                {
                    "name": "title",
                    "type": "TEXT",
                    "default": "'untitled'",
                    "backfill": "'untitled'",
                },
                {
                    "name": "author_id",
                    "type": "INT",
                    "fk": {
                        "table": "author",
                        "column": "id",
                        "on_delete": "CASCADE",
                        "name": "fk_book_a",
                    },
                },
            ],
        },
        "book_author": {
            "columns": [{"name": "book_id", "type": "INT"}, {"name": "author_id", "type": "INT"}],
            "through": {"owner_table": "book", "related_table": "author", "generated_name": True},
        },
    },
}


def test_to_dict_is_the_canonical_snapshot_form() -> None:
    data = STATE.to_dict()
    assert data == STATE_DICT
    assert list(data["tables"]) == ["author", "book", "book_author"]  # sorted by name


def test_from_dict_of_to_dict_gives_the_state_back() -> None:
    loaded = SchemaState.from_dict(STATE.to_dict())
    # indexes and uniques come back sorted by name; nothing else moves
    expected = SchemaState(
        "postgres",
        {
            "author": replace(
                AUTHOR,
                indexes=(AUTHOR.indexes[1], AUTHOR.indexes[0]),
                uniques=(AUTHOR.uniques[1], AUTHOR.uniques[0]),
            ),
            "book": BOOK,
            "book_author": BOOK_AUTHOR,
        },
    )
    assert loaded == expected
    assert SchemaState.from_dict(loaded.to_dict()) == loaded
    assert loaded.to_dict() == STATE_DICT


def test_a_snapshot_without_optional_keys_reads_with_the_defaults() -> None:
    """Older snapshots lack keys added later (field_name, backfill): they read as None."""
    columns = [{"name": "id", "type": "INT"}]
    data = {"format": 1, "dialect": "sqlite", "tables": {"t": {"columns": columns}}}
    assert SchemaState.from_dict(data) == SchemaState(
        "sqlite", {"t": Table("t", (Column("id", "INT"),))}
    )


def table(name: str, *refs: str) -> Table:
    columns = [Column("id", "INT", pk=True)]
    columns += [Column(f"{ref}_id", "INT", fk=ForeignKey(ref, "id", "CASCADE")) for ref in refs]
    return Table(name, tuple(columns))


def names(tables: list[Table]) -> list[str]:
    return [t.name for t in tables]


def test_dependency_order_puts_referenced_tables_first() -> None:
    tables = [
        table("order_line", "order", "product"),
        table("order", "customer"),
        table("product"),
        table("customer"),
        table("audit"),
    ]
    assert names(dependency_order(tables)) == [
        "audit",
        "customer",
        "product",
        "order",
        "order_line",
    ]
    state = SchemaState("sqlite", {t.name: t for t in tables})
    assert names(state.sorted_tables()) == [
        "audit",
        "customer",
        "product",
        "order",
        "order_line",
    ]


def test_a_self_reference_does_not_hold_a_table_back() -> None:
    tables = [table("employee", "employee", "dept"), table("dept"), table("badge", "employee")]
    assert table("employee", "employee").references == frozenset()
    assert names(dependency_order(tables)) == ["dept", "employee", "badge"]


def test_a_cycle_falls_back_to_name_order_and_keeps_every_table() -> None:
    tables = [table("b", "a"), table("a", "b"), table("c", "b"), table("z")]
    # z is free; a and b wait on each other, so the first by name goes; then b, then c
    assert names(dependency_order(tables)) == ["z", "a", "b", "c"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"format": 2, "dialect": "sqlite", "tables": {}},
            "unknown snapshot format 2 (this migrator reads format 1); upgrade migrator or "
            "regenerate the snapshot",
        ),
        (
            {"dialect": "sqlite", "tables": {}},
            "unknown snapshot format None (this migrator reads format 1); upgrade migrator or "
            "regenerate the snapshot",
        ),
        (
            {"format": 1, "dialect": "sqlite"},
            "snapshot is malformed (KeyError: 'tables')",
        ),
        (
            {"format": 1, "tables": {}},
            "snapshot is malformed (KeyError: 'dialect')",
        ),
        (
            {"format": 1, "dialect": "sqlite", "tables": {"t": {"columns": [{"name": "id"}]}}},
            "snapshot is malformed (KeyError: 'type')",
        ),
        (
            {"format": 1, "dialect": "sqlite", "tables": {"t": {}}},
            "snapshot is malformed (KeyError: 'columns')",
        ),
        (
            {"format": 1, "dialect": "sqlite", "tables": []},
            "snapshot is malformed (AttributeError: 'list' object has no attribute 'items')",
        ),
    ],
)
def test_a_malformed_snapshot_is_a_snapshot_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(SnapshotError) as info:
        SchemaState.from_dict(data)
    assert str(info.value) == message


# -- tables in other schemas (Meta.schema) ----------------------------------------------------

IN_SCHEMA = SchemaState(
    "postgres",
    {
        "lib.author": Table("lib.author", (Column("id", "INT", pk=True),), schema="lib"),
        "author": Table("author", (Column("id", "INT", pk=True),)),
        "lib.book": Table(
            "lib.book",
            (
                Column("author_id", "INT", fk=ForeignKey("lib.author", "id", "CASCADE")),
                Column("other_id", "INT", fk=ForeignKey("author", "id", "CASCADE")),
            ),
            schema="lib",
        ),
    },
)


def test_a_schema_is_written_to_the_snapshot_and_read_back() -> None:
    data = IN_SCHEMA.to_dict()
    assert data["tables"]["lib.author"] == {
        "columns": [{"name": "id", "type": "INT", "pk": True}],
        "schema": "lib",
    }
    assert "schema" not in data["tables"]["author"]
    assert data["tables"]["lib.book"]["columns"][0]["fk"]["table"] == "lib.author"
    back = SchemaState.from_dict(data)
    assert back == IN_SCHEMA
    assert back.table("lib.author").bare_name == back.table("author").bare_name == "author"
    assert back.schemas == ("lib",)


def test_an_older_snapshot_has_every_table_in_the_own_schema() -> None:
    old = {"format": 1, "dialect": "postgres", "tables": {"a": {"columns": []}}}
    table = SchemaState.from_dict(old).table("a")
    assert (table.schema, table.bare_name) == (None, "a")


def test_a_schema_that_does_not_prefix_its_key_is_malformed() -> None:
    data = {"format": 1, "dialect": "postgres", "tables": {"a": {"columns": [], "schema": "x"}}}
    with pytest.raises(SnapshotError, match="keyed outside its schema 'x'"):
        SchemaState.from_dict(data)


def test_keys_split_back_into_schema_and_name() -> None:
    assert table_key("lib", "author") == "lib.author"
    assert table_key(None, "author") == "author"
    assert split_key("lib.author") == ("lib", "author")
    assert split_key("author") == (None, "author")


def test_with_schemas_moves_tables_and_the_references_to_them() -> None:
    moved = IN_SCHEMA.with_schemas({"lib": "scratch_0"})
    assert sorted(moved.tables) == ["author", "scratch_0.author", "scratch_0.book"]
    book = moved.table("scratch_0.book")
    assert book.schema == "scratch_0"
    assert [c.fk.ref_table for c in book.columns if c.fk] == ["scratch_0.author", "author"]
    assert moved.with_schemas({"scratch_0": "lib"}) == IN_SCHEMA
