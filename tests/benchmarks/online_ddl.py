"""Writer stall during a migration, with online DDL and without. Prints a table; not part of
the test run (`make bench` runs it after run.py).

    python tests/benchmarks/online_ddl.py [--rows 1000000] [--skip-mysql]

A table of ``--rows`` rows (and a populated ``team`` table it gets a foreign key to) takes a
continuous writer on its own connection: one INSERT, then one UPDATE of a random row, again
and again, each operation's latency recorded. Meanwhile ``migrator upgrade`` applies one
migration that adds an index, a unique constraint, a foreign key to ``team`` and makes a
column NOT NULL. Reported: the writer's maximum and p99 latency while the upgrade ran, once
with online DDL (the default) and once with ``online_ddl = false``. Target: maximum writer
stall under 50 ms with online DDL on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from migrator.command import Command  # noqa: E402
from migrator.connection import DatabaseConfig  # noqa: E402

TEAMS = 10_000
MODELS = """\
from tortoise import fields
from tortoise.models import Model


class Team(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)

    class Meta:
        table = "team"


class Item(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40{unique})
    score = fields.IntField({score})
    {team}
    note = fields.CharField(max_length=40, null=True)

    class Meta:
        table = "item"
        {indexes}
"""
V1 = MODELS.format(
    unique="", score="null=True", team="team_id = fields.IntField(null=True)", indexes="pass"
)
V2 = MODELS.format(
    unique=", unique=True",
    score="",
    team="team = fields.ForeignKeyField('models.Team', null=True)",
    indexes='indexes = [("score",)]',
)


def database(dialect: str) -> DatabaseConfig:
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.conftest import database_config

    return database_config(dialect, f"bench_{uuid.uuid4().hex[:8]}", Path(tempfile.gettempdir()))


def tortoise_config(db: DatabaseConfig, module: str) -> dict[str, Any]:
    from tests.conftest import db_url

    return {
        "connections": {"default": db_url(db)},
        "apps": {"models": {"models": [module], "default_connection": "default"}},
    }


POPULATE = {
    "postgres": [
        f"INSERT INTO team (id, name) SELECT g, 't' || g FROM generate_series(1, {TEAMS}) g",
        "INSERT INTO item (id, code, score, team_id) SELECT g, 'c' || g, g % 1000, "
        f"1 + g % {TEAMS} FROM generate_series(1, {{rows}}) g",
        "VACUUM ANALYZE item",
    ],
    "mysql": [
        f"INSERT INTO team (id, name) SELECT seq, CONCAT('t', seq) FROM seq_1_to_{TEAMS}",
        "INSERT INTO item (id, code, score, team_id) SELECT seq, CONCAT('c', seq), seq % 1000, "
        f"1 + seq % {TEAMS} FROM seq_1_to_{{rows}}",
    ],
}


async def prepare(db: DatabaseConfig, workdir: Path, rows: int, online: bool) -> None:
    await db.dialect.backend(db).create_database()
    (workdir / "bench_v1.py").write_text(V1)
    (workdir / "bench_v2.py").write_text(V2)
    location = workdir / "migrations"
    async with Command(tortoise_config(db, "bench_v1"), location=location) as cmd:
        await cmd.migrate()
        await cmd.upgrade()
    conn = await db.dialect.backend(db).connect()
    try:
        for sql in POPULATE[db.dialect.name]:
            await conn.execute(sql.format(rows=rows))
    finally:
        await conn.close()
    async with Command(
        tortoise_config(db, "bench_v2"), location=location, online_ddl=online
    ) as cmd:
        await cmd.migrate(name="online" if online else "offline")


class Writer:
    """Inserts and updates on its own connection and event loop until stopped."""

    def __init__(self, db: DatabaseConfig, rows: int) -> None:
        self.db, self.rows = db, rows
        self.latencies: list[tuple[float, float]] = []  # (finished at, seconds)
        self.stop = threading.Event()
        self.started = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._loop())
        except BaseException as exc:  # reported by the caller
            self.error = exc
            self.started.set()

    async def _loop(self) -> None:
        conn = await self.db.dialect.backend(self.db).connect()
        ph = self.db.dialect.placeholder
        next_id = self.rows + 1
        rnd = random.Random(1)
        insert = f"INSERT INTO item (id, code, score, team_id) VALUES ({ph(1)}, {ph(2)}, 1, 1)"
        update = f"UPDATE item SET note = {ph(1)} WHERE id = {ph(2)}"
        try:
            self.started.set()
            while not self.stop.is_set():
                t0 = time.perf_counter()
                await conn.execute(insert, (next_id, f"w{next_id}"))
                t1 = time.perf_counter()
                self.latencies.append((t1, t1 - t0))
                await conn.execute(update, ("n", rnd.randint(1, self.rows)))
                t2 = time.perf_counter()
                self.latencies.append((t2, t2 - t1))
                next_id += 1
        finally:
            await conn.close()


async def upgrade(db: DatabaseConfig, workdir: Path) -> None:
    async with Command(tortoise_config(db, "bench_v2"), location=workdir / "migrations") as cmd:
        await cmd.upgrade()


def measure(dialect: str, rows: int, online: bool) -> dict[str, Any]:
    db = database(dialect)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sys.path.insert(0, tmp)
        try:
            asyncio.run(prepare(db, workdir, rows, online))
            writer = Writer(db, rows)
            thread = threading.Thread(target=writer.run)
            thread.start()
            writer.started.wait()
            time.sleep(0.5)  # the writer's steady state before the migration
            t0 = time.perf_counter()
            asyncio.run(upgrade(db, workdir))
            t1 = time.perf_counter()
            time.sleep(0.2)
            writer.stop.set()
            thread.join()
            if writer.error is not None:
                raise writer.error
        finally:
            sys.path.remove(tmp)
            for name in ("bench_v1", "bench_v2"):
                sys.modules.pop(name, None)
            asyncio.run(db.dialect.backend(db).drop_database())
    # operations that were in flight while the upgrade ran
    during = sorted(lat for done, lat in writer.latencies if t0 <= done and done - lat <= t1)
    before = sorted(lat for done, lat in writer.latencies if done < t0)
    return {
        "dialect": dialect,
        "online": online,
        "upgrade_s": t1 - t0,
        "ops": len(during),
        "max_ms": during[-1] * 1000 if during else 0.0,
        "p99_ms": during[int(len(during) * 0.99) - 1] * 1000 if during else 0.0,
        "baseline_p99_ms": before[int(len(before) * 0.99) - 1] * 1000 if before else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-mysql", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    dialects = [d for d in ("postgres", "mysql") if not getattr(args, f"skip_{d}")]
    results = [measure(d, args.rows, online) for d in dialects for online in (True, False)]
    print(
        f"Writer stall while `migrator upgrade` runs ({args.rows:,} rows; "
        "index, unique, FK, NOT NULL)"
    )
    print()
    print("| database | online_ddl | upgrade | writer ops | max stall | p99 stall | p99 before |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['dialect']} | {'true' if r['online'] else 'false'} | {r['upgrade_s']:.1f} s "
            f"| {r['ops']:,} | {r['max_ms']:.1f} ms | {r['p99_ms']:.1f} ms "
            f"| {r['baseline_p99_ms']:.1f} ms |"
        )


if __name__ == "__main__":
    main()
