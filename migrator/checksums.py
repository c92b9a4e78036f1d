"""What a history row's checksum vouches for: the code of upgrade.sql.

The checksum is taken of the file's statements as the dialect splits them, each reduced to
its tokens (comments and whitespace dropped, string literals and quoted names kept whole),
so a DBA's review note or a re-indented statement is not a change, while any change to what
the server runs is. A partially applied migration's row covers its first ``count``
statements the same way (resume.py).

Rows written before this rule carry the checksum of the text itself (line endings and
trailing whitespace normalised): ``accepts`` takes either form, so an upgrade never refuses
a history written by an earlier migrator for a file that was not edited.

A migration with a data migration module (``migration.py``) records the checksum of both:
the statements' checksum and the module's source text (line endings and trailing whitespace
normalised), so any edit of the module is a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from migrator.dialects.base.splitter import Statement, code_tokens

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect


def code_checksum(
    statements: Sequence[Statement], dialect: Dialect, count: int | None = None
) -> str:
    """sha256 of the code of the first ``count`` statements (all by default)."""
    chosen = statements if count is None else statements[:count]
    code = "\n;\n".join(" ".join(code_tokens(s.sql, dialect.lexer)) for s in chosen)
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def text_checksum(sql: str) -> str:
    """The earlier rule: sha256 of the SQL text with line endings and trailing whitespace
    normalised (comments and indentation count)."""
    lines = [line.rstrip() for line in sql.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return hashlib.sha256("\n".join(lines).strip().encode("utf-8")).hexdigest()


def prefix_checksums(statements: Sequence[Statement], dialect: Dialect, count: int) -> set[str]:
    """Every form a row for the first ``count`` statements may carry (current and earlier)."""
    legacy = text_checksum("\n;\n".join(s.sql for s in statements[:count]))
    return {code_checksum(statements, dialect, count), legacy}


def migration_checksum(
    statements: Sequence[Statement], dialect: Dialect, python_source: str | None
) -> str:
    """What an applied migration's row records: the statements' code checksum, combined with
    the data migration module's text when there is one."""
    sql = code_checksum(statements, dialect)
    if python_source is None:
        return sql
    combined = f"{sql}\nmigration.py\n{text_checksum(python_source)}"
    return hashlib.sha256(combined.encode("utf-8")).hexdigest()
