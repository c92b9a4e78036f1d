"""The ``migrator`` command line over real databases: the whole cycle, exit codes, the one-line
errors, masked passwords, the deploy lock, prompts on a real terminal and the installed entry
points. What one verb does lives in tests/verbs/ (rollback and resume under ``upgrade``,
renames under ``migrate``, ``init-db``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V2,
    PYPROJECT,
    Project,
    history_ids,
    insert_user,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

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
    ok(project, "migrate")  # without a migration, upgrade would stop before connecting
    url = "postgres://postgres:pa55-w0rd@127.0.0.1:1/nowhere"
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
    for verb in ("upgrade", "history", "heads"):
        result = project.cli(verb)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "could not connect to postgres://postgres:***@" in lines[0]
        assert "pa55-w0rd" not in result.output


# -- the deploy lock ---------------------------------------------------------------------------


class LockHolder:
    """Holds the app's deploy lock from another connection (its own thread and event loop,
    as another process would), until ``release``."""

    def __init__(self, project: Project, app: str = "models") -> None:
        import asyncio
        import threading

        from migrator.session import DatabaseSession

        self.acquired = threading.Event()
        self.done = threading.Event()
        session = DatabaseSession(project.db, "migrator_history")

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
    insert_user(project, "carol")
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
