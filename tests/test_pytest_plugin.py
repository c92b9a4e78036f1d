"""The pytest plugin (migrator.contrib.pytest_plugin, entry point ``pytest11``): real pytest
sessions (pytester, in a subprocess) over a small project on SQLite and PostgreSQL.

The project's Tortoise config names a database that does not exist: the plugin must point
every connection at a database it creates (and drops), never at the configured one.

Nothing here imports project or driver code in the test process: pytester restores
sys.modules after each test, and a C extension (asyncpg, ssl) first imported during one and
dropped afterwards crashes the next test that imports it again. migrate and the catalog
query run as subprocesses."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PG_DSN, _skip_if_asked
from tests.project_factory import MODELS_V1, MODELS_V2

pytest_plugins = ["pytester"]

SETTINGS = """\
TORTOISE_ORM = {{
    "connections": {{"default": {url!r}}},
    "apps": {{"models": {{"models": ["models"], "default_connection": "default"}}}},
}}
"""

PYPROJECT = '[tool.migrator]\ntortoise_orm = "settings.TORTOISE_ORM"\n'

CONFTEST = """\
import pytest


@pytest.fixture
def migrator_seed():
    return {"0001": {"user": [{"id": 1, "username": "ann"}]}}
"""

# the user's own tests, on the plugin's fixtures
USER_TESTS = """\
def test_head(migrator_db):
    migrator_db.insert("user", {"id": 7, "username": "bo", "email": "bo@example.com"})
    assert migrator_db.fetch('SELECT username, email FROM "user"') == [("bo", "bo@example.com")]
    assert migrator_db.heads() == []


def test_seed_at_an_old_version(migrator_fresh_db):
    db = migrator_fresh_db
    db.upgrade("0001")
    assert "email" not in db.schema().tables["user"].columns
    db.execute('INSERT INTO "user" (id, username) VALUES (1, ' + db.placeholder(1) + ")", ["ann"])
    db.upgrade()
    assert db.fetch('SELECT username, email FROM "user"') == [("ann", None)]
"""

CHECK_NAMES = (
    "test_single_head",
    "test_upgrade_from_empty",
    "test_models_match_migrations",
    "test_up_down_up",
    "test_seeded_data_survives",
)


def make_project(pytester: pytest.Pytester, url: str) -> Path:
    """pyproject.toml, settings.py (pointing at ``url``), models v1 then v2 with their two
    migrations (written by `migrator migrate`), a conftest.py with seed rows and user tests."""
    path = pytester.path
    (path / "pyproject.toml").write_text(PYPROJECT)
    (path / "settings.py").write_text(SETTINGS.format(url=url))
    (path / "tests").mkdir()
    (path / "tests" / "conftest.py").write_text(CONFTEST)
    (path / "tests" / "test_users.py").write_text(USER_TESTS)
    for models in (MODELS_V1, MODELS_V2):
        (path / "models.py").write_text(textwrap.dedent(models))
        migrate(pytester)
    return path


def migrate(pytester: pytest.Pytester, *args: str) -> None:
    result = pytester.run(sys.executable, "-m", "migrator", "migrate", *args)
    assert result.ret == 0, result.stderr.str()


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", *args)


def failure_text(result: pytest.RunResult) -> str:
    return "\n".join(result.outlines)


def sqlite_url(path: Path) -> str:
    return f"sqlite://{path / 'configured.sqlite3'}"


# -- SQLite ----------------------------------------------------------------------------------
def test_sqlite_checks_pass_and_fixtures_work(
    pytester: pytest.Pytester,
) -> None:
    path = make_project(pytester, sqlite_url(pytester.path))
    result = run(pytester, "--migrator", "-v")
    result.assert_outcomes(passed=7)
    for name in CHECK_NAMES:
        result.stdout.fnmatch_lines([f"*migrator::{name} PASSED*"])
    # the configured database was never created: the plugin worked on its own
    assert not (path / "configured.sqlite3").exists()


def test_without_the_option_only_the_users_tests_run(
    pytester: pytest.Pytester,
) -> None:
    make_project(pytester, sqlite_url(pytester.path))
    result = run(pytester)
    result.assert_outcomes(passed=2)
    assert "migrator::" not in failure_text(result)


def test_an_unmigrated_model_change_fails_models_match(
    pytester: pytest.Pytester,
) -> None:
    path = make_project(pytester, sqlite_url(pytester.path))
    models = (path / "models.py").read_text()
    (path / "models.py").write_text(
        models.replace("null=True)\n", "null=True)\n    age = fields.IntField(default=0)\n")
    )
    result = run(pytester, "--migrator", "-k", "migrator")
    result.assert_outcomes(passed=4, failed=1, deselected=2)
    result.stdout.fnmatch_lines(["FAILED tests::migrator::test_models_match_migrations*"])
    assert (
        "app models: the models have changes no migration holds (add column user.age); "
        "run `migrator migrate` and commit the new migration" in failure_text(result)
    )


def test_a_downgrade_that_leaves_a_column_fails_up_down_up(
    pytester: pytest.Pytester,
) -> None:
    path = make_project(pytester, sqlite_url(pytester.path))
    (downgrade,) = (path / "migrations" / "models").glob("0002_*/downgrade.sql")
    text = downgrade.read_text()
    assert 'ALTER TABLE "user" DROP COLUMN "email";' in text
    downgrade.write_text(text.replace('ALTER TABLE "user" DROP COLUMN "email";', "SELECT 1;"))
    result = run(pytester, "--migrator", "-k", "migrator")
    result.assert_outcomes(passed=4, failed=1, deselected=2)
    assert (
        "models 0002_add_column_user_email: after its downgrade, table user differs: "
        "column email is left behind" in failure_text(result)
    )


def test_two_heads_and_lost_seed_data_fail(
    pytester: pytest.Pytester,
) -> None:
    path = make_project(pytester, sqlite_url(pytester.path))
    # seed a column at 0002 that a third migration drops
    (path / "tests" / "conftest.py").write_text(
        CONFTEST.replace(
            '"username": "ann"}]}',
            '"username": "ann"}]}, "0002": {"user": '
            '[{"id": 2, "username": "cy", "email": "cy@example.com"}]}',
        )
    )
    (path / "models.py").write_text(textwrap.dedent(MODELS_V1))
    migrate(pytester, "--name", "drop_email")
    result = run(pytester, "--migrator", "-k", "seeded or single_head")
    result.assert_outcomes(passed=1, failed=1, deselected=5)
    assert (
        "row {'id': 2, 'username': 'cy', 'email': 'cy@example.com'} of user seeded at models "
        "0002_add_column_user_email: column(s) email no longer exist at the head"
        in failure_text(result)
    )
    # a second 0003 on top of 0002 (made on another branch): two heads
    third = next((path / "migrations" / "models").glob("0003_*"))
    branch = third.with_name("0003_other_branch")
    branch.mkdir()
    for file in third.iterdir():
        (branch / file.name).write_bytes(file.read_bytes())
    result = run(pytester, "--migrator", "-k", "single_head")
    result.assert_outcomes(failed=1, deselected=6)
    assert (
        "app models: migrations 0003_drop_email and 0003_other_branch share version 0003; "
        "they were made on two branches" in failure_text(result)
    )


# -- PostgreSQL ------------------------------------------------------------------------------
LIST_DATABASES = """\
import asyncio, sys
import asyncpg

async def main():
    conn = await asyncpg.connect(sys.argv[1])
    rows = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", sys.argv[2])
    await conn.close()
    print(sorted(r[0] for r in rows))

asyncio.run(main())
"""


def databases_named(pytester: pytest.Pytester, stem: str) -> str:
    """The names of the databases called ``stem...`` on the server, as a list's repr."""
    result = pytester.run(sys.executable, "-c", LIST_DATABASES, PG_DSN, stem + "%")
    assert result.ret == 0, result.stderr.str()
    return result.stdout.str().strip()


@pytest.mark.postgres
def test_postgres_checks_and_fixtures_on_fresh_databases(pytester: pytest.Pytester) -> None:
    _skip_if_asked("postgres")
    import uuid

    stem = f"shop_{uuid.uuid4().hex[:8]}"  # configured, never created
    url = PG_DSN.rsplit("/", 1)[0] + "/" + stem
    path = make_project(pytester, url)
    result = run(pytester, "--migrator", "-v")
    result.assert_outcomes(passed=7)
    assert databases_named(pytester, stem) == "[]"  # every test database dropped
    models = (path / "models.py").read_text()
    (path / "models.py").write_text(models.replace("max_length=100", "max_length=200"))
    result = run(pytester, "--migrator", "-k", "models_match")
    result.assert_outcomes(failed=1, deselected=6)
    assert "(alter column user.email" in failure_text(result)
    assert databases_named(pytester, stem) == "[]"


def test_seed_rows_follow_the_renames_the_migrations_declare(
    pytester: pytest.Pytester,
) -> None:
    """A row seeded at 0001 is looked for under the column name a later rename gave it."""
    path = make_project(pytester, sqlite_url(pytester.path))
    (path / "models.py").write_text(textwrap.dedent(MODELS_V2).replace("username", "handle"))
    migrate(pytester, "--rename", "user.username=handle")
    (path / "tests" / "test_users.py").write_text(
        USER_TESTS.replace("username", "handle").replace(
            'db.upgrade("0001")', 'db.upgrade("0001")\n    db.upgrade("0002")'
        )
    )
    result = run(pytester, "--migrator", "-k", "seeded")
    result.assert_outcomes(passed=1, deselected=6)


def test_a_seed_row_the_database_refuses_is_one_line(
    pytester: pytest.Pytester,
) -> None:
    path = make_project(pytester, sqlite_url(pytester.path))
    (path / "tests" / "conftest.py").write_text(
        CONFTEST.replace('"username": "ann"', '"username": None')
    )
    result = run(pytester, "--migrator", "-k", "seeded")
    result.assert_outcomes(failed=1, deselected=6)
    text = failure_text(result)
    assert (
        "migrator_seed: row {'id': 1, 'username': None} of user could not be inserted at "
        "models 0001_initial (NOT NULL constraint failed: user.username); fix the seed row" in text
    ), text
    assert "Traceback" not in text


@pytest.mark.postgres
def test_postgres_checks_see_the_tables_of_other_schemas(pytester: pytest.Pytester) -> None:
    """Meta.schema: the checks inspect the schemas the migrations create tables in, so a
    downgrade that leaves a column behind in crm.user fails up_down_up, and seed rows are
    keyed crm.user as in the state."""
    _skip_if_asked("postgres")
    import uuid

    url = PG_DSN.rsplit("/", 1)[0] + "/" + f"crm_{uuid.uuid4().hex[:8]}"
    path = pytester.path
    (path / "pyproject.toml").write_text(PYPROJECT)
    (path / "settings.py").write_text(SETTINGS.format(url=url))
    (path / "tests").mkdir()
    (path / "tests" / "conftest.py").write_text(CONFTEST.replace('"user"', '"crm.user"'))
    in_crm = '        table = "user"\n        schema = "crm"\n'
    for models in (MODELS_V1, MODELS_V2):
        (path / "models.py").write_text(models.replace('        table = "user"\n', in_crm))
        migrate(pytester)
    result = run(pytester, "--migrator", "-k", "migrator")
    result.assert_outcomes(passed=5)
    (downgrade,) = (path / "migrations" / "models").glob("0002_*/downgrade.sql")
    text = downgrade.read_text()
    assert 'ALTER TABLE "crm"."user" DROP COLUMN "email";' in text
    downgrade.write_text(text.replace('ALTER TABLE "crm"."user" DROP COLUMN "email";', "SELECT 1;"))
    result = run(pytester, "--migrator", "-k", "up_down_up")
    result.assert_outcomes(failed=1, deselected=4)
    assert "table crm.user differs: column email is left behind" in failure_text(result)
