"""Bad input, case by case: each gives ONE line on stderr (what is wrong, where, what to do),
a non-zero exit code (2 for usage errors), no traceback unless -v (and then one), and
nothing written to the project or the database.

The matrix runs in-process through click's CliRunner; a few cases also run ``python -m
migrator`` in a subprocess to prove the process's real exit code and stderr.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from migrator.connection import DatabaseConfig
from tests.conftest import server_dsn
from tests.project_factory import MODELS_V1, MODELS_V2, Project, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- what "nothing written" means ----------------------------------------------------------------


def project_files(project: Project) -> dict[str, bytes]:
    """Every file of the project but the SQLite database and its lock file."""
    files = {}
    for path in sorted(project.path.rglob("*")):
        if path.is_file() and ".sqlite3" not in path.name and "__pycache__" not in path.parts:
            files[str(path.relative_to(project.path))] = path.read_bytes()
    return files


def database_state(db: DatabaseConfig) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Tables and history rows of the project's database."""

    async def go() -> tuple[list[str], list[tuple[Any, ...]]]:
        dialect = db.dialect
        conn = await dialect.backend(db).connect()
        try:
            tables = sorted(await dialect.backend(db).table_names(conn))
            rows: list[tuple[Any, ...]] = []
            if "migrator_history" in tables:
                rows = await conn.fetch(f"SELECT * FROM {dialect.quote('migrator_history')}")
            return tables, sorted(rows, key=repr)
        finally:
            await conn.close()

    return asyncio.run(go())


def snapshot(project: Project) -> tuple[Any, ...]:
    return project_files(project), database_state(project.db)


def assert_one_line_error(
    project: Project, args: list[str], code: int, fragments: list[str]
) -> str:
    """Run ``args`` plain and with -v; both fail with ``code`` and change nothing."""
    before = snapshot(project)

    result = project.cli(*args)

    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Error: ")
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    assert "Traceback" not in result.output
    assert snapshot(project) == before

    verbose = project.cli("-v", *args)

    assert verbose.exit_code == code, verbose.output
    assert "Traceback (most recent call last)" in verbose.stderr
    assert verbose.stderr.splitlines()[-1] == line
    assert snapshot(project) == before
    return line


# -- the set-up every case starts from -----------------------------------------------------------


def applied_project(project_factory: Any, dialect: str = "sqlite") -> Project:
    """A project with 0001 applied and, once the models change, something to migrate."""
    project: Project = project_factory(dialect, MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    assert project.cli("upgrade").exit_code == 0
    project.write_models(MODELS_V2)
    return project


def first(project: Project) -> Path:
    return project.migrations / project.migration_dirs()[0]


def set_tortoise_orm(project: Project, dotted: str) -> None:
    text = project.pyproject.read_text()
    project.pyproject.write_text(text.replace('"settings.TORTOISE_ORM"', repr(dotted)))


def set_settings(project: Project, source: str) -> None:
    (project.path / "settings.py").write_text(source)


@dataclass(frozen=True)
class Case:
    setup: Callable[[Project], None]
    args: list[str]
    code: int
    fragments: list[str]


def _no_pyproject(p: Project) -> None:
    p.pyproject.unlink()


def _no_table(p: Project) -> None:
    p.pyproject.write_text('[project]\nname = "shop"\n')


def _malformed_toml(p: Project) -> None:
    with p.pyproject.open("a") as f:
        f.write("[broken\n")


def _models_raise(p: Project) -> None:
    p.write_models('from tortoise import fields\n\nraise RuntimeError("models are broken")\n')


def _two_versions(p: Project) -> None:
    shutil.copytree(first(p), first(p).with_name("0001_again"))


def _not_a_folder(p: Project) -> None:
    (p.path / "blocked").write_text("a file where the migrations folder should be\n")
    text = p.pyproject.read_text()
    p.pyproject.write_text(text.replace('location = "./migrations"', 'location = "./blocked"'))


def _read_only_folder(p: Project) -> None:
    p.migrations.chmod(0o500)


CASES = {
    "no pyproject.toml": Case(
        _no_pyproject, ["history"], 1, ["no pyproject.toml at", "run `migrator init -t"]
    ),
    "no [tool.migrator]": Case(
        _no_table, ["history"], 1, ["no [tool.migrator] table in", "pyproject.toml", "init"]
    ),
    "malformed TOML": Case(
        _malformed_toml, ["history"], 1, ["malformed TOML at", "pyproject.toml:", "fix the file"]
    ),
    "tortoise_orm module missing": Case(
        lambda p: set_tortoise_orm(p, "nosuch.TORTOISE_ORM"),
        ["history"],
        1,
        ["cannot import 'nosuch'", "fix tortoise_orm or src_folder"],
    ),
    "tortoise_orm attribute missing": Case(
        lambda p: set_tortoise_orm(p, "settings.NOPE"),
        ["history"],
        1,
        ["settings.py) has no attribute 'NOPE'", "fix tortoise_orm"],
    ),
    "models module raises": Case(
        _models_raise,
        ["migrate"],
        1,
        ["RuntimeError: models are broken", "models.py:3)", "fix that module"],
    ),
    "config is a list": Case(
        lambda p: set_settings(p, "TORTOISE_ORM = ['sqlite://x']\n"),
        ["upgrade"],
        1,
        ["settings.TORTOISE_ORM is of type list, not a Tortoise config", '"apps"'],
    ),
    "config without apps": Case(
        lambda p: set_settings(p, "TORTOISE_ORM = {'connections': {'default': 'sqlite://x'}}\n"),
        ["upgrade"],
        1,
        ["settings.TORTOISE_ORM has no 'apps' dict", "Tortoise.init(config=...)"],
    ),
    "unknown --app": Case(
        lambda p: None,
        ["--app", "nope", "upgrade"],
        2,
        ["unknown app 'nope'; the config defines: models"],
    ),
    "corrupt snapshot.json": Case(
        lambda p: (first(p) / "snapshot.json").write_text("{oops"),
        ["upgrade"],
        1,
        ["0001_initial/snapshot.json is not valid JSON (line 1", "restore it"],
    ),
    "missing snapshot.json": Case(
        lambda p: (first(p) / "snapshot.json").unlink(),
        ["migrate"],
        1,
        ["0001_initial/snapshot.json is missing", "restore it from version control"],
    ),
    "missing downgrade.sql": Case(
        lambda p: (first(p) / "downgrade.sql").unlink(),
        ["downgrade", "--yes"],
        1,
        ["0001_initial/downgrade.sql is missing", "restore it", "nothing was reverted"],
    ),
    "two migrations with one version": Case(
        _two_versions,
        ["upgrade"],
        1,
        ["migrations 0001_again and 0001_initial share version 0001", "merge"],
    ),
    "unknown upgrade target": Case(
        lambda p: None, ["upgrade", "0042"], 2, ["unknown migration '0042' for app models"]
    ),
    "unknown downgrade target": Case(
        lambda p: None,
        ["downgrade", "--to", "0042", "--yes"],
        2,
        ["unknown migration '0042' for app models; known: 0001_initial"],
    ),
    # Root ignores permission bits, and the suite runs as root here: then the unwritable
    # location is a regular file standing where the folder should be.
    "migrations folder not writable": (
        Case(_not_a_folder, ["migrate"], 1, ["blocked is a file, not a directory", "location"])
        if RUNNING_AS_ROOT
        else Case(_read_only_folder, ["migrate"], 1, ["Permission denied", "writable"])
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_one_line_and_changes_nothing(project_factory: Any, name: str) -> None:
    case = CASES[name]
    project = applied_project(project_factory)
    case.setup(project)
    try:
        assert_one_line_error(project, case.args, case.code, case.fragments)
    finally:
        project.migrations.chmod(0o755)


@pytest.mark.skipif(not RUNNING_AS_ROOT, reason="covered by the case matrix above")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux setpriv")
def test_read_only_migrations_folder_as_root_without_the_override(project_factory: Any) -> None:
    """Root ignores permission bits; a process that drops CAP_DAC_OVERRIDE does not, which
    is how a CI user or a locked-down container meets a read-only checkout."""
    project = applied_project(project_factory)
    project.migrations.chmod(0o500)
    before = project_files(project)
    caps = "-dac_override,-dac_read_search"
    try:
        done = subprocess.run(
            [
                *("setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"),
                *(sys.executable, "-m", "migrator", "-c", str(project.pyproject), "migrate"),
            ],
            cwd=project.path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        project.migrations.chmod(0o755)
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "Permission denied" in lines[0] and "writable" in lines[0], lines[0]
    assert project_files(project) == before


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
@pytest.mark.parametrize(
    "control",
    [
        "COMMIT",
        "ROLLBACK",
        "BEGIN",
        "END TRANSACTION",
        "commit transaction t",  # SQLite takes (and ignores) a name
        "ROLLBACK TRANSACTION t",
        "COMMIT /* why */ WORK",
    ],
)
def test_a_migration_that_manages_its_own_transaction_is_refused_before_it_runs(
    project_factory: Any, dialect: str, control: str
) -> None:
    """A COMMIT would keep what ran before it with no history row; a ROLLBACK would undo
    what the history then calls applied. SAVEPOINTs are fine."""
    project = applied_project(project_factory, dialect)
    assert project.cli("migrate", "--empty", "--name", "by_hand").exit_code == 0
    path = project.migrations / project.migration_dirs()[1] / "upgrade.sql"
    text = path.read_text()
    path.write_text(text + f"CREATE TABLE half_done (id INT);\n{control};\nSELECT 1;\n")
    line = assert_one_line_error(project, ["upgrade"], 1, [f"{path}:", "nothing was run"])
    assert "statement 2 of 3" in line and "manages a transaction" in line

    path.write_text(
        text + "SAVEPOINT s;\nCREATE TABLE undone (id INT);\nROLLBACK TO SAVEPOINT s;\n"
        "RELEASE SAVEPOINT s;\nCREATE TABLE kept (id INT);\n"
    )
    done = project.cli("upgrade")
    assert done.exit_code == 0, done.output
    assert {"kept"} <= project.tables() and "undone" not in project.tables()


def test_a_deferred_constraint_failing_at_commit_is_named_and_rolled_back(
    project_factory: Any,
) -> None:
    project = applied_project(project_factory, "postgres")
    assert project.cli("migrate", "--empty", "--name", "deferred").exit_code == 0
    path = project.migrations / project.migration_dirs()[1] / "upgrade.sql"
    path.write_text(
        path.read_text() + "CREATE TABLE p (id INT PRIMARY KEY);\n"
        "CREATE TABLE c (p_id INT REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);\n"
        "INSERT INTO c VALUES (1);\n"
    )
    line = assert_one_line_error(project, ["upgrade"], 1, [f"{path}:", "failed at COMMIT"])
    assert "after all 3 statements ran" in line and "was rolled back" in line, line
    assert "foreign key" in line, line


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_sql_syntax_error_is_rolled_back_and_named_by_file_and_line(
    project_factory: Any, dialect: str
) -> None:
    project = applied_project(project_factory, dialect)
    assert project.cli("migrate", "--empty", "--name", "by_hand").exit_code == 0
    path = project.migrations / project.migration_dirs()[1] / "upgrade.sql"
    text = path.read_text()
    path.write_text(text + "CREATE TABLE half_done (id INT);\n\nCREATE TABLEX oops (id INT);\n")
    bad_line = len(text.splitlines()) + 3

    line = assert_one_line_error(
        project,
        ["upgrade"],
        1,
        [f"{path}:{bad_line}: statement 2 of 2 failed", "TABLEX", "was rolled back"],
    )

    assert "half_done" not in database_state(project.db)[0]
    assert line.count("\n") == 0


def test_unreachable_database_names_the_masked_dsn(project_factory: Any) -> None:
    project = applied_project(project_factory)
    url = "postgres://postgres:s3cr3t-PW!@127.0.0.1:1/nowhere"
    set_settings(project, _settings(url))

    line = assert_one_line_error(
        project,
        ["history"],
        1,
        ["could not connect to postgres://postgres:***@127.0.0.1:1/nowhere", "server is running"],
    )

    assert "s3cr3t" not in line


def test_wrong_password_names_the_masked_dsn(project_factory: Any) -> None:
    """MariaDB's root has an empty password here, so any password is refused."""
    project = applied_project(project_factory)
    base = server_dsn("mysql").rsplit("/", 1)[0]
    scheme, _, rest = base.partition("://")
    user = rest.partition(":")[0].partition("@")[0]
    hostport = rest.rpartition("@")[2]
    set_settings(project, _settings(f"{scheme}://{user}:not-the-PW@{hostport}/test"))

    line = assert_one_line_error(
        project, ["history"], 1, [f"could not connect to mysql://{user}:***@{hostport}/test"]
    )

    assert "Access denied" in line and "not-the-PW" not in line


def _settings(url: str) -> str:
    return (
        f"TORTOISE_ORM = {{'connections': {{'default': {url!r}}}, "
        "'apps': {'models': {'models': ['models'], 'default_connection': 'default'}}}\n"
    )


# -- the real process ----------------------------------------------------------------------------


def migrator(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_process_exit_code_for_a_config_error(tmp_path: Path) -> None:
    done = migrator(tmp_path, "history")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"Error: no pyproject.toml at {tmp_path / 'pyproject.toml'}; "
        "run `migrator init -t settings.TORTOISE_ORM` or pass -c\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_process_exit_code_for_a_usage_error_with_and_without_traceback(
    project_factory: Any,
) -> None:
    project = applied_project(project_factory)

    plain = migrator(project.path, "--app", "nope", "upgrade")
    verbose = migrator(project.path, "-v", "--app", "nope", "upgrade")

    assert plain.returncode == 2 and verbose.returncode == 2
    assert plain.stderr == "Error: unknown app 'nope'; the config defines: models\n"
    assert verbose.stderr.startswith("Traceback (most recent call last):\n")
    assert "UnknownAppError" in verbose.stderr
    assert verbose.stderr.endswith(plain.stderr)


def test_init_db_on_a_database_that_has_the_tables_writes_nothing(project_factory: Any) -> None:
    """Checked before the initial migration is written: it could never apply."""
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    asyncio.run(_create_user_table(project.db))

    line = assert_one_line_error(project, ["init-db"], 1, ["already has table(s) user", "empty"])

    assert "sqlite://" in line
    assert project.migration_dirs() == []


async def _create_user_table(db: DatabaseConfig) -> None:
    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute('CREATE TABLE "user" (id INT)')
    finally:
        await conn.close()


def test_init_with_a_config_that_does_not_load_writes_nothing(project_factory: Any) -> None:
    """init imports the Tortoise config before it touches pyproject.toml."""
    project: Project = project_factory("sqlite", MODELS_V1)
    before = project_files(project)

    result = project.cli("init", "-t", "settings.NOPE")

    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "has no attribute 'NOPE'" in result.stderr
    assert project_files(project) == before
    assert not (project.path / "migrations").exists()

    (project.path / "blocked").write_text("not a folder\n")
    before = project_files(project)
    blocked = project.cli("init", "-t", "settings.TORTOISE_ORM", "--location", "blocked")
    assert blocked.exit_code == 1
    assert blocked.stderr.count("\n") == 1 and "blocked is a file" in blocked.stderr
    assert project_files(project) == before


# -- Meta.schema outside PostgreSQL ---------------------------------------------------------------

MODELS_WITH_SCHEMA = MODELS_V1.replace(
    '        table = "user"\n', '        table = "user"\n        schema = "crm"\n'
)


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_migrate_refuses_meta_schema_outside_postgres(project_factory: Any, dialect: str) -> None:
    """SQLite has no schemas (Tortoise ignores Meta.schema there) and on MySQL a schema is
    another database (Tortoise qualifies `crm`.`user` but creates no database): migrate
    names the model and says Meta.schema is PostgreSQL-only, and writes nothing."""
    project: Project = project_factory(dialect, MODELS_WITH_SCHEMA)
    project.init()
    line = assert_one_line_error(project, ["migrate"], 1, [])
    assert line == (
        "Error: model models.User sets Meta.schema = 'crm'; migrator supports Meta.schema on "
        f"PostgreSQL only, not on {dialect}: remove it"
    )
    assert not project.migrations.exists() or not any(project.migrations.rglob("*.sql"))
