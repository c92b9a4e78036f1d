"""Type-argument narrowing (migrator/dialects/narrowing.py): the rule behind every dialect's
``narrows``, and on real servers the proof that what it flags really loses or refuses data."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from migrator.dialects import get_dialect
from migrator.dialects.base.narrowing import arguments_narrow


@pytest.mark.parametrize(
    ("base", "old", "new", "narrows"),
    [
        ("VARCHAR", (100,), (20,), True),
        ("VARCHAR", (20,), (100,), False),
        ("DECIMAL", (10, 2), (12, 2), False),
        ("DECIMAL", (10, 2), (10, 1), True),  # a decimal place goes
        ("DECIMAL", (10, 2), (10, 4), True),  # two integer digits go
        ("DECIMAL", (10, 2), (12, 4), False),
        ("DECIMAL", (10,), (10, 2), True),  # DECIMAL(10) is DECIMAL(10,0)
        ("NUMERIC", (), (10, 2), True),  # unbounded -> bounded
        ("NUMERIC", (10, 2), (), False),
        ("TIMESTAMPTZ", (), (3,), True),  # default precision 6 here
        ("TIMESTAMPTZ", (3,), (), False),
        ("TIME", (6,), (6,), False),
    ],
)
def test_arguments_narrow(
    base: str, old: tuple[int, ...], new: tuple[int, ...], narrows: bool
) -> None:
    assert arguments_narrow(base, old, new, time_precision_default=6) is narrows


def test_a_time_type_without_precision_uses_the_dialects_default() -> None:
    assert arguments_narrow("DATETIME", (6,), (), time_precision_default=0)
    assert not arguments_narrow("DATETIME", (6,), (), time_precision_default=6)


@pytest.mark.parametrize(
    ("old", "new", "narrows"),
    [
        ("DECIMAL(10,2)", "DECIMAL(10,4)", True),
        ("DECIMAL(10,2)", "DECIMAL(12,4)", False),
        ("TIMESTAMPTZ", "TIMESTAMPTZ(0)", True),
        ("VARCHAR(100)", "VARCHAR(20)", True),
        ("VARCHAR(20)", "TEXT", False),
    ],
)
def test_postgres_narrows(old: str, new: str, narrows: bool) -> None:
    assert get_dialect("postgres").narrows(old, new) is narrows


# each flagged change, with a value it cannot keep: the server refuses it or changes it
LOSSES = {
    "postgres": [
        ("DECIMAL(10,2)", "DECIMAL(10,4)", "12345678.12"),
        ("TIMESTAMP", "TIMESTAMP(0)", "'2026-01-01 10:00:00.123456'"),
    ],
    "mysql": [
        ("DECIMAL(10,2)", "DECIMAL(10,4)", "12345678.12"),
        ("DATETIME(6)", "DATETIME", "'2026-01-01 10:00:00.123456'"),
    ],
}


@pytest.mark.parametrize("dialect", sorted(LOSSES))
def test_what_is_flagged_really_loses_or_refuses_data(dialect: str, make_db: Any) -> None:
    db = make_db(dialect)
    d = get_dialect(dialect)

    async def scenario() -> list[bool]:
        conn = await d.backend(db).connect()
        lost = []
        try:
            for number, (old, new, value) in enumerate(LOSSES[dialect]):
                assert d.narrows(old, new), (old, new)
                table, col = d.quote(f"t{number}"), d.quote("v")
                await conn.execute(f"CREATE TABLE {table} ({col} {old})")
                await conn.execute(f"INSERT INTO {table} ({col}) VALUES ({value})")
                before = await conn.fetch(f"SELECT CAST({col} AS CHAR(40)) FROM {table}")
                alter = (
                    f"ALTER TABLE {table} ALTER COLUMN {col} TYPE {new}"
                    if dialect == "postgres"
                    else f"ALTER TABLE {table} MODIFY COLUMN {col} {new}"
                )
                try:
                    await conn.execute(alter)
                except Exception:
                    lost.append(True)  # refused: the migration would fail on this row
                    continue
                after = await conn.fetch(f"SELECT CAST({col} AS CHAR(40)) FROM {table}")
                lost.append(after != before)
        finally:
            await conn.close()
        return lost

    assert asyncio.run(scenario()) == [True] * len(LOSSES[dialect])
