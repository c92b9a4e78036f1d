"""The Tortoise config that ``tortoise_orm`` names: import it, check its shape, pick the apps,
and resolve each app's connection into a DatabaseConfig.

Every failure is a ConfigError whose message is one line: what is wrong, where, what to do.
Tortoise is imported inside the functions that need it, so that importing this module (and
``migrator --help``) stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from migrator.connection import DatabaseConfig
from migrator.dialects import dialect_for_engine
from migrator.dsn import MASK, mask_text
from migrator.errors import ConfigError, UnknownAppError
from migrator.pyproject import split_dotted
from migrator.user_code import FailureKind, ImportFailure, import_fresh


def load_tortoise_config(dotted: str, src_folder: Path) -> dict[str, Any]:
    """Import ``dotted`` (e.g. ``settings.TORTOISE_ORM``) afresh and return a validated copy."""
    module_name, attribute = split_dotted(dotted, "tortoise_orm")
    folder = str(Path(src_folder).absolute())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module = _import_settings(module_name, dotted, folder)
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


def _import_settings(module_name: str, dotted: str, folder: str) -> ModuleType:
    try:
        return import_fresh([module_name])[0]
    except ImportFailure as failure:
        if failure.kind is FailureKind.NOT_FOUND:
            raise ConfigError(
                f"cannot import {module_name!r} (tortoise_orm = {dotted!r}): no module "
                f"{failure.missing!r} in src_folder {folder} or on sys.path; "
                "fix tortoise_orm or src_folder in [tool.migrator]"
            ) from None
        raise ConfigError(
            f"importing {module_name!r} failed: {failure.summary} at {failure.site}; "
            "fix that module so it imports"
        ) from failure.error


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


def app_databases(
    tortoise_config: Mapping[str, Any], base: Path | None = None
) -> dict[str, DatabaseConfig]:
    """App label -> the database its ``default_connection`` points at. ``base``: the folder
    a relative database file path resolves against (None: left relative, as Tortoise does,
    so the working directory of the moment decides)."""
    validate_tortoise_config(tortoise_config)
    connections = tortoise_config["connections"]
    resolved: dict[str, DatabaseConfig] = {}
    result: dict[str, DatabaseConfig] = {}
    for label, app in tortoise_config["apps"].items():
        alias = app.get("default_connection") or "default"
        if alias not in resolved:
            resolved[alias] = _database(alias, connections[alias], base)
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


def database_for(alias: str, spec: object) -> DatabaseConfig:
    """The database of one ``connections`` entry (a db_url or engine + credentials)."""
    return _database(alias, spec)


def _database(alias: str, spec: object, base: Path | None = None) -> DatabaseConfig:
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
    dialect = dialect_for_engine(engine, credentials, alias)
    if base is not None:
        credentials = dialect.with_base_folder(credentials, str(base))
    return DatabaseConfig(dialect, engine, dict(credentials), alias)


def _expand_url(alias: str, url: str) -> tuple[str, Mapping[str, Any]]:
    from migrator.dialects import expand_db_url, url_example

    try:
        expanded = expand_db_url(url)
    except Exception as exc:  # Tortoise raises ConfigurationError, urllib ValueError
        password = _url_password(url)
        raise ConfigError(
            f"connection {alias!r} has an invalid db_url {_mask(url, password)!r}: "
            f"{_mask(_one_line(str(exc)), password)}; use e.g. {url_example(url)}"
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


def _one_line(text: str) -> str:
    return " ".join(text.split())
