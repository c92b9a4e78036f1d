"""`migrator upgrade` prints each migration as it is applied, not when the run ends: a real
process is held at its third migration by a table lock while the test reads the second one's
line; on a failure the lines of what was applied come before the error."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from tests.project_factory import (
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


def test_upgrade_prints_each_migration_while_the_run_goes_on(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    ok(project, "migrate", "--empty", "--name", "audit")
    ok(project, "migrate", "--empty", "--name", "touch_users")
    (project.migrations / "0002_audit" / "upgrade.sql").write_text(
        "CREATE TABLE audit (id INT PRIMARY KEY);\n", encoding="utf-8"
    )
    (project.migrations / "0003_touch_users" / "upgrade.sql").write_text(
        'UPDATE "user" SET username = username;\n', encoding="utf-8"
    )
    db = project.db

    async def go() -> tuple[str, str, int | None]:
        backend = db.dialect.backend(db)
        blocker = await backend.connect()
        await blocker.execute("BEGIN")
        await blocker.execute('LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE')
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "migrator",
            "-c",
            str(project.pyproject),
            "upgrade",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert process.stdout is not None
        try:
            first = await asyncio.wait_for(process.stdout.readline(), 60)
            still_running = process.returncode
        finally:
            await blocker.execute("ROLLBACK")
            await blocker.close()
        rest = await asyncio.wait_for(process.stdout.read(), 60)
        await asyncio.wait_for(process.wait(), 60)
        assert process.returncode == 0, rest
        return first.decode(), rest.decode(), still_running

    first, rest, returncode_while_blocked = asyncio.run(go())
    assert first.startswith("Applied models 0002_audit (1 statements, ")
    assert returncode_while_blocked is None, "the line came before the run ended"
    assert rest.startswith("Applied models 0003_touch_users (1 statements, ")


def test_on_failure_the_applied_migrations_are_listed_before_the_error(
    project_factory: Any,  # noqa: F811
) -> None:
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "broken")
    (project.migrations / "0002_broken" / "upgrade.sql").write_text(
        "INSERT INTO no_such_table VALUES (1);\n", encoding="utf-8"
    )
    result = project.cli("upgrade")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Applied models 0001_initial (")
    assert lines[1].startswith("Error: ") and "no_such_table" in lines[1]
    assert len(lines) == 2
