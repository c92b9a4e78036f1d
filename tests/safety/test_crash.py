"""Crash safety on the transactional-DDL dialects (SQLite, PostgreSQL): kill ``upgrade`` at
random points and the database is still exactly at a version.

The series is the ``relations`` fixture's four versions plus two hand-written, slow
migrations (a bulk seed of author/book rows, so that the SQLite table rebuilds of the later
versions copy real data, and a bulk fill of a table ``filler``), so that kills land inside
statements, rebuilds and commits as well as between them. After every kill:

* nothing holds the deploy lock any more;
* the history is a prefix of the folder, each row applied with its file's checksum;
* the live schema equals, exactly, a reference database upgraded to the version the
  history names (references are taken once, one version at a time);
* the seeded rows are all there or all absent, in step with the history;
* SQLite: the file passes ``integrity_check`` and ``foreign_key_check``, a new connection
  has foreign keys on again (the rebuild's ``foreign_keys=OFF`` lived and died with the
  killed connection), and a hot ``-journal`` left by the kill is rolled back by that open.

Kills go against one database in turn, each run continuing where the last one stopped; when
a run reaches the head, the head is compared with ``generate_schemas()`` and the database
starts over empty. The delays are random and seeded: the seed is in every failure message
(set MIGRATOR_CRASH_SEED to replay one; timing still varies).

SIGINT (Ctrl-C) gets the same guarantees, plus exit code 130 and one clean line.

The migrations are generated with ``online_ddl = false``: this is the guarantee of a
migration applied in one transaction. With online DDL, a PostgreSQL migration with blocks
outside the transaction is journaled instead (``partial k/n``, resumed by the next upgrade),
which tests/integration/test_online_ddl.py covers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.history import History, HistoryRow
from tests.conftest import db_url
from tests.integration.projects import tortoise_schema
from tests.safety.harness import (
    APP,
    HISTORY,
    CliProject,
    build_project,
    check_history,
    kill,
    lock_is_free,
    schema,
    wait_until,
)

pytestmark = pytest.mark.safety

DIALECTS = ("sqlite", "postgres")  # MySQL commits each DDL statement: see the runner's journal
KILLS = 30
INTERRUPTS = 5
ROWS = 20000
FILLER = "filler"
SEED = {
    "sqlite": f"""
INSERT INTO author (id, name)
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {ROWS})
    SELECT x, 'author ' || x FROM c;
INSERT INTO book (id, title, author_id) SELECT id, 'book ' || id, id FROM author;
""",
    "postgres": f"""
INSERT INTO author (id, name) SELECT x, 'author ' || x FROM generate_series(1, {ROWS}) AS x;
INSERT INTO book (id, title, author_id) SELECT id, 'book ' || id, id FROM author;
SELECT pg_sleep(0.2);
""",
}
UNSEED = "DELETE FROM book;\nDELETE FROM author;"
FILL = {
    "sqlite": f"""
CREATE TABLE {FILLER} (id INTEGER NOT NULL PRIMARY KEY, pad TEXT NOT NULL);
INSERT INTO {FILLER} (id, pad)
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {ROWS * 4})
    SELECT x, hex(randomblob(32)) FROM c;
CREATE INDEX idx_filler_pad ON {FILLER} (pad);
""",
    "postgres": f"""
CREATE TABLE {FILLER} (id INT NOT NULL PRIMARY KEY, pad TEXT NOT NULL);
INSERT INTO {FILLER} (id, pad) SELECT x, md5(x::text) FROM generate_series(1, {ROWS * 4}) AS x;
SELECT pg_sleep(0.2);
CREATE INDEX idx_filler_pad ON {FILLER} (pad);
""",
}
UNFILL = f"DROP TABLE {FILLER};"


@dataclass
class Series:
    """The project, its reference schemas per version and what ``generate_schemas`` makes."""

    project: CliProject
    references: list[LiveSchema]  # index = number of applied migrations
    generated: LiveSchema
    seed_index: int  # migrations[seed_index] is the bulk seed
    full_run: float  # seconds a subprocess takes for the whole series (estimate)
    migrating: float  # of which the migrations themselves
    seed: int
    log: list[str] = field(default_factory=list)
    hot_journals: int = 0  # kills that left a hot journal for the next open to roll back

    @property
    def db(self) -> DatabaseConfig:
        return self.project.db

    @property
    def head(self) -> int:
        return len(self.references) - 1

    def where(self, what: str) -> str:
        return f"{what} (seed {self.seed}; last runs: {'; '.join(self.log[-6:])})"


def _series(dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch) -> Series:
    project = build_project(tmp_path, make_db(dialect), monkeypatch)
    project.online_ddl = False
    project.generate(0)
    project.hand_written("seed_books", SEED[dialect], UNSEED)
    for step in (1, 2, 3):
        project.generate(step)
    project.hand_written("fill", FILL[dialect], UNFILL)

    reference, fresh = make_db(dialect), make_db(dialect)
    started = time.monotonic()
    references = asyncio.run(_references(project, reference))
    migrating = time.monotonic() - started
    generated = asyncio.run(tortoise_schema(project.fixture, fresh, db_url(fresh)))
    assert references[-1].without(FILLER) == generated, "the series' head is not the models"

    # start-up, connection and lock of a subprocess, on a database that is up to date
    started = time.monotonic()
    result = dataclasses.replace(project, db=reference).run("upgrade")
    assert result.returncode == 0 and "Nothing to upgrade" in result.stdout, result.stderr
    startup = time.monotonic() - started

    seed = int(os.environ.get("MIGRATOR_CRASH_SEED") or random.SystemRandom().randrange(10**6))
    return Series(project, references, generated, 1, startup + migrating, migrating, seed)


async def _references(project: CliProject, reference: DatabaseConfig) -> list[LiveSchema]:
    references = [await schema(reference)]
    for migration in project.migrations():
        cmd = Command(project.fixture.tortoise_config(db_url(reference)), location=project.location)
        async with cmd:
            await cmd.upgrade(migration.version)
        references.append(await schema(reference))
    return references


# -- checks -----------------------------------------------------------------------------------
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # the header of a hot rollback journal


@dataclass(frozen=True)
class Observed:
    lock_free: bool
    rows: list[HistoryRow]
    schema: LiveSchema
    counts: dict[str, int]
    pragmas: dict[str, list[tuple[Any, ...]]]


async def _observe(db: DatabaseConfig) -> Observed:
    """Everything _verify looks at, on one new connection (after the lock probe's)."""
    lock_free = await lock_is_free(db, 10.0)
    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        table = History(conn, dialect.backend(db), HISTORY)
        rows = await table.rows(APP) if await table.exists() else []
        live = (await dialect.backend(db).inspect(conn)).without(HISTORY)
        counts = {}
        if "author" in live.tables:
            for name in ("author", "book"):
                counts[name] = (await conn.fetch(f"SELECT count(*) FROM {name}"))[0][0]
        pragmas = {}
        if db.dialect.name == "sqlite":
            for pragma in ("integrity_check", "foreign_keys", "foreign_key_check"):
                pragmas[pragma] = await conn.fetch(f"PRAGMA {pragma}")
    finally:
        await conn.close()
    return Observed(lock_free, rows, live, counts, pragmas)


def _verify(series: Series, what: str) -> int:
    """Every guarantee after a run was stopped; returns the number of applied migrations."""
    db = series.db
    journal = Path(db.database + "-journal")
    hot = db.dialect.name == "sqlite" and _is_hot(journal)
    # the lock probe comes first: a killed PostgreSQL backend keeps its locks until it
    # notices, and the lock says when it is gone
    seen = asyncio.run(_observe(db))
    assert seen.lock_free, series.where(f"{what}: the deploy lock is still held")
    applied = check_history(seen.rows, series.project.migrations(), series.where(what))
    assert seen.schema == series.references[applied], series.where(
        f"{what}: schema differs from version {applied}"
    )
    if applied > 0:
        expected = ROWS if applied > series.seed_index else 0
        assert seen.counts == {"author": expected, "book": expected}, series.where(
            f"{what}: rows {seen.counts}"
        )
    if db.dialect.name == "sqlite":
        assert seen.pragmas["integrity_check"] == [("ok",)], series.where(f"{what}: {seen}")
        assert seen.pragmas["foreign_keys"] == [(1,)], series.where(f"{what}: foreign keys off")
        assert seen.pragmas["foreign_key_check"] == [], series.where(f"{what}: {seen}")
        # a hot journal is rolled back (and deleted) by the first connection that reads
        assert not _is_hot(journal), series.where(f"{what}: the -journal is still hot")
    series.log.append(f"{what}: at {applied}{' (hot journal)' if hot else ''}")
    if hot:
        series.hot_journals += 1
    return applied


def _is_hot(journal: Path) -> bool:
    """A rollback journal SQLite would replay: present with a valid header. (A journal
    whose header was never written or was zeroed is ignored and overwritten.)"""
    try:
        with journal.open("rb") as f:
            return f.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def _verify_head_and_restart(series: Series, what: str) -> None:
    """At the head: the schema is what generate_schemas makes; then start over empty."""
    live = asyncio.run(schema(series.db, FILLER))
    assert live == series.generated, series.where(f"{what}: head differs from generate_schemas")
    dialect = series.db.dialect
    asyncio.run(dialect.backend(series.db).drop_database())
    asyncio.run(dialect.backend(series.db).create_database())
    series.log.append(f"{what}: head reached, database emptied")


def _rerun_to_head(series: Series) -> None:
    result = series.project.run("upgrade")
    assert result.returncode == 0, series.where(f"rerun failed: {result.stderr}")
    assert _verify(series, "rerun") == series.head, series.where("the rerun stopped short")
    _verify_head_and_restart(series, "rerun")


# -- the tests --------------------------------------------------------------------------------
# 30 kills with a fresh database each: the slowest test of the suite, given room on a loaded machine
@pytest.mark.timeout(600)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_sigkill_at_random_points_leaves_a_consistent_database(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = _series(dialect, tmp_path, make_db, monkeypatch)
    rng = random.Random(series.seed)
    kills = runs = 0
    positions: set[int] = set()
    while kills < KILLS:
        runs += 1
        assert runs < KILLS * 4, series.where("too few runs could be killed")
        proc = series.project.spawn("upgrade")
        delay = rng.uniform(0.0, series.full_run)
        time.sleep(delay)
        code, _, err = kill(proc, signal.SIGKILL)
        what = f"run {runs} ({delay:.2f} s)"
        if code == -signal.SIGKILL:
            kills += 1
            positions.add(_verify(series, f"{what} killed"))
            _rerun_sometimes(series, rng)
            continue
        assert code == 0, series.where(f"{what}: exit {code}: {err.strip()}")
        assert _verify(series, f"{what} finished") == series.head, series.where(what)
        _verify_head_and_restart(series, what)
    # the kills must have hit the migrations, not only process start-up: some left the
    # database part-way through the series
    assert any(0 < p < series.head for p in positions), series.where(
        f"every kill landed at an end of the series: {sorted(positions)}"
    )
    _rerun_to_head(series)
    print(
        f"\n{dialect}: {kills} kills in {runs} runs (seed {series.seed}), stopped with "
        f"{sorted(positions)} applied, {series.hot_journals} hot journals rolled back"
    )


def _holds_lock(series: Series, proc: subprocess.Popen[str]) -> bool:
    """The runner holds the deploy lock now (or has already exited)."""
    return proc.poll() is not None or not asyncio.run(lock_is_free(series.db, 0))


def _printed_head(series: Series, out: str) -> bool:
    return f"Applied models {series.project.versions[-1]} " in out


def _rerun_sometimes(series: Series, rng: random.Random) -> None:
    """Now and then, check right after a kill that a plain rerun reaches the head."""
    if rng.random() < 0.15:
        _rerun_to_head(series)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_sigint_rolls_back_and_exits_130_with_one_line(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = _series(dialect, tmp_path, make_db, monkeypatch)
    rng = random.Random(series.seed)
    interrupts = runs = 0
    while interrupts < INTERRUPTS:
        runs += 1
        assert runs < INTERRUPTS * 4, series.where("too few runs could be interrupted")
        proc = series.project.spawn("upgrade")
        # Ctrl-C while the migrations run (not while Python starts): once the lock is held
        wait_until(lambda p=proc: _holds_lock(series, p), "the runner to take the lock")
        delay = rng.uniform(0.0, series.migrating)
        time.sleep(delay)
        code, out, err = kill(proc, signal.SIGINT)
        what = f"run {runs} ({delay:.2f} s)"
        if code == 0 or (code == -signal.SIGINT and _printed_head(series, out)):
            # it finished first (a signal during interpreter exit kills it quietly)
            assert _verify(series, f"{what} finished") == series.head, series.where(what)
            _verify_head_and_restart(series, what)
            continue
        assert code == 130, series.where(f"{what}: exit {code}: {err!r}")
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: interrupted"), series.where(
            f"{what}: stderr {err!r}"
        )
        interrupts += 1
        _verify(series, f"{what} interrupted")
    _rerun_to_head(series)
