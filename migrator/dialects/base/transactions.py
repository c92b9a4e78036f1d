"""What the runner and the file format need to know about statements without a connection:
how this server's own client cuts a file into statements, which statements manage a
transaction themselves, which must run outside one, and the session's timeouts."""

from __future__ import annotations

import re
from typing import ClassVar

from migrator.dialects.base.splitter import Lexer, Statement, split_statements


def transaction_words(alternatives: str) -> re.Pattern[str]:
    """A pattern matching a statement that starts with one of ``alternatives`` (a regex
    alternation of keywords), case-insensitively and across lines."""
    return re.compile(rf"(?is)\s*({alternatives})\b")


class Transactions:
    """The statements-and-transactions part of ``Dialect``; a dialect sets its own words."""

    begin_sql: ClassVar[str] = "BEGIN"
    # the driver runs several ';'-separated statements sent as one text, stopping at the
    # first error (PostgreSQL's simple query protocol): the runner then sends BEGIN with a
    # migration's first statement and its history row with COMMIT, two round trips fewer.
    # Errors still name the statement as written; pg_stat_activity shows "BEGIN;" before it
    batches_statements: ClassVar[bool] = False
    # how this database's own client cuts a file into statements
    lexer: ClassVar[Lexer]
    commit_sql: ClassVar[str] = "COMMIT"
    rollback_sql: ClassVar[str] = "ROLLBACK"
    # statements, matched at their start, that manage a transaction themselves: the journal
    # of a non-transactional run leaves them (and what runs between an opener and a closer)
    # unwrapped; each dialect adds its own words (MySQL's XA, LOCK TABLES, ...)
    transaction_control: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT"
    )
    transaction_opens: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(START\s+TRANSACTION|BEGIN(\s+WORK)?\s*$)"
    )
    transaction_closes: ClassVar[re.Pattern[str]] = re.compile(
        r"(?is)\s*(COMMIT|ROLLBACK(?!\s+TO))\b"
    )
    # what would end (or try to nest) the one transaction a migration runs in; by the first
    # word, since at the start of a statement these only ever manage a transaction.
    # ROLLBACK ... TO, SAVEPOINT and RELEASE work inside one and are fine
    migration_transaction_enders: ClassVar[re.Pattern[str]] = transaction_words(
        r"START\s+TRANSACTION|BEGIN|COMMIT|ROLLBACK(?!\s+((WORK|TRANSACTION)\s+)?TO\b)"
    )

    def split(self, text: str) -> list[Statement]:
        """Split ``text`` (a whole .sql file) into the statements this server would run."""
        return split_statements(text, self.lexer)

    def manages_transaction(self, sql: str) -> bool:
        """Does ``sql`` open, end or otherwise manage a transaction itself?"""
        return bool(self.transaction_control.match(sql))

    def opens_transaction(self, sql: str) -> bool:
        return bool(self.transaction_opens.match(sql))

    def closes_transaction(self, sql: str) -> bool:
        return bool(self.transaction_closes.match(sql))

    def must_run_outside_transaction(self, sql: str) -> bool:
        """Does the server refuse ``sql`` inside a transaction block?"""
        return False

    def waits_without_blocking_writers(self, sql: str) -> bool:
        """Does ``sql`` wait for locks that let writes through (no lock timeout needed:
        waiting behind a long transaction queues nobody behind it)?"""
        return False

    def session_timeout_statements(
        self, lock_timeout: float | None, statement_timeout: float | None
    ) -> list[str]:
        """Statements setting this session's lock and statement timeouts (seconds; None
        leaves the server's setting, 0 means no limit)."""
        return []

    def ends_migration_transaction(self, sql: str) -> bool:
        """Would ``sql`` end (or try to nest) the one transaction a migration runs in?
        SAVEPOINT, RELEASE and ROLLBACK TO work inside it and are fine."""
        return bool(self.migration_transaction_enders.match(sql))
