"""The Tortoise config that [tool.migrator] names: import, validate, apps and databases.
How an import failure is reported is tested with user_code (tests/test_user_code.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.errors import ConfigError
from migrator.tortoise_config import app_databases, load_tortoise_config, select_apps

# -- load_tortoise_config ---------------------------------------------------------------------


@pytest.fixture
def settings_module(tmp_path: Path) -> Iterator[Callable[[str], tuple[str, Path]]]:
    """Write a uniquely named settings module into tmp_path/src; undo sys.path/sys.modules."""
    saved_path = list(sys.path)
    names: list[str] = []
    src = tmp_path / "src"
    src.mkdir()

    def write(body: str) -> tuple[str, Path]:
        if not names:
            names.append(f"settings_{uuid.uuid4().hex[:8]}")
        (src / f"{names[0]}.py").write_text(textwrap.dedent(body))
        return names[0], src

    yield write
    sys.path[:] = saved_path
    for name in names:
        sys.modules.pop(name, None)


GOOD = """
TORTOISE_ORM = {
    "connections": {"default": "sqlite://db.sqlite3"},
    "apps": {"models": {"models": ["shop.models"], "default_connection": "default"}},
}
"""


def test_loads_a_fresh_copy(settings_module: Callable[[str], tuple[str, Path]]) -> None:
    name, src = settings_module(GOOD)
    config = load_tortoise_config(f"{name}.TORTOISE_ORM", src)
    assert config == {
        "connections": {"default": "sqlite://db.sqlite3"},
        "apps": {"models": {"models": ["shop.models"], "default_connection": "default"}},
    }
    assert sys.path[0] == str(src)
    config["apps"]["models"]["models"].append("changed")  # a copy, not the module's dict
    assert sys.modules[name].TORTOISE_ORM["apps"]["models"]["models"] == ["shop.models"]
    # an edited file is read again, and src_folder goes on sys.path only once
    settings_module(GOOD.replace("shop.models", "shop.other_models_module"))
    again = load_tortoise_config(f"{name}.TORTOISE_ORM", src)
    assert again["apps"]["models"]["models"] == ["shop.other_models_module"]
    assert sys.path.count(str(src)) == 1


def test_accepts_a_tortoise_config_object(
    settings_module: Callable[[str], tuple[str, Path]],
) -> None:
    name, src = settings_module(
        "from tortoise.config import TortoiseConfig\n"
        "ORM = TortoiseConfig.from_dict(" + GOOD.split("=", 1)[1].strip() + ")\n"
    )
    config = load_tortoise_config(f"{name}.ORM", src)
    assert config["apps"]["models"]["models"] == ["shop.models"]


def test_missing_module(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_tortoise_config("no_such_settings_module.TORTOISE_ORM", tmp_path)
    message = str(info.value)
    assert "cannot import 'no_such_settings_module'" in message
    assert f"src_folder {tmp_path}" in message
    assert "fix tortoise_orm or src_folder in [tool.migrator]" in message


def test_module_that_raises_shows_type_message_and_place(
    settings_module: Callable[[str], tuple[str, Path]],
) -> None:
    name, src = settings_module(
        """
        import os

        DB = "postgres://app:hunter2@db:5432/shop"
        raise RuntimeError("cannot reach " + DB)
        """
    )
    with pytest.raises(ConfigError) as info:
        load_tortoise_config(f"{name}.TORTOISE_ORM", src)
    message = str(info.value)
    assert f"importing {name!r} failed: RuntimeError: cannot reach postgres://app:***@db" in message
    assert f"at {src / (name + '.py')}:5;" in message
    assert "hunter2" not in message


def test_error_raised_inside_a_library_points_at_the_settings_line_too(
    settings_module: Callable[[str], tuple[str, Path]],
) -> None:
    name, src = settings_module("import json\n\nTORTOISE_ORM = json.loads('{broken')\n")
    with pytest.raises(ConfigError) as info:
        load_tortoise_config(f"{name}.TORTOISE_ORM", src)
    message = str(info.value)
    assert "failed: JSONDecodeError: Expecting property name" in message
    assert f" at {src / (name + '.py')}:3 (raised in " in message
    assert "decoder.py:" in message


def test_module_that_imports_something_missing(
    settings_module: Callable[[str], tuple[str, Path]],
) -> None:
    name, src = settings_module("import not_installed_anywhere_xyz\n")
    with pytest.raises(
        ConfigError,
        match=rf"ModuleNotFoundError: No module named 'not_installed_anywhere_xyz'"
        rf" at .*{name}\.py:1",
    ):
        load_tortoise_config(f"{name}.TORTOISE_ORM", src)


def test_module_with_a_syntax_error(settings_module: Callable[[str], tuple[str, Path]]) -> None:
    name, src = settings_module("X = 1\nTORTOISE_ORM = {\n")
    with pytest.raises(ConfigError, match=rf"SyntaxError: .* at .*{name}\.py:2"):
        load_tortoise_config(f"{name}.TORTOISE_ORM", src)


def test_missing_attribute(settings_module: Callable[[str], tuple[str, Path]]) -> None:
    name, src = settings_module(GOOD)
    with pytest.raises(ConfigError, match=rf"module '{name}' \(.*\.py\) has no attribute 'ORM'"):
        load_tortoise_config(f"{name}.ORM", src)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("TORTOISE_ORM = 'sqlite://db.sqlite3'", r"is of type str, not a Tortoise config"),
        ("TORTOISE_ORM = {'apps': {}}", r"has no 'connections' dict"),
        ("TORTOISE_ORM = {'connections': {'default': 'sqlite://x'}}", r"has no 'apps' dict"),
        (
            "TORTOISE_ORM = {'connections': {'default': 'sqlite://x'}, 'apps': {'shop': {}}}",
            r"app 'shop' has no \"models\" list",
        ),
        (
            "TORTOISE_ORM = {'connections': {'main': 'sqlite://x'},"
            " 'apps': {'shop': {'models': ['m']}}}",
            r"app 'shop' uses connection 'default', which is not in connections \(main\)",
        ),
    ],
)
def test_not_a_tortoise_config(
    settings_module: Callable[[str], tuple[str, Path]], body: str, message: str
) -> None:
    name, src = settings_module(body)
    with pytest.raises(ConfigError, match=message):
        load_tortoise_config(f"{name}.TORTOISE_ORM", src)


def test_dotted_path_without_a_dot(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'TORTOISE_ORM' is not a dotted path"):
        load_tortoise_config("TORTOISE_ORM", tmp_path)


# -- app_databases and select_apps ------------------------------------------------------------


def tortoise(connections: dict[str, object], apps: dict[str, str | None]) -> dict[str, object]:
    return {
        "connections": connections,
        "apps": {
            label: {"models": [f"{label}.models"]} | ({"default_connection": c} if c else {})
            for label, c in apps.items()
        },
    }


def test_app_databases_from_urls_and_dicts() -> None:
    config = tortoise(
        {
            "default": "sqlite://data/app.sqlite3",
            "pg": "postgres://app:s3cret@db.local:5433/shop",
            "psy": "psycopg://app@db.local/shop",
            "my": {
                "engine": "tortoise.backends.mysql",
                "credentials": {
                    "host": "127.0.0.1",
                    "port": 3306,
                    "user": "root",
                    "password": "pw",
                    "database": "shop",
                },
            },
        },
        {"core": None, "orders": "pg", "audit": "psy", "legacy": "my", "more": "pg"},
    )
    dbs = app_databases(config)
    assert list(dbs) == ["core", "orders", "audit", "legacy", "more"]
    core = dbs["core"]
    assert (core.dialect.name, core.engine, core.alias) == (
        "sqlite",
        "tortoise.backends.sqlite",
        "default",
    )
    assert core.credentials["file_path"] == "data/app.sqlite3"  # relative, as Tortoise keeps it
    orders = dbs["orders"]
    assert (orders.dialect.name, orders.alias, orders.database) == ("postgres", "pg", "shop")
    assert orders.credentials["port"] == 5433 and orders.credentials["password"] == "s3cret"
    assert orders.display() == "postgres://app:***@db.local:5433/shop"
    assert dbs["more"] is orders  # apps sharing a connection share its DatabaseConfig
    assert (dbs["audit"].dialect.name, dbs["audit"].engine) == (
        "postgres",
        "tortoise.backends.psycopg",
    )
    assert dbs["legacy"] == DatabaseConfig(
        get_dialect("mysql"),
        "tortoise.backends.mysql",
        {"host": "127.0.0.1", "port": 3306, "user": "root", "password": "pw", "database": "shop"},
        "my",
    )


@pytest.mark.parametrize(
    ("connection", "message"),
    [
        (
            "mssql://sa:Passw0rd@host:1433/db",
            r"connection 'default' uses engine 'tortoise.backends.mssql', which migrator does not"
            r" support; use one of tortoise.backends.sqlite, tortoise.backends.asyncpg",
        ),
        (
            "redis://u:Passw0rd@host/0",
            r"connection 'default' has an invalid db_url 'redis://u:\*\*\*@",
        ),
        (
            "postgres://u:Passw0rd@host:notaport/db",
            r"has an invalid db_url 'postgres://u:\*\*\*@host",
        ),
        ("postgres://u:Pass@w0rd@host:x/db", r"has an invalid db_url 'postgres://u:\*\*\*@host"),
        (
            {"engine": "tortoise.backends.oracle", "credentials": {"password": "Passw0rd"}},
            r"oracle",
        ),
        ({"credentials": {}}, r"must be a db_url string or a dict with an \"engine\""),
        (42, r"connection 'default' is of type int; use a db_url string"),
    ],
)
def test_unsupported_or_invalid_connections(connection: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        app_databases(tortoise({"default": connection}, {"shop": None}))
    assert "Passw0rd" not in str(info.value) and "w0rd" not in str(info.value)


def test_select_apps() -> None:
    config = tortoise({"default": "sqlite://x"}, {"shop": None, "auth": None, "audit": None})
    assert select_apps(config, None) == ["shop", "auth", "audit"]
    assert select_apps(config, "auth") == ["auth"]
    with pytest.raises(
        ConfigError, match=r"^unknown app 'nope'; the config defines: shop, auth, audit$"
    ):
        select_apps(config, "nope")


def test_importing_tortoise_config_does_not_import_tortoise_or_tomlkit() -> None:
    code = (
        "import sys, migrator.tortoise_config\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tortoise', 'tomlkit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("mysql://root:Passw0rd@host:x/db", "use e.g. mysql://user:***@host:3306/name"),
        ("postgres://u:Passw0rd@host:x/db", "use e.g. postgres://user:***@host:5432/name"),
        ("asyncpg://u:Passw0rd@host:x/db", "use e.g. asyncpg://user:***@host:5432/name"),
        ("psycopg://u:Passw0rd@host:x/db", "use e.g. psycopg://user:***@host:5432/name"),
        ("sqlite://", "use e.g. sqlite://db.sqlite3"),
        (
            "redis://u:Passw0rd@host/0",
            "use e.g. postgres://user:***@host:5432/name, mysql://user:***@host:3306/name, "
            "sqlite://db.sqlite3",
        ),
    ],
)
def test_an_invalid_db_url_gets_a_hint_of_its_own_kind(url: str, hint: str) -> None:
    with pytest.raises(ConfigError) as info:
        app_databases(tortoise({"default": url}, {"shop": None}))
    assert str(info.value).endswith(hint), str(info.value)
    assert "Passw0rd" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://bob:pw@127.0.0.1:5432", "postgres://bob:***@127.0.0.1:5432"),
        ("postgres://bob:pw@127.0.0.1:5432/", "postgres://bob:***@127.0.0.1:5432"),
        ("mysql://root@127.0.0.1:3306", "mysql://root@127.0.0.1:3306"),
        ("postgres://bob@db.local/shop", "postgres://bob@db.local:5432/shop"),  # Tortoise: 5432
    ],
)
def test_a_url_without_a_database_name_is_shown_without_one(url: str, shown: str) -> None:
    db = app_databases(tortoise({"default": url}, {"shop": None}))["shop"]
    assert db.display() == shown
