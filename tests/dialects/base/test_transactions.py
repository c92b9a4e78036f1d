"""Which statements manage a transaction is each dialect's own vocabulary
(dialects/base/transactions.py and each dialect's patterns)."""

from __future__ import annotations

import pytest

from migrator.dialects import get_dialect


@pytest.mark.parametrize(
    ("dialect", "sql", "ends"),
    [
        ("sqlite", "COMMIT", True),
        ("sqlite", "end transaction", True),
        ("sqlite", "ROLLBACK TRANSACTION TO sp", False),
        ("sqlite", "SAVEPOINT sp", False),
        ("sqlite", "BEGIN IMMEDIATE", True),
        ("postgres", "END", True),
        ("postgres", "ABORT", True),
        ("postgres", "PREPARE TRANSACTION 'x'", True),
        ("postgres", "START TRANSACTION", True),
        ("postgres", "ROLLBACK TO SAVEPOINT sp", False),
        ("postgres", "RELEASE SAVEPOINT sp", False),
        ("postgres", "UPDATE t SET ended = TRUE", False),
    ],
)
def test_what_ends_the_migration_transaction(dialect: str, sql: str, ends: bool) -> None:
    assert get_dialect(dialect).ends_migration_transaction(sql) is ends


@pytest.mark.parametrize(
    ("dialect", "sql", "manages", "opens", "closes"),
    [
        ("mysql", "START TRANSACTION", True, True, False),
        ("mysql", "XA START 'x'", True, True, False),
        ("mysql", "XA END 'x'", True, False, True),
        ("mysql", "LOCK TABLES t WRITE", True, False, False),
        ("mysql", "SET autocommit = 0", True, False, False),
        ("mysql", "ROLLBACK TO SAVEPOINT sp", True, False, False),
        ("mysql", "INSERT INTO t VALUES (1)", False, False, False),
        ("postgres", "XA START 'x'", False, False, False),
        ("postgres", "BEGIN", True, True, False),
        ("postgres", "END", True, False, True),
        ("postgres", "ROLLBACK TO SAVEPOINT sp", True, False, False),
    ],
)
def test_the_journal_vocabulary(
    dialect: str, sql: str, manages: bool, opens: bool, closes: bool
) -> None:
    d = get_dialect(dialect)
    assert (d.manages_transaction(sql), d.opens_transaction(sql), d.closes_transaction(sql)) == (
        manages,
        opens,
        closes,
    )
