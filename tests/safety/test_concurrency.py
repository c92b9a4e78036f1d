"""Replicas deploying together: eight ``migrator upgrade`` processes start at the same moment
against one database with five pending migrations. The deploy lock lets one of them apply
everything; the others wait for it and then find nothing to do. Every migration body must
run exactly once (each one records itself in a table ``ran``), every process exits 0 and the
history holds each migration once.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ALL_DIALECTS
from tests.safety.harness import (
    CliProject,
    build_project,
    fetch,
    finish,
    history,
    wait_until,
)

pytestmark = pytest.mark.safety

RUNNERS = 8
APPLIED = re.compile(r"^Applied models (\S+) ", re.MULTILINE)


def _observable_series(project: CliProject) -> list[str]:
    """Five migrations (the fixture's four versions and a hand-written one), each of which
    inserts its own name into ``ran`` besides its DDL."""
    first = project.generate(0)
    project.append(
        first,
        "CREATE TABLE ran (migration VARCHAR(100) NOT NULL);\n"
        f"INSERT INTO ran (migration) VALUES ('{first}');",
        "DROP TABLE ran;",
    )
    for step in (1, 2, 3):
        migration_id = project.generate(step)
        project.append(migration_id, f"INSERT INTO ran (migration) VALUES ('{migration_id}');")
    name = "hand_written"
    migration_id = project.hand_written(name, "", "")
    project.append(migration_id, f"INSERT INTO ran (migration) VALUES ('{migration_id}');")
    return project.versions


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_eight_runners_apply_each_migration_once(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = build_project(tmp_path, make_db(dialect), monkeypatch)
    versions = _observable_series(project)
    assert len(versions) == 5

    barrier = tmp_path / "barrier"
    barrier.mkdir()
    launcher = [sys.executable, "-m", "tests.safety.launch", str(barrier)]
    procs = [
        project.spawn(argv=[*launcher, "-c", str(project.pyproject), "upgrade"])
        for _ in range(RUNNERS)
    ]
    try:
        wait_until(lambda: len(list(barrier.glob("ready.*"))) == RUNNERS, "runners ready")
    finally:
        (barrier / "go").touch()  # all at once (and never leave a runner waiting)
        results = [finish(proc) for proc in procs]

    for code, _, err in results:
        assert code == 0, f"a runner failed (exit {code}): {err.strip()}"
        assert err.strip() == "", err
    applied = Counter(m for _, out, _ in results for m in APPLIED.findall(out))
    assert applied == Counter(versions), f"applied by the runners: {applied}"
    idle = [out for _, out, _ in results if not APPLIED.search(out)]
    assert len(idle) == RUNNERS - 1, "more than one runner applied migrations"
    assert all("Nothing to upgrade" in out for out in idle), idle

    ran = [row[0] for row in asyncio.run(fetch(project.db, "SELECT migration FROM ran"))]
    assert sorted(ran) == sorted(versions), f"migration bodies ran: {Counter(ran)}"
    rows = asyncio.run(history(project.db))
    assert [r.id for r in rows] == versions
    assert {r.status.value for r in rows} == {"applied"}
