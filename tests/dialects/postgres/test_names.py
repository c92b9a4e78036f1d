"""The names PostgreSQL invents: pure rules, then checked against a real server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects.postgres import names as names
from tests.dialects.postgres.support import fetch, run

MakeDb = Callable[[str], DatabaseConfig]


def test_short_names() -> None:
    assert names.pkey_name("book") == "book_pkey"
    assert names.unique_key_name("book", ["isbn"]) == "book_isbn_key"
    assert names.unique_key_name("book", ["a", "b"]) == "book_a_b_key"
    assert names.fkey_name("book", ["author_id"]) == "book_author_id_fkey"
    assert names.sequence_name("book", "id") == "book_id_seq"


def test_the_longer_part_is_truncated_first() -> None:
    name = names.unique_key_name("t" * 60, ["c" * 10])
    assert name == "t" * 48 + "_" + "c" * 10 + "_key"
    assert len(name.encode()) == 63
    both = names.fkey_name("t" * 40, ["c" * 40])
    assert both == "t" * 29 + "_" + "c" * 28 + "_fkey"


def test_multibyte_characters_are_never_split() -> None:
    name = names.sequence_name("é" * 40, "c")
    assert len(name.encode()) <= 63
    assert name == "é" * 28 + "_c_seq"  # 58 bytes fit, the 29th é would not


def test_identifiers_are_cut_to_63_bytes_first() -> None:
    assert names.truncate_identifier("x" * 70) == "x" * 63
    assert names.pkey_name("x" * 70) == "x" * 58 + "_pkey"


CASES = [
    ("t", "c"),
    ("a" * 40, "b" * 40),
    ("a" * 63, "b" * 5),
    ("é" * 31, "ü" * 31),
    ("x" * 10, "ö" * 31),
    ("tab", "col" * 21),
]


@pytest.mark.parametrize(("table", "column"), CASES)
def test_names_equal_the_servers_choice(make_db: MakeDb, table: str, column: str) -> None:
    db = make_db("postgres")
    asyncio.run(
        run(
            db,
            [
                f'CREATE TABLE "{table}" ("{column}" SERIAL PRIMARY KEY, '
                f'"u{column}" INT UNIQUE, "f{column}" INT REFERENCES "{table}" ("{column}"))'
            ],
        )
    )
    actual = asyncio.run(
        fetch(
            db,
            "SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "UNION ALL SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY 1",
        )
    )
    ours = [
        names.pkey_name(table),
        names.unique_key_name(table, [names.truncate_identifier("u" + column)]),
        names.fkey_name(table, [names.truncate_identifier("f" + column)]),
        names.sequence_name(table, column),
    ]
    assert [r[0] for r in actual] == sorted(ours)
