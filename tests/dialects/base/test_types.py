"""Type knowledge (dialects/base/types.py): which type changes a rename candidate may carry,
Dialect.can_convert per dialect."""

from __future__ import annotations

import pytest

from migrator.dialects import get_dialect

CONVERTS = [
    ("INT", "BIGINT"),
    ("BIGINT", "SMALLINT"),  # narrowing still converts (the server refuses what does not fit)
    ("VARCHAR(50)", "VARCHAR(200)"),
    ("VARCHAR(50)", "TEXT"),
    ("CHAR(10)", "VARCHAR(10)"),
    ("DECIMAL(10,2)", "DECIMAL(12,4)"),
    ("TIMESTAMP", "TIMESTAMP"),
]
REFUSES = [
    ("VARCHAR(50)", "INT"),
    ("INT", "TIMESTAMP"),
    ("DECIMAL(10,2)", "INT"),
    ("TEXT", "DATE"),
]


@pytest.mark.parametrize("name", ["sqlite", "postgres", "mysql"])
def test_can_convert_within_a_family_only(name: str) -> None:
    dialect = get_dialect(name)
    assert [(o, n) for o, n in CONVERTS if not dialect.can_convert(o, n)] == []
    assert [(o, n) for o, n in REFUSES if dialect.can_convert(o, n)] == []


def test_mysql_knows_its_own_types() -> None:
    mysql = get_dialect("mysql")
    assert mysql.can_convert("VARCHAR(255)", "LONGTEXT")
    assert mysql.can_convert("MEDIUMINT", "INT UNSIGNED")
    assert not mysql.can_convert("BOOL", "INT")  # a flag is no number of another width
    assert not mysql.can_convert("JSON", "LONGTEXT")
