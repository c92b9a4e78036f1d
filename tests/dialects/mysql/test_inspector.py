"""inspect() on a real MariaDB server, and parity with a schema Tortoise creates itself."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from migrator.capture import capture_apps
from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.inspector import LiveColumn, LiveForeignKey, LiveIndex
from tests.conftest import db_url
from tests.dialects.mysql.support import (
    LIBRARY_MODELS,
    build,
    fk_names,
    library_state,
    live,
    run,
)

MakeDb = Callable[[str], DatabaseConfig]


def test_inspect_reads_columns_keys_and_indexes(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(build(db, library_state()))
    schema = asyncio.run(live(db))
    author, book, through = (
        schema.tables["author"],
        schema.tables["book"],
        schema.tables["book_tag"],
    )

    assert author.comment == "Authors' table"
    assert author.columns["id"] == LiveColumn("id", "int", False, "auto_increment", True)
    assert author.columns["name"] == LiveColumn(
        "name", "varchar(100)", False, "'anon'", False, "it's \\ the name"
    )
    assert author.columns["bio"] == LiveColumn("bio", "longtext", True, None, False)
    assert author.columns["active"].type == "tinyint(1)"
    assert author.columns["active"].default == "1"
    assert author.columns["score"].default == "0.00"
    assert schema.tables["profile"].columns["data"].type == "json"
    assert book.columns["id"].type == "bigint"
    assert book.comment is None
    # every unique index is a LiveIndex; the inline UNIQUE's invented name reads as None
    assert author.uniques == () and book.uniques == ()
    assert author.indexes == (
        LiveIndex("ft_bio", ("bio",), False, None, "fulltext"),
        LiveIndex("idx_name_score", ("name", "score"), False),
        LiveIndex(None, ("email",), True),
    )
    # editor_id has only the index the server created for its FK (author_id is covered by
    # the unique_together index)
    assert book.indexes == (
        LiveIndex("uid_book_author__c6a0bb", ("author_id", "isbn"), True),
        LiveIndex(None, ("editor_id",), False),
    )
    assert book.foreign_keys == (
        LiveForeignKey(
            "fk_book_author_baece231", ("editor_id",), "author", ("id",), "SET NULL", "RESTRICT"
        ),
        LiveForeignKey(
            "fk_book_author_ed0cb68f", ("author_id",), "author", ("id",), "CASCADE", "RESTRICT"
        ),
    )
    assert through.foreign_keys == (
        LiveForeignKey("book_tag_ibfk_1", ("book_id",), "book", ("id",), "CASCADE", "RESTRICT"),
        LiveForeignKey("book_tag_ibfk_2", ("tag_id",), "tag", ("id",), "CASCADE", "RESTRICT"),
    )
    assert asyncio.run(fk_names(db))[:2] == [
        ("book", "fk_book_author_baece231"),
        ("book", "fk_book_author_ed0cb68f"),
    ]


def test_defaults_read_as_sql_expressions(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(
        run(
            db,
            [
                "CREATE TABLE `d` (`id` INT NOT NULL PRIMARY KEY, "
                "`s` VARCHAR(20) NOT NULL DEFAULT 'it''s \\\\ x', "
                "`nl` VARCHAR(20) NOT NULL DEFAULT 'a\\nb', "
                "`null_default` VARCHAR(20) NULL DEFAULT NULL, `no_default` VARCHAR(20) NULL, "
                "`literal_null` VARCHAR(20) NULL DEFAULT 'NULL', "
                "`at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                "`day` DATE NOT NULL DEFAULT '2020-01-01', "
                "`t` LONGTEXT NOT NULL DEFAULT ('x'), `n` INT NOT NULL DEFAULT '7')",
            ],
        )
    )
    columns = asyncio.run(live(db)).tables["d"].columns
    assert {name: c.default for name, c in columns.items()} == {
        "id": None,
        "s": "'it''s \\\\ x'",
        "nl": "'a\\nb'",
        "null_default": None,
        "no_default": None,
        "literal_null": "'NULL'",
        "at": "current_timestamp(6)",
        "day": "'2020-01-01'",
        "t": "'x'",
        "n": "7",
    }


def test_names_the_server_did_not_invent_are_kept(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(
        run(
            db,
            [
                "CREATE TABLE `p` (`id` INT NOT NULL PRIMARY KEY)",
                "CREATE TABLE `c` (`id` INT NOT NULL PRIMARY KEY, `p_id` INT NOT NULL, "
                "`code` INT NOT NULL, `code2` INT NOT NULL, "
                "CONSTRAINT `my_fk` FOREIGN KEY (`p_id`) REFERENCES `p` (`id`) ON DELETE RESTRICT, "
                "UNIQUE KEY `custom_u` (`code`), UNIQUE KEY `code2` (`code2`), "
                "KEY `by_prefix` (`code`, `code2`))",
                "CREATE TABLE `migrator_history` (`id` INT NOT NULL PRIMARY KEY)",
            ],
        )
    )
    schema = asyncio.run(live(db))
    c = schema.tables["c"]
    assert c.foreign_keys == (
        LiveForeignKey("my_fk", ("p_id",), "p", ("id",), "RESTRICT", "RESTRICT"),
    )
    assert c.indexes == (
        LiveIndex("by_prefix", ("code", "code2"), False),
        LiveIndex("custom_u", ("code",), True),
        LiveIndex(None, ("code2",), True),
        LiveIndex(None, ("p_id",), False),  # named my_fk by the server, after the FK
    )
    assert "migrator_history" in schema.tables  # callers filter it, not inspect


def test_inspect_of_an_empty_database_is_empty(make_db: MakeDb) -> None:
    assert asyncio.run(live(make_db("mysql"))).tables == {}


def test_tortoise_generate_schemas_equals_our_create_statements(
    make_db: MakeDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tortoise creates the schema from the models; we create it from the captured state."""
    from tortoise.context import TortoiseContext

    theirs_db, ours_db = make_db("mysql"), make_db("mysql")
    (tmp_path / "my_parity_models.py").write_text(LIBRARY_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    config = {
        "connections": {"default": db_url(theirs_db)},
        "apps": {"models": {"models": ["my_parity_models"]}},
    }

    async def tortoise_creates() -> None:
        async with TortoiseContext() as ctx:
            await ctx.init(config=config)
            await ctx.generate_schemas(safe=False)

    try:
        asyncio.run(tortoise_creates())
        state = capture_apps(config, {"models": get_dialect("mysql")})["models"]
    finally:
        sys.modules.pop("my_parity_models", None)
    asyncio.run(build(ours_db, state))

    theirs, ours = asyncio.run(live(theirs_db)), asyncio.run(live(ours_db))
    assert set(theirs.tables) == {"author", "book", "book_tag", "profile", "tag"}
    assert ours == theirs
    assert asyncio.run(fk_names(ours_db)) == asyncio.run(fk_names(theirs_db))
    # and the hand-written library state describes the same schema
    hand_db = make_db("mysql")
    asyncio.run(build(hand_db, library_state()))
    hand = asyncio.run(live(hand_db))
    assert hand == theirs


def test_fk_on_update_and_descending_keys_are_read(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(
        run(
            db,
            [
                "CREATE TABLE `p` (`id` INT NOT NULL PRIMARY KEY)",
                "CREATE TABLE `c` (`id` INT NOT NULL PRIMARY KEY, `p_id` INT NOT NULL, "
                "`n` INT NOT NULL, CONSTRAINT `my_fk` FOREIGN KEY (`p_id`) REFERENCES `p` (`id`) "
                "ON DELETE CASCADE ON UPDATE CASCADE, KEY `by_n` (`n` DESC, `id`))",
            ],
        )
    )
    c = asyncio.run(live(db)).tables["c"]
    assert c.foreign_keys == (
        LiveForeignKey("my_fk", ("p_id",), "p", ("id",), "CASCADE", "CASCADE"),
    )
    assert LiveIndex("by_n", ("n DESC", "id"), False) in c.indexes
