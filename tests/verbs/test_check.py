"""``check`` (migrator/verbs/check.py): exit 1 while the models differ from the latest
snapshot, 0 once a migration holds the change; it never opens a database connection, so it
runs with the database server unreachable."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V2,
    SETTINGS,
    Project,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound by nobody listening: every connect is refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


def unreachable(project: Project, scheme: str, port: int) -> None:
    """Point the project's Tortoise config at a server that refuses every connection."""
    url = f"{scheme}://root:s3cret@127.0.0.1:{port}/shop"
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")


@pytest.mark.parametrize("scheme", ["postgres", "mysql"])
def test_check_fails_then_passes_with_the_server_unreachable(
    project_factory: Any,  # noqa: F811
    closed_port: int,
    scheme: str,
) -> None:
    project: Project = project_factory("sqlite")
    unreachable(project, scheme, closed_port)
    project.init()
    assert "could not connect" in project.cli("history").output  # really unreachable

    first = project.cli("check")
    assert first.exit_code == 1, first.output
    assert "+ create table user" in first.output
    assert "Error: a migration is missing for app(s) models: run `migrator migrate`" in (
        first.output
    )
    ok(project, "migrate")
    assert project.cli("check").exit_code == 0

    project.write_models(MODELS_V2)
    changed = project.cli("check")
    assert changed.exit_code == 1
    assert "+ add column user.email" in changed.output
    assert project.migration_dirs() == ["0001_initial"]  # check writes nothing
    ok(project, "migrate")
    passed = project.cli("--app", "models", "check")
    assert passed.exit_code == 0, passed.output
    assert "No changes: the models of 1 app match their migrations" in passed.output


def test_check_around_a_change_that_is_migrated_and_applied(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    assert project.cli("check").exit_code == 1
    ok(project, "migrate")
    ok(project, "upgrade")
    assert project.cli("check").exit_code == 0
    project.write_models(MODELS_V2)
    assert project.cli("check").exit_code == 1
    ok(project, "migrate")
    ok(project, "upgrade")
    assert history_ids(project) == ["0001_initial", "0002_add_column_user_email"]
    assert project.cli("check").exit_code == 0


def test_a_rename_candidate_is_reported_as_a_question(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_RENAMED)
    result = project.cli("check", "--json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["missing"] == [
        {
            "app": "models",
            "operations": ["add column user.handle", "drop column user.username"],
            "destructive": ["drop column user.username"],
        }
    ]
    assert document["questions"] == ["was user.username renamed to user.handle?"]


def test_pre_commit_hook_runs_check() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: migrator-check" in text
    assert "entry: migrator check" in text
    assert "pass_filenames: false" in text
