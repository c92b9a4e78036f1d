"""``lint`` (migrator/verbs/lint.py, rules in migrator/lint.py), the findings ``migrate``
prints, ``-- migrator: allow`` acknowledgements, ``[tool.migrator.lint]`` and
``upgrade --no-destructive``."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from migrator import jsonout
from tests.project_factory import (
    MODELS_V1,
    MODELS_V2,
    SETTINGS,
    Project,
    folder,
    history_ids,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

# v2 without username: migrate drops a column
MODELS_DROPPED = MODELS_V2.replace("    username = fields.CharField(max_length=50)\n", "")
# then an index on email
MODELS_INDEXED = MODELS_DROPPED.replace("null=True)", "null=True, db_index=True)")


def dropped_project(project_factory: Any, dialect: str = "sqlite") -> Project:  # noqa: F811
    project: Project = project_factory(dialect, MODELS_V2)
    project.init()
    ok(project, "migrate")
    project.write_models(MODELS_DROPPED)
    return project


def allow(project: Project, index: int, rule: str, before: str) -> None:
    """Put ``-- migrator: allow RULE`` above the first statement starting with ``before``."""
    path = folder(project, index) / "upgrade.sql"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(
        text.replace(before, f"-- migrator: allow {rule} (reviewed: unused)\n{before}", 1),
        encoding="utf-8",
    )


def test_migrate_prints_the_findings_and_lint_fails_until_acknowledged(
    project_factory: Any,  # noqa: F811
) -> None:
    project = dropped_project(project_factory, "postgres")
    written = ok(project, "migrate")
    assert "MIG001 [error] drop column user.username: its data is lost" in written
    assert "fix: first deploy code that no longer uses the column" in written

    failed = project.cli("lint")
    assert failed.exit_code == 1
    assert "models 0002_drop_column_user_username" in failed.output
    assert "line 7: MIG001 [error] drop column user.username" in failed.output
    assert "2 migrations checked: 1 finding (0 acknowledged)" in failed.output
    assert "Error: 1 unacknowledged error: change the migration" in failed.output
    assert project.cli("lint", "0001").exit_code == 0  # the initial migration is clean

    allow(project, 1, "MIG001", 'ALTER TABLE "user" DROP COLUMN')
    passed = project.cli("lint")
    assert passed.exit_code == 0, passed.output
    assert "MIG001 [error, allowed]" in passed.output
    assert "1 finding (1 acknowledged)" in passed.output


def test_lint_json_validates_against_its_schema(project_factory: Any) -> None:  # noqa: F811
    project = dropped_project(project_factory)
    ok(project, "migrate")
    result = project.cli("lint", "--json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    jsonschema.validate(document, jsonout.schema("lint"))
    [first, second] = document["migrations"]
    assert (first["id"], first["findings"]) == ("0001_initial", [])
    assert [(f["rule"], f["severity"], f["acknowledged"]) for f in second["findings"]] == [
        ("MIG001", "error", False),
    ]
    assert document["ok"] is False


def test_unknown_rule_in_an_allow_comment_is_an_error(project_factory: Any) -> None:  # noqa: F811
    project = dropped_project(project_factory, "postgres")
    ok(project, "migrate")
    allow(project, 1, "MIG999", 'ALTER TABLE "user" DROP COLUMN')
    result = project.cli("lint")
    assert result.exit_code == 1
    assert "upgrade.sql:7: unknown rule ID MIG999 in '-- migrator: allow'" in result.output


def write_lint_config(project: Project, body: str) -> None:
    with project.pyproject.open("a", encoding="utf-8") as f:
        f.write(f"\n[tool.migrator.lint]\n{body}\n")


def test_config_disables_and_raises_rules(project_factory: Any) -> None:  # noqa: F811
    project = dropped_project(project_factory, "postgres")
    ok(project, "migrate")
    write_lint_config(project, 'disable = ["MIG001"]')
    disabled = project.cli("lint")
    assert disabled.exit_code == 0, disabled.output
    assert "MIG001" not in disabled.output

    project.write_models(MODELS_INDEXED)
    ok(project, "migrate")
    upgrade_sql = folder(project, 2) / "upgrade.sql"
    written = upgrade_sql.read_text(encoding="utf-8")
    assert "CREATE INDEX CONCURRENTLY" in written  # online DDL: writes go on
    assert project.cli("lint", "0003").output.endswith("0 findings (0 acknowledged)\n")
    upgrade_sql.write_text(written.replace(" CONCURRENTLY", ""), encoding="utf-8")
    warned = project.cli("lint", "0003")
    assert warned.exit_code == 0
    assert "MIG006 [warning] user: index build holds SHARE, which blocks writes" in warned.output
    write_lint_config(project, 'error = ["MIG006"]')
    project.pyproject.write_text(
        project.pyproject.read_text().replace('disable = ["MIG001"]\n\n[tool.migrator.lint]\n', ""),
        encoding="utf-8",
    )
    raised = project.cli("lint", "0003")
    assert raised.exit_code == 1, raised.output
    assert "MIG006 [error]" in raised.output


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('disable = ["MIG404"]', "unknown rule ID(s) MIG404 in disable of [tool.migrator.lint]"),
        ('error = "MIG001"', "error in [tool.migrator.lint] of"),
        ("no_destructive = 1", "no_destructive in [tool.migrator.lint] of"),
        ("strict = true", "unknown key(s) strict in [tool.migrator.lint]"),
        ('disable = ["MIG001"]\nerror = ["MIG001"]', "MIG001 both disabled and raised"),
    ],
)
def test_bad_lint_config_is_one_clear_line(
    project_factory: Any,  # noqa: F811
    body: str,
    message: str,
) -> None:
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    write_lint_config(project, body)
    result = project.cli("lint")
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_upgrade_no_destructive_refuses_and_applies_nothing(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project = dropped_project(project_factory, dialect)
    ok(project, "migrate")
    refused = project.cli("upgrade", "--no-destructive")
    assert refused.exit_code == 1
    assert (
        "refusing to upgrade (--no-destructive): models 0002_drop_column_user_username"
        in refused.output
    )
    assert "MIG001 drop column user.username" in refused.output
    assert "nothing was applied" in refused.output
    assert history_ids(project) == []  # not even 0001, which is harmless

    statement = {"mysql": "ALTER TABLE `user`"}.get(dialect, 'ALTER TABLE "user" DROP')
    allow(project, 1, "MIG001", statement)
    ok(project, "upgrade", "--no-destructive")
    assert history_ids(project) == ["0001_initial", "0002_drop_column_user_username"]


def test_no_destructive_config_switch_and_disabled_rules(project_factory: Any) -> None:  # noqa: F811
    project = dropped_project(project_factory)
    ok(project, "migrate")
    # disabling MIG001 silences lint, but data loss still needs an allow comment
    write_lint_config(project, 'no_destructive = true\ndisable = ["MIG001"]')
    assert project.cli("lint").exit_code == 0
    refused = project.cli("upgrade")
    assert refused.exit_code == 1
    assert "refusing to upgrade (--no-destructive)" in refused.output
    assert history_ids(project) == []


def test_lint_of_an_unknown_version(project_factory: Any) -> None:  # noqa: F811
    project: Project = project_factory("sqlite", MODELS_V1)
    project.init()
    ok(project, "migrate")
    result = project.cli("lint", "0009")
    assert result.exit_code == 2
    assert "unknown migration '0009' for app models" in result.output


def test_lint_reads_no_database(project_factory: Any) -> None:  # noqa: F811
    project = dropped_project(project_factory)
    ok(project, "migrate")
    url = "postgres://postgres@127.0.0.1:1/nowhere"  # port 1: every connect is refused
    (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
    assert "could not connect" in project.cli("heads").output
    result = project.cli("lint")
    assert result.exit_code == 1
    assert "MIG001 [error]" in result.output  # the findings, not a connection error
