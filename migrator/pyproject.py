"""``[tool.migrator]`` in pyproject.toml: read it into a frozen Config, and write it for init.

Every failure is a ConfigError whose message is one line: what is wrong, where, what to do.
tomlkit is imported inside the functions that need it, so that importing this module (and
``migrator --help``) stays fast. Only tomlkit's public API is used (no underscore attributes:
they change between releases). The Tortoise config that ``tortoise_orm`` names is read by
``migrator.tortoise_config``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migrator.dialects import smallest_identifier_limit
from migrator.errors import ConfigError
from migrator.lint import RULES, LintConfig
from migrator.timeouts import DdlTimeouts

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

DEFAULT_LOCATION = "./migrations"
DEFAULT_SRC_FOLDER = "."
DEFAULT_HISTORY_TABLE = "migrator_history"
KNOWN_KEYS = (
    "tortoise_orm",
    "location",
    "src_folder",
    "history_table",
    "online_ddl",
    "ddl_lock_timeout",
    "ddl_lock_retries",
    "statement_timeout",
    "exclude_tables",
    "lint",
)
# history tables of the tools a project may come from; migrator's own is added per config
DEFAULT_EXCLUDED = ("aerich", "tortoise_migrations")
LINT_KEYS = ("disable", "error", "no_destructive")
INIT_HINT = "run `migrator init -t settings.TORTOISE_ORM` or pass -c"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class Config:
    tortoise_orm: str  # dotted path, e.g. "settings.TORTOISE_ORM"
    location: Path  # migrations folder, absolute
    src_folder: Path  # put on sys.path before importing tortoise_orm; absolute
    history_table: str = DEFAULT_HISTORY_TABLE
    pyproject: Path | None = None
    online_ddl: bool = True  # migrate writes online DDL for existing tables
    ddl_timeouts: DdlTimeouts = field(default_factory=DdlTimeouts)
    exclude_tables: tuple[str, ...] = ()  # glob patterns, as written (defaults not included)
    lint: LintConfig = field(default_factory=LintConfig)


# -- reading ----------------------------------------------------------------------------------


def load_config(pyproject: Path) -> Config:
    """Read and validate ``[tool.migrator]``; relative paths resolve against the file's dir."""
    pyproject = Path(pyproject).absolute()
    table = _migrator_table(pyproject)
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key(s) {', '.join(unknown)} in [tool.migrator] of {pyproject}; "
            f"remove them (known keys: {', '.join(KNOWN_KEYS)})"
        )
    if "tortoise_orm" not in table:
        raise ConfigError(
            f"[tool.migrator] in {pyproject} has no tortoise_orm; add "
            'tortoise_orm = "settings.TORTOISE_ORM" (the dotted path of your Tortoise config)'
        )
    tortoise_orm = _string_key(table, "tortoise_orm", pyproject, "")
    split_dotted(tortoise_orm, f"tortoise_orm in {pyproject}")
    history_table = _string_key(table, "history_table", pyproject, DEFAULT_HISTORY_TABLE)
    _check_identifier(history_table, pyproject)
    base = pyproject.parent
    return Config(
        tortoise_orm=tortoise_orm,
        location=_resolve(base, _string_key(table, "location", pyproject, DEFAULT_LOCATION)),
        src_folder=_resolve(base, _string_key(table, "src_folder", pyproject, DEFAULT_SRC_FOLDER)),
        history_table=history_table,
        pyproject=pyproject,
        online_ddl=_bool_key(table, "online_ddl", pyproject, True),
        ddl_timeouts=_timeouts(table, pyproject),
        exclude_tables=_patterns(table, pyproject),
        lint=_lint_config(table.get("lint", {}), pyproject),
    )


def _bool_key(table: Mapping[str, Any], key: str, pyproject: Path, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(
            f"{key} in [tool.migrator] of {pyproject} must be true or false, not "
            f"{_toml_type(value)} {value!r}; e.g. {key} = {str(default).lower()}"
        )
    return value


def _number_key(
    table: Mapping[str, Any], key: str, pyproject: Path, default: float, integer: bool = False
) -> float:
    value = table.get(key, default)
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
        what = "a whole number" if integer else "a number of seconds"
        raise ConfigError(
            f"{key} in [tool.migrator] of {pyproject} must be {what}, 0 or more, not "
            f"{_toml_type(value)} {value!r}; e.g. {key} = {default:g}"
        )
    return value


def _timeouts(table: Mapping[str, Any], pyproject: Path) -> DdlTimeouts:
    default = DdlTimeouts()
    statement = table.get("statement_timeout")
    return DdlTimeouts(
        lock_timeout=_number_key(table, "ddl_lock_timeout", pyproject, default.lock_timeout),
        lock_retries=int(
            _number_key(table, "ddl_lock_retries", pyproject, default.lock_retries, True)
        ),
        statement_timeout=None
        if statement is None
        else _number_key(table, "statement_timeout", pyproject, 0),
    )


def _patterns(table: Mapping[str, Any], pyproject: Path) -> tuple[str, ...]:
    """``exclude_tables``: a list of non-empty glob strings, e.g. ``["django_*"]``."""
    value = table.get("exclude_tables", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            f"exclude_tables in [tool.migrator] of {pyproject} must be a list of table name "
            f"patterns, not {_toml_type(value)} {value!r}; "
            'write e.g. exclude_tables = ["alembic_version", "django_*"]'
        )
    return tuple(value)


def _lint_config(table: object, pyproject: Path) -> LintConfig:
    """``[tool.migrator.lint]``: ``disable``/``error`` lists of rule IDs, ``no_destructive``."""
    where = f"[tool.migrator.lint] of {pyproject}"
    if not isinstance(table, dict):
        raise ConfigError(
            f"tool.migrator.lint in {pyproject} is a {_toml_type(table)}, not a table; "
            'write it as [tool.migrator.lint] with e.g. disable = ["MIG009"]'
        )
    unknown = sorted(set(table) - set(LINT_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key(s) {', '.join(unknown)} in {where}; "
            f"remove them (known keys: {', '.join(LINT_KEYS)})"
        )
    disable = _rule_list(table, "disable", where)
    error = _rule_list(table, "error", where)
    both = sorted(disable & error)
    if both:
        raise ConfigError(
            f"{', '.join(both)} both disabled and raised to error in {where}; keep one"
        )
    no_destructive = table.get("no_destructive", False)
    if not isinstance(no_destructive, bool):
        raise ConfigError(
            f"no_destructive in {where} must be true or false, not {_toml_type(no_destructive)} "
            f"{no_destructive!r}"
        )
    return LintConfig(disable, error, no_destructive)


def _rule_list(table: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f"{key} in {where} must be a list of rule IDs, not {_toml_type(value)} {value!r}; "
            f'e.g. {key} = ["MIG009"]'
        )
    unknown = sorted({v for v in value if v.upper() not in RULES})
    if unknown:
        raise ConfigError(
            f"unknown rule ID(s) {', '.join(unknown)} in {key} of {where}; "
            f"known: {', '.join(RULES)}"
        )
    return frozenset(v.upper() for v in value)


def _migrator_table(pyproject: Path) -> dict[str, Any]:
    if not pyproject.is_file():
        raise ConfigError(f"no pyproject.toml at {pyproject}; {INIT_HINT}")
    document = _parse(pyproject, _read_text(pyproject)).unwrap()
    tool = document.get("tool")
    table = tool.get("migrator") if isinstance(tool, dict) else None
    if table is None:
        raise ConfigError(
            f"no [tool.migrator] table in {pyproject}; "
            "run `migrator init -t settings.TORTOISE_ORM` to add one"
        )
    if not isinstance(table, dict):
        raise ConfigError(
            f"tool.migrator in {pyproject} is a {_toml_type(table)}, not a table; "
            'write it as a [tool.migrator] table with tortoise_orm = "settings.TORTOISE_ORM"'
        )
    return table


def _read_text(path: Path) -> str:
    """The exact text of ``path`` (no newline translation, so writing it back is lossless)."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}; check the path") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc


def _parse(path: Path, text: str) -> TOMLDocument:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        line, col = getattr(exc, "line", None), getattr(exc, "col", None)
        where = f"{path}:{line}:{col}" if line is not None else str(path)
        reason = re.sub(r" at line \d+ col \d+$", "", _one_line(str(exc)))
        raise ConfigError(f"malformed TOML at {where}: {reason}; fix the file") from exc


def _string_key(table: Mapping[str, Any], key: str, pyproject: Path, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(
            f"{key} in [tool.migrator] of {pyproject} must be a non-empty string, "
            f"not {_toml_type(value)} {value!r}; quote it, "
            f"e.g. {key} = {default or 'settings.TORTOISE_ORM'!r}"
        )
    return value


def _check_identifier(name: str, pyproject: Path) -> None:
    limit = smallest_identifier_limit()
    if not _IDENTIFIER.match(name) or len(name) > limit:
        raise ConfigError(
            f"history_table {name!r} in [tool.migrator] of {pyproject} is not a plain "
            f"identifier; use letters, digits and _ (at most {limit}), "
            f"e.g. {DEFAULT_HISTORY_TABLE!r}"
        )


def resolve_path(base: Path, value: str) -> Path:
    """``value`` as load_config resolves it: relative to ``base`` (the pyproject's folder)."""
    return _resolve(base, value)


def _resolve(base: Path, value: str) -> Path:
    # normpath, not resolve(): '..' is folded but symlinks in the user's paths stay as written
    path = Path(value).expanduser()
    return Path(os.path.normpath(path if path.is_absolute() else base / path))


def _toml_type(value: object) -> str:
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array"}
    return names.get(type(value), "table" if isinstance(value, dict) else type(value).__name__)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def split_dotted(dotted: str, where: str) -> tuple[str, str]:
    """``module.ATTRIBUTE`` -> (module, ATTRIBUTE); a ConfigError naming ``where`` otherwise."""
    module, _, attribute = dotted.strip().rpartition(".")
    if not module or not attribute or not all(part.isidentifier() for part in dotted.split(".")):
        raise ConfigError(
            f"{where}: {dotted!r} is not a dotted path to the Tortoise config; "
            "write module.ATTRIBUTE, e.g. settings.TORTOISE_ORM"
        )
    return module, attribute


# -- writing ----------------------------------------------------------------------------------


def write_config(
    pyproject: Path,
    tortoise_orm: str,
    location: str = DEFAULT_LOCATION,
    src_folder: str = DEFAULT_SRC_FOLDER,
) -> None:
    """Add or update ``[tool.migrator]``, leaving every other byte of the file as it was."""
    pyproject = Path(pyproject).absolute()
    split_dotted(tortoise_orm, "-t/--tortoise-orm")
    values = {"tortoise_orm": tortoise_orm, "location": location, "src_folder": src_folder}
    for key, value in values.items():
        if not value.strip():
            raise ConfigError(f"{key} must not be empty; pass a path such as '.'")
    text = _read_text(pyproject) if pyproject.exists() else ""
    document = _parse(pyproject, text)
    newline = "\r\n" if "\r\n" in text else "\n"
    if _has_migrator_table(document):
        new_text = _update_table(document, values, newline)
    else:
        new_text = _append_table(document, text, values, newline)
    _check_written(pyproject, new_text, values)
    try:
        pyproject.write_bytes(new_text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot write {pyproject}: {exc.strerror or exc}") from exc


def _has_migrator_table(document: TOMLDocument) -> bool:
    tool = document.get("tool")
    return isinstance(tool, Mapping) and isinstance(tool.get("migrator"), Mapping)


def _update_table(document: TOMLDocument, values: Mapping[str, str], newline: str) -> str:
    """Replace values in place (tomlkit keeps their comments); new keys go right after the
    table's last key, not after the comments and blank lines that end the table.

    Only tomlkit's public API is used: it updates existing keys and appends new ones at the
    end of the table. The appended text is then moved up to follow the last key line when
    that gives the same document; otherwise tomlkit's placement stands (still valid TOML).
    """
    import tomlkit

    table = document["tool"]["migrator"]
    missing = [key for key in values if key not in table]
    for key, value in values.items():
        if key in table:
            table[key] = tomlkit.string(value)
    updated = document.as_string()
    if not missing:
        return updated
    lines = [f"{key} = {tomlkit.string(values[key]).as_string()}" for key in missing]
    tidy = _insert_after_last_key(updated, lines, newline)
    for key in missing:
        table[key] = tomlkit.string(values[key])
    appended = document.as_string()
    if tidy is not None and _same_document(tidy, appended):
        return tidy
    return appended


_TABLE_HEADER = re.compile(r"^\s*\[")
_MIGRATOR_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*migrator\s*\]\s*(#.*)?$")
_KEY_LINE = re.compile(r"^\s*[A-Za-z0-9_\-\"'.]+\s*=")


def _insert_after_last_key(text: str, new_lines: list[str], newline: str) -> str | None:
    """``text`` with ``new_lines`` after the last ``key = value`` line of a [tool.migrator]
    table header; None when there is no such header."""
    lines = text.split(newline)
    header = next((i for i, line in enumerate(lines) if _MIGRATOR_HEADER.match(line)), None)
    if header is None:
        return None
    last = header
    for i in range(header + 1, len(lines)):
        if _TABLE_HEADER.match(lines[i]):
            break
        if _KEY_LINE.match(lines[i]):
            last = i
    return newline.join(lines[: last + 1] + new_lines + lines[last + 1 :])


def _same_document(a: str, b: str) -> bool:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return bool(tomlkit.parse(a).unwrap() == tomlkit.parse(b).unwrap())
    except TOMLKitError:
        return False


def _append_table(
    document: TOMLDocument, text: str, values: Mapping[str, str], newline: str
) -> str:
    """A new table goes at the end of the file, after a blank line."""
    import tomlkit

    lines = [f"{key} = {tomlkit.string(value).as_string()}" for key, value in values.items()]
    block = newline.join(["[tool.migrator]", *lines]) + newline
    if not text.strip():
        return text + block
    appended = text + ("" if text.endswith("\n") else newline) + newline + block
    try:
        if _has_migrator_table(tomlkit.parse(appended)):
            return appended
    except tomlkit.exceptions.TOMLKitError:
        pass
    # ``tool`` is an inline table or similar, which a [tool.migrator] header cannot extend.
    document.setdefault("tool", tomlkit.table(is_super_table=True))
    document["tool"]["migrator"] = dict(values)
    return document.as_string()


def _check_written(pyproject: Path, new_text: str, values: Mapping[str, str]) -> None:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        table = tomlkit.parse(new_text).unwrap().get("tool", {}).get("migrator", {})
    except TOMLKitError:
        table = {}
    if any(table.get(key) != value for key, value in values.items()):
        wanted = " ".join(f"{k} = {tomlkit.string(v).as_string()}" for k, v in values.items())
        raise ConfigError(
            f"cannot update [tool.migrator] in {pyproject} automatically; "
            f"add it by hand: [tool.migrator] {wanted}"
        )
