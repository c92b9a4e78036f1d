"""Tortoise apps -> SchemaState, without a database connection or Tortoise's global state.

The one module that reads Tortoise model metadata. A captured state is exactly what
``Tortoise.generate_schemas()`` would create for the dialect: the rules below follow
``tortoise/backends/base/schema_generator.py`` (``_get_table_sql``, ``_get_m2m_tables``,
``_get_field_indexes_sqls``) and its PostgreSQL, MySQL and SQLite subclasses.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from migrator.errors import ConfigError, ModelsError
from migrator.model_import import app_modules, load_models
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
    table_key,
)

if TYPE_CHECKING:
    from tortoise.apps import Apps
    from tortoise.fields import Field
    from tortoise.models import Model

    from migrator.dialects.base.dialect import Dialect

__all__ = ["capture_app", "capture_apps", "index_name", "load_models", "pk_sql_type"]


def capture_apps(
    tortoise_config: Mapping[str, Any],
    dialects: Mapping[str, Dialect],
    *,
    fast_comments: bool = True,
) -> dict[str, SchemaState]:
    """The schema state of each app named in ``dialects`` (app label -> dialect).

    Every app in the config is loaded (foreign keys may cross apps); states are returned only
    for the apps asked for.
    """
    app_configs = app_modules(tortoise_config)
    for label in dialects:
        if label not in app_configs:
            raise ConfigError(
                f"app {label!r} is not in the Tortoise config (its apps: "
                f"{', '.join(sorted(app_configs))}); fix the app name in [tool.migrator]"
            )
    apps = load_models(tortoise_config, fast_comments=fast_comments)
    return {label: capture_app(apps, label, dialect) for label, dialect in dialects.items()}


# -- one app -----------------------------------------------------------------------------
def capture_app(apps: Apps, label: str, dialect: Dialect) -> SchemaState:
    """The state of app ``label`` for ``dialect`` from a registry built by ``load_models``."""
    tables: dict[str, Table] = {}
    by_connection = _tables_by_connection(apps)
    for model in apps[label].values():
        _check_supported(model, dialect)
        found = [_model_table(model, label, dialect)]
        found += _m2m_tables(model, dialect, by_connection[model._meta.default_connection])
        for table in found:
            _add_table(tables, table)
    return SchemaState(dialect=dialect.name, tables=tables)


def _check_supported(model: type[Model], dialect: Dialect) -> None:
    """Meta.schema only where the dialect has schemas (PostgreSQL), and names that keep the
    state's table keys (``schema.table``, see state.py) unambiguous."""
    meta = model._meta
    label = f"model {meta.app}.{model.__name__}"
    if meta.schema and not dialect.supports_schemas:
        raise ModelsError(
            f"{label} sets Meta.schema = {meta.schema!r}; migrator supports Meta.schema on "
            f"PostgreSQL only, not on {dialect.name}: remove it"
        )
    if meta.schema and (problem := dialect.own_schema_problem(meta.schema)):
        raise ModelsError(f"{label} sets Meta.schema = {meta.schema!r}: {problem}")
    if meta.schema and "." in meta.schema:
        raise ModelsError(
            f"{label} sets Meta.schema = {meta.schema!r}; a schema name with a dot is not "
            "supported, choose one without"
        )
    if dialect.supports_schemas and "." in meta.db_table:
        raise ModelsError(
            f"{label} has the table name {meta.db_table!r}; on {dialect.name} migrator reads "
            "a dot as schema.table: drop the dot and set Meta.schema for another schema"
        )


def _schema(model: type[Model], dialect: Dialect) -> str | None:
    """The schema of the model's table: None for the connection's own (Meta.schema unset,
    or naming the schema the connection's search path is pinned to)."""
    return dialect.table_schema(model._meta.schema or None)


def _key(model: type[Model], dialect: Dialect) -> str:
    """The state's key of a model's table (``schema.table`` for another schema)."""
    return table_key(_schema(model, dialect), model._meta.db_table)


def _tables_by_connection(apps: Apps) -> dict[str | None, set[str]]:
    """Model tables per connection: an M2M ``through`` naming one of them is not created."""
    tables: dict[str | None, set[str]] = {}
    for model in apps.get_models_iterable():
        tables.setdefault(model._meta.default_connection, set()).add(model._meta.db_table)
    return tables


def _add_table(tables: dict[str, Table], table: Table) -> None:
    existing = tables.get(table.name)
    if existing is not None and existing != table:
        raise ModelsError(
            f"table {table.name!r} is defined twice ({existing.model or 'many-to-many'} and "
            f"{table.model or 'many-to-many'}); give one of them another Meta.table or through"
        )
    tables[table.name] = table


def _model_table(model: type[Model], label: str, dialect: Dialect) -> Table:
    meta = model._meta
    columns, indexed = _columns(model, dialect)
    return Table(
        name=_key(model, dialect),
        columns=tuple(columns),
        indexes=_model_indexes(model, indexed, dialect),
        uniques=_uniques(model),
        comment=meta.table_description or None,
        model=f"{label}.{model.__name__}",
        schema=_schema(model, dialect),
    )


def _columns(model: type[Model], dialect: Dialect) -> tuple[list[Column], list[str]]:
    """The columns in Tortoise's order, and the columns that get a single-column index."""
    columns: list[Column] = []
    indexed: list[str] = []
    for field_name in _projection_order(model):
        column_name = model._meta.fields_db_projection[field_name]
        field = model._meta.fields_map[field_name]
        generated = _generated_column(field, column_name, dialect)
        if generated is not None:
            columns.append(generated)
            continue
        columns.append(_column(model, field, column_name, dialect))
        if field.index and not field.pk:
            indexed.append(column_name)
    return columns, indexed


def _projection_order(model: type[Model]) -> list[str]:
    """``fields_db_projection`` order, except that the key columns of one-to-one fields (which
    Tortoise appends in set order, so differently in every process) are sorted by name."""
    names = list(model._meta.fields_db_projection)
    o2o_keys = {f"{name}_id" for name in model._meta.o2o_fields}
    slots = [i for i, name in enumerate(names) if name in o2o_keys]
    for slot, name in zip(slots, sorted(names[i] for i in slots), strict=True):
        names[slot] = name
    return names


def _generated_column(field: Field[Any], name: str, dialect: Dialect) -> Column | None:
    """A db-generated column (a SERIAL-like key or a generated expression), else None."""
    if not field.generated:
        return None
    generated_sql = field.get_for_dialect(dialect.tortoise_dialect, "GENERATED_SQL")
    if not generated_sql:
        return None
    sql_type = field.get_for_dialect(dialect.tortoise_dialect, "SQL_TYPE")
    comment = field.description or None
    if field.pk:
        return Column(
            name,
            sql_type,
            pk=True,
            identity=generated_sql,
            comment=comment,
            field_type=_kind(field),
            field_name=field.model_field_name,
        )
    return Column(
        name,
        f"{sql_type} {generated_sql}",
        null=field.null,
        unique=field.unique,
        comment=comment,
        field_type=_kind(field),
        field_name=field.model_field_name,
    )


def _column(model: type[Model], field: Field[Any], name: str, dialect: Dialect) -> Column:
    reference = getattr(field, "reference", None)
    described = reference if reference is not None else field
    return Column(
        name=name,
        # a key column copies the target field, whose type may be that of a one-to-one key
        type=pk_sql_type(model, field, dialect) if reference else _sql_type(model, field, dialect),
        null=field.null,
        default=_db_default(model, field, dialect),
        pk=field.pk,
        unique=field.unique and not field.pk,
        comment=described.description or None,
        fk=_foreign_key(model, name, reference, dialect) if reference is not None else None,
        field_type=_kind(described),
        backfill=_backfill(model, field, dialect),
        python_default=_python_default(field),
        # for a relation this is the key field ("author_id"), which keeps its name when the
        # relation's source_field changes
        field_name=field.model_field_name,
    )


def _sql_type(model: type[Model], field: Field[Any], dialect: Dialect) -> str:
    sql_type = field.get_for_dialect(dialect.tortoise_dialect, "SQL_TYPE")
    if not sql_type:
        raise ModelsError(
            f"{model.__name__}.{field.model_field_name} ({_kind(field)}) has no SQL type for "
            f"{dialect.name}; use a field type that supports {dialect.name}"
        )
    return str(sql_type)


def _kind(field: Any) -> str:
    name = type(field).__name__
    return name[: -len("Instance")] if name.endswith("Instance") else name


def _foreign_key(
    model: type[Model], column: str, reference: Any, dialect: Dialect
) -> ForeignKey | None:
    if not reference.db_constraint:
        return None
    related: type[Model] = reference.related_model
    _check_supported(related, dialect)
    target = reference.to_field_instance
    ref_column = target.source_field or target.model_field_name
    table = model._meta.db_table
    ref_table = related._meta.db_table
    name = _fk_name(table, column, ref_table, ref_column) if dialect.names_foreign_keys else None
    return ForeignKey(_key(related, dialect), ref_column, str(reference.on_delete), name)


def _fk_name(from_table: str, from_column: str, to_table: str, to_column: str) -> str:
    """Tortoise's ``_get_fk_name`` (MySQL names its foreign keys)."""
    hashed = _make_hash(from_table, from_column, to_table, to_column, length=8)
    return f"fk_{from_table[:8]}_{to_table[:8]}_{hashed}"


def index_name(prefix: str, table: str, columns: Sequence[str]) -> str:
    """Tortoise's ``_get_index_name``: idx_/uidx_/uid_ + table, first column and a hash."""
    hashed = _make_hash(table, *columns, length=6)
    return f"{prefix}_{table[:11]}_{columns[0][:7]}_{hashed}"


def _make_hash(*args: str, length: int) -> str:
    return sha256(";".join(args).encode("utf-8")).hexdigest()[:length]


# -- indexes ------------------------------------------------------------------------------
def _model_indexes(
    model: type[Model], indexed: Sequence[str], dialect: Dialect
) -> tuple[Index, ...]:
    """Single-column ``index=True`` indexes, then ``Meta.indexes``; the same index twice is
    created once (Tortoise drops repeated CREATE INDEX statements)."""
    from tortoise.indexes import Index as TortoiseIndex

    table = model._meta.db_table
    found = [_index(index_name("idx", table, [column]), [column]) for column in indexed]
    for item in model._meta.indexes:
        if isinstance(item, TortoiseIndex):
            found.append(_declared_index(model, item, dialect))
        else:
            columns = [_column_name(model, name) for name in item]
            found.append(_index(index_name("idx", table, columns), columns))
    indexes = tuple(dict.fromkeys(found))
    names = [index.name for index in indexes]
    if len(set(names)) != len(names):
        twice = sorted({name for name in names if names.count(name) > 1})
        raise ModelsError(
            f"model {model.__name__} declares different indexes with the same name "
            f"{', '.join(twice)}; give them distinct names"
        )
    return indexes


def _declared_index(model: type[Model], index: Any, dialect: Dialect) -> Index:
    """A ``tortoise.indexes.Index`` (or a contrib subclass such as GinIndex, PartialIndex)."""
    from tortoise.exceptions import ConfigurationError

    try:
        with _resolving(model, dialect):
            index.resolve_expressions(model)
    except (ConfigurationError, AttributeError, KeyError) as exc:
        raise ModelsError(
            f"index {index!r} of model {model.__name__} cannot be resolved "
            f"({type(exc).__name__}: {exc}); check the fields it names"
        ) from exc
    field_names: list[str] = index.field_names
    name = index.name or index_name("idx", model._meta.db_table, field_names)
    extra: str = index.extra or ""
    if extra and not extra.startswith(_WHERE):
        raise ModelsError(
            f"index {name!r} of model {model.__name__} has options migrator cannot express "
            f"yet ({extra.strip()!r}); drop them or create that index by hand"
        )
    columns = [_column_name(model, f) for f in index.fields] if index.fields else field_names
    return _index(name, columns, using=index.INDEX_TYPE, where=extra[len(_WHERE) :])


_WHERE = " WHERE "
# Tortoise resolves expressions (Lower("name")) through the model's connection, which only
# needs to say which dialect it speaks; a client for ``Dialect.offline_url`` is created but
# never connects.


@contextmanager
def _resolving(model: type[Model], dialect: Dialect) -> Iterator[None]:
    from tortoise.context import TortoiseContext
    from tortoise.expressions import Expression

    if not any(isinstance(e, Expression) for i in model._meta.indexes for e in _exprs(i)):
        yield
        return
    context = TortoiseContext()
    alias = model._meta.default_connection or "default"
    context.connections._init_config({alias: dialect.offline_url})
    with context:
        yield


def _exprs(index: Any) -> tuple[Any, ...]:
    return tuple(getattr(index, "expressions", ()))


def _column_name(model: type[Model], field_name: str) -> str:
    field = model._meta.fields_map.get(field_name)
    return (field.source_field if field is not None else None) or field_name


def _index(name: str, names: Sequence[str], using: str = "", where: str = "") -> Index:
    """Plain names are columns; anything else is an SQL expression (Tortoise quotes only the
    former, see ``_is_index_expression``)."""
    columns: list[str] = []
    expressions: list[str] = []
    for item in names:
        if any(token in item for token in '() ".:'):
            expressions.append(item)
        elif expressions:
            raise ModelsError(
                f"index {name!r} lists column {item!r} after an expression; put the plain "
                "columns first"
            )
        else:
            columns.append(item)
    return Index(name, tuple(columns), tuple(expressions), using=using, where=where)


def _m2m_unique_index(through: str, keys: Sequence[Column]) -> Index:
    columns = tuple(col.name for col in keys)
    return Index(index_name("uidx", through, columns), columns, unique=True)


# -- defaults ----------------------------------------------------------------------------
def _db_default(model: type[Model], field: Field[Any], dialect: Dialect) -> str | None:
    """The DDL default: only ``db_default=`` reaches the database (never ``default=``)."""
    if not field.has_db_default():
        return None
    value = field.db_default
    if hasattr(value, "get_sql"):
        return str(value.get_sql(dialect=dialect.tortoise_dialect))
    return _literal(model, field, value, dialect, "db_default")


def _backfill(model: type[Model], field: Field[Any], dialect: Dialect) -> str | None:
    """A constant Python ``default=`` as SQL, to fill existing rows; None if callable."""
    value = field.default
    if value is None or callable(value):
        return None
    return _literal(model, field, value, dialect, "default")


def _python_default(field: Field[Any]) -> str | None:
    """A default the application computes per row: "now", "uuid4" or "callable"."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now"
    value = field.default
    if not callable(value):
        return None
    return "uuid4" if value is uuid.uuid4 else "callable"


def _literal(model: type[Model], field: Field[Any], value: Any, dialect: Dialect, what: str) -> str:
    try:
        db_value = field.to_db_value(value, model)
    except Exception as exc:
        raise ModelsError(
            f"{model.__name__}.{field.model_field_name} has an invalid {what}={value!r} "
            f"({type(exc).__name__}: {exc}); fix the value"
        ) from exc
    return dialect.literal(db_value)


def _uniques(model: type[Model]) -> tuple[UniqueConstraint, ...]:
    meta = model._meta
    found: dict[UniqueConstraint, None] = {}
    for together in meta.unique_together:
        columns = tuple(meta.fields_map[f].source_field or f for f in together)
        found[UniqueConstraint(index_name("uid", meta.db_table, columns), columns)] = None
    return tuple(found)


# -- many-to-many ------------------------------------------------------------------------
def _m2m_tables(model: type[Model], dialect: Dialect, model_tables: Iterable[str]) -> list[Table]:
    meta = model._meta
    tables: list[Table] = []
    for field_name in sorted(meta.m2m_fields):
        field: Any = meta.fields_map[field_name]
        if field._generated or field.through in model_tables:
            continue
        related: type[Model] = field.related_model
        _check_supported(related, dialect)
        on_delete = str(field.on_delete)
        # Tortoise declares the two foreign keys unnamed, the owner's first; the names the
        # database gives them in a fresh CREATE TABLE are recorded, so migrations name them
        ends = ((field.backward_key, model), (field.forward_key, related))
        keys = tuple(
            _m2m_column(key, end, on_delete, field.db_constraint, dialect, (field.through, n))
            for n, (key, end) in enumerate(ends, start=1)
        )
        indexes = (_m2m_unique_index(field.through, keys),) if field.unique else ()
        owner, target = meta.db_table, related._meta.db_table
        generated = field.through == f"{owner}_{target}"
        tables.append(
            Table(
                # Tortoise creates the through table in the owner's schema
                name=table_key(_schema(model, dialect), field.through),
                columns=keys,
                indexes=indexes,
                comment=field.description or None,
                through=ThroughInfo(_key(model, dialect), _key(related, dialect), generated),
                schema=_schema(model, dialect),
            )
        )
    return tables


def _m2m_column(
    name: str,
    model: type[Model],
    on_delete: str,
    constraint: bool,
    dialect: Dialect,
    place: tuple[str, int],  # (through table, which of its foreign keys: 1 or 2)
) -> Column:
    meta = model._meta
    fk = None
    if constraint:
        fk_name = dialect.generated_fk_name(*place)
        fk = ForeignKey(_key(model, dialect), meta.db_pk_column, on_delete, fk_name)
    return Column(
        name=name,
        type=pk_sql_type(model, model._meta.pk, dialect),
        fk=fk,
        field_type="ManyToManyField",
    )


def pk_sql_type(model: type[Model], pk: Field[Any], dialect: Dialect) -> str:
    """Tortoise's ``_get_pk_field_sql_type``: a one-to-one key takes its target's key type."""
    from tortoise.fields.relational import OneToOneFieldInstance

    if isinstance(pk, OneToOneFieldInstance):
        related: type[Model] = pk.related_model
        return pk_sql_type(related, related._meta.pk, dialect)
    return _sql_type(model, pk, dialect)
