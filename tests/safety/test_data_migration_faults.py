"""A Python data migration (``migrate --empty --python``, migrator/python_migration.py) whose
history write or COMMIT fails after it ran: deterministic fault points, on real databases.

SQLite and PostgreSQL run upgrade.sql, then ``upgrade(conn)``, then the history row and the
COMMIT in one transaction. A trigger on the history table makes the row's INSERT fail; a
row the data migration writes against a ``DEFERRABLE INITIALLY DEFERRED`` foreign key makes
the COMMIT itself fail (the constraint is checked only then). Either way the schema change,
every row the data migration changed or wrote, and the history row are all gone, and once
the cause is lifted ``upgrade`` applies the migration once.

MySQL/MariaDB commit DDL at once, so the data migration is one more journaled step that
shares a transaction with the journal write marking the migration applied (so it is on
PostgreSQL in a migration journaled for a block outside the transaction). When that write
fails, the journal records ``partial n/n+1`` (upgrade.sql ran, the data migration did not
count), the data migration's row changes roll back with the failed write, and the re-run
runs the data migration once and marks the migration applied. When the first journal write
(``partial 0/n``) fails, nothing of the migration ran. MySQL checks every constraint per
statement (no deferred check), so there is no COMMIT-time failure to provoke there.
"""

from __future__ import annotations

from typing import Any

import pytest

from migrator.history import Status
from tests.project_factory import Project, history_ids, ok, project_factory  # noqa: F401
from tests.safety.faults import MESSAGE, fail_history_insert, fail_marking_applied, lift, run
from tests.safety.harness import history as history_rows

pytestmark = pytest.mark.safety

UPGRADE_SQL = "CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(50));\n"
DOWNGRADE_SQL = "DROP TABLE audit;\n"
# a table outside the models whose foreign key is checked only at COMMIT
DEFERRED_LINK = {
    "sqlite": 'CREATE TABLE link (id INTEGER PRIMARY KEY, user_id INT REFERENCES "user" (id) '
    "DEFERRABLE INITIALLY DEFERRED)",
    "postgres": 'CREATE TABLE link (id INT PRIMARY KEY, user_id INT REFERENCES "user" (id) '
    "DEFERRABLE INITIALLY DEFERRED)",
}
DATA_MIGRATION = """\
async def upgrade(conn):
    user, p1, p2 = conn.quote("user"), conn.placeholder(1), conn.placeholder(2)
    set_name = f"UPDATE {user} SET username = {p1} WHERE id = {p2}"
    for id_, name in await conn.fetch(f"SELECT id, username FROM {user} ORDER BY id"):
        await conn.execute(set_name, (name.upper(), id_))
    await conn.execute(f"INSERT INTO audit (id, note) VALUES (1, {p1})", ("upper",))
    {extra}


async def downgrade(conn):
    await conn.execute("DELETE FROM audit")
"""
# PostgreSQL journals a migration with a block outside the transaction
ONLINE_UPGRADE_SQL = """\
-- [1/2] create audit
CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(50));
-- [2/2] index the names
-- OUTSIDE TRANSACTION: built concurrently
CREATE INDEX CONCURRENTLY user_username_idx ON "user" (username);
"""
JOURNALED_STATEMENTS = {"mysql": 1, "postgres": 2}
# a user that does not exist: only the COMMIT notices
DANGLING = 'await conn.execute("INSERT INTO link (id, user_id) VALUES (1, 999)")'
BEFORE = [(1, "Ann"), (2, "bob")]
AFTER = [(1, "ANN"), (2, "BOB")]


def _seeded(project_factory: Any, dialect: str, extra: str = "pass") -> Project:  # noqa: F811
    """0001 applied with two users; 0002_shout written by ``migrate --empty --python``: its
    upgrade.sql creates audit, its data migration upper-cases every name and writes audit."""
    project: Project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    user = project.db.dialect.quote("user")
    run(project.db, [f"INSERT INTO {user} (id, username) VALUES (1, 'Ann'), (2, 'bob')"])
    ok(project, "migrate", "--empty", "--python", "--name", "shout")
    folder = project.migrations / "0002_shout"
    (folder / "upgrade.sql").write_text(UPGRADE_SQL, encoding="utf-8")
    (folder / "downgrade.sql").write_text(DOWNGRADE_SQL, encoding="utf-8")
    _write_module(project, extra)
    return project


def _write_module(project: Project, extra: str = "pass") -> None:
    python = project.migrations / "0002_shout" / "migration.py"
    python.write_text(DATA_MIGRATION.replace("{extra}", extra), encoding="utf-8")


def _names(project: Project) -> list[tuple[Any, ...]]:
    user = project.db.dialect.quote("user")
    return project.fetch(f"SELECT id, username FROM {user} ORDER BY id")


def _assert_nothing_applied(project: Project) -> None:
    """The schema change, the data migration's row changes and the history row: all gone."""
    assert "audit" not in project.tables()
    assert _names(project) == BEFORE
    assert history_ids(project) == ["0001_initial"]
    rows = [(r.id, r.status) for r in _history(project)]
    assert rows == [("0001_initial", Status.APPLIED)]


def _assert_applied_once(project: Project) -> None:
    assert _names(project) == AFTER
    assert project.fetch("SELECT id, note FROM audit") == [(1, "upper")]
    assert history_ids(project) == ["0001_initial", "0002_shout"]
    assert [r.status for r in _history(project)] == [Status.APPLIED, Status.APPLIED]
    ok(project, "validate")  # the recorded checksum is the one of the code that ran


def _history(project: Project) -> list[Any]:
    import asyncio

    return asyncio.run(history_rows(project.db))


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_failed_history_write_after_a_data_migration_rolls_it_back(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project = _seeded(project_factory, dialect)
    run(project.db, fail_history_insert(dialect))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    assert MESSAGE in result.output
    assert "0002_shout" in result.output and "rolled back" in result.output
    _assert_nothing_applied(project)

    run(project.db, lift(dialect))
    ok(project, "upgrade")
    _assert_applied_once(project)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_failed_commit_after_a_data_migration_rolls_it_back(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project = _seeded(project_factory, dialect, extra=DANGLING)
    run(project.db, [DEFERRED_LINK[dialect]])

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "migration 0002_shout failed at COMMIT" in lines[0]
    assert "FOREIGN KEY" in lines[0].upper()
    assert "rolled back" in lines[0]
    _assert_nothing_applied(project)
    assert project.fetch("SELECT id FROM link") == []  # the data migration's row too

    _write_module(project)  # the fix: no dangling reference
    ok(project, "upgrade")
    _assert_applied_once(project)
    assert project.fetch("SELECT id FROM link") == []


@pytest.mark.parametrize("dialect", ["mysql", "postgres"])
def test_failed_applied_mark_after_a_journaled_data_migration_is_partial_and_reruns_it(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """MySQL journals every migration; PostgreSQL one with a block outside the transaction
    (here a concurrent index build), and its data migration is then the journal's last step
    in the same way."""
    project = _seeded(project_factory, dialect)
    if dialect == "postgres":
        upgrade_sql = project.migrations / "0002_shout" / "upgrade.sql"
        upgrade_sql.write_text(ONLINE_UPGRADE_SQL, encoding="utf-8")
    total = JOURNALED_STATEMENTS[dialect]
    run(project.db, fail_marking_applied(dialect))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert MESSAGE in lines[0]
    assert "the data migration of 0002_shout ran but recording it" in lines[0]
    assert "its changes were rolled back" in lines[0]
    assert f"partially applied ({total} of {total + 1} steps ran" in lines[0]
    # the journal: upgrade.sql ran (committed), the data migration step did not count
    [first, second] = _history(project)
    assert (first.id, first.status) == ("0001_initial", Status.APPLIED)
    assert (second.id, second.status, second.statements_done) == (
        "0002_shout",
        Status.PARTIAL,
        total,
    )
    assert "audit" in project.tables()
    # the data migration's row changes rolled back with the failed journal write
    assert _names(project) == BEFORE
    assert project.fetch("SELECT id FROM audit") == []

    run(project.db, lift(dialect))
    out = ok(project, "upgrade")
    assert "0002_shout" in out
    _assert_applied_once(project)  # ran once more, in full: one audit row, names upper-cased


def test_failed_first_journal_write_of_a_data_migration_on_mysql_runs_nothing(
    project_factory: Any,  # noqa: F811
) -> None:
    project = _seeded(project_factory, "mysql")
    run(project.db, fail_history_insert("mysql"))

    result = project.cli("upgrade")
    assert result.exit_code == 1, result.output
    assert MESSAGE in result.output
    assert "nothing of it ran" in result.output
    _assert_nothing_applied(project)

    run(project.db, lift("mysql"))
    ok(project, "upgrade")
    _assert_applied_once(project)
