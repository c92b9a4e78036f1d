"""Prefix indexes on TEXT columns, declared the only way Tortoise models can declare them:
``Index(RawSQL("`body`(100)"))``, on a real MariaDB server.

Tortoise's own generate_schemas() cannot create such a model: it writes the expression in
parentheses, ``KEY `idx` ((`body`(100)))``, a syntax error on MariaDB (and a functional key
part calling a function ``body`` on MySQL 8). So the reference here is the DDL that states
the same key parts by hand, the way MySQL documents prefix key parts.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from migrator import operations as ops
from migrator.capture import capture_apps
from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.inspector import LiveIndex
from migrator.state import SchemaState
from tests.dialects.mysql.support import build, fetch, live, migrate, run

MakeDb = Callable[[str], DatabaseConfig]
MODELS = """
from tortoise import fields
from tortoise.expressions import RawSQL
from tortoise.indexes import Index
from tortoise.models import Model


class Note(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=50)
    body = fields.TextField()

    class Meta:
        table = "note"
        indexes = [
            Index(RawSQL("`body`(100)"), name="idx_note_body"),
            Index(RawSQL("`title`"), RawSQL("`body`(20)"), name="idx_note_title_body"),
        ]
"""
BY_HAND = (
    "CREATE TABLE `note` (\n"
    "    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,\n"
    "    `title` VARCHAR(50) NOT NULL,\n"
    "    `body` LONGTEXT NOT NULL,\n"
    "    KEY `idx_note_body` (`body`(100)),\n"
    "    KEY `idx_note_title_body` (`title`, `body`(20))\n"
    ") CHARACTER SET utf8mb4"
)
SEED = "INSERT INTO `note` (`id`, `title`, `body`) VALUES (1, 'a', REPEAT('x', 500)), (2, 'b', '')"


@pytest.fixture
def note_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SchemaState:
    """The models above as migrator captures them."""
    (tmp_path / "my_prefix_models.py").write_text(MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    config = {
        "connections": {"default": "mysql://root@127.0.0.1:3306/unused"},
        "apps": {"models": {"models": ["my_prefix_models"]}},
    }
    try:
        return capture_apps(config, {"models": get_dialect("mysql")})["models"]
    finally:
        sys.modules.pop("my_prefix_models", None)


def test_created_table_has_the_prefix_keys_written_by_hand(
    make_db: MakeDb, note_state: SchemaState
) -> None:
    ours, by_hand = make_db("mysql"), make_db("mysql")
    asyncio.run(build(ours, note_state))
    asyncio.run(run(by_hand, [BY_HAND]))
    created = asyncio.run(live(ours))
    assert created == asyncio.run(live(by_hand))
    assert created.tables["note"].indexes == (
        LiveIndex("idx_note_body", ("body(100)",), False),
        LiveIndex("idx_note_title_body", ("title", "body(20)"), False),
    )


def test_prefix_keys_added_and_dropped_on_a_table_with_rows(
    make_db: MakeDb, note_state: SchemaState
) -> None:
    db, fresh = make_db("mysql"), make_db("mysql")
    table = note_state.table("note")
    bare = SchemaState("mysql", {"note": replace(table, indexes=())})
    added = [ops.AddIndex("note", index) for index in table.indexes]

    async def check() -> None:
        await build(db, bare)
        await run(db, [SEED])
        empty = await live(db)
        after = await migrate(db, bare, added)
        await build(fresh, after)
        assert await live(db) == await live(fresh)
        query = "SELECT `id` FROM `note` FORCE INDEX (`idx_note_body`) WHERE `body` LIKE 'xx%'"
        assert await fetch(db, query) == [(1,)]
        await migrate(db, after, ops.reverse_all(list(added)))
        assert await live(db) == empty

    asyncio.run(check())
