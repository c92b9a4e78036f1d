"""Type checks for the public API's arguments: a wrong type is a UsageError naming the
parameter, what it got and what it takes, instead of an AttributeError deep in a verb."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from migrator.errors import UsageError


def _got(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def check_bool(where: str, name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{where}: {name} must be True or False, not {_got(value)}")
    return value


def check_int(where: str, name: str, value: object, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{where}: {name} must be an int, not {_got(value)}")
    if minimum is not None and value < minimum:
        raise UsageError(f"{where}: {name} must be at least {minimum}, not {value}")
    return value


def check_number(where: str, name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UsageError(f"{where}: {name} must be a number of seconds >= 0, not {_got(value)}")
    return float(value)


def check_optional_str(where: str, name: str, value: object, example: str) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise UsageError(
            f"{where}: {name} must be a non-empty str or None, not {_got(value)} "
            f"(e.g. {name}={example!r})"
        )
    return value


def check_path(where: str, name: str, value: object) -> Path:
    if not isinstance(value, str | Path) or not str(value).strip():
        raise UsageError(f"{where}: {name} must be a str or pathlib.Path, not {_got(value)}")
    return Path(value)


def check_strings(where: str, name: str, value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise UsageError(
            f"{where}: {name} must be a list of str, not {_got(value)} "
            f"(e.g. {name}=['user.name=full_name'])"
        )
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"{where}: every item of {name} must be a str, not {_got(item)}")
    return items


def check_tortoise_config(where: str, value: object) -> Mapping[str, object] | str:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, Mapping):
        return value
    raise UsageError(
        f"{where}: tortoise_config must be the TORTOISE_ORM dict or its dotted path "
        f"('settings.TORTOISE_ORM'), not {_got(value)}"
    )
