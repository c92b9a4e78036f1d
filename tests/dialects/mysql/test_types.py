"""MySQL type knowledge and catalog normalisation (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrator.dialects.mysql import types as types
from migrator.dialects.mysql.inspector import column_type, normalise_default
from tests.dialects.mysql.support import my


@pytest.mark.parametrize(
    ("old", "new", "narrows"),
    [
        ("INT", "BIGINT", False),
        ("BIGINT", "INT", True),
        ("BOOL", "SMALLINT", False),
        ("INT", "INT UNSIGNED", True),
        ("VARCHAR(50)", "VARCHAR(100)", False),
        ("VARCHAR(100)", "VARCHAR(50)", True),
        ("VARCHAR(255)", "LONGTEXT", False),
        ("LONGTEXT", "TEXT", True),
        ("LONGTEXT", "VARCHAR(255)", True),
        ("INT", "VARCHAR(100)", False),
        ("DATETIME(6)", "VARCHAR(10)", True),
        ("LONGTEXT", "JSON", True),
        ("JSON", "LONGTEXT", False),
        ("DECIMAL(10,2)", "DECIMAL(12,2)", False),
        ("DECIMAL(10,2)", "DECIMAL(10,1)", True),
        ("INT", "DECIMAL(12,2)", False),
        ("INT", "DECIMAL(8,2)", True),
        ("INT", "DOUBLE", False),
        ("BIGINT", "DOUBLE", True),
        ("DATETIME(6)", "DATETIME(3)", True),
        ("DATETIME(6)", "DATETIME", True),  # no fsp: whole seconds
        ("DATETIME", "DATETIME(6)", False),
        ("DECIMAL(10,2)", "DECIMAL(10,4)", True),  # 8 integer digits become 6
        ("DECIMAL(10,2)", "DECIMAL(12,4)", False),
        ("DECIMAL(12,2)", "DECIMAL", True),  # DECIMAL(10,0)
        ("DECIMAL", "DECIMAL(10,0)", False),
        ("DECIMAL(8)", "DECIMAL(10,2)", False),
        ("BLOB", "LONGBLOB", False),
        ("LONGBLOB", "LONGTEXT", True),
        ("VARCHAR(20)", "INT", True),
        ("DOUBLE PRECISION", "DOUBLE", False),
    ],
)
def test_narrows(old: str, new: str, narrows: bool) -> None:
    assert my.narrows(old, new) is narrows


@pytest.mark.parametrize(
    ("referencing", "referenced", "ok"),
    [
        ("INT", "INT", True),
        ("INT", "int(11)", True),
        ("INT", "BIGINT", False),
        ("INT UNSIGNED", "INT", False),
        ("VARCHAR(20)", "VARCHAR(200)", True),
        ("CHAR(36)", "VARCHAR(36)", True),
        ("DECIMAL(10,2)", "DECIMAL(12,2)", False),
        ("BINARY(16)", "BINARY(16)", True),
    ],
)
def test_fk_compatible(referencing: str, referenced: str, ok: bool) -> None:
    assert types.fk_compatible(referencing, referenced) is ok


def test_zero_values_are_accepted_in_strict_mode() -> None:
    assert [my.zero_value(t) for t in ("INT", "BOOL", "DATETIME(6)", "JSON", "VARCHAR(5)")] == [
        "0",
        "0",
        "'1970-01-01 00:00:00'",
        "'null'",
        "''",
    ]


@given(st.text())
def test_quoted_strings_read_back(text: str) -> None:
    quoted = types.quote_string(text)
    assert "\n" not in quoted and "\r" not in quoted
    assert types.unquote_string(quoted) == text


def test_mariadb_and_mysql_print_the_same_ddl_alike() -> None:
    """The same DEFAULT as each server reports it (MariaDB values checked against the
    server in test_mysql_inspect; MySQL 8's from its documented output)."""
    pairs = [
        # (MariaDB COLUMN_DEFAULT, MySQL COLUMN_DEFAULT, MySQL EXTRA, DATA_TYPE)
        ("'it''s \\\\ x'", "it's \\ x", "", "varchar"),
        ("'a\\nb'", "a\nb", "", "varchar"),
        ("5", "5", "", "int"),
        ("1.50", "1.50", "", "decimal"),
        ("current_timestamp(6)", "CURRENT_TIMESTAMP(6)", "DEFAULT_GENERATED", "datetime"),
        ("current_timestamp()", "CURRENT_TIMESTAMP", "DEFAULT_GENERATED", "datetime"),
        ("'abc'", "_utf8mb4\\'abc\\'", "DEFAULT_GENERATED", "longtext"),
        ("uuid()", "(uuid())", "DEFAULT_GENERATED", "char"),
        ("'2020-01-01 10:00:00.000000'", "2020-01-01 10:00:00.000000", "", "datetime"),
    ]
    for mariadb, mysql, extra, data_type in pairs:
        assert normalise_default(mariadb, "", data_type, True) == normalise_default(
            mysql, extra, data_type, False
        ), (mariadb, mysql)
    assert normalise_default("NULL", "", "varchar", True) is None
    assert normalise_default(None, "", "varchar", False) is None
    assert normalise_default("'NULL'", "", "varchar", True) == "'NULL'"


@pytest.mark.parametrize(
    ("mariadb", "mysql"),
    [
        ("int(11)", "int"),
        ("bigint(20)", "bigint"),
        ("int(10) unsigned", "int unsigned"),
        ("tinyint(1)", "tinyint(1)"),
        ("varchar(200)", "varchar(200)"),
        ("DECIMAL(10,2)", "decimal(10,2)"),
    ],
)
def test_column_types_read_alike(mariadb: str, mysql: str) -> None:
    assert column_type(mariadb) == column_type(mysql) == mysql
