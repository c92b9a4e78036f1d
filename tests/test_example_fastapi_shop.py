"""migrations_fixtures/fastapi_shop: the pre-deploy script migrates a fresh PostgreSQL
database (run as a subprocess from another directory), then the FastAPI app (its lifespan
finds nothing pending) serves a request from the migrated tables."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import db_url
from tests.test_contrib_fastapi import _free_port, _get, _wait_for

EXAMPLE = Path(__file__).resolve().parents[1] / "migrations_fixtures" / "fastapi_shop"


def predeploy(cwd: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE / "predeploy.py")],
        cwd=cwd,
        env={**os.environ, "SHOP_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.postgres
def test_predeploy_then_serve(make_db: Any, tmp_path: Path) -> None:
    db = make_db("postgres")
    url = db_url(db)
    first = predeploy(tmp_path, url)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "pre-deploy: 1 migration(s) applied, 0 pending\n"
    assert "migrator: applied models 0001_initial" in first.stderr
    again = predeploy(tmp_path, url)
    assert (again.returncode, again.stdout) == (
        0,
        "pre-deploy: 0 migration(s) applied, 0 pending\n",
    )

    from tests.project_factory import Project

    shop = Project(tmp_path, db)
    for sql in (
        "INSERT INTO category (id, name, slug) VALUES (1, 'Home', 'home')",
        "INSERT INTO item (name, sku, price, category_id) VALUES ('Lamp', 'A-1', 20, 1)",
        "INSERT INTO item (name, sku, price, category_id, is_active) "
        "VALUES ('Old lamp', 'A-0', 5, 1, FALSE)",
    ):
        shop.fetch(sql + " RETURNING 1")

    port, log = _free_port(), tmp_path / "server.log"
    command = [sys.executable, "-m", "uvicorn", "app:app", "--app-dir", str(EXAMPLE)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SHOP_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + 60
        _wait_for(log, "Application startup complete", 1, deadline)
        answer = _get(f"http://127.0.0.1:{port}/items", deadline, server, log)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    assert answer == [{"sku": "A-1", "name": "Lamp"}]
    assert shop.fetch("SELECT version FROM migrator_history") == [("0001",)]


@pytest.mark.postgres
def test_predeploy_fails_with_one_line_on_a_missing_database(tmp_path: Path) -> None:
    from tests.conftest import PG_DSN, _skip_if_asked

    _skip_if_asked("postgres")
    url = PG_DSN.rsplit("/", 1)[0] + "/no_such_shop_db"
    result = predeploy(tmp_path, url)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("pre-deploy failed: ")
    assert "no_such_shop_db" in result.stderr
    assert "Traceback" not in result.stderr
