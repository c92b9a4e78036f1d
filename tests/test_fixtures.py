"""The example projects in migrations_fixtures/ are sound before anything migrates them.

Every version of every project loads in Tortoise and creates its schema with generate_schemas()
on a fresh SQLite, PostgreSQL and MariaDB database. Each project.toml agrees with its model
files: a rename hint names a table or column of the previous version and the new name of the
next one, and the ``destructive`` and ``no_rename`` flags say exactly what the step drops, narrows
and could mistake for a rename. The parity tests trust these fixtures, so they are checked here.
"""

from __future__ import annotations

import asyncio
import os
import re
import runpy
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from tortoise.context import TortoiseContext
from tortoise.fields import Field
from tortoise.models import Model

from migrator.connection import DatabaseConfig
from tests.conftest import SKIP_ENV, database_config, db_url, server_dsn

FIXTURES = Path(__file__).resolve().parent.parent / "migrations_fixtures"
PROJECTS = sorted(p.parent.name for p in FIXTURES.glob("*/project.toml"))
DIALECT_PARAMS = [
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mysql", marks=pytest.mark.mysql),
]
# (table, column) of every table in the fresh database, spelled per dialect
LIVE_COLUMNS_SQL = {
    "sqlite": "SELECT m.name AS t, p.name AS c FROM sqlite_master m "
    "JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    # a table of another schema (Meta.schema) is named "schema.table", as the fixtures do
    "postgres": "SELECT CASE WHEN table_schema = 'public' THEN table_name "
    "ELSE table_schema || '.' || table_name END AS t, column_name AS c "
    "FROM information_schema.columns "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    "mysql": "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
    "WHERE table_schema = DATABASE()",
}


# -- project.toml ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    dir: str
    description: str
    renames: tuple[str, ...]
    no_rename: bool
    destructive: bool


@dataclass(frozen=True)
class Project:
    name: str
    path: Path
    apps: dict[str, list[str]]
    steps: tuple[Step, ...]
    dialects: tuple[str, ...]  # the dialects its models apply to (all unless it says)

    @property
    def modules(self) -> list[str]:
        return [module for modules in self.apps.values() for module in modules]


@cache
def load_project(name: str) -> Project:
    path = FIXTURES / name
    doc: dict[str, Any] = tomlkit.parse((path / "project.toml").read_text()).unwrap()
    steps = tuple(
        Step(
            dir=raw["dir"],
            description=raw["description"],
            renames=tuple(raw.get("renames", ())),
            no_rename=bool(raw.get("no_rename", False)),
            destructive=bool(raw.get("destructive", False)),
        )
        for raw in doc["steps"]
    )
    dialects = tuple(doc.get("dialects", ("sqlite", "postgres", "mysql")))
    apps = {app: list(mods) for app, mods in doc["apps"].items()}
    return Project(name, path, apps, steps, dialects)


def version_cases(first: int = 0) -> list[tuple[str, int]]:
    """(project, step index) for every step of every project, from step ``first`` on."""
    return [
        (name, index) for name in PROJECTS for index in range(first, len(load_project(name).steps))
    ]


def case_id(case: tuple[str, int]) -> str:
    name, index = case
    return f"{name}-{load_project(name).steps[index].dir}"


# -- loading one version ----------------------------------------------------------------------
def tortoise_config(project: Project, url: str) -> dict[str, Any]:
    """TORTOISE_ORM from the project's settings.py, with MIGRATOR_DB_URL set to ``url``."""
    saved = os.environ.get("MIGRATOR_DB_URL")
    os.environ["MIGRATOR_DB_URL"] = url
    try:
        config: dict[str, Any] = runpy.run_path(str(project.path / "settings.py"))["TORTOISE_ORM"]
    finally:
        if saved is None:
            del os.environ["MIGRATOR_DB_URL"]
        else:
            os.environ["MIGRATOR_DB_URL"] = saved
    return config


@contextmanager
def version_importable(project: Project, step: Step) -> Iterator[None]:
    """Put one version's model modules on sys.path; versions share module names, so purge."""
    directory = str(project.path / step.dir)

    def purge() -> None:
        for module in project.modules:
            sys.modules.pop(module, None)

    purge()
    sys.path.insert(0, directory)
    try:
        yield
    finally:
        sys.path.remove(directory)
        purge()


# -- what a version's models describe ---------------------------------------------------------
@dataclass(frozen=True)
class Through:
    """A many-to-many table Tortoise generates (no model of its own)."""

    table: str
    backward_key: str
    forward_key: str


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, dict[str, str]]  # table -> column -> SQL type (PostgreSQL spelling)
    throughs: dict[tuple[str, str], Through]  # (owning table, m2m field name) -> through


def sql_type(field: Field[Any]) -> str:
    return str(field.get_for_dialect("postgres", "SQL_TYPE"))


def snapshot_models(models: Iterable[type[Model]]) -> Snapshot:
    models = list(models)
    model_tables = {model._meta.db_table for model in models}
    tables: dict[str, dict[str, str]] = {}
    throughs: dict[tuple[str, str], Through] = {}
    for model in models:
        meta = model._meta
        table = qualified(meta.schema, meta.db_table)
        tables[table] = {
            column: sql_type(meta.fields_map[name])
            for name, column in meta.fields_db_projection.items()
        }
        for name in meta.m2m_fields:
            m2m: Any = meta.fields_map[name]
            if m2m._generated or m2m.through in model_tables:
                continue  # the reverse side, or a through table that has its own model
            # Tortoise creates a through table in its owner's schema
            through = qualified(meta.schema, m2m.through)
            throughs[(table, name)] = Through(through, m2m.backward_key, m2m.forward_key)
            tables[through] = {
                m2m.backward_key: sql_type(meta.pk),
                m2m.forward_key: sql_type(m2m.related_model._meta.pk),
            }
    return Snapshot(tables, throughs)


def qualified(schema: str | None, table: str) -> str:
    """A table of another schema (PostgreSQL Meta.schema) is named "schema.table"."""
    return f"{schema}.{table}" if schema else table


@cache
def version_snapshot(name: str, index: int) -> Snapshot:
    """Load a version without touching a database and describe its tables."""
    project = load_project(name)

    async def load() -> Snapshot:
        async with TortoiseContext() as ctx:
            config = tortoise_config(project, "sqlite://:memory:")
            await ctx.init(config=config, init_connections=False)
            assert ctx.apps is not None
            return snapshot_models(ctx.apps.get_models_iterable())

    with version_importable(project, project.steps[index]):
        return asyncio.run(load())


# -- what a step changes ----------------------------------------------------------------------
@dataclass(frozen=True)
class Hints:
    tables: dict[str, str]  # old table -> new table
    columns: dict[str, dict[str, str]]  # old table -> old column -> new column


def parse_hints(renames: Iterable[str]) -> Hints:
    hints = Hints({}, {})
    for hint in renames:
        old, sep, new = hint.partition("=")
        assert sep and new, f"malformed rename hint {hint!r}"
        # schema.table=schema.new (a dot on the right) renames a table of another schema
        table, dot, column = old.rpartition(".")
        if dot and "." not in new:
            hints.columns.setdefault(table, {})[column] = new
        else:
            hints.tables[old] = new
    return hints


def hint_problems(prev: Snapshot, nxt: Snapshot, hints: Hints) -> list[str]:
    problems = []
    for old, new in hints.tables.items():
        if old not in prev.tables:
            problems.append(f"table {old} is not in the previous version")
        if new not in nxt.tables:
            problems.append(f"table {new} is not in the next version")
        if old in nxt.tables and old not in hints.tables.values():
            problems.append(f"table {old} still exists after its rename")
    for table, renames in hints.columns.items():
        before = prev.tables.get(table, {})
        after = nxt.tables.get(hints.tables.get(table, table), {})
        for old, new in renames.items():
            if old not in before:
                problems.append(f"column {table}.{old} is not in the previous version")
            if new not in after:
                problems.append(f"column {table}.{new} is not in the next version")
            if new in before and new not in renames:
                problems.append(f"{table}.{new} already exists and is not renamed away")
    return problems


def apply_hints(prev: Snapshot, nxt: Snapshot, hints: Hints) -> dict[str, dict[str, str]]:
    """The previous tables as they are after the hinted renames.

    A generated through table follows its owning table: renaming ``product`` to ``item`` turns
    ``product_tag(product_id, tag_id)`` into ``item_tag(item_id, tag_id)`` without a hint.
    """
    renamed = {
        hints.tables.get(table, table): {
            hints.columns.get(table, {}).get(column, column): type_
            for column, type_ in columns.items()
        }
        for table, columns in prev.tables.items()
    }
    for (owner, field_name), old in prev.throughs.items():
        new = nxt.throughs.get((hints.tables.get(owner, ""), field_name))
        if new is None:
            continue
        keys = {old.backward_key: new.backward_key, old.forward_key: new.forward_key}
        columns = renamed.pop(old.table)
        renamed[new.table] = {keys.get(col, col): type_ for col, type_ in columns.items()}
    return renamed


_INT_WIDTH = {"SMALLINT": 2, "INT": 4, "BIGINT": 8}
_SIZED = re.compile(r"^(VARCHAR|DECIMAL)\((\d+)(?:,(\d+))?\)$")


def narrows(old: str, new: str) -> bool:
    """Whether converting a column from SQL type ``old`` to ``new`` can lose data."""
    if old == new:
        return False
    if old in _INT_WIDTH and new in _INT_WIDTH:
        return _INT_WIDTH[new] < _INT_WIDTH[old]
    if new == "TEXT":
        return not old.startswith("VARCHAR(")
    was, now = _SIZED.match(old), _SIZED.match(new)
    if not (was and now and was[1] == now[1]):
        return True  # another type family: assume values may not survive
    if was[1] == "VARCHAR":
        return int(now[2]) < int(was[2])
    precision, scale = int(was[2]), int(was[3] or 0)
    new_precision, new_scale = int(now[2]), int(now[3] or 0)
    return new_scale < scale or new_precision - new_scale < precision - scale


@dataclass(frozen=True)
class Changes:
    dropped: list[str]
    narrowed: list[str]
    rename_candidates: list[str]  # a drop and an add that a migrator could take for a rename


def step_changes(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> Changes:
    dropped, narrowed, candidates = [], [], []
    for table in sorted(before.keys() - after.keys()):
        dropped.append(table)
        twins = [t for t in after.keys() - before.keys() if after[t] == before[table]]
        candidates += [f"{table}->{twin}" for twin in sorted(twins)]
    for table in sorted(before.keys() & after.keys()):
        old, new = before[table], after[table]
        gone, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        dropped += [f"{table}.{column}" for column in gone]
        candidates += [f"{table}.{g}->{a}" for g in gone for a in added if old[g] == new[a]]
        narrowed += [
            f"{table}.{column} {old[column]}->{new[column]}"
            for column in sorted(old.keys() & new.keys())
            if narrows(old[column], new[column])
        ]
    return Changes(dropped, narrowed, candidates)


# -- fresh databases --------------------------------------------------------------------------
async def _create_directly(db: DatabaseConfig, create: bool) -> None:
    """CREATE/DROP DATABASE through the driver, for while the dialect cannot do it yet."""
    name = db.credentials["database"]
    if db.dialect.name == "postgres":
        import asyncpg

        conn = await asyncpg.connect(server_dsn("postgres"))
        sql = f'CREATE DATABASE "{name}"' if create else f'DROP DATABASE IF EXISTS "{name}"'
        try:
            await conn.execute(sql)
        finally:
            await conn.close()
    elif db.dialect.name == "mysql":
        import asyncmy

        c = db.credentials
        conn = await asyncmy.connect(
            host=c["host"], port=int(c["port"]), user=c["user"], password=c.get("password") or ""
        )
        sql = f"CREATE DATABASE `{name}`" if create else f"DROP DATABASE IF EXISTS `{name}`"
        try:
            async with conn.cursor() as cursor:
                await cursor.execute(sql)
        finally:
            conn.close()


@pytest.fixture
def fresh_db(make_db: Any, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """make_db, or (until the dialect implements create_database) the driver directly."""

    def factory(dialect: str) -> DatabaseConfig:
        try:
            return make_db(dialect)  # type: ignore[no-any-return]
        except (ImportError, NotImplementedError):
            pass  # the dialect module is still being written
        env = SKIP_ENV.get(dialect)
        if env and os.environ.get(env) == "1":
            pytest.skip(f"{env}=1")
        db = database_config(dialect, f"fix_{uuid.uuid4().hex[:12]}", tmp_path)
        asyncio.run(_create_directly(db, create=True))
        request.addfinalizer(lambda: asyncio.run(_create_directly(db, create=False)))
        return db

    return factory


async def create_schema(
    project: Project, db: DatabaseConfig
) -> tuple[Snapshot, dict[str, set[str]]]:
    """generate_schemas() on ``db``; return what the models describe and the live columns."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(project, db_url(db)))
        assert ctx.apps is not None
        expected = snapshot_models(ctx.apps.get_models_iterable())
        await ctx.generate_schemas(safe=False)
        rows = await ctx.db().execute_query_dict(LIVE_COLUMNS_SQL[db.dialect.name])
    live: dict[str, set[str]] = {}
    for row in rows:
        live.setdefault(row["t"], set()).add(row["c"])
    return expected, live


# -- tests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PROJECTS)
def test_project_layout(name: str) -> None:
    project = load_project(name)
    settings = tortoise_config(project, "sqlite://:memory:")
    assert settings["connections"]["default"] == "sqlite://:memory:"
    assert {app: cfg["models"] for app, cfg in settings["apps"].items()} == project.apps
    assert len(project.steps) >= 4
    assert [step.dir for step in project.steps] == [
        f"v{n}" for n in range(1, len(project.steps) + 1)
    ]
    for step in project.steps:
        files = {p.stem for p in (project.path / step.dir).glob("*.py")}
        assert files == set(project.modules), f"{step.dir} must hold exactly {project.modules}"
        assert step.description.strip()
    first = project.steps[0]
    assert not (first.renames or first.destructive or first.no_rename)
    assert project.dialects, "a project applies to at least one dialect"
    assert set(project.dialects) <= {"sqlite", "postgres", "mysql"}, project.dialects


@pytest.mark.parametrize("case", version_cases(first=1), ids=case_id)
def test_step_flags_match_models(case: tuple[str, int]) -> None:
    name, index = case
    step = load_project(name).steps[index]
    prev, nxt = version_snapshot(name, index - 1), version_snapshot(name, index)
    hints = parse_hints(step.renames)
    assert hint_problems(prev, nxt, hints) == []
    changes = step_changes(apply_hints(prev, nxt, hints), nxt.tables)
    assert step.destructive == bool(changes.dropped or changes.narrowed), changes
    assert step.no_rename == bool(changes.rename_candidates), changes


def schema_cases() -> list[Any]:
    """(case, dialect) for every version on each dialect its project applies to."""
    return [
        pytest.param(
            case, param.values[0], marks=param.marks, id=f"{case_id(case)}-{param.values[0]}"
        )
        for case in version_cases()
        for param in DIALECT_PARAMS
        if param.values[0] in load_project(case[0]).dialects
    ]


@pytest.mark.parametrize(("case", "dialect"), schema_cases())
def test_version_creates_schema(case: tuple[str, int], dialect: str, fresh_db: Any) -> None:
    name, index = case
    project = load_project(name)
    db = fresh_db(dialect)
    with version_importable(project, project.steps[index]):
        expected, live = asyncio.run(create_schema(project, db))
    assert live == {table: set(columns) for table, columns in expected.tables.items()}


def test_checker_sees_an_unhinted_table_rename() -> None:
    """Without its hint, ecommerce v3 reads as dropping product and product_tag."""
    prev, nxt = version_snapshot("ecommerce", 1), version_snapshot("ecommerce", 2)
    changes = step_changes(apply_hints(prev, nxt, parse_hints([])), nxt.tables)
    assert changes.dropped == ["product", "product_tag"]
    assert changes.rename_candidates == ["product->item"]


def test_checker_rejects_hints_naming_missing_columns() -> None:
    prev, nxt = version_snapshot("ecommerce", 0), version_snapshot("ecommerce", 1)
    hints = parse_hints(["user.nickname=handle", "user.username=alias"])
    assert hint_problems(prev, nxt, hints) == [
        "column user.nickname is not in the previous version",
        "column user.alias is not in the next version",
    ]


@pytest.mark.parametrize(
    ("old", "new", "loses_data"),
    [
        ("INT", "BIGINT", False),
        ("BIGINT", "INT", True),
        ("VARCHAR(50)", "VARCHAR(200)", False),
        ("VARCHAR(200)", "VARCHAR(120)", True),
        ("VARCHAR(100)", "TEXT", False),
        ("TEXT", "VARCHAR(100)", True),
        ("DECIMAL(10,2)", "DECIMAL(12,4)", False),
        ("DECIMAL(10,2)", "DECIMAL(10,4)", True),
        ("INT", "VARCHAR(20)", True),
    ],
)
def test_narrows(old: str, new: str, loses_data: bool) -> None:
    assert narrows(old, new) is loses_data
