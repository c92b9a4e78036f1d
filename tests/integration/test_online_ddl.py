"""Online DDL on a real PostgreSQL server: while each online form does its long part (the
concurrent build, the validation scan), a writer on its own connection inserts and updates
the table without waiting for a lock. Whether the writer waited is read from ``pg_locks``,
not from timing: the migration is held at its long step by a session holding a lock that
step needs (and that writers do not conflict with), and the writer must finish meanwhile.

Also: a failed concurrent build (duplicates under a new unique constraint) leaves the
migration ``partial k/n`` and an INVALID index; ``upgrade`` drops that index and resumes,
``downgrade`` reverts; a DDL step that times out waiting for its lock is retried; and a second
runner waiting for the deploy lock does not hold up a concurrent index build.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from click.testing import Result

from tests.project_factory import (
    MODELS_V1,
    Project,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

PARENT = """\
from tortoise import fields
from tortoise.models import Model


class Team(Model):
    id = fields.IntField(primary_key=True)

    class Meta:
        table = "team"
"""
V1 = MODELS_V1.replace(
    "    username = fields.CharField(max_length=50)\n",
    "    username = fields.CharField(max_length=50)\n"
    "    score = fields.IntField(null=True)\n"
    "    team_id = fields.IntField(null=True)\n",
)
WITH_INDEX = V1.replace(
    '        table = "user"\n', '        table = "user"\n        indexes = [("score",)]\n'
)
WITH_UNIQUE = V1.replace(
    "username = fields.CharField(max_length=50)",
    "username = fields.CharField(max_length=50, unique=True)",
)
WITH_NOT_NULL = V1.replace("score = fields.IntField(null=True)", "score = fields.IntField()")
WITH_FK = PARENT + V1.replace(
    "from tortoise import fields\nfrom tortoise.models import Model\n", ""
).replace(
    "    team_id = fields.IntField(null=True)\n",
    "    team = fields.ForeignKeyField('models.Team', null=True, db_constraint=True)\n",
)
V1_FK = PARENT + V1.replace("from tortoise import fields\nfrom tortoise.models import Model\n", "")

WAITING_SQL = """
SELECT l.pid, l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> pg_backend_pid()
"""


def pg(project: Project) -> dict[str, Any]:
    c = project.db.credentials
    return {"host": c["host"], "port": int(c["port"]), "user": c["user"], "database": c["database"]}


def in_background(project: Project, *args: str) -> tuple[threading.Thread, list[Result]]:
    out: list[Result] = []
    thread = threading.Thread(target=lambda: out.append(project.cli(*args)), daemon=True)
    thread.start()
    return thread, out


async def until(check: Callable[[], Awaitable[Any]], what: str, limit: float = 60) -> Any:
    """Poll ``check`` until it returns something truthy (a catalog query, not a timing)."""
    deadline = asyncio.get_running_loop().time() + limit
    while asyncio.get_running_loop().time() < deadline:
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


async def migrator_waits(watcher: asyncpg.Connection, mode: str) -> list[Any]:
    async def check() -> list[Any]:
        rows = await watcher.fetch(WAITING_SQL)
        return [r for r in rows if r["mode"] == mode]

    return await until(check, f"the migration to wait for {mode}")


async def writer_passes(project: Project, watcher: asyncpg.Connection) -> None:
    """Insert and update on a connection of its own; fail if pg_locks ever shows it waiting."""
    writer = await asyncpg.connect(**pg(project))
    pid = writer.get_server_pid()
    try:
        work = asyncio.ensure_future(
            writer.execute(
                "INSERT INTO \"user\" (id, username, score) VALUES (1000, 'w', 1);"
                'UPDATE "user" SET score = score + 1 WHERE id = 1000'
            )
        )
        while not work.done():
            waits = await watcher.fetch(
                "SELECT mode FROM pg_locks WHERE pid = $1 AND NOT granted", pid
            )
            assert not waits, f"the writer waits for a lock: {[w['mode'] for w in waits]}"
            await asyncio.sleep(0.01)
        await work
    finally:
        await writer.close()


def held_at_long_step(project: Project, mode_held: str, waited_mode: str) -> Result:
    """Run ``upgrade`` while another session holds ``mode_held`` on user; once the migration
    waits for ``waited_mode`` (its long step), a writer must get through; then release."""

    async def go() -> tuple[threading.Thread, list[Result]]:
        blocker = await asyncpg.connect(**pg(project))
        watcher = await asyncpg.connect(**pg(project))
        try:
            await blocker.execute(f'BEGIN; LOCK TABLE "user" IN {mode_held} MODE')
            thread, out = in_background(project, "upgrade")
            await migrator_waits(watcher, waited_mode)
            await writer_passes(project, watcher)
            await blocker.execute("COMMIT")
            return thread, out
        finally:
            await blocker.close()
            await watcher.close()

    thread, out = asyncio.run(go())
    thread.join(120)
    assert out, "upgrade did not finish"
    return out[0]


def fresh(project_factory: Any, models: str = V1) -> Project:  # noqa: F811
    project: Project = project_factory("postgres", models)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch(
        'INSERT INTO "user" (id, username, score) '
        "SELECT g, 'u' || g, g FROM generate_series(1, 50) g"
    )
    return project


def test_concurrent_index_build_lets_writers_through(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.write_models(WITH_INDEX)
    ok(project, "migrate")
    result = held_at_long_step(project, "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock")
    assert result.exit_code == 0, result.output
    valid = project.fetch(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname LIKE 'idx_user_score%'"
    )
    assert valid == [(True,)]


def test_unique_constraint_build_lets_writers_through(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.write_models(WITH_UNIQUE)
    ok(project, "migrate")
    result = held_at_long_step(project, "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock")
    assert result.exit_code == 0, result.output
    assert project.fetch(
        "SELECT contype::text FROM pg_constraint WHERE conname = 'user_username_key'"
    ) == [("u",)]


def fail_then_hold_validation(project: Project, fix: str) -> Result:
    """The first upgrade stops at the VALIDATE step (bad rows); after ``fix`` the resumed
    upgrade runs the validation while a writer gets through."""
    failed = project.cli("upgrade")
    assert failed.exit_code == 1 and "VALIDATE CONSTRAINT" in failed.output, failed.output
    assert "partially applied" in failed.output
    project.fetch(fix)
    return held_at_long_step(project, "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock")


def test_not_null_validation_lets_writers_through(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.fetch('UPDATE "user" SET score = NULL WHERE id = 7')
    project.write_models(WITH_NOT_NULL)
    ok(project, "migrate")
    result = fail_then_hold_validation(project, 'UPDATE "user" SET score = 7 WHERE id = 7')
    assert result.exit_code == 0, result.output
    assert "resumed after statement" in result.output
    nullable = project.fetch(
        "SELECT is_nullable FROM information_schema.columns "
        "WHERE table_name = 'user' AND column_name = 'score'"
    )
    assert nullable == [("NO",)]
    leftovers = project.fetch(
        "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid = '\"user\"'::regclass"
    )
    assert leftovers == []


def test_foreign_key_validation_lets_writers_through(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory, V1_FK)
    project.fetch("INSERT INTO team (id) SELECT g FROM generate_series(1, 5) g")
    project.fetch('UPDATE "user" SET team_id = 1 + id % 5')
    project.fetch('UPDATE "user" SET team_id = 99 WHERE id = 3')  # no such team
    project.write_models(WITH_FK)
    written = ok(project, "migrate")
    assert "team" in written
    result = fail_then_hold_validation(project, 'UPDATE "user" SET team_id = 1 WHERE id = 3')
    assert result.exit_code == 0, result.output
    validated = project.fetch(
        "SELECT convalidated FROM pg_constraint WHERE conname = 'user_team_id_fkey'"
    )
    assert validated == [(True,)]


def test_failed_concurrent_build_leaves_partial_and_resumes(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.fetch("UPDATE \"user\" SET username = 'dup' WHERE id IN (4, 5)")
    project.write_models(WITH_UNIQUE)
    ok(project, "migrate")
    failed = project.cli("upgrade")
    assert failed.exit_code == 1
    assert "partially applied (0 of 2 statements ran)" in failed.output, failed.output
    assert "resume at statement 1" in failed.output
    invalid = (
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE NOT i.indisvalid"
    )
    assert project.fetch(invalid) == [("user_username_key",)]
    assert "PARTIAL 0/2" in ok(project, "history")

    project.fetch("UPDATE \"user\" SET username = 'dup2' WHERE id = 5")
    resumed = ok(project, "upgrade")
    assert "Applied models 0002" in resumed
    assert project.fetch(invalid) == []
    assert project.fetch(
        "SELECT contype::text FROM pg_constraint WHERE conname = 'user_username_key'"
    ) == [("u",)]
    assert history_ids(project)[1].startswith("0002_")


def test_downgrade_of_a_failed_concurrent_build_cleans_up(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.fetch("UPDATE \"user\" SET username = 'dup' WHERE id IN (4, 5)")
    project.write_models(WITH_UNIQUE)
    ok(project, "migrate")
    assert project.cli("upgrade").exit_code == 1
    ok(project, "downgrade", "-y")
    assert history_ids(project) == ["0001_initial"]
    assert project.fetch("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == [(0,)]


def test_lock_timeout_step_is_retried(project_factory: Any) -> None:  # noqa: F811
    """A plain ALTER (in the migration's transaction) waiting behind a reader gives up after
    the lock timeout and is tried again; once the reader ends, the retry succeeds."""
    project = fresh(project_factory)
    project.write_models(
        WITH_NOT_NULL.replace(
            "score = fields.IntField()",
            "score = fields.IntField(null=True)\n    extra = fields.IntField(null=True)",
        )
    )
    ok(project, "migrate")

    async def go() -> tuple[threading.Thread, list[Result], set[Any]]:
        blocker = await asyncpg.connect(**pg(project))
        watcher = await asyncpg.connect(**pg(project))
        attempts: set[Any] = set()
        try:
            await blocker.execute('BEGIN; SELECT count(*) FROM "user"')  # ACCESS SHARE
            thread, out = in_background(
                project, "upgrade", "--ddl-lock-timeout", "0.3", "--ddl-lock-retries", "50"
            )

            async def two_attempts() -> bool:
                rows = await watcher.fetch(
                    "SELECT a.query_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE NOT l.granted AND l.mode = 'AccessExclusiveLock' "
                    "AND a.datname = current_database()"
                )
                attempts.update(r[0] for r in rows)
                return len(attempts) >= 2

            await until(two_attempts, "a second attempt of the ALTER")
            await blocker.execute("COMMIT")
            return thread, out, attempts
        finally:
            await blocker.close()
            await watcher.close()

    thread, out, attempts = asyncio.run(go())
    thread.join(60)
    assert out and out[0].exit_code == 0, out and out[0].output
    assert len(attempts) >= 2
    assert len(history_ids(project)) == 2


def test_lock_timeout_gives_up_after_the_retries(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    project.write_models(
        V1.replace("    team_id", "    extra = fields.IntField(null=True)\n    team_id")
    )
    ok(project, "migrate")

    async def go() -> Result:
        blocker = await asyncpg.connect(**pg(project))
        try:
            await blocker.execute('BEGIN; SELECT count(*) FROM "user"')
            return await asyncio.to_thread(
                project.cli, "upgrade", "--ddl-lock-timeout", "0.05", "--ddl-lock-retries", "1"
            )
        finally:
            await blocker.close()

    result = asyncio.run(go())
    assert result.exit_code == 1
    assert "tried 2 times" in result.output and "--ddl-lock-timeout" in result.output
    assert "lock timeout" in result.output  # the server's own message
    assert history_ids(project) == ["0001_initial"]


def test_deploy_lock_wait_does_not_deadlock_with_a_concurrent_build(
    project_factory: Any,  # noqa: F811
) -> None:
    """Runner A builds an index CONCURRENTLY, which waits for every transaction older than
    its snapshot; runner B meanwhile waits for the deploy lock. B polls the lock between
    short statements and holds no transaction open, so A's build never waits for B."""
    project = fresh(project_factory)
    project.write_models(WITH_INDEX)
    ok(project, "migrate")

    async def go() -> list[Result]:
        holder = await asyncpg.connect(**pg(project))
        watcher = await asyncpg.connect(**pg(project))
        try:
            # an open transaction with a snapshot: the concurrent build waits for it
            await holder.execute(
                'BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1 FROM "user" LIMIT 1'
            )
            first, out_a = in_background(project, "upgrade")
            # A waits for holder's virtual transaction id (build phase), not for a table lock
            await until(
                lambda: watcher.fetch(
                    "SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'virtualxid'"
                ),
                "the build to wait for older transactions",
            )
            second, out_b = in_background(project, "upgrade", "--lock-timeout", "60")
            # B is polling the deploy lock: not in a transaction whenever A looks
            await until(
                lambda: watcher.fetch(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                    "AND query LIKE '%pg_try_advisory_lock%'"
                ),
                "the second runner to poll the deploy lock",
            )
            blockers = await watcher.fetch(
                "SELECT DISTINCT unnest(pg_blocking_pids(pid)) FROM pg_locks WHERE NOT granted "
                "AND locktype = 'virtualxid'"
            )
            assert [r[0] for r in blockers] == [holder.get_server_pid()]
            await holder.execute("COMMIT")
            await asyncio.to_thread(first.join, 60)
            await asyncio.to_thread(second.join, 60)
            return out_a + out_b
        finally:
            await holder.close()
            await watcher.close()

    results = asyncio.run(go())
    assert len(results) == 2 and all(r.exit_code == 0 for r in results), [r.output for r in results]
    # (two CliRunners in threads share sys.stdout, so their outputs are not compared)
    assert len(history_ids(project)) == 2


def test_hand_written_mark_runs_statements_outside_the_transaction(project_factory: Any) -> None:  # noqa: F811
    project = fresh(project_factory)
    ok(project, "migrate", "--empty", "--name", "by_hand")
    upgrade_sql = project.migrations / "0002_by_hand" / "upgrade.sql"
    body = (
        'UPDATE "user" SET score = 0 WHERE score IS NULL;\n'
        "-- OUTSIDE TRANSACTION: build without blocking writes\n"
        'CREATE INDEX CONCURRENTLY idx_by_hand ON "user" (score);\n'
    )
    upgrade_sql.write_text('CREATE INDEX CONCURRENTLY idx_by_hand ON "user" (score);\n')
    refused = project.cli("upgrade")
    assert refused.exit_code == 1
    assert "cannot run inside a transaction" in refused.output
    assert "-- OUTSIDE TRANSACTION: <why>" in refused.output and "nothing was run" in refused.output
    assert history_ids(project) == ["0001_initial"]

    upgrade_sql.write_text(body)
    (project.migrations / "0002_by_hand" / "downgrade.sql").write_text(
        "-- OUTSIDE TRANSACTION: drop without blocking writes\n"
        "DROP INDEX CONCURRENTLY idx_by_hand;\n"
    )
    assert "Applied models 0002_by_hand (2 statements" in ok(project, "upgrade")
    assert project.fetch(
        "SELECT indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = 'idx_by_hand'"
    ) == [(True,)]
    ok(project, "downgrade", "-y")
    assert project.fetch("SELECT 1 FROM pg_class WHERE relname = 'idx_by_hand'") == []
    assert history_ids(project) == ["0001_initial"]
