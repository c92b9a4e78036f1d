"""details.py on the real MariaDB server: CHECK constraints, character sets and collations,
and ON UPDATE, each read from two databases that differ only in that property."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveCheck, LiveSchema
from migrator.drift import compare_table
from tests.dialects.mysql.support import build, library_state, live, run

MakeDb = Callable[[str], DatabaseConfig]


def _built(make_db: MakeDb, statements: Sequence[str]) -> LiveSchema:
    db = make_db("mysql")
    asyncio.run(run(db, statements))
    return asyncio.run(live(db))


def _differences(make_db: MakeDb, want: str, have: str) -> list[str]:
    expected, actual = _built(make_db, [want]), _built(make_db, [have])
    return compare_table(expected.tables["t"], actual.tables["t"])


def test_checks_are_read_with_invented_names_as_none(make_db: MakeDb) -> None:
    schema = _built(
        make_db,
        [
            "CREATE TABLE `t` (`a` INT CHECK (`a` > 0), `b` INT, `j` JSON, "
            "CHECK (`a` < `b`), CONSTRAINT `b_small` CHECK (`b` < 100)) CHARACTER SET utf8mb4"
        ],
    )
    t = schema.tables["t"]
    # the JSON column's json_valid CHECK is its type, not a check
    assert t.columns["j"].type == "json"
    assert set(t.checks) == {
        LiveCheck(None, "`a` > 0"),
        LiveCheck(None, "`a` < `b`"),
        LiveCheck("b_small", "`b` < 100"),
    }
    assert len(t.checks) == 3


def test_a_check_differing_only_in_its_condition_is_reported(make_db: MakeDb) -> None:
    create = "CREATE TABLE `t` (`a` INT, CONSTRAINT `a_pos` CHECK (`a` {} 0))"
    assert _differences(make_db, create.format(">"), create.format(">=")) == [
        "check constraint a_pos is CHECK (`a` >= 0), expected CHECK (`a` > 0)"
    ]
    assert _differences(make_db, create.format(">"), create.format(">")) == []


def test_a_missing_check_is_reported(make_db: MakeDb) -> None:
    assert _differences(
        make_db, "CREATE TABLE `t` (`a` INT CHECK (`a` > 0))", "CREATE TABLE `t` (`a` INT)"
    ) == ["check constraint CHECK (`a` > 0) is missing"]


def test_table_character_set_and_collation_are_read(make_db: MakeDb) -> None:
    schema = _built(
        make_db,
        [
            "CREATE TABLE `t` (`a` VARCHAR(5)) CHARACTER SET utf8mb4",
            "CREATE TABLE `u` (`a` VARCHAR(5)) CHARACTER SET latin1 COLLATE latin1_bin",
        ],
    )
    t, u = schema.tables["t"], schema.tables["u"]
    assert (t.charset, t.collation) == ("utf8mb4", None)  # the set's default collation
    assert (u.charset, u.collation) == ("latin1", "latin1_bin")
    assert (u.columns["a"].charset, u.columns["a"].collation) == (None, None)  # inherited


def test_a_table_of_another_character_set_is_reported(make_db: MakeDb) -> None:
    assert _differences(
        make_db,
        "CREATE TABLE `t` (`a` INT) CHARACTER SET utf8mb4",
        "CREATE TABLE `t` (`a` INT) CHARACTER SET latin1",
    ) == ["table character set is latin1, expected utf8mb4"]
    assert _differences(
        make_db,
        "CREATE TABLE `t` (`a` INT) CHARACTER SET utf8mb4",
        "CREATE TABLE `t` (`a` INT) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
    ) == ["table collation is utf8mb4_bin, expected the table's"]


def test_a_column_collation_or_character_set_of_its_own_is_reported(make_db: MakeDb) -> None:
    create = "CREATE TABLE `t` (`a` VARCHAR(5){}) CHARACTER SET utf8mb4"
    assert _differences(make_db, create.format(""), create.format(" COLLATE utf8mb4_bin")) == [
        "column a: collation is utf8mb4_bin, expected the table's"
    ]
    assert _differences(make_db, create.format(""), create.format(" CHARACTER SET latin1")) == [
        "column a: character set is latin1, expected the table's"
    ]
    assert _differences(make_db, create.format(""), create.format("")) == []


def test_on_update_current_timestamp_is_reported(make_db: MakeDb) -> None:
    create = "CREATE TABLE `t` (`at` DATETIME(6) NULL DEFAULT CURRENT_TIMESTAMP(6){})"
    schema = _built(make_db, [create.format(" ON UPDATE CURRENT_TIMESTAMP(6)")])
    assert schema.tables["t"].columns["at"].on_update == "current_timestamp(6)"
    assert _differences(
        make_db, create.format(" ON UPDATE CURRENT_TIMESTAMP(6)"), create.format("")
    ) == ["column at: ON UPDATE none, expected current_timestamp(6)"]


def test_tortoise_style_tables_read_their_character_set_and_no_checks(make_db: MakeDb) -> None:
    db = make_db("mysql")
    asyncio.run(build(db, library_state()))
    tables = asyncio.run(live(db)).tables
    assert {name: (t.charset, t.collation) for name, t in tables.items()} == {
        "author": ("utf8mb4", None),
        "book": ("utf8mb4", None),
        "book_tag": ("utf8mb4", None),
        "profile": ("utf8mb4", None),
        "tag": ("utf8mb4", None),
    }
    assert all(t.checks == () for t in tables.values())  # MariaDB's json_valid is the type
    assert tables["profile"].columns["data"].type == "json"
    assert tables["author"].columns["name"].collation is None
