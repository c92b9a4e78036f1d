"""Two branches that both added 0002, end to end on every dialect.

Developer A adds ``user.bio``; developer B (a copy of the folder) adds ``user.email`` and then a
table ``tag``. The database applied A's branch. Before the branches meet, B's checkout
against that database is a conflict that names both migrations (``heads``, ``upgrade``,
``validate``, never a checksum change). After git merges the folders, ``migrator merge``
keeps A's applied branch and renumbers B's after it: B's 0002 touches ``user``, which A also
changed, so its SQL is regenerated; B's table migration keeps its SQL. Then the models and
the merged snapshots agree (``migrate`` finds nothing), ``upgrade`` applies B's work keeping
every row, and the downgrade/upgrade round trip works.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator import Command
from migrator.errors import MigrationFileError
from migrator.validate import ProblemKind
from tests.conftest import db_url
from tests.project_factory import (
    MODELS_V1,
    Project,
    ok,
    project_factory,  # noqa: F401  (fixture)
)

USERNAME = "    username = fields.CharField(max_length=50)\n"
BIO = "    bio = fields.TextField(null=True)\n"
EMAIL = "    email = fields.CharField(max_length=100, null=True)\n"
TAG = """

class Tag(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=30)

    class Meta:
        table = "tag"
"""
MODELS_A = MODELS_V1.replace(USERNAME, USERNAME + BIO)
MODELS_B1 = MODELS_V1.replace(USERNAME, USERNAME + EMAIL)
MODELS_B2 = MODELS_B1 + TAG
MODELS_MERGED = MODELS_V1.replace(USERNAME, USERNAME + BIO + EMAIL) + TAG
QUOTED_USER = {"sqlite": '"user"', "postgres": '"user"', "mysql": "`user`"}


def _migrate_elsewhere(project: Project, location: Path, models: str) -> Path:
    project.write_models(models)

    async def go() -> Path:
        async with project.command() as cmd:
            cmd.location = location
            [written] = await cmd.migrate()
            return written.path  # type: ignore[no-any-return]

    return asyncio.run(go())


def _two_branches(project: Project, tmp_path: Path) -> tuple[Path, list[Path]]:
    """0001 applied; A's 0002 applied with rows; B's 0002 and 0003 in a copy of the
    folder. Returns (A's 0002, B's directories in B's folder)."""
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    other = tmp_path / "developer_b"
    shutil.copytree(project.path / "migrations", other)
    b_dirs = [
        _migrate_elsewhere(project, other, MODELS_B1),
        _migrate_elsewhere(project, other, MODELS_B2),
    ]
    project.write_models(MODELS_A)
    ok(project, "migrate", "--name", "add_bio")
    ok(project, "upgrade")
    user = QUOTED_USER[project.db.dialect.name]
    project_exec(project, f"INSERT INTO {user} (id, username, bio) VALUES (1, 'ann', 'hi')")
    return project.migrations / "0002_add_bio", b_dirs


def project_exec(project: Project, sql: str) -> None:
    async def go() -> None:
        db = project.db
        conn = await db.dialect.backend(db).connect()
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go())


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_two_branches_story(project_factory: Any, tmp_path: Path, dialect: str) -> None:  # noqa: F811
    project: Project = project_factory(dialect)
    ours, (b1, b2) = _two_branches(project, tmp_path)
    assert b1.name.startswith("0002_") and b2.name.startswith("0003_")

    # -- B's checkout against the database that applied A: a conflict, named -----------------
    async def from_b(verb: str) -> Any:
        async with project.command() as cmd:
            cmd.location = b1.parent.parent
            return await getattr(cmd, verb)()

    for verb in ("heads", "upgrade"):
        with pytest.raises(MigrationFileError) as conflict:
            asyncio.run(from_b(verb))
        message = str(conflict.value)
        assert ours.name in message and b1.name in message, message
        assert "two branches" in message and "merge" in message
        assert "fix-checksums" not in message and "changed after" not in message
    report = asyncio.run(from_b("validate"))
    kinds = {p.kind for p in report.problems}
    assert ProblemKind.CONFLICT in kinds, report.problems
    assert not kinds & {ProblemKind.CHANGED, ProblemKind.RENAMED}
    assert all("fix-checksums" not in p.message for p in report.problems)
    assert project.fetch("SELECT username FROM " + QUOTED_USER[dialect]) == [("ann",)]

    # -- git merge: both branches in one folder ----------------------------------------------
    for path in (b1, b2):
        shutil.copytree(path, project.migrations / path.name)
    project.write_models(MODELS_MERGED)
    refused = project.cli("upgrade")
    assert refused.exit_code == 1 and "merge" in refused.output, refused.output

    # the applied branch cannot be the one renumbered
    wrong = project.cli("merge", "--keep", b1.name)
    assert wrong.exit_code == 1
    assert f"{ours.name} is applied" in wrong.output and f"--keep {ours.name}" in wrong.output
    assert sorted(project.migration_dirs()) == sorted(["0001_initial", ours.name, b1.name, b2.name])

    merged = ok(project, "merge")
    new1, new2 = "0003" + b1.name[4:], "0004" + b2.name[4:]
    assert f"Merged app models: kept {ours.name}\n" in merged
    assert f"{b1.name} -> {new1} (SQL regenerated: user changed on both branches)" in merged
    assert f"{b2.name} -> {new2}\n" in merged
    assert project.migration_dirs() == ["0001_initial", ours.name, new1, new2]
    for new, parent in ((new1, "0002"), (new2, "0003")):
        meta = json.loads((project.migrations / new / "snapshot.json").read_text())
        assert (meta["version"], meta["parent"]) == (new[:4], parent)
        assert (
            f"-- parent: {'0002_add_bio' if parent == '0002' else new1}"
            in (project.migrations / new / "upgrade.sql").read_text()
        )
    # B's table migration kept its statements (only the header changed)
    assert _statements(project, b2) == _statements(project, project.migrations / new2)
    assert "No changes detected" in ok(project, "migrate", "--no-input")
    assert "Nothing to merge" in ok(project, "merge")

    # -- B's work applied on top of A's, every row kept ----------------------------------------
    assert "0003" in ok(project, "heads")
    ok(project, "upgrade")
    user = QUOTED_USER[dialect]
    assert project.fetch(f"SELECT id, username, bio, email FROM {user}") == [(1, "ann", "hi", None)]
    project_exec(project, "INSERT INTO tag (id, label) VALUES (1, 'x')")
    assert ok(project, "validate")
    ok(project, "downgrade", "--yes", "--to", "0002")
    assert "tag" not in project.tables()
    ok(project, "upgrade")
    assert project.fetch(f"SELECT id, username, bio, email FROM {user}") == [(1, "ann", "hi", None)]


def _statements(project: Project, folder: Path) -> list[str]:
    dialect = project.db.dialect
    return [s.sql for s in dialect.split((folder / "upgrade.sql").read_text())]


def test_both_branches_changing_one_column_is_refused(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A widens username, B narrows it: no merge can keep both; nothing is written."""
    project: Project = project_factory("sqlite")
    project.init()
    ok(project, "migrate")
    other = tmp_path / "developer_b"
    shutil.copytree(project.path / "migrations", other)
    b1 = _migrate_elsewhere(project, other, MODELS_V1.replace("max_length=50", "max_length=40"))
    project.write_models(MODELS_V1.replace("max_length=50", "max_length=80"))
    ok(project, "migrate", "--name", "widen")
    shutil.copytree(b1, project.migrations / b1.name)
    before = {p.name: (p / "upgrade.sql").read_text() for p in project.migrations.iterdir()}

    refused = project.cli("merge")
    assert refused.exit_code == 1
    assert "both branches change table user (column username)" in refused.output
    after = {p.name: (p / "upgrade.sql").read_text() for p in project.migrations.iterdir()}
    assert after == before


SHOP_SETTINGS = """\
TORTOISE_ORM = {{
    "connections": {{"default": {url!r}}},
    "apps": {{
        "shop": {{"models": ["shop"], "default_connection": "default"}},
        "models": {{"models": ["models"], "default_connection": "default"}},
    }},
}}
"""
SHOP_V1 = """\
from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)

    class Meta:
        table = "item"
"""
SHOP_TAGGED = SHOP_V1.replace(
    "    id = fields.IntField(primary_key=True)\n",
    "    id = fields.IntField(primary_key=True)\n"
    "    tag = fields.ForeignKeyField('models.Tag', null=True)\n",
)


def _write_shop(project: Project, source: str) -> None:
    sys.modules.pop("shop", None)
    (project.path / "shop.py").write_text(source, encoding="utf-8")


def test_merge_moves_other_apps_dependencies_to_the_new_version(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Developer B adds table tag (models 0002) and a foreign key to it from app shop, which
    therefore depends on models 0002. A's models 0002 (bio) is applied. After the merge B's
    tag migration is models 0003, and shop's migration must depend on 0003: shop comes first
    in the config, so with the old dependency its foreign key would be created before tag."""
    project: Project = project_factory("postgres")
    url = db_url(project.db)
    (project.path / "settings.py").write_text(SHOP_SETTINGS.format(url=url), encoding="utf-8")
    _write_shop(project, SHOP_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")

    other = tmp_path / "developer_b"
    root = project.path / "migrations"
    shutil.copytree(root, other)
    project.write_models(MODELS_V1 + TAG)
    _write_shop(project, SHOP_TAGGED)

    async def migrate_b() -> None:
        config = {
            "connections": {"default": url},
            "apps": {
                app: {"models": [app], "default_connection": "default"}
                for app in ("shop", "models")
            },
        }
        async with Command(config, location=other, src_folder=project.path) as cmd:
            await cmd.migrate()

    asyncio.run(migrate_b())
    [b_tag] = [p for p in (other / "models").iterdir() if p.name.startswith("0002_")]
    [b_shop] = [p for p in (other / "shop").iterdir() if p.name.startswith("0002_")]
    assert json.loads((b_shop / "snapshot.json").read_text())["depends_on"] == {"models": "0002"}

    project.write_models(MODELS_A)
    _write_shop(project, SHOP_V1)
    ok(project, "--app", "models", "migrate", "--name", "add_bio")
    ok(project, "upgrade")

    shutil.copytree(b_tag, root / "models" / b_tag.name)
    shutil.copytree(b_shop, root / "shop" / b_shop.name)
    project.write_models(MODELS_V1.replace(USERNAME, USERNAME + BIO) + TAG)
    _write_shop(project, SHOP_TAGGED)
    ok(project, "merge")

    shop_meta = json.loads((root / "shop" / b_shop.name / "snapshot.json").read_text())
    assert shop_meta["depends_on"] == {"models": "0003"}
    assert "No changes detected" in ok(project, "migrate", "--no-input")
    ok(project, "upgrade")
    project_exec(project, "INSERT INTO tag (id, label) VALUES (1, 'x')")
    project_exec(project, "INSERT INTO item (id, tag_id) VALUES (1, 1)")
    ok(project, "downgrade", "--yes", "--app", "shop", "--to", "0001")
    assert project.fetch("SELECT id FROM item") == [(1,)]


SHOP_OWNED = SHOP_V1.replace(
    "    id = fields.IntField(primary_key=True)\n",
    "    id = fields.IntField(primary_key=True)\n"
    "    owner = fields.ForeignKeyField('models.User', null=True)\n",
)


def test_merge_leaves_an_applied_dependency_on_the_kept_branch_alone(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A's branch: models 0002 (bio), then shop 0002 with a foreign key to user, which
    depends on models 0002; both applied. B's branch: models 0002 (tag). After the merge
    B's migration is models 0003, but the applied shop migration ran after A's 0002 (the
    branch the database applied) and keeps depending on it."""
    project: Project = project_factory("sqlite")
    url = db_url(project.db)
    (project.path / "settings.py").write_text(SHOP_SETTINGS.format(url=url), encoding="utf-8")
    _write_shop(project, SHOP_V1)
    project.init()
    ok(project, "migrate")
    ok(project, "upgrade")
    other = tmp_path / "developer_b"
    root = project.path / "migrations"
    shutil.copytree(root, other)

    async def migrate_b() -> None:
        config = {
            "connections": {"default": url},
            "apps": {
                app: {"models": [app], "default_connection": "default"}
                for app in ("shop", "models")
            },
        }
        async with Command(config, location=other, src_folder=project.path) as cmd:
            await cmd.migrate()

    project.write_models(MODELS_V1 + TAG)
    asyncio.run(migrate_b())
    [b_tag] = [p for p in (other / "models").iterdir() if p.name.startswith("0002_")]

    project.write_models(MODELS_A)
    ok(project, "--app", "models", "migrate", "--name", "add_bio")
    _write_shop(project, SHOP_OWNED)
    ok(project, "--app", "shop", "migrate", "--name", "owner")
    ok(project, "upgrade")
    shop_meta = root / "shop" / "0002_owner" / "snapshot.json"
    assert json.loads(shop_meta.read_text())["depends_on"] == {"models": "0002"}

    shutil.copytree(b_tag, root / "models" / b_tag.name)
    project.write_models(MODELS_V1.replace(USERNAME, USERNAME + BIO) + TAG)
    ok(project, "merge")
    assert json.loads(shop_meta.read_text())["depends_on"] == {"models": "0002"}
    ok(project, "upgrade")
    assert "No changes detected" in ok(project, "migrate", "--no-input")
