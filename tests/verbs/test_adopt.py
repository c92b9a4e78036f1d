"""``adopt`` takes over a database built without migrator: by ``generate_schemas()``, then
changed by hand (a renamed unique constraint, an extra default, a missing index, an extra
index, an extra column, a table of another tool beside them). After ``adopt`` and
``upgrade`` the schema equals what ``generate_schemas()`` creates for the models and every
seeded row is still there; the other tool's table is untouched."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.errors import MigratorError
from migrator.questioner import AssumeYesQuestioner
from tests.conftest import ALL_DIALECTS, db_url
from tests.project_factory import project_factory  # noqa: F401  (fixture)

MODULE = "adopt_models"
MODELS = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    handle = fields.CharField(max_length=50, unique=True)
    score = fields.IntField(default=0)
    bio = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "users"


class Post(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100, db_index=True)
    user = fields.ForeignKeyField("models.User", related_name="posts", on_delete=fields.CASCADE)

    class Meta:
        table = "posts"
"""
FOREIGN_TABLE = "CREATE TABLE legacy_things (id INT PRIMARY KEY, label VARCHAR(20))"


def _config(db: DatabaseConfig) -> dict[str, Any]:
    return {
        "connections": {"default": db_url(db)},
        "apps": {"models": {"models": [MODULE], "default_connection": "default"}},
    }


def _write(folder: Path, source: str = MODELS) -> None:
    (folder / f"{MODULE}.py").write_text(source)
    sys.modules.pop(MODULE, None)


async def _generate(db: DatabaseConfig) -> None:
    from tortoise.context import TortoiseContext

    sys.modules.pop(MODULE, None)
    async with TortoiseContext() as ctx:
        await ctx.init(config=_config(db))
        await ctx.generate_schemas(safe=False)
    sys.modules.pop(MODULE, None)


async def _run(db: DatabaseConfig, *statements: str) -> list[tuple[Any, ...]]:
    backend = db.dialect.backend(db)
    conn = await backend.connect()
    try:
        rows: list[tuple[Any, ...]] = []
        for sql in statements:
            if sql.lstrip().upper().startswith("SELECT"):
                rows += await conn.fetch(sql)
            else:
                await conn.execute(sql)
        return rows
    finally:
        await conn.close()


async def _schema(db: DatabaseConfig, *without: str) -> LiveSchema:
    backend = db.dialect.backend(db)
    conn = await backend.connect()
    try:
        return (await backend.inspect(conn)).without(*without)
    finally:
        await conn.close()


def _title_index(schema: LiveSchema) -> str:
    names = [i.name for i in schema.tables["posts"].indexes if i.columns == ("title",)]
    assert names and names[0], schema.tables["posts"].indexes
    return names[0]


def _hand_changes(dialect: str, title_index: str) -> list[str]:
    """The differences a database built by hand (or by another tool) typically has."""
    common = [
        f"DROP INDEX {title_index}" + (" ON posts" if dialect == "mysql" else ""),
        "CREATE INDEX legacy_bio ON users (bio)",
        "ALTER TABLE users ADD COLUMN old_nick VARCHAR(10)",
        FOREIGN_TABLE,
        "INSERT INTO legacy_things VALUES (1, 'kept')",
    ]
    if dialect == "postgres":
        return [
            *common,
            "ALTER TABLE users RENAME CONSTRAINT users_handle_key TO users_username_key",
            "ALTER TABLE users ALTER COLUMN score SET DEFAULT 0",
        ]
    if dialect == "mysql":
        return [
            *common,
            "ALTER TABLE users RENAME INDEX handle TO username",
            "ALTER TABLE users ALTER COLUMN score SET DEFAULT 0",
        ]
    return common  # SQLite names no constraint and changes no default in place


SEED = [
    "INSERT INTO users (id, handle, score, bio) VALUES (1, 'ann', 3, 'hi'), (2, 'bob', 0, NULL)",
    "INSERT INTO posts (id, title, user_id) VALUES (10, 'first', 1), (11, 'second', 2)",
]
ROWS = (
    "SELECT u.id, u.handle, u.score, u.bio, p.title FROM users u JOIN posts p ON p.user_id = u.id"
)


async def _adopt_then_upgrade(db: DatabaseConfig, fresh: DatabaseConfig, folder: Path) -> None:
    await _generate(fresh)
    expected = await _schema(fresh)
    await _generate(db)
    await _run(db, *SEED)
    before = sorted(await _run(db, ROWS))
    await _run(db, *_hand_changes(db.dialect.name, _title_index(expected)))
    location = folder / "migrations"
    async with Command(_config(db), location=location, questioner=AssumeYesQuestioner()) as cmd:
        [result] = await cmd.adopt(drop_extra_columns=True)
        assert result.baseline == "0001_initial"
        assert result.reconcile == "0002_reconcile"
        assert result.unmanaged == ["legacy_things"]
        assert [c.split(" ")[0] for c in result.extra_columns] == ["users.old_nick"]
        assert not result.left_alone, result.left_alone
        assert [r.version for r in await cmd.history()] == ["0001"]
        assert [p.migration_id for p in await cmd.heads()] == ["0002_reconcile"]
        await cmd.upgrade()
        report = await cmd.drift()
        assert [t.table for e in report.entries for t in e.tables] == ["legacy_things"]
        assert (await cmd.validate()).ok
    live = await _schema(db, "migrator_history", "legacy_things")
    assert live.to_dict() == expected.to_dict()
    assert sorted(await _run(db, ROWS)) == before
    assert await _run(db, "SELECT id, label FROM legacy_things") == [(1, "kept")]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_adopt_reconciles_a_hand_changed_database(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    asyncio.run(_adopt_then_upgrade(make_db(dialect), make_db(dialect), tmp_path))


async def _adopt(db: DatabaseConfig, location: Path, **kwargs: Any) -> Any:
    async with Command(
        _config(db), location=location, questioner=kwargs.pop("questioner", AssumeYesQuestioner())
    ) as cmd:
        return await cmd.adopt(**kwargs)


def _folder_files(location: Path) -> list[str]:
    if not location.exists():
        return []
    return sorted(str(p.relative_to(location)) for p in location.rglob("*"))


def test_equal_database_only_records_the_baseline(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db("sqlite")
    location = tmp_path / "migrations"

    async def go() -> None:
        await _generate(db)
        [result] = await _adopt(db, location)
        assert (result.reconcile, result.statements, result.differences) == (None, [], [])
        assert _folder_files(location) == [
            "models",
            "models/0001_initial",
            "models/0001_initial/downgrade.sql",
            "models/0001_initial/snapshot.json",
            "models/0001_initial/upgrade.sql",
        ]
        async with Command(_config(db), location=location) as cmd:
            assert await cmd.heads() == []
            assert (await cmd.drift()).ok
            assert (await cmd.validate()).ok

    asyncio.run(go())


def test_extra_column_is_kept_without_its_flag(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db("sqlite")

    async def go() -> None:
        await _generate(db)
        await _run(db, "ALTER TABLE users ADD COLUMN old_nick VARCHAR(10)")
        [result] = await _adopt(db, tmp_path / "migrations")
        assert result.extra_columns == ["users.old_nick (VARCHAR(10))"]
        assert result.reconcile is None and not result.extra_columns_dropped
        from migrator.verbs.adopt import describe

        assert any("pass --drop-extra-columns" in line for line in describe(result))
        assert "old_nick" in (await _schema(db)).tables["users"].columns

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_a_check_added_by_hand_is_listed_as_not_reconciled(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SchemaState records no CHECK: adopt reports it and leaves it in place."""
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db(dialect)

    async def go() -> None:
        await _generate(db)
        await _run(db, "ALTER TABLE posts ADD CONSTRAINT title_set CHECK (title <> '')")
        [result] = await _adopt(db, tmp_path / "migrations")
        expected = {
            "mysql": "table posts: extra check constraint title_set CHECK (`title` <> '') "
            "(left as it is)",
            "postgres": "table posts: extra check constraint title_set "
            "CHECK (title::text <> ''::text) (left as it is)",
        }[dialect]
        assert result.left_alone == [expected]
        assert result.reconcile is None

    asyncio.run(go())


REFUSALS = {
    "without --yes": "pass --yes to confirm",
    "twice": "already managed by migrator",
    "missing table": "has no table posts of the models",
    "unapplied migrations": "already holds migrator migrations that the database has not applied",
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_write_nothing(
    case: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrator.questioner import NonInteractiveQuestioner

    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db("sqlite")
    location = tmp_path / "migrations"

    async def go() -> None:
        await _generate(db)
        kwargs: dict[str, Any] = {}
        if case == "without --yes":
            kwargs["questioner"] = NonInteractiveQuestioner()
        elif case == "twice":
            await _adopt(db, tmp_path / "first")
        elif case == "missing table":
            await _run(db, "DROP TABLE posts")
        else:
            async with Command(_config(db), location=location) as cmd:
                await cmd.migrate()
        before = _folder_files(location)
        with pytest.raises(MigratorError, match=REFUSALS[case]):
            await _adopt(db, location, **kwargs)
        assert _folder_files(location) == before
        rows = await _run(db, "SELECT name FROM sqlite_master WHERE name = 'migrator_history'")
        assert bool(rows) == (case == "twice")

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_adopt_racing_another_adopt_under_the_lock(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the confirmation and the deploy lock another run adopts the database and
    upgrades it: the first adopt, once it holds the lock, sees the history and writes
    nothing."""
    import threading

    from migrator.questioner import AssumeYesQuestioner as Yes

    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db(dialect)
    location = tmp_path / "migrations"

    class Racing(Yes):
        def confirm_adopt(self, plan: Any) -> bool:
            async def other() -> None:
                async with Command(
                    _config(db), location=tmp_path / "other", questioner=Yes()
                ) as cmd:
                    await cmd.adopt()
                    await cmd.upgrade()

            thread = threading.Thread(target=lambda: asyncio.run(other()))
            thread.start()
            thread.join()
            return True

    async def go() -> None:
        await _generate(db)
        with pytest.raises(MigratorError, match="already managed by migrator"):
            await _adopt(db, location, questioner=Racing())
        assert _folder_files(location) == []
        assert [r[0] for r in await _run(db, "SELECT version FROM migrator_history")] == ["0001"]

    asyncio.run(go())


def test_lock_held_by_a_deploy_refuses(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrator.errors import LockTimeoutError

    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db("postgres")
    location = tmp_path / "migrations"

    async def go() -> None:
        await _generate(db)
        async with Command(_config(db), location=tmp_path / "other") as holder:
            await holder.session("models").lock("models", 5)
            async with Command(
                _config(db), location=location, questioner=AssumeYesQuestioner(), lock_timeout=0.2
            ) as cmd:
                with pytest.raises(LockTimeoutError):
                    await cmd.adopt()
            await holder.session("models").unlock("models")
        assert _folder_files(location) == []

    asyncio.run(go())


def test_cli_adopt_shows_the_reconcile_and_upgrade_applies_it(
    project_factory: Any,  # noqa: F811
) -> None:
    from tests.project_factory import ok

    project = project_factory("postgres")
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    project.fetch("DROP TABLE migrator_history")
    import shutil

    shutil.rmtree(project.migrations)
    project.fetch('CREATE INDEX legacy_idx ON "user" (username)')
    refused = project.cli("adopt", input="")
    assert refused.exit_code != 0 and "pass --yes" in refused.output
    out = ok(project, "adopt", "--yes")
    assert 'DROP INDEX CONCURRENTLY "legacy_idx";' in out, out
    assert "Recorded models 0001_initial as applied (not run)" in out
    assert "Wrote models 0002_reconcile" in out
    ok(project, "upgrade")
    assert "no drift" in ok(project, "drift")


@pytest.mark.parametrize("drop", [False, True])
def test_old_history_table_kept_unless_asked(
    drop: bool, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path)
    db = make_db("sqlite")

    async def go() -> None:
        await _generate(db)
        await _run(db, "CREATE TABLE tortoise_migrations (id INTEGER PRIMARY KEY, app TEXT)")
        [result] = await _adopt(db, tmp_path / "migrations", drop_old_history=drop)
        assert result.unmanaged == []  # a history table is excluded by default
        word = "was dropped" if drop else "is left as it is"
        assert any(word in n for n in result.notes), result.notes
        tables = await _run(db, "SELECT name FROM sqlite_master WHERE name = 'tortoise_migrations'")
        assert bool(tables) is not drop

    asyncio.run(go())


SCHEMA_MODELS = MODELS.replace(
    '        table = "users"\n', '        table = "users"\n        schema = "crm"\n'
)


def test_adopt_takes_over_tables_in_another_schema(
    make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL, Meta.schema: generate_schemas() built crm.users (and posts, whose foreign
    key points into crm); someone dropped the UNIQUE of crm.users by hand. adopt reads the
    crm tables, writes the baseline and a reconcile migration that adds it back in crm; after
    upgrade the schema equals a fresh generate_schemas() and there is no drift."""
    monkeypatch.syspath_prepend(str(tmp_path))
    _write(tmp_path, SCHEMA_MODELS)
    db, fresh = make_db("postgres"), make_db("postgres")

    async def schema(target: DatabaseConfig) -> LiveSchema:
        backend = target.dialect.backend(target)
        conn = await backend.connect()
        try:
            return (await backend.inspect(conn, ["crm"])).without("migrator_history")
        finally:
            await conn.close()

    async def go() -> None:
        await _generate(fresh)
        expected = await schema(fresh)
        assert sorted(expected.tables) == ["crm.users", "posts"]
        await _generate(db)
        await _run(db, 'ALTER TABLE "crm"."users" DROP CONSTRAINT "users_handle_key"')
        [result] = await _adopt(db, tmp_path / "migrations")
        assert (result.baseline, result.reconcile) == ("0001_initial", "0002_reconcile")
        assert any('"crm"."users"' in s for s in result.statements), result.statements
        async with Command(_config(db), location=tmp_path / "migrations") as cmd:
            await cmd.upgrade()
            assert (await cmd.drift()).ok
        assert (await schema(db)).to_dict() == expected.to_dict()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_adopt_of_a_database_migrator_manages_has_nothing_to_adopt(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    """Every migration of the folder applied: adopt says the database is already managed,
    not that the folder holds migrations the database has not applied."""
    from tests.project_factory import ok

    project = project_factory(dialect)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    before = project.migration_dirs()

    refused = project.cli("adopt", "--yes")

    assert refused.exit_code != 0
    [line] = refused.stderr.splitlines()
    assert "app models: the database (" in line and "is already managed by migrator" in line
    assert "nothing to adopt" in line and "has not applied" not in line
    assert project.migration_dirs() == before
    assert [r[0] for r in project.fetch("SELECT version FROM migrator_history")] == ["0001"]


@pytest.mark.parametrize("case", ["wrong password", "unreachable"])
def test_adopt_connects_before_judging_the_folder(
    project_factory: Any,  # noqa: F811
    case: str,
) -> None:
    """A folder of migrations and a database adopt cannot reach: the connection error
    (password masked), not a claim about what the database has applied."""
    import socket

    from tests.conftest import db_url
    from tests.project_factory import SETTINGS, ok

    project = project_factory("mysql")
    project.init()
    ok(project, "migrate")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: every connect is refused
        url = db_url(project.db).replace(
            f"//{project.db.credentials['user']}:", f"//{project.db.credentials['user']}:s3cret", 1
        )
        if case == "unreachable":
            url = url.replace(f":{project.db.credentials['port']}/", f":{sock.getsockname()[1]}/")
        (project.path / "settings.py").write_text(SETTINGS.format(url=url), encoding="utf-8")
        refused = project.cli("adopt", "--yes")
    assert refused.exit_code != 0
    [line] = refused.stderr.splitlines()
    assert "could not connect" in line or "Access denied" in line, line
    assert "s3cret" not in refused.output and "has not applied" not in line
