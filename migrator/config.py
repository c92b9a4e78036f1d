"""``[tool.migrator]`` in pyproject.toml, and the Tortoise config it points at.

Every failure is a ConfigError whose message is one line: what is wrong, where, what to do.
Tortoise and tomlkit are imported inside the functions that need them, so that importing this
module (and ``migrator --help``) stays fast.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from migrator.connection import DatabaseConfig
from migrator.dsn import MASK, mask_text
from migrator.errors import ConfigError, UnknownAppError

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

DEFAULT_LOCATION = "./migrations"
DEFAULT_SRC_FOLDER = "."
DEFAULT_HISTORY_TABLE = "migrator_history"
KNOWN_KEYS = ("tortoise_orm", "location", "src_folder", "history_table")
INIT_HINT = "run `migrator init -t settings.TORTOISE_ORM` or pass -c"
# Tortoise engine module -> migrator dialect
ENGINE_DIALECTS = {
    "tortoise.backends.sqlite": "sqlite",
    "tortoise.backends.asyncpg": "postgres",
    "tortoise.backends.psycopg": "postgres",
    "tortoise.backends.mysql": "mysql",
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MAX_IDENTIFIER = 63  # PostgreSQL's limit, the smallest of the three


@dataclass(frozen=True, slots=True)
class Config:
    tortoise_orm: str  # dotted path, e.g. "settings.TORTOISE_ORM"
    location: Path  # migrations folder, absolute
    src_folder: Path  # put on sys.path before importing tortoise_orm; absolute
    history_table: str = DEFAULT_HISTORY_TABLE
    pyproject: Path | None = None


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
    _split_dotted(tortoise_orm, f"tortoise_orm in {pyproject}")
    history_table = _string_key(table, "history_table", pyproject, DEFAULT_HISTORY_TABLE)
    _check_identifier(history_table, pyproject)
    base = pyproject.parent
    return Config(
        tortoise_orm=tortoise_orm,
        location=_resolve(base, _string_key(table, "location", pyproject, DEFAULT_LOCATION)),
        src_folder=_resolve(base, _string_key(table, "src_folder", pyproject, DEFAULT_SRC_FOLDER)),
        history_table=history_table,
        pyproject=pyproject,
    )


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
    if not _IDENTIFIER.match(name) or len(name) > _MAX_IDENTIFIER:
        raise ConfigError(
            f"history_table {name!r} in [tool.migrator] of {pyproject} is not a plain "
            f"identifier; use letters, digits and _ (at most {_MAX_IDENTIFIER}), "
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


def _split_dotted(dotted: str, where: str) -> tuple[str, str]:
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
    _split_dotted(tortoise_orm, "-t/--tortoise-orm")
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


# -- the Tortoise config ----------------------------------------------------------------------


def load_tortoise_config(dotted: str, src_folder: Path) -> dict[str, Any]:
    """Import ``dotted`` (e.g. ``settings.TORTOISE_ORM``) afresh and return a validated copy."""
    module_name, attribute = _split_dotted(dotted, "tortoise_orm")
    folder = str(Path(src_folder).absolute())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module = _import_fresh(module_name, dotted, folder)
    try:
        value = getattr(module, attribute)
    except AttributeError:
        raise ConfigError(
            f"module {module_name!r} ({_module_file(module)}) has no attribute {attribute!r}; "
            f"fix tortoise_orm = {dotted!r} in [tool.migrator] or define it there"
        ) from None
    config = _plain_copy(_as_mapping(value, dotted))
    validate_tortoise_config(config, dotted)
    return config  # type: ignore[no-any-return]


def _import_fresh(module_name: str, dotted: str, folder: str) -> ModuleType:
    sys.modules.pop(module_name, None)  # so an edited settings file is read again
    importlib.invalidate_caches()
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing and (module_name == missing or module_name.startswith(missing + ".")):
            raise ConfigError(
                f"cannot import {module_name!r} (tortoise_orm = {dotted!r}): no module "
                f"{missing!r} in src_folder {folder} or on sys.path; "
                "fix tortoise_orm or src_folder in [tool.migrator]"
            ) from None
        raise _import_failure(module_name, exc, folder) from exc
    except (Exception, SystemExit) as exc:
        raise _import_failure(module_name, exc, folder) from exc


def _import_failure(module_name: str, exc: BaseException, folder: str) -> ConfigError:
    message = mask_text(_one_line(str(exc)))
    site = _raise_site(exc, folder)
    at = f" at {site}" if site else ""
    return ConfigError(
        f"importing {module_name!r} failed: {type(exc).__name__}: {message}{at}; "
        "fix that module so it imports"
    )


def _raise_site(exc: BaseException, folder: str) -> str:
    """file:line where ``exc`` was raised, skipping importlib's and our own frames. When that
    is library code (json, a driver), the last line of the user's project that led there too."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = [
        f"{frame.filename}:{frame.lineno}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith("<")
        and frame.filename not in (__file__, importlib.__file__)
    ]
    if not frames:
        return ""
    own = [frame for frame in frames if frame.startswith(folder.rstrip("/\\") + os.sep)]
    if own and own[-1] != frames[-1]:
        return f"{own[-1]} (raised in {frames[-1]})"
    return frames[-1]


def _module_file(module: ModuleType) -> str:
    return str(getattr(module, "__file__", None) or module.__name__)


def _as_mapping(value: object, dotted: str) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    to_dict = getattr(value, "to_dict", None)
    if type(value).__name__ == "TortoiseConfig" and callable(to_dict):
        result = to_dict()
        if isinstance(result, Mapping):
            return result
    raise ConfigError(
        f"{dotted} is of type {type(value).__name__}, not a Tortoise config; it must be a dict "
        'with "connections" and "apps" (the one you pass to Tortoise.init(config=...))'
    )


def _plain_copy(value: Any) -> Any:
    """Copy dicts and lists all the way down, sharing everything else (modules, classes),
    so later edits by the caller cannot reach the settings module's object."""
    if isinstance(value, Mapping):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


def validate_tortoise_config(
    config: Mapping[str, Any], source: str = "the Tortoise config"
) -> None:
    """Check the shape migrator relies on: connections, apps, models, default_connection."""
    for section in ("connections", "apps"):
        if not isinstance(config.get(section), Mapping) or not config[section]:
            raise ConfigError(
                f'{source} has no {section!r} dict; it must be a dict with "connections" and '
                '"apps", as passed to Tortoise.init(config=...)'
            )
    connections = config["connections"]
    for label, app in config["apps"].items():
        if not isinstance(app, Mapping) or not isinstance(app.get("models"), (list, tuple)):
            raise ConfigError(
                f'{source}: app {label!r} has no "models" list; add e.g. '
                f'"models": ["{label}.models"]'
            )
        alias = app.get("default_connection") or "default"
        if alias not in connections:
            raise ConfigError(
                f"{source}: app {label!r} uses connection {alias!r}, which is not in "
                f"connections ({', '.join(map(str, connections))}); set its default_connection"
            )


def select_apps(tortoise_config: Mapping[str, Any], app: str | None) -> list[str]:
    """All apps in config order, or just ``app`` (which must exist)."""
    apps = tortoise_config.get("apps")
    labels = list(apps) if isinstance(apps, Mapping) else []
    if app is None:
        return labels
    if app not in labels:
        raise UnknownAppError(f"unknown app {app!r}; the config defines: {', '.join(labels)}")
    return [app]


def app_databases(tortoise_config: Mapping[str, Any]) -> dict[str, DatabaseConfig]:
    """App label -> the database its ``default_connection`` points at."""
    validate_tortoise_config(tortoise_config)
    connections = tortoise_config["connections"]
    resolved: dict[str, DatabaseConfig] = {}
    result: dict[str, DatabaseConfig] = {}
    for label, app in tortoise_config["apps"].items():
        alias = app.get("default_connection") or "default"
        if alias not in resolved:
            resolved[alias] = _database(alias, connections[alias])
        result[label] = resolved[alias]
    return result


def connection_secrets(tortoise_config: Mapping[str, Any]) -> tuple[str, ...]:
    """Every password written in the config's connections, as written and URL-decoded.
    Never raises: it serves error paths, where the config may be anything."""
    from urllib.parse import unquote

    connections = tortoise_config.get("connections")
    found: list[str] = []
    for spec in connections.values() if isinstance(connections, Mapping) else ():
        if isinstance(spec, Mapping):
            credentials = spec.get("credentials")
            if isinstance(credentials, Mapping) and credentials.get("password"):
                found.append(str(credentials["password"]))
            spec = spec.get("db_url")
        if isinstance(spec, str) and (password := _url_password(spec)):
            found += [password, unquote(password)]
    return tuple(dict.fromkeys(found))


def _database(alias: str, spec: object) -> DatabaseConfig:
    if isinstance(spec, Mapping) and isinstance(spec.get("db_url"), str):
        spec = spec["db_url"]
    if isinstance(spec, str):
        engine, credentials = _expand_url(alias, spec)
    elif isinstance(spec, Mapping):
        engine_value, credentials = spec.get("engine"), spec.get("credentials", {})
        if not isinstance(engine_value, str) or not isinstance(credentials, Mapping):
            raise ConfigError(
                f'connection {alias!r} must be a db_url string or a dict with an "engine" '
                'string and a "credentials" dict, e.g. "sqlite://db.sqlite3"'
            )
        engine = engine_value
    else:
        raise ConfigError(
            f"connection {alias!r} is of type {type(spec).__name__}; use a db_url string "
            'such as "postgres://user:password@host:5432/name" or {"engine", "credentials"}'
        )
    dialect = ENGINE_DIALECTS.get(engine)
    if dialect is None:
        raise ConfigError(
            f"connection {alias!r} uses engine {engine!r}, which migrator does not support; "
            f"use one of {', '.join(ENGINE_DIALECTS)}"
        )
    return DatabaseConfig(dialect, engine, dict(credentials), alias)


def _expand_url(alias: str, url: str) -> tuple[str, Mapping[str, Any]]:
    from tortoise.backends.base.config_generator import expand_db_url

    try:
        expanded = expand_db_url(url)
    except Exception as exc:  # Tortoise raises ConfigurationError, urllib ValueError
        password = _url_password(url)
        raise ConfigError(
            f"connection {alias!r} has an invalid db_url {_mask(url, password)!r}: "
            f"{_mask(_one_line(str(exc)), password)}; "
            "use e.g. postgres://user:password@host:5432/name"
        ) from None
    return expanded["engine"], expanded["credentials"]


def _url_password(url: str) -> str:
    """What may be the password of a URL too broken to parse: the text between the user's ':'
    and the last '@' of the authority (a password may itself contain '@')."""
    authority = url.partition("://")[2].partition("/")[0]
    return authority.rpartition("@")[0].partition(":")[2]


def _mask(text: str, password: str) -> str:
    # the whole password first: the URL pattern alone would stop at an '@' inside it
    return mask_text(text.replace(password, MASK) if password else text)
