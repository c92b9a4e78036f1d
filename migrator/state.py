"""The schema as pure data: what the models say the database should look like.

A state is per dialect: column types and defaults are the SQL Tortoise itself would write
for that dialect, so the diff and the renderers never re-derive them. States are immutable;
``to_dict``/``from_dict`` give the canonical JSON form stored in each migration's snapshot.

Tables are keyed by ``table_key(schema, name)``: the bare table name for a table in the
connection's own schema, ``"schema.table"`` for one whose model sets ``Meta.schema``
(PostgreSQL only). Every reference to a table (operations, foreign keys, through tables) uses
that key, so two tables of one name in different schemas never collide. The key reads back
unambiguously because a schema name never holds a dot and, on PostgreSQL, neither does a
table name (capture refuses both); ``Table.schema`` records the schema explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from migrator.errors import SnapshotError

SNAPSHOT_FORMAT = 1
_GENERATED = re.compile(r"(?i)\bGENERATED\s+ALWAYS\s+AS\b")


def table_key(schema: str | None, name: str) -> str:
    """The key of table ``name`` in ``schema`` (None: the connection's own schema)."""
    return f"{schema}.{name}" if schema else name


def split_key(key: str) -> tuple[str | None, str]:
    """(schema, table name) of a key; a key without a dot is a table of the own schema.
    Only dialects whose tables can live in other schemas call this (see the module doc)."""
    schema, dot, name = key.partition(".")
    return (schema, name) if dot else (None, key)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A single-column foreign key, as Tortoise declares them (inline ``REFERENCES``)."""

    ref_table: str
    ref_column: str
    on_delete: str  # "CASCADE", "SET NULL", "RESTRICT", "SET DEFAULT" or "NO ACTION"
    name: str | None = None  # constraint name when Tortoise names it (MySQL); else the db picks


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # SQL type for the dialect exactly as Tortoise writes it, e.g. "VARCHAR(200)"
    null: bool = False
    default: str | None = None  # rendered SQL of the db default (db_default=); None: no default
    pk: bool = False
    identity: str | None = None  # GENERATED_SQL of a db-generated key, e.g. "SERIAL ..."
    unique: bool = False  # inline UNIQUE (unique=True, OneToOne)
    comment: str | None = None
    fk: ForeignKey | None = None
    field_type: str = ""  # Tortoise field class, for messages only ("CharField")
    # SQL literal of the model's constant Python ``default=``. Never part of the DDL: used only
    # to fill existing rows when a column becomes NOT NULL or is added as NOT NULL.
    backfill: str | None = None
    # The model field that owns the column (its ``fields_db_projection`` key, "author_id" for
    # ``author = ForeignKeyField(...)``). Never part of the DDL: it lets the diff tell that a
    # column whose name changed with the same owner was renamed (``source_field=``). None in
    # snapshots written before it was recorded, and for generated many-to-many tables.
    field_name: str | None = None
    # The model's default when it is no constant, as the models say it: "now" (auto_now,
    # auto_now_add), "uuid4" (default=uuid.uuid4) or "callable" (any other function). Never
    # part of the DDL nor of snapshots (equality ignores it): only a column being added needs
    # it, to fill existing rows the way the application would have.
    python_default: str | None = field(default=None, compare=False)

    @property
    def computed(self) -> bool:
        """A generated column (``GENERATED ALWAYS AS (...)`` in its type, the SQL standard's
        spelling): the database computes every row's value, so nothing needs filling."""
        return not self.identity and _GENERATED.search(self.type) is not None

    def ddl_key(self) -> tuple[Any, ...]:
        """Everything that reaches the database; two columns with equal keys need no ALTER."""
        return (
            self.name,
            self.type,
            self.null,
            self.default,
            self.pk,
            self.identity,
            self.unique,
            self.comment,
            self.fk,
        )


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    columns: tuple[str, ...] = ()  # column names, quoted by the dialect
    expressions: tuple[str, ...] = ()  # raw SQL expressions (Tortoise Index(*expressions))
    unique: bool = False
    using: str = ""  # index method/kind, e.g. "GIN" (PostgreSQL) or "FULLTEXT" (MySQL)
    where: str = ""  # partial-index condition without the WHERE keyword

    def shape(self) -> tuple[Any, ...]:
        """The index without its name: two indexes of the same shape differ only by a rename."""
        return (self.columns, self.expressions, self.unique, self.using, self.where)


@dataclass(frozen=True, slots=True)
class UniqueConstraint:
    """A named multi-column UNIQUE constraint (Meta.unique_together)."""

    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThroughInfo:
    """Marks a table Tortoise generates for a ManyToManyField, so renames can follow it."""

    owner_table: str  # table of the model declaring the ManyToManyField
    related_table: str
    generated_name: bool  # the table name was derived as f"{owner}_{related}"


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...] = ()
    uniques: tuple[UniqueConstraint, ...] = ()
    comment: str | None = None
    model: str | None = None  # "app.Model" for messages; None for generated through tables
    through: ThroughInfo | None = None
    # the database schema the model's Meta.schema names (PostgreSQL); None: the connection's
    # own schema. ``name`` is then the key "schema.table" (see ``table_key``)
    schema: str | None = None

    @property
    def bare_name(self) -> str:
        """The table's name inside its schema (``name`` without the schema prefix)."""
        return self.name[len(self.schema) + 1 :] if self.schema else self.name

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name}.{name}")

    def has_column(self, name: str) -> bool:
        return any(col.name == name for col in self.columns)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)

    @property
    def references(self) -> frozenset[str]:
        """Tables this table's foreign keys point to (itself excluded)."""
        return frozenset(
            col.fk.ref_table for col in self.columns if col.fk and col.fk.ref_table != self.name
        )

    def with_columns(self, columns: Iterable[Column]) -> Table:
        return replace(self, columns=tuple(columns))

    def replace_column(self, name: str, new: Column) -> Table:
        return self.with_columns(new if col.name == name else col for col in self.columns)


@dataclass(frozen=True, slots=True)
class SchemaState:
    dialect: str
    tables: Mapping[str, Table] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(name) from None

    def with_table(self, table: Table) -> SchemaState:
        return replace(self, tables={**self.tables, table.name: table})

    def without_table(self, name: str) -> SchemaState:
        return replace(self, tables={k: v for k, v in self.tables.items() if k != name})

    @property
    def schemas(self) -> tuple[str, ...]:
        """The schemas other than the connection's own that the tables live in, sorted."""
        return tuple(sorted({t.schema for t in self.tables.values() if t.schema}))

    def with_schemas(self, renamed: Mapping[str, str]) -> SchemaState:
        """The state with its tables moved from each schema in ``renamed`` to the schema it
        maps to, every reference following (drift builds its reference in scratch schemas).
        Only states whose tables have schemas need it (see the module doc for the keys)."""
        if not renamed:
            return self
        tables = [_moved_table(t, renamed) for t in self.tables.values()]
        return replace(self, tables={t.name: t for t in tables})

    def sorted_tables(self) -> list[Table]:
        """Tables in dependency order: every table after the tables it references."""
        return dependency_order(self.tables.values())

    # -- canonical JSON form ------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": SNAPSHOT_FORMAT,
            "dialect": self.dialect,
            "tables": {name: _table_to_dict(self.tables[name]) for name in sorted(self.tables)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SchemaState:
        try:
            if data.get("format") != SNAPSHOT_FORMAT:
                raise SnapshotError(
                    f"unknown snapshot format {data.get('format')!r} (this migrator reads "
                    f"format {SNAPSHOT_FORMAT}); upgrade migrator or regenerate the snapshot"
                )
            tables = {name: _table_from_dict(name, t) for name, t in data["tables"].items()}
            return cls(dialect=str(data["dialect"]), tables=tables)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SnapshotError(f"snapshot is malformed ({type(exc).__name__}: {exc})") from exc


def dependency_order(tables: Iterable[Table]) -> list[Table]:
    """Sort tables so referenced ones come first; ties and cycles fall back to name order."""
    pending = sorted(tables, key=lambda t: t.name)
    names = {t.name for t in pending}
    done: set[str] = set()
    ordered: list[Table] = []
    while pending:
        ready = [t for t in pending if (t.references & names) <= done]
        if not ready:  # a cycle: Tortoise refuses these too, keep going deterministically
            ready = [pending[0]]
        for table in ready:
            ordered.append(table)
            done.add(table.name)
            pending.remove(table)
    return ordered


_COLUMN_DEFAULTS = {f: Column.__dataclass_fields__[f].default for f in Column.__dataclass_fields__}
# written only when not the default: a state loaded from an older snapshot writes it back as is
_OPTIONAL_COLUMN_KEYS = (
    "null",
    "default",
    "pk",
    "identity",
    "unique",
    "comment",
    "field_type",
    "backfill",
    "field_name",
)


def _column_to_dict(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": col.name, "type": col.type}
    for key in _OPTIONAL_COLUMN_KEYS:
        value = getattr(col, key)
        if value != _COLUMN_DEFAULTS[key]:
            out[key] = value
    if col.fk is not None:
        fk: dict[str, Any] = {
            "table": col.fk.ref_table,
            "column": col.fk.ref_column,
            "on_delete": col.fk.on_delete,
        }
        if col.fk.name:
            fk["name"] = col.fk.name
        out["fk"] = fk
    return out


def _column_from_dict(data: Mapping[str, Any]) -> Column:
    fk_data = data.get("fk")
    fk = (
        ForeignKey(
            ref_table=fk_data["table"],
            ref_column=fk_data["column"],
            on_delete=fk_data["on_delete"],
            name=fk_data.get("name"),
        )
        if fk_data
        else None
    )
    return Column(
        name=data["name"],
        type=data["type"],
        null=bool(data.get("null", False)),
        default=data.get("default"),
        pk=bool(data.get("pk", False)),
        identity=data.get("identity"),
        unique=bool(data.get("unique", False)),
        comment=data.get("comment"),
        fk=fk,
        field_type=data.get("field_type", ""),
        backfill=data.get("backfill"),
        field_name=data.get("field_name"),
    )


def _index_to_dict(index: Index) -> dict[str, Any]:
    out: dict[str, Any] = {"name": index.name}
    if index.columns:
        out["columns"] = list(index.columns)
    if index.expressions:
        out["expressions"] = list(index.expressions)
    if index.unique:
        out["unique"] = True
    if index.using:
        out["using"] = index.using
    if index.where:
        out["where"] = index.where
    return out


def _index_from_dict(data: Mapping[str, Any]) -> Index:
    return Index(
        name=data["name"],
        columns=tuple(data.get("columns", ())),
        expressions=tuple(data.get("expressions", ())),
        unique=bool(data.get("unique", False)),
        using=data.get("using", ""),
        where=data.get("where", ""),
    )


def _table_to_dict(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {"columns": [_column_to_dict(c) for c in table.columns]}
    if table.indexes:
        out["indexes"] = [_index_to_dict(i) for i in sorted(table.indexes, key=lambda i: i.name)]
    if table.uniques:
        out["uniques"] = [
            {"name": u.name, "columns": list(u.columns)}
            for u in sorted(table.uniques, key=lambda u: u.name)
        ]
    if table.comment is not None:
        out["comment"] = table.comment
    if table.model is not None:
        out["model"] = table.model
    if table.schema is not None:
        out["schema"] = table.schema
    if table.through is not None:
        out["through"] = {
            "owner_table": table.through.owner_table,
            "related_table": table.through.related_table,
            "generated_name": table.through.generated_name,
        }
    return out


def _table_from_dict(name: str, data: Mapping[str, Any]) -> Table:
    through = data.get("through")
    return Table(
        name=name,
        columns=tuple(_column_from_dict(c) for c in data["columns"]),
        indexes=tuple(
            sorted((_index_from_dict(i) for i in data.get("indexes", ())), key=lambda i: i.name)
        ),
        uniques=tuple(
            sorted(
                (UniqueConstraint(u["name"], tuple(u["columns"])) for u in data.get("uniques", ())),
                key=lambda u: u.name,
            )
        ),
        comment=data.get("comment"),
        model=data.get("model"),
        schema=_schema_of(name, data.get("schema")),
        through=ThroughInfo(
            owner_table=through["owner_table"],
            related_table=through["related_table"],
            generated_name=bool(through["generated_name"]),
        )
        if through
        else None,
    )


def moved_key(key: str, renamed: Mapping[str, str]) -> str:
    """``key`` with its schema replaced as ``renamed`` says (unchanged when not listed)."""
    schema, name = split_key(key)
    return table_key(renamed.get(schema, schema) if schema else None, name)


def _moved_table(table: Table, renamed: Mapping[str, str]) -> Table:
    columns = tuple(
        replace(c, fk=replace(c.fk, ref_table=moved_key(c.fk.ref_table, renamed))) if c.fk else c
        for c in table.columns
    )
    through = table.through
    if through is not None:
        through = replace(
            through,
            owner_table=moved_key(through.owner_table, renamed),
            related_table=moved_key(through.related_table, renamed),
        )
    schema = renamed.get(table.schema, table.schema) if table.schema else None
    return replace(
        table,
        name=moved_key(table.name, renamed),
        schema=schema,
        columns=columns,
        through=through,
    )


def _schema_of(key: str, schema: Any) -> str | None:
    """The recorded schema, checked against the key it must prefix."""
    if schema is None:
        return None
    if not isinstance(schema, str) or not key.startswith(f"{schema}."):
        raise ValueError(f"table {key!r} is keyed outside its schema {schema!r}")
    return schema
