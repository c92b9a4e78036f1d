"""Python values as SQLite literals, spelled the way Tortoise's ``converters.encoders`` spell
them for ``db_default`` (bool -> 1/0, ``%.15g`` floats, ISO dates) but always valid SQL:
quotes are doubled rather than backslash-escaped, which SQLite does not understand."""

from __future__ import annotations

import datetime
import enum
import json
import math
import uuid
from decimal import Decimal
from typing import Any

from migrator.errors import ModelsError

# SQLite reads an out-of-range real literal as +/-Inf; there is no other way to write one
_INFINITY = "9e999"


def quote_string(text: str) -> str:
    if "\x00" in text:  # a NUL would end the statement text; spell it as char(0)
        return "(" + " || char(0) || ".join(quote_string(p) for p in text.split("\x00")) + ")"
    return "'" + text.replace("'", "''") + "'"


def literal(value: Any) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "X'" + bytes(value).hex().upper() + "'"
    return quote_string(_text(value))


def _text(value: Any) -> str:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, datetime.time):
        fraction = f".{value.microsecond:06d}" if value.microsecond else ""
        return f"{value.hour:02}:{value.minute:02}:{value.second:02}{fraction}"
    if isinstance(value, datetime.timedelta):
        return _timedelta(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value)
    return str(value)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NULL"  # SQLite stores a bound NaN as NULL too
    if math.isinf(value):
        return _INFINITY if value > 0 else "-" + _INFINITY
    return f"{value:.15g}"


def _decimal(value: Decimal) -> str:
    if value.is_nan():
        raise ModelsError(f"default {value!r} has no SQLite literal; use a finite number")
    if value.is_infinite():
        return _INFINITY if value > 0 else "-" + _INFINITY
    return str(value)


def _timedelta(value: datetime.timedelta) -> str:
    seconds = value.seconds % 60
    minutes = value.seconds // 60 % 60
    hours = value.seconds // 3600 % 24 + value.days * 24
    fraction = f".{value.microseconds:06d}" if value.microseconds else ""
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{fraction}"
