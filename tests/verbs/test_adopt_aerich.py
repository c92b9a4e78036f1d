"""A database Aerich 0.10 built and migrated, for real (its Python API): ``init-db``, then a
model change that renames a column and drops a default, ``migrate`` + ``upgrade``. migrator
adopts it: the reconcile migration fixes what Aerich left behind, ``upgrade`` then ends
equal to ``generate_schemas()`` with every row, and the next model change migrates."""

from __future__ import annotations

import asyncio
import os
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

MODULE = "aerich_models"
V1 = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50, unique=True)
    level = fields.IntField(db_default=0)

    class Meta:
        table = "users"
"""
RENAMED = V1.replace("username = ", "handle = ")


def _v2(dialect: str) -> str:
    """The rename and, where Aerich can (not on SQLite), the dropped default."""
    return RENAMED if dialect == "sqlite" else RENAMED.replace("db_default=0", "default=1")


def _v3(dialect: str) -> str:
    email = "    email = fields.CharField(max_length=100, null=True)\n"
    return _v2(dialect).replace("    level = ", email + "    level = ")


def _config(db: DatabaseConfig, aerich: bool) -> dict[str, Any]:
    models = [MODULE, "aerich.models"] if aerich else [MODULE]
    return {
        "connections": {"default": db_url(db)},
        "apps": {"models": {"models": models, "default_connection": "default"}},
    }


def _write(folder: Path, source: str) -> None:
    (folder / f"{MODULE}.py").write_text(source)
    sys.modules.pop(MODULE, None)


AERICH_SCRIPT = """\
import asyncio, json, sys
from aerich import Command
from tortoise import Tortoise

config, location, step = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]


async def main():
    await Tortoise.init(config=config)
    try:
        aerich = Command(config, app="models", location=location)
        if step == "init-db":
            await aerich.init_db(safe=True)
        else:
            await aerich.init()
            assert await aerich.migrate("rename", no_input=True)
            await aerich.upgrade(run_in_transaction=True)
    finally:
        await Tortoise.close_connections()


asyncio.run(main())
"""


def _run_aerich(db: DatabaseConfig, folder: Path, step: str) -> None:
    """One Aerich step in its own process (Aerich keeps class-level state between runs)."""
    import json
    import subprocess

    script = folder / "run_aerich.py"
    script.write_text(AERICH_SCRIPT)
    location = str(folder / "aerich_migrations")
    config = json.dumps(_config(db, aerich=True))
    done = subprocess.run(
        [sys.executable, str(script), config, location, step],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )
    assert done.returncode == 0, done.stderr


async def _aerich(db: DatabaseConfig, folder: Path) -> None:
    """Aerich's quick start: init-db, rows, a change (rename + dropped default), migrate,
    upgrade."""
    _write(folder, V1)
    _run_aerich(db, folder, "init-db")
    await _run(db, "INSERT INTO users (id, username) VALUES (1, 'ann'), (2, 'bob')")
    _write(folder, _v2(db.dialect.name))
    _run_aerich(db, folder, "migrate")


async def _take_over(db: DatabaseConfig, fresh: DatabaseConfig, folder: Path) -> None:
    await _aerich(db, folder)
    rows = sorted(await _run(db, "SELECT id, handle, level FROM users"))
    assert rows == [(1, "ann", 0), (2, "bob", 0)]
    aerich_rows = await _run(db, "SELECT version FROM aerich")
    yes = AssumeYesQuestioner()
    with pytest.raises(MigratorError, match=r'still lists "aerich\.models"'):
        async with Command(_config(db, True), location=folder / "m", questioner=yes) as cmd:
            await cmd.adopt()
    with pytest.raises(MigratorError, match="holds Python migration modules of another tool"):
        async with Command(
            _config(db, False), location=folder / "aerich_migrations", questioner=yes
        ) as cmd:
            await cmd.adopt()
    assert not (folder / "m").exists()
    location = folder / "migrations"
    async with Command(_config(db, False), location=location, questioner=yes) as cmd:
        [result] = await cmd.adopt()
        if db.dialect.name != "sqlite":  # SQLite keeps no constraint names and the default
            assert result.reconcile == "0002_reconcile", result
        assert any("Aerich's history table aerich is left as it is" in n for n in result.notes)
        await cmd.upgrade()
        assert (await cmd.drift()).ok
    await _generate_v(fresh, folder, _v2(db.dialect.name))
    assert (await _schema(db, "migrator_history", "aerich")).to_dict() == (
        await _schema(fresh)
    ).to_dict()
    assert sorted(await _run(db, "SELECT id, handle, level FROM users")) == rows
    assert await _run(db, "SELECT version FROM aerich") == aerich_rows
    _write(folder, _v3(db.dialect.name))
    async with Command(_config(db, False), location=location, questioner=yes) as cmd:
        assert await cmd.migrate()
        await cmd.upgrade()
        assert (await cmd.drift()).ok
    assert sorted(await _run(db, "SELECT id, handle, level, email FROM users")) == [
        (1, "ann", 0, None),
        (2, "bob", 0, None),
    ]


async def _generate_v(db: DatabaseConfig, folder: Path, source: str) -> None:
    from tortoise.context import TortoiseContext

    _write(folder, source)
    async with TortoiseContext() as ctx:
        await ctx.init(config=_config(db, aerich=False))
        await ctx.generate_schemas(safe=False)
    sys.modules.pop(MODULE, None)


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_adopt_a_database_aerich_built(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    asyncio.run(_take_over(make_db(dialect), make_db(dialect), tmp_path))
