"""[tool.migrator] in pyproject.toml: load_config and write_config (init)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from migrator.errors import ConfigError
from migrator.pyproject import Config, load_config, write_config

REALISTIC = """\
# Build and tool settings for the shop service.
[build-system]
requires = ["setuptools>=68"]   # keep in sync with CI
build-backend = "setuptools.build_meta"

[project]
name = "shop"
version = "1.2.3"
dependencies = [
    "tortoise-orm>=1.1",  # the ORM
    'click',
]

[tool.black]
line-length   =   99

# Linting
[tool.ruff]
select = ["E", "F"]
"""


def pyproject(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(text.encode("utf-8"))
    return path


# -- write_config -----------------------------------------------------------------------------


def test_init_appends_the_table_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = pyproject(tmp_path, REALISTIC)
    write_config(path, "shop.settings.TORTOISE_ORM", "./db/migrations", "src")
    assert path.read_bytes().decode() == REALISTIC + (
        "\n[tool.migrator]\n"
        'tortoise_orm = "shop.settings.TORTOISE_ORM"\n'
        'location = "./db/migrations"\n'
        'src_folder = "src"\n'
    )
    config = load_config(path)
    assert config == Config(
        tortoise_orm="shop.settings.TORTOISE_ORM",
        location=tmp_path / "db" / "migrations",
        src_folder=tmp_path / "src",
        history_table="migrator_history",
        pyproject=path,
    )


def test_init_updates_an_existing_table_in_place(tmp_path: Path) -> None:
    before = REALISTIC.replace(
        "[tool.black]",
        "[tool.migrator]\n"
        "tortoise_orm = 'old.CONFIG'   # where the config lives\n"
        'history_table = "deploys"  # shared with ops\n'
        "\n"
        "# migrator ends here\n"
        "[tool.black]",
    )
    path = pyproject(tmp_path, before)
    write_config(path, "new.settings.ORM", "./migrations", ".")
    expected = before.replace(
        "tortoise_orm = 'old.CONFIG'   # where the config lives\n"
        'history_table = "deploys"  # shared with ops\n',
        'tortoise_orm = "new.settings.ORM"   # where the config lives\n'
        'history_table = "deploys"  # shared with ops\n'
        'location = "./migrations"\n'
        'src_folder = "."\n',
    )
    assert path.read_bytes().decode() == expected
    assert load_config(path).history_table == "deploys"


def test_init_keeps_windows_newlines(tmp_path: Path) -> None:
    crlf = REALISTIC.replace("\n", "\r\n")
    path = pyproject(tmp_path, crlf)
    write_config(path, "settings.TORTOISE_ORM")
    tail = '[tool.migrator]\r\ntortoise_orm = "settings.TORTOISE_ORM"\r\n'
    tail += 'location = "./migrations"\r\nsrc_folder = "."\r\n'
    assert path.read_bytes() == (crlf + "\r\n" + tail).encode()
    write_config(path, "other.ORM")  # and the update path
    assert (
        path.read_bytes()
        == (crlf + "\r\n" + tail.replace("settings.TORTOISE_ORM", "other.ORM")).encode()
    )


def test_init_without_a_trailing_newline(tmp_path: Path) -> None:
    path = pyproject(tmp_path, '[project]\nname = "x"  # no newline at the end')
    write_config(path, "settings.TORTOISE_ORM")
    assert path.read_text().startswith('[project]\nname = "x"  # no newline at the end\n\n[tool.')
    assert load_config(path).tortoise_orm == "settings.TORTOISE_ORM"


def test_init_creates_a_minimal_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    write_config(path, "settings.TORTOISE_ORM")
    assert path.read_text() == (
        '[tool.migrator]\ntortoise_orm = "settings.TORTOISE_ORM"\n'
        'location = "./migrations"\nsrc_folder = "."\n'
    )
    assert load_config(path).location == tmp_path / "migrations"


def test_init_extends_an_inline_tool_table(tmp_path: Path) -> None:
    path = pyproject(tmp_path, "tool = {black = {line-length = 99}}\n")
    write_config(path, "settings.TORTOISE_ORM")
    assert load_config(path).tortoise_orm == "settings.TORTOISE_ORM"
    assert "black = {line-length = 99}" in path.read_text()


def test_init_rejects_a_path_without_a_dot(tmp_path: Path) -> None:
    path = pyproject(tmp_path, REALISTIC)
    with pytest.raises(
        ConfigError, match=r"'settings' is not a dotted path.*settings\.TORTOISE_ORM"
    ):
        write_config(path, "settings")
    assert path.read_text() == REALISTIC


def test_init_refuses_to_touch_malformed_toml(tmp_path: Path) -> None:
    path = pyproject(tmp_path, "[project]\nname = \n")
    with pytest.raises(ConfigError, match=r"malformed TOML at .*pyproject\.toml:2:"):
        write_config(path, "settings.TORTOISE_ORM")


# -- load_config ------------------------------------------------------------------------------


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    path = pyproject(tmp_path, '[tool.migrator]\ntortoise_orm = "app.settings.ORM"\n')
    assert load_config(path) == Config(
        "app.settings.ORM", tmp_path / "migrations", tmp_path, "migrator_history", path
    )


def test_absolute_paths_and_history_table(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    path = pyproject(
        tmp_path,
        f'[tool.migrator]\ntortoise_orm = "s.ORM"\nlocation = "{elsewhere}"\n'
        'src_folder = "../up"\nhistory_table = "schema_log"\n',
    )
    config = load_config(path)
    assert config.location == elsewhere
    assert config.src_folder == tmp_path.parent / "up"
    assert config.history_table == "schema_log"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.black]\nx = 1\n", r"no \[tool\.migrator\] table in .*; run `migrator init"),
        ('[tool]\nmigrator = "s.ORM"\n', r"tool\.migrator in .* is a string, not a table"),
        ("[tool.migrator]\nlocation = 'm'\n", r"has no tortoise_orm; add tortoise_orm = "),
        (
            "[tool.migrator]\ntortoise_orm = 3\n",
            r"tortoise_orm in .* must be a non-empty string, not integer 3",
        ),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nlocation = ['a']\n",
            r"location in .* must be a non-empty string, not array",
        ),
        ("[tool.migrator]\ntortoise_orm = 'settings'\n", r"'settings' is not a dotted path"),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nlocaton = 'm'\nzzz = 1\n",
            r"unknown key\(s\) locaton, zzz in \[tool\.migrator\].*"
            r"known keys: tortoise_orm, location",
        ),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nhistory_table = 'public.history'\n",
            r"history_table 'public\.history' .* is not a plain identifier",
        ),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nhistory_table = '1x'\n",
            "not a plain identifier",
        ),
        ("[tool.migrator]\ntortoise_orm = 's.ORM'\n\n[tool.migrator]\nx = 1\n", "malformed TOML"),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nexclude_tables = 'django_*'\n",
            r"exclude_tables .* must be a list of table name patterns, not string 'django_\*'; "
            r"write e\.g\. exclude_tables = \[",
        ),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nexclude_tables = ['a', 3]\n",
            r"exclude_tables .* must be a list of table name patterns, not array",
        ),
        (
            "[tool.migrator]\ntortoise_orm = 's.ORM'\nexclude_tables = ['']\n",
            "exclude_tables .* must be a list of table name patterns",
        ),
    ],
)
def test_invalid_tables(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_config(pyproject(tmp_path, text))
    assert "\n" not in str(info.value)


def test_missing_pyproject_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no pyproject.toml at .*nope.*migrator init -t .* -c"):
        load_config(tmp_path / "nope" / "pyproject.toml")


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    path = pyproject(tmp_path, '[project]\nname = "x"\nversion = [1,\n\n[tool.migrator]\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"malformed TOML at {path}:5:")
    assert message.endswith("; fix the file")


def test_importing_pyproject_does_not_import_tortoise_or_tomlkit() -> None:
    code = (
        "import sys, migrator.pyproject\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tortoise', 'tomlkit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_online_ddl_and_timeouts_default_and_read(tmp_path: Path) -> None:
    base = '[tool.migrator]\ntortoise_orm = "s.T"\n'
    config = load_config(pyproject(tmp_path, base))
    assert config.online_ddl is True
    assert (config.ddl_timeouts.lock_timeout, config.ddl_timeouts.lock_retries) == (5.0, 5)
    assert config.ddl_timeouts.statement_timeout is None
    text = base + "online_ddl = false\nddl_lock_timeout = 1.5\nddl_lock_retries = 2\n"
    config = load_config(pyproject(tmp_path, text + "statement_timeout = 600\n"))
    assert config.online_ddl is False
    assert config.ddl_timeouts.lock_timeout == 1.5
    assert config.ddl_timeouts.lock_retries == 2
    assert config.ddl_timeouts.statement_timeout == 600


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('online_ddl = "no"', "online_ddl in [tool.migrator]"),
        ("ddl_lock_timeout = -1", "ddl_lock_timeout in [tool.migrator]"),
        ("ddl_lock_retries = 1.5", "must be a whole number"),
        ('statement_timeout = "1m"', "must be a number of seconds"),
    ],
)
def test_bad_online_ddl_settings_are_one_line_errors(tmp_path: Path, line: str, says: str) -> None:
    path = pyproject(tmp_path, f'[tool.migrator]\ntortoise_orm = "s.T"\n{line}\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert says in str(err.value) and "\n" not in str(err.value)


def test_exclude_tables_are_read_and_match_as_globs(tmp_path: Path) -> None:
    from migrator.exclusion import TableFilter

    text = (
        "[tool.migrator]\ntortoise_orm = 's.ORM'\n"
        "exclude_tables = ['alembic_version', 'django_*']\n"
    )
    config = load_config(pyproject(tmp_path, text))
    assert config.exclude_tables == ("alembic_version", "django_*")
    assert (
        load_config(pyproject(tmp_path, "[tool.migrator]\ntortoise_orm = 's.ORM'\n")).exclude_tables
        == ()
    )
    tables = TableFilter.build("migrator_history", config.exclude_tables)
    names = [
        "aerich",
        "alembic_version",
        "django_session",
        "djangoish",
        "migrator_history",
        "tortoise_migrations",
        "users",
    ]
    assert tables.keep(names) == ["djangoish", "users"]
