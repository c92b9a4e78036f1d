"""What MySQL/MariaDB do with column types: literals, defaults, FK compatibility, narrowing.

Pure knowledge, no SQL generation beyond literals: the renderer (dialect.py) and the inspector
(inspector.py) both lean on it, so a rule lives in exactly one place.
"""

from __future__ import annotations

import re

from migrator.dialects.base.narrowing import arguments_narrow

# String literals are written for the server's default mode (backslash escapes on): the
# backslash itself and control characters that would break a one-line statement are escaped,
# and the quote is doubled rather than backslash-escaped, so a statement splitter that knows
# only the SQL-standard '' rule still finds the end of every literal.
_ESCAPES = {
    "\\": "\\\\",
    "'": "''",
    "\0": "\\0",
    "\n": "\\n",
    "\r": "\\r",
    "\x1a": "\\Z",
}
_ESCAPE_RE = re.compile("[\\\\'\0\n\r\x1a]")
_UNESCAPES = {"0": "\0", "n": "\n", "r": "\r", "Z": "\x1a", "t": "\t", "b": "\b"}

DEFAULT_CHARSET = "utf8mb4"  # tortoise.backends.mysql.client.MySQLClient's default

INTEGER_WIDTHS: dict[str, int] = {
    "TINYINT": 1,
    "BOOL": 1,
    "BOOLEAN": 1,
    "SMALLINT": 2,
    "MEDIUMINT": 3,
    "INT": 4,
    "INTEGER": 4,
    "BIGINT": 8,
}
_INTEGER_DIGITS = {1: 3, 2: 5, 3: 7, 4: 10, 8: 19}
_PRINTED_WIDTH = 64  # a string at least this long holds any number or date as text
# character capacity of the string family; CHAR/VARCHAR take theirs from the length
_TEXT_CAPACITY = {
    "TINYTEXT": 255,
    "TEXT": 65_535,
    "MEDIUMTEXT": 16_777_215,
    "LONGTEXT": 4_294_967_295,
    "JSON": 4_294_967_295,
}
_BLOB_CAPACITY = {
    "TINYBLOB": 255,
    "BLOB": 65_535,
    "MEDIUMBLOB": 16_777_215,
    "LONGBLOB": 4_294_967_295,
}
# types that take no literal DEFAULT on MySQL and need a prefix length in a plain index
_LOB_TYPES = frozenset(
    {
        *_TEXT_CAPACITY,
        *_BLOB_CAPACITY,
        "GEOMETRY",
        "POINT",
        "LINESTRING",
        "POLYGON",
        "MULTIPOINT",
        "MULTILINESTRING",
        "MULTIPOLYGON",
        "GEOMETRYCOLLECTION",
    }
)
_NUMERIC = frozenset(
    {
        *INTEGER_WIDTHS,
        "DECIMAL",
        "NUMERIC",
        "FLOAT",
        "DOUBLE",
        "REAL",
        "BIT",
        "DOUBLE PRECISION",
        "DEC",
        "FIXED",
    }
)
_TYPE_RE = re.compile(
    r"\s*([A-Za-z][A-Za-z0-9_]*(?:\s+PRECISION)?)\s*(?:\(([^)]*)\))?(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def quote_string(text: str) -> str:
    return "'" + _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text) + "'"


def unquote_string(literal: str) -> str:
    """The text of a quoted MySQL string literal (``''`` and backslash escapes resolved)."""
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(_UNESCAPES.get(nxt, nxt))
            i += 2
        elif ch == "'" and body[i + 1 : i + 2] == "'":
            out.append("'")
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_type(sql_type: str) -> tuple[str, tuple[int, ...], bool]:
    """'DECIMAL(10,2)' -> ('DECIMAL', (10, 2), False); 'int(10) unsigned' -> ('INT', (10,), True)"""
    match = _TYPE_RE.match(sql_type)
    if not match:
        return sql_type.strip().upper(), (), False
    args = tuple(int(a) for a in (match.group(2) or "").split(",") if a.strip().isdigit())
    base = " ".join(match.group(1).upper().split())
    return base, args, "UNSIGNED" in match.group(3).upper().split()


def base_type(sql_type: str) -> str:
    return parse_type(sql_type)[0]


def is_lob(sql_type: str) -> bool:
    """TEXT/BLOB/JSON/spatial: no literal DEFAULT, no plain index without a prefix length."""
    return base_type(sql_type) in _LOB_TYPES


def is_numeric(sql_type: str) -> bool:
    return base_type(sql_type) in _NUMERIC


def _string_capacity(sql_type: str) -> int | None:
    base, args, _ = parse_type(sql_type)
    if base in ("CHAR", "VARCHAR"):
        return args[0] if args else 1
    return _TEXT_CAPACITY.get(base)


def _binary_capacity(sql_type: str) -> int | None:
    base, args, _ = parse_type(sql_type)
    if base in ("BINARY", "VARBINARY"):
        return args[0] if args else 1
    return _BLOB_CAPACITY.get(base)


def _canonical(sql_type: str) -> tuple[str, tuple[int, ...], bool]:
    base, args, unsigned = parse_type(sql_type)
    if base in ("BOOL", "BOOLEAN"):
        return "TINYINT", (), unsigned
    if base in INTEGER_WIDTHS:  # display widths mean nothing to storage
        return ("INT" if base == "INTEGER" else base), (), unsigned
    if base in ("DEC", "NUMERIC", "FIXED", "DECIMAL"):
        # a bare DECIMAL is DECIMAL(10,0), DECIMAL(p) is DECIMAL(p,0)
        precision = args[0] if args else 10
        return "DECIMAL", (precision, args[1] if len(args) > 1 else 0), unsigned
    if base in ("DOUBLE PRECISION", "REAL"):
        return "DOUBLE", args, unsigned
    return base, args, unsigned


def fk_compatible(referencing: str, referenced: str) -> bool:
    """Whether InnoDB accepts a foreign key between columns of these types: integers of the
    same size and sign, strings of any length, otherwise the very same type."""
    if _string_capacity(referencing) and _string_capacity(referenced):
        return True
    if _binary_capacity(referencing) and _binary_capacity(referenced):
        return parse_type(referencing)[0] == parse_type(referenced)[0]
    return _canonical(referencing) == _canonical(referenced)


def can_convert(old_type: str, new_type: str) -> bool:
    """One MODIFY COLUMN keeps the meaning of the values: the same type (other arguments or
    sign), integers of any width, strings of any length (CHAR .. LONGTEXT), decimals."""
    old, new = _canonical(old_type), _canonical(new_type)
    if {base_type(old_type), base_type(new_type)} & {"BOOL", "BOOLEAN", "JSON"}:
        return old == new  # a flag or a document is no number or string of another size
    if old[0] == new[0]:
        return True
    if old[0] in INTEGER_WIDTHS and new[0] in INTEGER_WIDTHS:
        return True
    return _string_capacity(old_type) is not None and _string_capacity(new_type) is not None


def narrows(old_type: str, new_type: str) -> bool:
    """True when converting ``old_type`` values to ``new_type`` can lose or refuse data."""
    old, new = _canonical(old_type), _canonical(new_type)
    if old == new:
        return False
    if old[0] in INTEGER_WIDTHS and new[0] in INTEGER_WIDTHS:
        return INTEGER_WIDTHS[new[0]] < INTEGER_WIDTHS[old[0]] or (old[2] != new[2])
    old_text, new_text = _string_capacity(old_type), _string_capacity(new_type)
    old_bin, new_bin = _binary_capacity(old_type), _binary_capacity(new_type)
    if new_text is not None:
        if new[0] == "JSON" or old_bin is not None:
            return True  # only valid JSON documents / valid text convert
        if old_text is not None:
            return new_text < old_text
        return new_text < _PRINTED_WIDTH  # numbers and dates print in fewer characters
    if old_bin is not None and new_bin is not None:
        return new_bin < old_bin
    if old[0] in INTEGER_WIDTHS and new[0] == "DECIMAL" and new[1]:
        scale = new[1][1] if len(new[1]) > 1 else 0
        return new[1][0] - scale < _INTEGER_DIGITS[INTEGER_WIDTHS[old[0]]]
    if old[0] in INTEGER_WIDTHS and new[0] == "DOUBLE":
        return INTEGER_WIDTHS[old[0]] > 4
    if old[0] == new[0]:
        # DATETIME without (fsp) keeps whole seconds only
        return arguments_narrow(old[0], old[1], new[1], time_precision_default=0)
    return True


def zero_value(sql_type: str) -> str:
    """A value MySQL accepts for a NOT NULL column of ``sql_type`` in strict mode."""
    base = _canonical(sql_type)[0]
    if base in _NUMERIC or base == "TINYINT":
        return "0"
    if base == "DATE":
        return "'1970-01-01'"
    if base == "DATETIME":
        return "'1970-01-01 00:00:00'"
    if base == "TIMESTAMP":
        # TIMESTAMP starts at 1970-01-01 00:00:01 UTC and reads the literal in the session's
        # time zone: a day later is in range for every zone (-13:59 .. +14:00)
        return "'1970-01-02 00:00:00'"
    if base == "TIME":
        return "'00:00:00'"
    if base == "YEAR":
        return "1970"
    if base == "JSON":
        return "'null'"
    return "''"


def default_clause(sql_type: str, default: str) -> str:
    """``DEFAULT x`` as MySQL accepts it: TEXT/BLOB/JSON columns only take an expression
    default (MySQL 8.0.13+, MariaDB 10.2+), so their literal is wrapped in parentheses."""
    if is_lob(sql_type) and not _parenthesised(default):
        return f"DEFAULT ({default})"
    return f"DEFAULT {default}"


def _parenthesised(text: str) -> bool:
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def strip_parentheses(text: str) -> str:
    """``(expr)`` -> ``expr`` when the outer pair encloses the whole text."""
    text = text.strip()
    while _parenthesised(text):
        text = text[1:-1].strip()
    return text


def catalog_text(value: object) -> str:
    """A value of an information_schema column as text (MariaDB returns some as bytes)."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)
