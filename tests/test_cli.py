"""The ``migrator`` command line over real databases: the whole cycle, exit codes, the one-line
errors, rollback of a failing migration, renames, ``init-db``, and the installed entry points.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V1,
    MODELS_V2,
    PYPROJECT,
    Project,
    project_factory,  # noqa: F401  (fixture)
)

HISTORY_LINE = re.compile(
    r"^models\s+(?P<id>\d{4}_\w+)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+ ms$", re.MULTILINE
)


def history_ids(project: Project) -> list[str]:
    result = project.cli("history")
    assert result.exit_code == 0, result.output
    return [m.group("id") for m in HISTORY_LINE.finditer(result.output)]


def ok(project: Project, *args: str, input: str | None = None) -> str:
    result = project.cli(*args, input=input)
    assert result.exit_code == 0, f"migrator {' '.join(args)}: {result.output}"
    return result.output


# -- 1. the whole cycle ---------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_whole_cycle(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)

    out = project.init().output
    assert "Wrote [tool.migrator]" in out
    assert project.migrations.is_dir() and f"Created {project.migrations}" in out
    text = project.pyproject.read_text(encoding="utf-8")
    assert text.startswith(PYPROJECT), "init changed bytes outside [tool.migrator]"
    assert text[len(PYPROJECT) :] == (
        '\n[tool.migrator]\ntortoise_orm = "settings.TORTOISE_ORM"\n'
        'location = "./migrations"\nsrc_folder = "."\n'
    )

    out = ok(project, "migrate")
    assert project.migration_dirs() == ["0001_initial"]
    assert {p.name for p in (project.migrations / "0001_initial").iterdir()} == {
        "upgrade.sql",
        "downgrade.sql",
        "snapshot.json",
    }
    assert "0001_initial (app models)" in out and "+ create table user" in out
    assert history_ids(project) == []
    assert "models       0001_initial" in ok(project, "heads")

    assert "Applied models 0001_initial" in ok(project, "upgrade")
    assert "user" in project.tables()
    assert history_ids(project) == ["0001_initial"]
    assert ok(project, "heads").strip() == "No pending migrations"
    assert "Nothing to upgrade" in ok(project, "upgrade")

    project.write_models(MODELS_V2)
    out = ok(project, "migrate")
    assert "+ add column user.email" in out
    second = project.migration_dirs()[1]
    assert second.startswith("0002_")
    assert second in ok(project, "heads")
    assert f"Applied models {second}" in ok(project, "upgrade")
    assert history_ids(project) == ["0001_initial", second]
    project.fetch('SELECT email FROM "user"')  # the column exists

    # without --yes and without a terminal, downgrade refuses (usage error) and changes nothing
    result = project.cli("downgrade")
    assert result.exit_code == 2
    assert "pass --yes to confirm" in result.output.lower()
    assert history_ids(project) == ["0001_initial", second]

    assert f"Reverted models {second}" in ok(project, "downgrade", "--yes")
    assert history_ids(project) == ["0001_initial"]
    ok(project, "upgrade")
    assert f"Reverted models {second}" in ok(project, "downgrade", "--to", "0001", "--yes")
    assert history_ids(project) == ["0001_initial"]
    ok(project, "upgrade")
    out = ok(project, "downgrade", "--all", "--yes")
    assert out.index(second) < out.index("0001_initial"), "reverted out of order"
    assert history_ids(project) == []
    assert "user" not in project.tables()
    assert "Nothing to downgrade" in ok(project, "downgrade", "--yes")

    ok(project, "upgrade", "0001")
    assert history_ids(project) == ["0001_initial"]


def test_usage_errors_exit_2(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    cases = [
        (("downgrade", "--to", "0001", "--all", "--yes"), "exclude each other"),
        (("migrate", "--rename", "user.a=b", "--no-rename"), "exclude each other"),
        (("upgrade", "0009"), "unknown migration '0009'"),
        (("migrate", "--rename", "nonsense"), "bad --rename 'nonsense'"),
    ]
    for args, message in cases:
        result = project.cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert history_ids(project) == ["0001_initial"]


def test_missing_config_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from migrator.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["heads"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "migrator init -t settings.TORTOISE_ORM" in lines[0]


def test_entry_points_run_in_a_subprocess(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "migrator"
    for argv in ([sys.executable, "-m", "migrator", "--help"], [str(script), "--help"]):
        done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "Schema migrations for Tortoise ORM" in done.stdout
        for verb in ("init", "migrate", "upgrade", "downgrade", "history", "heads", "init-db"):
            assert re.search(rf"^\s+{verb}\s", done.stdout, re.MULTILINE), verb


# -- 2. a failing statement rolls the whole migration back ----------------------------------


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_failing_statement_rolls_back_the_migration(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    ok(project, "migrate", "--empty", "--name", "backfill")
    upgrade_sql = project.migrations / "0002_backfill" / "upgrade.sql"
    upgrade_sql.write_text(
        "-- hand-written\n"
        "CREATE TABLE audit (id INT PRIMARY KEY);\n"
        "INSERT INTO audit VALUES (1);\n"
        "\n"
        "INSERT INTO no_such_table VALUES (1);\n",
        encoding="utf-8",
    )

    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    line = lines[0]
    assert "Traceback" not in result.output
    assert f"{upgrade_sql}:5:" in line
    assert "statement 3 of 3" in line
    assert "INSERT INTO no_such_table VALUES (1)" in line
    assert "no_such_table" in line.split("INSERT INTO no_such_table VALUES (1)", 1)[1], (
        "the database's own message is missing"
    )
    assert "rolled back" in line

    assert "audit" not in project.tables()
    assert history_ids(project) == ["0001_initial"]
    assert "0002_backfill" in ok(project, "heads")

    # with -v the traceback comes first, then the same one-line error
    verbose = project.cli("-v", "upgrade")
    assert verbose.exit_code == 1
    assert "Traceback" in verbose.output
    assert verbose.output.strip().splitlines()[-1] == line


# -- 6. no changes ---------------------------------------------------------------------------


def test_no_changes_detected(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    before = {p: p.read_bytes() for p in project.migrations.rglob("*") if p.is_file()}
    out = ok(project, "migrate")
    assert out.strip() == "No changes detected"
    after = {p: p.read_bytes() for p in project.migrations.rglob("*") if p.is_file()}
    assert after == before
    assert project.migration_dirs() == ["0001_initial"]


# -- 7. renames ------------------------------------------------------------------------------


def test_rename_without_answer_is_an_error_naming_the_flags(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)
    for extra in (("--no-input",), ()):  # CliRunner's stdin is no terminal: same as --no-input
        result = project.cli("migrate", *extra)
        assert result.exit_code != 0
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert "--rename user.username=handle" in lines[0]
        assert "--no-rename" in lines[0]
        assert project.migration_dirs() == ["0001_initial"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_rename_with_hint_keeps_the_data(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    _insert_user(project, "alice")
    project.write_models(MODELS_RENAMED)
    out = ok(project, "migrate", "--no-input", "--rename", "user.username=handle")
    assert "rename column user.username to handle" in out
    upgrade = (project.migrations / project.migration_dirs()[-1] / "upgrade.sql").read_text()
    assert "RENAME COLUMN" in upgrade and "DROP COLUMN" not in upgrade
    ok(project, "upgrade")
    assert project.fetch('SELECT handle FROM "user"') == [("alice",)]


def test_no_rename_drops_and_adds(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)
    out = ok(project, "migrate", "--no-rename")
    assert "drop column user.username" in out and "add column user.handle" in out
    assert "DESTRUCTIVE" in out


def test_interactive_rename_prompt_keeps_the_data(project_factory: Any) -> None:  # noqa: F811
    """The CLI prompts only on a real terminal (``sys.stdin.isatty()``), which CliRunner is not,
    so the InteractiveQuestioner the CLI would use is driven through click's test input."""
    import asyncio

    from migrator.questioner import InteractiveQuestioner

    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    _insert_user(project, "bob")
    project.write_models(MODELS_RENAMED)

    async def migrate() -> list[Any]:
        async with project.command(questioner=InteractiveQuestioner()) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    with CliRunner().isolation(input="y\n") as streams:
        written = asyncio.run(migrate())
        prompt = streams[0].getvalue().decode()
    assert "Was user.username renamed to user.handle (CharField)? [y/N]" in prompt
    assert written[0].operations == ["rename column user.username to handle"]
    ok(project, "upgrade")
    assert project.fetch('SELECT handle FROM "user"') == [("bob",)]


def test_interactive_rename_answered_no_drops_and_adds(project_factory: Any) -> None:  # noqa: F811
    import asyncio

    from migrator.questioner import InteractiveQuestioner

    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)

    async def migrate() -> list[Any]:
        async with project.command(questioner=InteractiveQuestioner()) as cmd:
            return await cmd.migrate()  # type: ignore[no-any-return]

    with CliRunner().isolation(input="n\n\n"):  # no rename; no fill value
        written = asyncio.run(migrate())
    assert sorted(written[0].operations) == [
        "add column user.handle",
        "drop column user.username",
    ]


def _insert_user(project: Project, name: str) -> None:
    import asyncio

    from migrator.dialects import get_dialect

    async def go() -> None:
        conn = await get_dialect(project.db.dialect).connect(project.db)
        try:
            await conn.execute(f"INSERT INTO \"user\" (id, username) VALUES (1, '{name}')")
        finally:
            await conn.close()

    asyncio.run(go())


# -- 8. init-db --------------------------------------------------------------------------------


def test_init_db(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    shutil.rmtree(project.migrations)  # init-db creates the folder itself
    out = ok(project, "init-db")
    assert "0001_initial (app models)" in out and "Applied models 0001_initial" in out
    assert project.migration_dirs() == ["0001_initial"]
    assert "user" in project.tables()
    assert history_ids(project) == ["0001_initial"]

    result = project.cli("init-db")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "already has migrations" in lines[0]
    assert "migrator upgrade" in lines[0]
    assert project.migration_dirs() == ["0001_initial"]


def test_unknown_app_is_a_usage_error(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    result = project.cli("--app", "nope", "heads")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: unknown app 'nope'; the config defines: models"


def test_unreachable_database_error_masks_the_password(project_factory: Any) -> None:  # noqa: F811
    from tests.project_factory import SETTINGS

    project: Project = project_factory("sqlite")
    project.init()
    url = "postgres://postgres:pa55-w0rd@127.0.0.1:1/nowhere"
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
    for verb in ("upgrade", "history", "heads"):
        result = project.cli(verb)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "could not connect to postgres://postgres:***@" in lines[0]
        assert "pa55-w0rd" not in result.output


def test_mysql_failure_is_journaled_and_upgrade_resumes(project_factory: Any) -> None:  # noqa: F811
    """MySQL commits each DDL statement: a failure leaves the migration partial (visible in
    heads and history), and the next upgrade resumes at the failed statement."""
    project: Project = project_factory("mysql")
    project.init()
    ok(project, "migrate", "--empty", "--name", "two_tables")
    upgrade_sql = project.migrations / "0001_two_tables" / "upgrade.sql"
    upgrade_sql.write_text(
        "CREATE TABLE first_t (id INT PRIMARY KEY);\nINSERT INTO missing_t VALUES (1);\n",
        encoding="utf-8",
    )
    result = project.cli("upgrade")
    assert result.exit_code == 1
    line = result.output.strip()
    assert f"{upgrade_sql}:2: statement 2 of 2 failed" in line and "missing_t" in line
    assert "partially applied (1 of 2 statements ran)" in line
    assert "first_t" in project.tables()
    assert "[PARTIAL" in ok(project, "heads")
    assert "[PARTIAL 1/2]" in ok(project, "history")

    upgrade_sql.write_text(
        "CREATE TABLE first_t (id INT PRIMARY KEY);\nCREATE TABLE missing_t (id INT);\n",
        encoding="utf-8",
    )
    out = ok(project, "upgrade")
    assert "resumed after statement 1" in out
    assert {"first_t", "missing_t"} <= project.tables()
    assert history_ids(project) == ["0001_two_tables"]


# -- the deploy lock ---------------------------------------------------------------------------


class LockHolder:
    """Holds the app's deploy lock from another connection (its own thread and event loop,
    as another process would), until ``release``."""

    def __init__(self, project: Project, app: str = "models") -> None:
        import asyncio
        import threading

        from migrator.dialects import get_dialect
        from migrator.session import DatabaseSession

        self.acquired = threading.Event()
        self.done = threading.Event()
        session = DatabaseSession(project.db, get_dialect(project.db.dialect), "migrator_history")

        async def hold() -> None:
            await session.lock(app, 5)
            self.acquired.set()
            while not self.done.is_set():
                await asyncio.sleep(0.01)
            await session.unlock(app)
            await session.close()

        self.thread = threading.Thread(target=lambda: asyncio.run(hold()), daemon=True)
        self.thread.start()
        assert self.acquired.wait(10), "could not take the lock"

    def release(self) -> None:
        self.done.set()
        self.thread.join(10)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_lock_timeout_exits_3_and_applies_nothing(project_factory: Any, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    for verb, applied in ((("upgrade",), []), (("downgrade", "--yes"), ["0001_initial"])):
        holder = LockHolder(project)
        try:
            result = project.cli(*verb, "--lock-timeout", "0.2")
        finally:
            holder.release()
        assert result.exit_code == 3, (verb, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "holds the deploy lock for app models" in lines[0]
        assert "--lock-timeout" in lines[0]
        assert history_ids(project) == applied
        ok(project, "upgrade", "--lock-timeout", "5")  # free again


# -- init-db on a database that is not empty ------------------------------------------------


def test_init_db_refuses_a_database_with_tables_and_writes_nothing(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    project.fetch('CREATE TABLE "user" (id INT)')
    result = project.cli("init-db")
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "user" in lines[0]
    assert project.migration_dirs() == [], "init-db left a migration that can never apply"


# -- prompts on a real terminal ------------------------------------------------------------


def on_terminal(project: Project, *args: str, answer: str) -> subprocess.CompletedProcess[str]:
    """``python -m migrator ARGS`` with a pseudo-terminal as stdin, typing ``answer``."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "migrator", *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=project.path,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        os.close(slave)
        slave = -1
        os.write(master, answer.encode())
        out, err = process.communicate(timeout=60)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_terminal_prompts_for_renames_and_downgrades(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    _insert_user(project, "carol")
    project.write_models(MODELS_RENAMED)

    done = on_terminal(project, "migrate", answer="y\n")
    assert done.returncode == 0, done.stderr
    assert "Was user.username renamed to user.handle (CharField)? [y/N]" in done.stdout
    assert "rename column user.username to handle" in done.stdout
    ok(project, "upgrade")
    assert project.fetch('SELECT handle FROM "user"') == [("carol",)]

    # reverting an added column loses its data: downgrade asks on a terminal
    project.write_models(
        MODELS_RENAMED.replace(
            "    class Meta", "    note = fields.TextField(null=True)\n\n    class Meta"
        )
    )
    ok(project, "migrate")
    ok(project, "upgrade")
    done = on_terminal(project, "downgrade", answer="n\n")
    assert done.returncode == 2, done.stderr
    assert "[y/N]" in done.stdout
    assert "cancelled" in done.stderr and "Traceback" not in done.stderr
    assert len(history_ids(project)) == 3

    done = on_terminal(project, "downgrade", answer="y\n")
    assert done.returncode == 0, done.stderr
    assert "[y/N]" in done.stdout and "Reverted models 0003_" in done.stdout
    assert len(history_ids(project)) == 2


def test_table_rename_needs_an_answer_and_keeps_the_rows(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    _insert_user(project, "dave")
    project.write_models(MODELS_V1.replace('table = "user"', 'table = "member"'))
    result = project.cli("migrate")
    assert result.exit_code == 1
    assert "--rename user=member" in result.output and "--no-rename" in result.output
    assert project.migration_dirs() == ["0001_initial"]
    assert "rename table user to member" in ok(project, "migrate", "--rename", "user=member")
    ok(project, "upgrade")
    assert project.fetch("SELECT id, username FROM member") == [(1, "dave")]
    assert "user" not in project.tables()
