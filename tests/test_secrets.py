"""A database password never leaves migrator: not on stdout or stderr (with or without -v,
on success and on every kind of failure), not in the files it writes, not in the history.

PostgreSQL here trusts local connections, so a DSN with a password is accepted: the password
travels through every code path without being needed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from migrator.dialects import get_dialect
from tests.conftest import server_dsn
from tests.project_factory import MODELS_V1, MODELS_V2, Project, project_factory

__all__ = ["project_factory"]  # the fixture, re-exported for pytest


def _password() -> str:
    """Distinctive, with URL-unfriendly characters; the server's own one if it needs one."""
    from tortoise.backends.base.config_generator import expand_db_url

    configured = expand_db_url(server_dsn("postgres"))["credentials"].get("password")
    return str(configured) if configured else "s3cr3t-PW!"


PASSWORD = _password()
APPS = "'apps': {'models': {'models': ['models'], 'default_connection': 'default'}}"


def url_settings(project: Project, host: str = "", port: int = 0) -> None:
    c = project.db.credentials
    where = f"{host or c['host']}:{port or c['port']}/{c['database']}"
    url = f"postgres://{c['user']}:{PASSWORD}@{where}"
    (project.path / "settings.py").write_text(
        f"TORTOISE_ORM = {{'connections': {{'default': {url!r}}}, {APPS}}}\n"
    )


def dict_settings(project: Project, port: int) -> None:
    """The credentials-dict form: the password is not inside a URL there."""
    c = project.db.credentials
    credentials = {
        "host": c["host"],
        "port": port,
        "user": c["user"],
        "password": PASSWORD,
        "database": c["database"],
    }
    (project.path / "settings.py").write_text(
        "TORTOISE_ORM = {'connections': {'default': {'engine': 'tortoise.backends.asyncpg', "
        f"'credentials': {credentials!r}}}}}, {APPS}}}\n"
    )


class Transcript:
    """Runs CLI commands and keeps everything they printed."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.results: list[tuple[tuple[str, ...], Result]] = []

    def __call__(self, *args: str, code: int | None = 0) -> Result:
        result = self.project.cli(*args)
        self.results.append((args, result))
        if code is not None:
            assert result.exit_code == code, (args, result.output)
        return result

    def assert_no_password(self) -> None:
        for args, result in self.results:
            for stream in (result.stdout, result.stderr):
                assert PASSWORD not in stream, (args, stream)


def written_files(project: Project) -> dict[str, str]:
    """Everything migrator wrote: the migrations and pyproject.toml (settings.py is ours)."""
    files = {"pyproject.toml": project.pyproject.read_text()}
    for path in sorted((project.path / "migrations").rglob("*")):
        if path.is_file():
            files[str(path)] = path.read_text()
    return files


def history_rows(project: Project) -> list[tuple[Any, ...]]:
    async def go() -> list[tuple[Any, ...]]:
        dialect = get_dialect("postgres")
        conn = await dialect.backend(project.db).connect()
        try:
            return await conn.fetch('SELECT * FROM "migrator_history"')
        finally:
            await conn.close()

    return asyncio.run(go())


def test_every_command_keeps_the_password_out_of_output_files_and_history(
    project_factory: Any,
) -> None:
    project: Project = project_factory("postgres", MODELS_V1)
    url_settings(project)
    run = Transcript(project)

    run("init", "-t", "settings.TORTOISE_ORM")
    run("migrate")
    run("upgrade")
    run("heads")
    run("history")
    run("validate")
    project.write_models(MODELS_V2)
    run("migrate")
    run("heads")
    run("upgrade")
    # a changed file, refused and then accepted
    second = project.migrations / project.migration_dirs()[1]
    with (second / "upgrade.sql").open("a") as f:
        f.write("SELECT 1; -- reviewed\n")
    run("upgrade", code=1)
    run("-v", "upgrade", code=1)
    run("validate", code=1)
    run("fix-checksums", "0002")
    run("validate")
    # a failing statement, with and without the traceback
    run("migrate", "--empty", "--name", "broken")
    third = project.migrations / project.migration_dirs()[2]
    with (third / "upgrade.sql").open("a") as f:
        f.write("SELECT * FROM no_such_table;\n")
    failed = run("upgrade", code=1)
    assert "no_such_table" in failed.stderr
    run("-v", "upgrade", code=1)
    # usage errors
    run("-v", "upgrade", "0042", code=2)
    run("-v", "--app", "nope", "history", code=2)
    run("-v", "init-db", code=2)
    run("-v", "downgrade", code=2)  # would lose data: needs --yes
    run("downgrade", "--yes")
    run("history")

    run.assert_no_password()
    for name, text in written_files(project).items():
        assert PASSWORD not in text, name
    rows = history_rows(project)
    assert rows and PASSWORD not in repr(rows)


@pytest.mark.parametrize("form", ["url", "dict"])
def test_unreachable_server_errors_mask_the_password(project_factory: Any, form: str) -> None:
    project: Project = project_factory("postgres", MODELS_V1)
    project.init()
    assert project.cli("migrate").exit_code == 0
    if form == "url":
        url_settings(project, port=1)
    else:
        dict_settings(project, port=1)
    run = Transcript(project)

    for verbose in ((), ("-v",)):
        for args in (
            ("history",),
            ("heads",),
            ("upgrade",),
            ("validate",),
            ("fix-checksums",),
            ("downgrade", "--yes"),
        ):
            result = run(*verbose, *args, code=1)
            assert "could not connect to postgres://" in result.stderr
            assert ":***@127.0.0.1:1/" in result.stderr
            assert ("Traceback" in result.stderr) == bool(verbose)

    run.assert_no_password()


def test_an_exception_carrying_the_password_is_masked_even_in_the_traceback(
    project_factory: Any,
) -> None:
    """Nothing migrator can recognise as a DSN: only the CLI's masking of the configured
    passwords stands between this message (and its -v traceback) and the terminal."""
    project: Project = project_factory("postgres", MODELS_V1)
    project.init()
    dict_settings(project, port=int(project.db.credentials["port"]))
    project.write_models(
        "import settings\n\n"
        "credentials = settings.TORTOISE_ORM['connections']['default']['credentials']\n"
        "raise RuntimeError('cannot start with ' + credentials['password'])\n"
    )
    run = Transcript(project)

    plain = run("migrate", code=1)
    verbose = run("-v", "migrate", code=1)

    assert "RuntimeError: cannot start with ***" in plain.stderr
    assert "Traceback (most recent call last)" in verbose.stderr
    assert verbose.stderr.count("cannot start with ***") >= 2  # the traceback and the line
    run.assert_no_password()


def test_wrong_password_on_mysql_is_masked_with_and_without_traceback(
    project_factory: Any, tmp_path: Path
) -> None:
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    base = server_dsn("mysql").rsplit("/", 1)[0]
    scheme, _, rest = base.partition("://")
    user = rest.partition(":")[0].partition("@")[0]
    hostport = rest.rpartition("@")[2]
    url = f"{scheme}://{user}:{PASSWORD}@{hostport}/test"
    (project.path / "settings.py").write_text(
        f"TORTOISE_ORM = {{'connections': {{'default': {url!r}}}, {APPS}}}\n"
    )
    run = Transcript(project)

    plain = run("history", code=1)
    verbose = run("-v", "upgrade", code=1)

    assert "Access denied" in plain.stderr and f"{user}:***@{hostport}" in plain.stderr
    assert "Traceback" in verbose.stderr
    run.assert_no_password()
