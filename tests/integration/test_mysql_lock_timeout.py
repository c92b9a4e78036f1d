"""DDL lock timeouts on a real MariaDB/MySQL server: an ALTER waiting for the table's metadata
lock behind an open transaction gives up after ``lock_wait_timeout`` and is tried again; once
the transaction ends, the retry succeeds. Attempts are counted from the server's process list
(a new wait is a new attempt), not from timing.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import asyncmy
from click.testing import Result

from tests.project_factory import (
    MODELS_V1,
    Project,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

WITH_EXTRA = MODELS_V1.replace(
    "    username = fields.CharField(max_length=50)\n",
    "    username = fields.CharField(max_length=50)\n    extra = fields.IntField(null=True)\n",
)

WAITING_ALTER = """
SELECT ID, TIME_MS FROM information_schema.PROCESSLIST
WHERE DB = DATABASE() AND STATE = 'Waiting for table metadata lock' AND INFO LIKE 'ALTER TABLE%'
"""


async def connect(project: Project) -> Any:
    c = project.db.credentials
    return await asyncmy.connect(
        host=c["host"],
        port=int(c["port"]),
        user=c["user"],
        password=c.get("password") or "",
        db=c["database"],
        autocommit=False,
    )


async def run(conn: Any, sql: str) -> list[Any]:
    async with conn.cursor() as cursor:
        await cursor.execute(sql)
        return list(await cursor.fetchall())


def populated(project_factory: Any) -> Project:  # noqa: F811
    project: Project = project_factory("mysql", MODELS_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch("INSERT INTO `user` (id, username) VALUES (1, 'ann'), (2, 'bob')")
    project.write_models(WITH_EXTRA)
    ok(project, "migrate")
    return project


def in_background(project: Project, *args: str) -> tuple[threading.Thread, list[Result]]:
    out: list[Result] = []
    thread = threading.Thread(target=lambda: out.append(project.cli(*args)), daemon=True)
    thread.start()
    return thread, out


async def count_attempts(watcher: Any, wanted: int, limit: float = 60) -> int:
    """Poll the process list until the ALTER has started waiting ``wanted`` separate times:
    a wait that disappears and comes back (or whose wait time drops) is a new attempt."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    attempts, waiting, last_ms = 0, False, -1.0
    while loop.time() < deadline:
        await run(watcher, "ROLLBACK")  # a fresh snapshot of the process list each time
        rows = await run(watcher, WAITING_ALTER)
        if rows:
            ms = float(rows[0][1])
            if not waiting or ms < last_ms:
                attempts += 1
            waiting, last_ms = True, ms
        else:
            waiting = False
        if attempts >= wanted:
            return attempts
        await asyncio.sleep(0.02)
    raise AssertionError(f"saw {attempts} attempts of the ALTER, wanted {wanted}")


def test_metadata_lock_timeout_is_retried_until_the_reader_ends(
    project_factory: Any,  # noqa: F811
) -> None:
    project = populated(project_factory)

    async def go() -> tuple[threading.Thread, list[Result], int]:
        blocker = await connect(project)
        watcher = await connect(project)
        try:
            await run(blocker, "START TRANSACTION")
            await run(blocker, "SELECT count(*) FROM `user`")  # holds a shared metadata lock
            thread, out = in_background(
                project, "upgrade", "--ddl-lock-timeout", "1", "--ddl-lock-retries", "20"
            )
            attempts = await count_attempts(watcher, 2)
            await run(blocker, "COMMIT")
            return thread, out, attempts
        finally:
            blocker.close()
            watcher.close()

    thread, out, attempts = asyncio.run(go())
    thread.join(120)
    assert out and out[0].exit_code == 0, out and out[0].output
    assert attempts >= 2
    assert len(history_ids(project)) == 2
    assert project.fetch("SELECT id, username, extra FROM `user` ORDER BY id") == [
        (1, "ann", None),
        (2, "bob", None),
    ]


def test_metadata_lock_timeout_gives_up_after_the_retries(project_factory: Any) -> None:  # noqa: F811
    project = populated(project_factory)

    async def go() -> Result:
        blocker = await connect(project)
        try:
            await run(blocker, "START TRANSACTION")
            await run(blocker, "SELECT count(*) FROM `user`")
            return await asyncio.to_thread(
                project.cli, "upgrade", "--ddl-lock-timeout", "1", "--ddl-lock-retries", "1"
            )
        finally:
            blocker.close()

    result = asyncio.run(go())
    assert result.exit_code == 1, result.output
    assert "tried 2 times" in result.output and "--ddl-lock-timeout" in result.output
    assert "Lock wait timeout" in result.output  # the server's own message
    assert history_ids(project) == ["0001_initial"]
    columns = project.fetch(
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'user' ORDER BY ORDINAL_POSITION"
    )
    assert ("extra",) not in columns
