"""What a dialect knows about SQL types without a connection: which changes of type narrow
or convert, and the values (zero, the current time, a fresh UUID) that fill existing rows."""

from __future__ import annotations

import datetime
import re
from typing import ClassVar

from migrator.dialects.base.narrowing import DECIMAL_TYPES, arguments_narrow
from migrator.dialects.base.quoting import Quoting
from migrator.state import Column

_TYPE_RE = re.compile(r"^\s*([A-Za-z ]+?)\s*(?:\(([^)]*)\))?\s*$")


class TypeKnowledge(Quoting):
    """The type part of ``Dialect`` (ANSI-ish by default); a dialect overrides what differs."""

    # type families for narrowing checks, most specific first
    integer_widths: ClassVar[dict[str, int]] = {"SMALLINT": 2, "INT": 4, "INTEGER": 4, "BIGINT": 8}
    time_precision_default: ClassVar[int] = 6  # TIMESTAMP without (p) keeps microseconds
    # character types one ALTER converts into each other (lengths may differ)
    string_types: ClassVar[frozenset[str]] = frozenset(
        {"CHAR", "VARCHAR", "CHARACTER", "CHARACTER VARYING", "TEXT", "CLOB"}
    )

    def narrows(self, old_type: str, new_type: str) -> bool:
        """True when converting ``old_type`` values to ``new_type`` can lose or refuse data."""
        old, new = _parse_type(old_type), _parse_type(new_type)
        if old == new:
            return False
        if old[0] == new[0]:
            return arguments_narrow(old[0], old[1], new[1], self.time_precision_default)
        if old[0] in self.integer_widths and new[0] in self.integer_widths:
            return self.integer_widths[new[0]] < self.integer_widths[old[0]]
        return not self.is_text_type(new_type)

    def is_text_type(self, sql_type: str) -> bool:
        return _parse_type(sql_type)[0] in {"TEXT", "LONGTEXT", "MEDIUMTEXT", "CLOB"}

    def can_convert(self, old_type: str, new_type: str) -> bool:
        """Does one ALTER turn ``old_type`` values into ``new_type`` ones that mean the same:
        the same type with other arguments, an integer of another width, a string of another
        length (or text), a decimal of another precision? Narrowing counts (the server
        refuses or truncates, and the migration says so); a change of kind (text to number,
        integer to timestamp) does not, so such a column is never offered as a rename."""
        old, new = _parse_type(old_type), _parse_type(new_type)
        if old[0] == new[0]:
            return True
        families = (frozenset(self.integer_widths), self.string_types, DECIMAL_TYPES)
        return any(old[0] in family and new[0] in family for family in families)

    def zero_value(self, sql_type: str) -> str:
        """A value of ``sql_type`` to fill NOT NULL columns when nothing better is known."""
        base = _parse_type(sql_type)[0]
        if base in self.integer_widths or base in {"DECIMAL", "NUMERIC", "REAL", "DOUBLE", "FLOAT"}:
            return "0"
        if base in {"BOOL", "BOOLEAN"}:
            return self.literal(False)
        return self.quote_string("")

    def python_default_fill(self, column: Column) -> str | None:
        """SQL that gives existing rows what the application's per-row default would have
        (the current time for auto_now, a fresh UUID for uuid4), or None."""
        if column.python_default == "now":
            return self.now_sql(column.type)
        if column.python_default == "uuid4":
            return self.random_uuid_sql(column.type)
        return None

    def now_sql(self, sql_type: str) -> str | None:
        """The current time as a value of ``sql_type`` (a timestamp, a date or a time)."""
        base = _parse_type(sql_type)[0]
        if base.startswith("TIMESTAMP") or base == "DATETIME":
            return "CURRENT_TIMESTAMP"
        if base == "DATE":
            return "CURRENT_DATE"
        if base.startswith("TIME"):
            return "CURRENT_TIME"
        return None

    def random_uuid_sql(self, sql_type: str) -> str | None:
        """A fresh random UUID per row, as a value of ``sql_type``; None when unknown."""
        return None

    def implicit_fill(self, column: Column) -> str | None:
        """The value existing rows get when a NOT NULL column without a default is added
        (None: the database refuses the change while the table has rows)."""
        return None

    def timestamp_literal(self, value: datetime.datetime) -> str:
        """A naive UTC timestamp as a literal for the history table."""
        return self.literal(value)


def _parse_type(sql_type: str) -> tuple[str, tuple[int, ...]]:
    """'VARCHAR(200)' -> ('VARCHAR', (200,)); unparsable types compare as whole strings."""
    match = _TYPE_RE.match(sql_type)
    if not match:
        return sql_type.upper(), ()
    args = tuple(int(a) for a in (match.group(2) or "").split(",") if a.strip().isdigit())
    return match.group(1).upper(), args
