"""A database Tortoise 1.1's own migrations built, for real (its ``tortoise`` CLI in a
subprocess): ``makemigrations`` + ``migrate``, rows, a model change, ``makemigrations`` +
``migrate`` again. migrator adopts it from a folder of its own: ``upgrade`` then ends equal
to ``generate_schemas()`` with every row, Tortoise's history table and migration modules are
left as they were (the table is dropped only with ``--drop-old-history``), and the next
model change migrates."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migrator.command import Command
from migrator.connection import DatabaseConfig
from migrator.errors import MigratorError
from migrator.questioner import AssumeYesQuestioner
from tests.conftest import ALL_DIALECTS, db_url
from tests.verbs.test_adopt import _run, _schema

PACKAGE = "tm_shop"
MIGRATIONS = f"{PACKAGE}.migrations"
V1 = """\
from tortoise import fields
from tortoise.models import Model


class Category(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, unique=True)

    class Meta:
        table = "category"


class Product(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100, db_index=True)
    price = fields.IntField(default=0)
    category = fields.ForeignKeyField("models.Category", related_name="products")

    class Meta:
        table = "product"
"""
# migrated by Tortoise: a nullable column and an index
V2 = V1.replace(
    "    price = fields.IntField(default=0)\n",
    "    price = fields.IntField(default=0, db_index=True)\n"
    "    sku = fields.CharField(max_length=20, null=True)\n",
)
# migrated by migrator after the takeover
V3 = V2.replace(
    "    name = fields.CharField(max_length=50, unique=True)\n",
    "    name = fields.CharField(max_length=50, unique=True)\n"
    "    note = fields.CharField(max_length=200, null=True)\n",
)
SETTINGS = "TORTOISE_ORM = {config!r}\n"
ROWS = [(1, "saw", 5, 1, None), (2, "nail", 0, 1, "N-2")]
SELECT_ROWS = "SELECT id, title, price, category_id, sku FROM product"


def _config(db: DatabaseConfig, migrations: bool = True) -> dict[str, Any]:
    app: dict[str, Any] = {"models": [f"{PACKAGE}.models"], "default_connection": "default"}
    if migrations:
        app["migrations"] = MIGRATIONS
    return {"connections": {"default": db_url(db)}, "apps": {"models": app}}


def _write(folder: Path, source: str) -> None:
    package = folder / PACKAGE
    package.mkdir(exist_ok=True)
    (package / "__init__.py").touch()
    (package / "models.py").write_text(source)
    for name in (PACKAGE, f"{PACKAGE}.models"):
        sys.modules.pop(name, None)


def _tortoise(folder: Path, *args: str) -> None:
    """Tortoise's own migration CLI, in its own process (as a team runs it)."""
    done = subprocess.run(
        [sys.executable, "-m", "tortoise", "-c", "settings.TORTOISE_ORM", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


async def _built_by_tortoise(db: DatabaseConfig, folder: Path) -> None:
    (folder / "settings.py").write_text(SETTINGS.format(config=_config(db)))
    _write(folder, V1)
    _tortoise(folder, "makemigrations")
    _tortoise(folder, "migrate")
    await _run(
        db,
        "INSERT INTO category (id, name) VALUES (1, 'tools')",
        "INSERT INTO product (id, title, price, category_id) VALUES (1, 'saw', 5, 1), "
        "(2, 'nail', 0, 1)",
    )
    _write(folder, V2)
    _tortoise(folder, "makemigrations")
    _tortoise(folder, "migrate")
    await _run(db, "UPDATE product SET sku = 'N-2' WHERE id = 2")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


async def _take_over(db: DatabaseConfig, fresh: DatabaseConfig, folder: Path, drop: bool) -> None:
    await _built_by_tortoise(db, folder)
    theirs = folder / PACKAGE / "migrations"
    their_files = _files(theirs)
    assert len([f for f in their_files if f.endswith(".py")]) == 3  # __init__ + two migrations
    their_history = sorted(await _run(db, "SELECT app, name FROM tortoise_migrations"))
    assert [name.split("_")[0] for _, name in their_history] == ["0001", "0002"], their_history
    yes = AssumeYesQuestioner()

    # migrator's files never go into Tortoise's migration package
    with pytest.raises(MigratorError, match="holds Python migration modules of another tool"):
        async with Command(_config(db), location=theirs, questioner=yes) as cmd:
            await cmd.adopt()
    assert _files(theirs) == their_files

    location = folder / "db_migrations"
    async with Command(_config(db), location=location, questioner=yes) as cmd:
        [result] = await cmd.adopt(drop_old_history=drop)
        if db.dialect.name == "sqlite":  # Tortoise's table rebuild lost both indexes
            assert result.reconcile == "0002_reconcile", result
            assert sorted(d for t in result.differences for d in t.differences) == [
                "index idx_product_price_f1e6f6 on (price) is missing",
                "index idx_product_title_e73efa on (title) is missing",
            ]
        else:
            assert result.reconcile is None and result.differences == [], result
        assert any(f"Tortoise's migration modules ({MIGRATIONS})" in n for n in result.notes)
        kept = "tortoise_migrations was dropped" if drop else "tortoise_migrations is left"
        assert any(kept in n for n in result.notes), result.notes
        assert result.unmanaged == []
        await cmd.upgrade()
        assert (await cmd.drift()).ok

    await _generate(fresh, folder, V2)
    assert (await _schema(db, "migrator_history", "tortoise_migrations")).to_dict() == (
        await _schema(fresh)
    ).to_dict()
    assert sorted(await _run(db, SELECT_ROWS)) == ROWS
    assert await _run(db, "SELECT id, name FROM category") == [(1, "tools")]
    tables = (await _schema(db)).tables
    if drop:
        assert "tortoise_migrations" not in tables
    else:
        assert sorted(await _run(db, "SELECT app, name FROM tortoise_migrations")) == their_history
    assert _files(theirs) == their_files
    assert not [p for p in location.rglob("*.py")]  # migrator's own folder: SQL and JSON

    _write(folder, V3)
    async with Command(_config(db), location=location, questioner=yes) as cmd:
        assert await cmd.migrate()
        await cmd.upgrade()
        assert (await cmd.drift()).ok
    assert await _run(db, "SELECT id, name, note FROM category") == [(1, "tools", None)]
    assert sorted(await _run(db, SELECT_ROWS)) == ROWS
    assert _files(theirs) == their_files


async def _generate(db: DatabaseConfig, folder: Path, source: str) -> None:
    from tortoise.context import TortoiseContext

    _write(folder, source)
    async with TortoiseContext() as ctx:
        await ctx.init(config=_config(db, migrations=False))
        await ctx.generate_schemas(safe=False)
    _write(folder, source)  # forget the modules this process imported


@pytest.mark.parametrize(
    ("dialect", "drop"),
    [*((d, False) for d in ALL_DIALECTS), ("sqlite", True)],
)
def test_adopt_a_database_tortoise_migrations_built(
    dialect: str, drop: bool, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        asyncio.run(_take_over(make_db(dialect), make_db(dialect), tmp_path, drop))
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            sys.modules.pop(name, None)
