"""A throwaway project run through the real CLI in subprocesses, for the safety tests.

The project is the ``relations`` fixture (migrations_fixtures/relations): its settings.py
reads the database URL from MIGRATOR_DB_URL, so one project folder serves any database. The
migrations are generated in-process from the fixture's model versions, and hand-written
ones (``migrate --empty`` plus SQL) are added where a test needs a slow or observable body.
Every run of ``upgrade`` that a test kills or races is a separate ``python -m migrator``
process, because a lock or a crash is only real across processes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.files import Migration, load_migrations
from migrator.history import HistoryRow, Status
from tests.conftest import db_url
from tests.integration.projects import FixtureProject

ROOT = Path(__file__).resolve().parents[2]
HISTORY = "migrator_history"
APP = "models"
LOCK_KEY = f"migrator:{HISTORY}:{APP}"  # DatabaseSession.lock_key(APP)
FIXTURE = "relations"
PYPROJECT = """\
[tool.migrator]
tortoise_orm = "settings.TORTOISE_ORM"
location = "migrations"
src_folder = "."
"""
RUN_TIMEOUT = 120.0


@dataclass
class CliProject:
    path: Path
    db: DatabaseConfig
    fixture: FixtureProject
    versions: list[str] = field(default_factory=list)  # migration ids, in order
    # generate online DDL (PostgreSQL: some migrations then journaled, not all-or-nothing)
    online_ddl: bool = True

    @property
    def pyproject(self) -> Path:
        return self.path / "pyproject.toml"

    @property
    def location(self) -> Path:
        return self.path / "migrations"

    @property
    def url(self) -> str:
        return db_url(self.db)

    # -- subprocesses ---------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["MIGRATOR_DB_URL"] = self.url
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        return env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "migrator", "-c", str(self.pyproject), *args]

    def spawn(self, *args: str, argv: list[str] | None = None) -> subprocess.Popen[str]:
        """Start ``migrator -c <pyproject> ARGS`` (or ``argv``) without waiting for it."""
        return subprocess.Popen(
            argv or self.argv(*args),
            cwd=self.path,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args),
            cwd=self.path,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )

    # -- writing migrations (in-process) --------------------------------------------------
    def command(self) -> Command:
        self.fixture.forget_modules()
        return Command(
            self.fixture.tortoise_config(self.url),
            location=self.location,
            src_folder=self.path,
            online_ddl=self.online_ddl,
        )

    def generate(self, step: int) -> str:
        """Write the migration to the fixture's model version ``step``; returns its id."""
        self.fixture.materialize(step, self.path)
        return self._migrate(empty=False, name=None)

    def hand_written(self, name: str, upgrade: str, downgrade: str) -> str:
        """An empty migration (``migrate --empty``) with hand-written SQL; returns its id."""
        migration_id = self._migrate(empty=True, name=name)
        folder = self.location / APP / migration_id
        _append(folder / "upgrade.sql", upgrade)
        _append(folder / "downgrade.sql", downgrade)
        return migration_id

    def append(self, migration_id: str, upgrade: str, downgrade: str = "") -> None:
        """Add statements to a generated migration (before it is ever applied)."""
        folder = self.location / APP / migration_id
        _append(folder / "upgrade.sql", upgrade)
        if downgrade:
            folder_down = folder / "downgrade.sql"
            folder_down.write_text(downgrade + "\n" + folder_down.read_text(), encoding="utf-8")

    def migrations(self) -> list[Migration]:
        return load_migrations(self.location, APP)

    def _migrate(self, empty: bool, name: str | None) -> str:
        async def go() -> str:
            async with self.command() as cmd:
                written = await cmd.migrate(name=name, empty=empty)
            assert len(written) == 1, written
            return written[0].migration_id

        migration_id = asyncio.run(go())
        self.fixture.forget_modules()
        self.versions.append(migration_id)
        return migration_id


def build_project(
    tmp_path: Path, db: DatabaseConfig, monkeypatch: pytest.MonkeyPatch
) -> CliProject:
    """pyproject.toml with [tool.migrator], the fixture's settings.py, no migrations yet."""
    path = tmp_path / "project"
    path.mkdir()
    fixture = FixtureProject.load(FIXTURE)
    shutil.copyfile(fixture.path / "settings.py", path / "settings.py")
    (path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(path))
    return CliProject(path, db, fixture)


def _append(path: Path, sql: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\n" + sql.strip() + "\n", encoding="utf-8")


# -- looking at a database (fresh connection each time) -------------------------------------
async def fetch(db: DatabaseConfig, sql: str) -> list[tuple[Any, ...]]:
    conn = await db.dialect.backend(db).connect()
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def schema(db: DatabaseConfig, *ignore: str) -> LiveSchema:
    """The live schema without the history table (and ``ignore``)."""
    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        return (await dialect.backend(db).inspect(conn)).without(HISTORY, *ignore)
    finally:
        await conn.close()


async def history(db: DatabaseConfig) -> list[HistoryRow]:
    from migrator.history import History

    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        table = History(conn, dialect.backend(db), HISTORY)
        return await table.rows(APP) if await table.exists() else []
    finally:
        await conn.close()


async def lock_is_free(db: DatabaseConfig, wait: float) -> bool:
    """Can a new runner take the deploy lock within ``wait`` seconds? (released at once)"""
    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        if not await dialect.backend(db).acquire_lock(conn, LOCK_KEY, wait):
            return False
        await dialect.backend(db).release_lock(conn, LOCK_KEY)
        return True
    finally:
        await conn.close()


def check_history(rows: list[HistoryRow], migrations: list[Migration], where: str) -> int:
    """History must be a prefix of the folder, every row applied with the file's checksum.
    Returns how many migrations are applied."""
    ids = [r.id for r in rows]
    assert len(ids) == len(set(ids)), f"{where}: duplicate history rows {ids}"
    expected = [m.id for m in migrations[: len(rows)]]
    assert ids == expected, f"{where}: history {ids} is not a prefix of {expected}"
    for row, migration in zip(rows, migrations, strict=False):
        assert row.status is Status.APPLIED, f"{where}: {row.id} is {row.status}"
        assert row.checksum == migration.checksum(), f"{where}: {row.id} checksum differs"
    return len(rows)


# -- processes ------------------------------------------------------------------------------
def finish(proc: subprocess.Popen[str], timeout: float = RUN_TIMEOUT) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def kill(proc: subprocess.Popen[str], sig: int = signal.SIGKILL) -> tuple[int, str, str]:
    if proc.poll() is None:
        proc.send_signal(sig)
    return finish(proc)


def wait_until(predicate: Any, what: str, timeout: float = 120.0) -> None:
    """Poll ``predicate()`` until it is true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@contextmanager
def holder(project: CliProject) -> Iterator[subprocess.Popen[str]]:
    """A process holding the deploy lock (tests/safety/lockholder.py): SIGUSR1 releases it."""
    proc = project.spawn(
        argv=[sys.executable, "-m", "tests.safety.lockholder", project.db.dialect.name, project.url]
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line == "locked", f"the lock holder did not get the lock: {line!r} {finish(proc)}"
        yield proc
    finally:
        if proc.poll() is None:
            kill(proc)


def release(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGUSR1)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "released"
