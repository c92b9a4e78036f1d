"""``migrator.contrib.fastapi.lifespan``: a real uvicorn server with 4 workers starts on an
empty PostgreSQL database; the deploy lock lets exactly one worker apply each migration; a
request is answered from a migrated table through Tortoise (registered without
generate_schemas)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.project_factory import (
    SETTINGS,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

APP = """\
import logging

from fastapi import FastAPI

from migrator.contrib.fastapi import lifespan
from models import User

handler = logging.StreamHandler()
handler.setFormatter(logging.Formatter("migrator-log: %(message)s"))
logging.getLogger("migrator").addHandler(handler)
logging.getLogger("migrator").setLevel(logging.INFO)

app = FastAPI(lifespan=lifespan({pyproject!r}))


@app.get("/users")
async def users() -> list[str]:
    return [user.username for user in await User.all().order_by("id")]
"""

WORKERS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, deadline: float, server: subprocess.Popen[bytes], log: Path) -> Any:
    """GET ``url`` until it answers 200 (bounded by ``deadline``)."""
    while True:
        assert server.poll() is None, f"server exited: {log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, f"no answer from {url}: {log.read_text()}"
            time.sleep(0.2)


def _wait_for(log: Path, text: str, count: int, deadline: float) -> str:
    while True:
        content = log.read_text()
        if content.count(text) >= count:
            return content
        assert time.monotonic() < deadline, f"{count} x {text!r} not in: {content}"
        time.sleep(0.2)


def _seeded_project(project: Project) -> None:
    project.init()
    ok(project, "migrate")
    ok(project, "migrate", "--empty", "--name", "seed")
    # a data migration without a key of its own: running it twice would insert two rows
    (project.migrations / "0002_seed" / "upgrade.sql").write_text(
        "INSERT INTO \"user\" (id, username) SELECT coalesce(max(id), 0) + 1, 'seeded' "
        'FROM "user";\n',
        encoding="utf-8",
    )
    (project.path / "main.py").write_text(
        APP.format(pyproject=str(project.pyproject)), encoding="utf-8"
    )


def _serve(project: Project, tmp_path: Path, workers: int) -> tuple[Any, str]:
    """Start uvicorn with ``workers`` from a folder other than the project's; the answer to
    GET /users and the server's log."""
    port = _free_port()
    log = tmp_path / "server.log"
    elsewhere = tmp_path / "run_from_here"
    elsewhere.mkdir()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--app-dir",
                str(project.path),
            ],
            cwd=elsewhere,  # the lifespan finds everything through the pyproject path
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + 90
        content = _wait_for(log, "Application startup complete", workers, deadline)
        answer = _get(f"http://127.0.0.1:{port}/users", deadline, server, log)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    assert list(elsewhere.iterdir()) == [], "a file was created in the working directory"
    return answer, content


def test_four_uvicorn_workers_migrate_an_empty_database_once(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    project: Project = project_factory("postgres")
    _seeded_project(project)
    answer, content = _serve(project, tmp_path, WORKERS)
    assert answer == ["seeded"]
    assert content.count("migrator-log: applying models 0001_initial") == 1, content
    assert content.count("migrator-log: applying models 0002_seed") == 1, content
    assert content.count("database migrated at start-up (0 migrations applied)") == WORKERS - 1
    assert project.fetch('SELECT username FROM "user"') == [("seeded",)]
    assert project.fetch("SELECT version FROM migrator_history ORDER BY version") == [
        ("0001",),
        ("0002",),
    ]


def test_a_relative_sqlite_path_is_the_migrated_file_from_any_directory(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """``sqlite://shop.sqlite3`` in settings.py, the server started in another folder: the
    app reads the file migrator migrated next to pyproject.toml, not a new one where it runs."""
    project: Project = project_factory("sqlite")
    (project.path / "settings.py").write_text(
        SETTINGS.format(url="sqlite://shop.sqlite3"), encoding="utf-8"
    )
    _seeded_project(project)
    answer, _content = _serve(project, tmp_path, 2)
    assert answer == ["seeded"]
    assert (project.path / "shop.sqlite3").is_file()
