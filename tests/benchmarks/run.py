"""Benchmarks; prints a table. Not part of the test run (`make bench`).

    python tests/benchmarks/run.py [--skip-postgres]

Targets from the issue: `migrator --help` < 100 ms, 200-model initial migrate < 1 s,
upgrade of 100 pending migrations within 1.5x of executing the same SQL with the driver.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from migrator.command import Command  # noqa: E402
from migrator.connection import DatabaseConfig  # noqa: E402

MODELS = 200


def synthetic_models(count: int, extra_field: bool = False) -> str:
    lines = ["from tortoise import fields", "from tortoise.models import Model", ""]
    for i in range(count):
        lines += [
            f"class Model{i}(Model):",
            f'    """Synthetic model {i}."""',
            "    id = fields.IntField(primary_key=True)",
            "    #: the display name",
            "    name = fields.CharField(max_length=100, db_index=True)",
            "    amount = fields.DecimalField(max_digits=10, decimal_places=2, null=True)",
            "    created = fields.DatetimeField(auto_now_add=True)",
        ]
        if i:
            lines.append(f'    parent = fields.ForeignKeyField("models.Model{i - 1}", null=True)')
        if extra_field and i == count // 2:
            lines.append("    note = fields.CharField(max_length=20, null=True)")
        lines += ["", ""]
    return "\n".join(lines)


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return min(samples)


async def atimed(fn: Callable[[], Awaitable[object]]) -> float:
    t0 = time.perf_counter()
    await fn()
    return time.perf_counter() - t0


def bench_help() -> tuple[float, float]:
    exe = Path(sys.executable).with_name("migrator")
    help_s = timed(lambda: subprocess.run([str(exe), "--help"], capture_output=True, check=True), 7)
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 7)
    return help_s, bare


def bench_migrate(work: Path) -> tuple[float, float, float]:
    """(initial migrate in-process, one-field change migrate, initial via CLI subprocess)."""
    (work / "models.py").write_text(synthetic_models(MODELS))
    config = {
        "connections": {"default": f"sqlite://{work / 'db.sqlite3'}"},
        "apps": {"models": {"models": ["models"], "default_connection": "default"}},
    }
    sys.path.insert(0, str(work))
    initial = asyncio.run(_migrate(config, work / "migrations"))
    (work / "models.py").write_text(synthetic_models(MODELS, extra_field=True))
    change = asyncio.run(_migrate(config, work / "migrations"))
    (work / "pyproject.toml").write_text(
        '[tool.migrator]\ntortoise_orm = "settings.TORTOISE_ORM"\nlocation = "./cli_migrations"\n'
    )
    (work / "settings.py").write_text(f"TORTOISE_ORM = {config!r}\n")
    exe = Path(sys.executable).with_name("migrator")
    cli = timed(
        lambda: subprocess.run([str(exe), "migrate"], cwd=work, check=True, capture_output=True)
    )
    return initial, change, cli


async def _migrate(config: dict[str, object], location: Path) -> float:
    async with Command(config, location=location) as cmd:
        return await atimed(lambda: cmd.migrate())


def hundred_migrations(work: Path, url: str, location: Path) -> None:
    """100 small migrations for the database at ``url``: each adds a column to one table."""
    models = work / "hundred"
    models.mkdir(exist_ok=True)
    if str(models) not in sys.path:
        sys.path.insert(0, str(models))

    async def make() -> None:
        async with Command(_bench_config(url), location=location) as cmd:
            for i in range(100):
                fields = "".join(f"    c{j} = fields.IntField(null=True)\n" for j in range(i))
                (models / "bench_models.py").write_text(
                    "from tortoise import fields\nfrom tortoise.models import Model\n\n"
                    "class Item(Model):\n    id = fields.IntField(primary_key=True)\n" + fields
                )
                sys.modules.pop("bench_models", None)
                await cmd.migrate()

    asyncio.run(make())


def _bench_config(url: str) -> dict[str, object]:
    return {
        "connections": {"default": url},
        "apps": {"models": {"models": ["bench_models"], "default_connection": "default"}},
    }


ROUNDS = 7  # each side runs this often on a fresh database; the best run counts


async def bench_upgrade(db: DatabaseConfig, location: Path, url: str) -> tuple[float, float]:
    """(ours, floor): ``upgrade`` of every pending migration, connect to close, against
    connecting and running each file's statements in a transaction with the driver. Rounds
    alternate, so imports and a cold server cost both sides alike."""
    dialect = db.dialect
    files = sorted((location / "models").glob("*/upgrade.sql"))

    async def ours() -> None:
        async with Command(_bench_config(url), location=location) as cmd:
            await cmd.upgrade()

    async def direct() -> None:
        conn = await dialect.backend(db).connect()
        try:
            for f in files:
                await conn.execute(dialect.begin_sql)
                for statement in dialect.split(f.read_text()):
                    await conn.execute(statement.sql)
                await conn.execute("COMMIT")
        finally:
            await conn.close()

    best = {ours: float("inf"), direct: float("inf")}
    for _ in range(ROUNDS):
        for run in (ours, direct):
            await dialect.backend(db).create_database()
            try:
                best[run] = min(best[run], await atimed(run))
            finally:
                await dialect.backend(db).drop_database()
    return best[ours], best[direct]


def database(dialect: str, work: Path) -> tuple[DatabaseConfig, str]:
    from tortoise.backends.base.config_generator import expand_db_url

    name = f"bench_{uuid.uuid4().hex[:8]}"
    if dialect == "sqlite":
        url = f"sqlite://{work / (name + '.sqlite3')}"
    else:
        base = os.environ.get("MIGRATOR_PG_DSN", "postgres://postgres@127.0.0.1:5432/postgres")
        url = base.rsplit("/", 1)[0] + "/" + name
    e = expand_db_url(url)
    return DatabaseConfig(dialect, e["engine"], e["credentials"]), url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    help_s, bare = bench_help()
    rows.append(
        (
            "migrator --help",
            f"{help_s * 1000:.0f} ms",
            f"< 100 ms (bare python {bare * 1000:.0f} ms)",
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        initial, change, cli = bench_migrate(work)
        rows.append(
            (f"migrate, initial, {MODELS} models (in-process)", f"{initial:.2f} s", "< 1 s")
        )
        rows.append((f"migrate, initial, {MODELS} models (CLI process)", f"{cli:.2f} s", "-"))
        rows.append((f"migrate, one field changed, {MODELS} models", f"{change:.2f} s", "< 1 s"))
        for name in ["sqlite"] if args.skip_postgres else ["sqlite", "postgres"]:
            db, url = database(name, work)
            location = work / f"migrations_{name}"
            hundred_migrations(work, url, location)
            ours, floor = asyncio.run(bench_upgrade(db, location, url))
            rows.append(
                (
                    f"upgrade 100 migrations, {name}",
                    f"{ours:.2f} s",
                    f"direct driver {floor:.2f} s: {ours / floor:.2f}x (target <= 1.5x)",
                )
            )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'result':>10}  target")
    print("-" * (width + 40))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
