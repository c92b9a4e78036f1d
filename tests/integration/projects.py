"""The example projects in migrations_fixtures/, as the integration tests and the demo use them."""

from __future__ import annotations

import shutil
import sys
import tomllib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema

FIXTURES = Path(__file__).resolve().parents[2] / "migrations_fixtures"
DIALECTS = ("sqlite", "postgres", "mysql")
NON_CONSTANT = "<not a constant>"  # a default Tortoise computes per row: Now(), SqlDefault(...)
COMPUTED = "<computed>"  # a generated column: the database computes it from other columns
# a default the application computes for each row it writes, as the python default:
CURRENT_TIME = "<the current time>"  # auto_now / auto_now_add
FRESH_UUID = "<a fresh uuid4>"  # default=uuid.uuid4
# table -> column -> (db_default=, constant default=) as Tortoise's db values; None: not given
ColumnDefaults = dict[str, dict[str, tuple[Any, Any]]]


@dataclass(frozen=True)
class Column:
    type: str  # the SQL type Tortoise gives the field on the dialect
    null: bool


@dataclass(frozen=True)
class Through:
    """A many-to-many table Tortoise generates (no model of its own)."""

    table: str
    backward_key: str
    forward_key: str


@dataclass(frozen=True)
class Version:
    """What one version's models describe, read from the models alone (never from migrator)."""

    # table -> column -> Column; a table whose model sets Meta.schema is named "schema.table"
    # (the documented key of migrator's state and inspector)
    tables: dict[str, dict[str, Column]]
    throughs: dict[tuple[str, str], Through]  # (owning table, m2m field name) -> through
    schemas: frozenset[str] = frozenset()  # the Meta.schema names of the models


@dataclass(frozen=True)
class Step:
    dir: str
    description: str
    renames: tuple[str, ...] = ()
    no_rename: bool = False
    destructive: bool = False


@dataclass(frozen=True)
class FixtureProject:
    name: str
    path: Path
    apps: dict[str, list[str]]
    steps: list[Step] = field(default_factory=list)
    # the dialects the project's models apply to (project.toml ``dialects``; default: all)
    dialects: tuple[str, ...] = DIALECTS

    @classmethod
    def load(cls, name: str) -> FixtureProject:
        path = FIXTURES / name
        data = tomllib.loads((path / "project.toml").read_text())
        steps = [
            Step(
                dir=s["dir"],
                description=s.get("description", ""),
                renames=tuple(s.get("renames", ())),
                no_rename=bool(s.get("no_rename", False)),
                destructive=bool(s.get("destructive", False)),
            )
            for s in data["steps"]
        ]
        dialects = tuple(data.get("dialects", DIALECTS))
        unknown = sorted(set(dialects) - set(DIALECTS))
        assert not unknown, f"{name}/project.toml: unknown dialects {unknown}"
        return cls(name, path, {k: list(v) for k, v in data["apps"].items()}, steps, dialects)

    @property
    def modules(self) -> list[str]:
        return [m for mods in self.apps.values() for m in mods]

    def materialize(self, step: int, dest: Path) -> None:
        """Put version ``step``'s model modules into ``dest`` (replacing the previous ones)."""
        dest.mkdir(parents=True, exist_ok=True)
        for module in self.modules:
            (dest / f"{module}.py").unlink(missing_ok=True)
        for source in sorted((self.path / self.steps[step].dir).glob("*.py")):
            shutil.copyfile(source, dest / source.name)
        self.forget_modules()

    def forget_modules(self) -> None:
        for module in self.modules:
            sys.modules.pop(module, None)

    async def column_defaults(self) -> ColumnDefaults:
        """The defaults of the materialized models' columns, as the values Tortoise writes:
        ``db_default=`` (the database writes it for a row that does not set the column) and a
        constant ``default=`` (Tortoise writes it). A value the application computes per row
        is ``CURRENT_TIME`` (auto_now, auto_now_add) or ``FRESH_UUID`` (default=uuid.uuid4);
        any other callable ``default=`` counts as none. Read once Tortoise has resolved the
        models: a model without ``Meta.table`` has its table name only then."""
        return _defaults(await self._resolved_models())

    async def read_version(self, dialect: str) -> Version:
        """The tables, columns (type on ``dialect``, nullability) and generated through tables
        of the materialized models, as Tortoise resolves them (no database touched)."""
        return _version(await self._resolved_models(), dialect)

    async def _resolved_models(self) -> list[Any]:
        from tortoise.context import TortoiseContext

        self.forget_modules()
        try:
            async with TortoiseContext() as ctx:
                await ctx.init(
                    config=self.tortoise_config("sqlite://:memory:"), init_connections=False
                )
                assert ctx.apps is not None
                return list(ctx.apps.get_models_iterable())
        finally:
            self.forget_modules()

    def tortoise_config(self, url: str) -> dict[str, Any]:
        return {
            "connections": {"default": url},
            "apps": {
                app: {"models": list(mods), "default_connection": "default"}
                for app, mods in self.apps.items()
            },
        }


def _defaults(models: list[Any]) -> ColumnDefaults:
    result: ColumnDefaults = {}
    for model in models:
        meta = model._meta
        columns = result.setdefault(qualified(meta.schema, meta.db_table), {})
        for field_name, column in meta.fields_db_projection.items():
            field = meta.fields_map[field_name]
            if field.generated and not field.pk:
                columns[column] = (COMPUTED, None)
                continue
            db = None
            if field.has_db_default():
                value = field.db_default
                db = NON_CONSTANT if hasattr(value, "get_sql") else field.to_db_value(value, model)
            columns[column] = (db, _python_default(model, field))
    return result


def _python_default(model: Any, field: Any) -> Any:
    """The value Tortoise writes when the application leaves the field unset (db value)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return CURRENT_TIME
    value = field.default
    if value is uuid.uuid4:
        return FRESH_UUID
    return None if value is None or callable(value) else field.to_db_value(value, model)


def _version(models: list[Any], dialect: str) -> Version:
    def column(field: Any) -> Column:
        return Column(str(field.get_for_dialect(dialect, "SQL_TYPE")), bool(field.null))

    model_tables = {model._meta.db_table for model in models}
    tables: dict[str, dict[str, Column]] = {}
    throughs: dict[tuple[str, str], Through] = {}
    for model in models:
        meta = model._meta
        table = qualified(meta.schema, meta.db_table)
        tables[table] = {
            name: column(meta.fields_map[field])
            for field, name in meta.fields_db_projection.items()
        }
        for name in meta.m2m_fields:
            m2m = meta.fields_map[name]
            if m2m._generated or m2m.through in model_tables:
                continue  # the reverse side, or a through table that has its own model
            # Tortoise creates a through table in its owner's schema
            through = qualified(meta.schema, m2m.through)
            throughs[(table, name)] = Through(through, m2m.backward_key, m2m.forward_key)
            key = Column(column(meta.pk).type, False)
            related = Column(column(m2m.related_model._meta.pk).type, False)
            tables[through] = {m2m.backward_key: key, m2m.forward_key: related}
    schemas = frozenset(m._meta.schema for m in models if m._meta.schema)
    return Version(tables, throughs, schemas)


def qualified(schema: str | None, table: str) -> str:
    return f"{schema}.{table}" if schema else table


def all_projects() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "project.toml").is_file())


def project_dialects(dialects: Sequence[str] = DIALECTS) -> list[tuple[str, str]]:
    """(project, dialect) for every project and each of ``dialects`` it applies to."""
    return [
        (name, dialect)
        for name in all_projects()
        for dialect in dialects
        if dialect in FixtureProject.load(name).dialects
    ]


async def tortoise_schema(
    project: FixtureProject, db: DatabaseConfig, url: str, schemas: Sequence[str] = ()
) -> LiveSchema:
    """What ``Tortoise.generate_schemas()`` creates for the current models, read back with
    the tables of ``schemas`` (every Meta.schema the project's versions name)."""
    from tortoise.context import TortoiseContext

    project.forget_modules()
    async with TortoiseContext() as ctx:
        await ctx.init(config=project.tortoise_config(url))
        await ctx.generate_schemas(safe=False)
    project.forget_modules()
    return await live_schema(db, schemas=schemas)


async def live_schema(
    db: DatabaseConfig, without: tuple[str, ...] = (), schemas: Sequence[str] = ()
) -> LiveSchema:
    """The database's schema as migrator inspects it, with the tables of the other
    ``schemas`` (keyed "schema.table"), less the tables ``without``."""

    dialect = db.dialect
    conn = await dialect.backend(db).connect()
    try:
        return (await dialect.backend(db).inspect(conn, schemas)).without(*without)
    finally:
        await conn.close()
