"""How a dialect spells names and values in SQL text: identifiers, qualified table names,
strings, literals of Python values, comments and bind-parameter markers."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, ClassVar


class Quoting:
    """The quoting part of ``Dialect`` (ANSI by default); a dialect overrides what differs."""

    quote_char: ClassVar[str] = '"'

    def quote(self, name: str) -> str:
        q = self.quote_char
        return f"{q}{name.replace(q, q + q)}{q}"

    def quote_table(self, key: str) -> str:
        """A table by its state key (see state.py), qualified where it has a schema."""
        return self.quote(key)

    def quote_beside(self, table: str, name: str) -> str:
        """An object that lives in the schema of table ``table`` (an index, a sequence)."""
        return self.quote(name)

    def quote_string(self, text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    def literal(self, value: Any) -> str:
        """A Python value as an SQL literal for this dialect."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, Decimal)):
            return str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, bytes):
            return "X'" + value.hex().upper() + "'"
        if isinstance(value, (datetime.date, datetime.time, datetime.datetime, uuid.UUID)):
            return self.quote_string(
                str(value) if isinstance(value, uuid.UUID) else value.isoformat()
            )
        return self.quote_string(str(value))

    def comment_literal(self, comment: str | None) -> str:
        return "NULL" if comment is None else self.quote_string(comment)

    def placeholder(self, position: int) -> str:
        """Bind-parameter marker for the 1-based ``position``."""
        return "?"
