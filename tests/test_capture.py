"""capture: Tortoise apps -> SchemaState, checked against Tortoise's own schema generator.

The oracle is the SQL ``Tortoise.generate_schemas()`` would run, obtained from Tortoise's
generator for each dialect (its clients are created but never connect). Every captured table
is spelled back with Tortoise's own templates and must equal what Tortoise wrote, item by item.
"""

from __future__ import annotations

import asyncio
import re
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from migrator.capture import capture_apps, index_name, load_models
from migrator.dialects import get_dialect
from migrator.dialects.postgres.dialect import PostgresDialect
from migrator.errors import ConfigError, ModelsError
from migrator.state import Column, Index, SchemaState, Table

TORTOISE_URLS = {
    "sqlite": "sqlite://:memory:",
    "postgres": "postgres://postgres@127.0.0.1:5432/never_connected",
    "mysql": "mysql://root:@127.0.0.1:3306/never_connected",
}

WriteModels = Callable[..., str]


@pytest.fixture
def write_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteModels]:
    """``write_models(source, module="models")`` writes a module into a package of its own
    (a unique name, so tests never share sys.modules entries) and returns its dotted name."""
    package = f"capt_{uuid.uuid4().hex[:10]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(source: str, module: str = "models") -> str:
        (tmp_path / package / f"{module}.py").write_text(textwrap.dedent(source))
        return f"{package}.{module}"

    yield write
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def config(*modules: str, **apps: list[str]) -> dict[str, Any]:
    app_map = {label: {"models": mods} for label, mods in apps.items()}
    if modules:
        app_map["models"] = {"models": list(modules)}
    return {"connections": {"default": "sqlite://:memory:"}, "apps": app_map}


def capture(module: str, dialect: str) -> SchemaState:
    return capture_apps(config(module), {"models": get_dialect(dialect)})["models"]


# -- the oracle: Tortoise's own SQL ------------------------------------------------------
def tortoise_sql(module: str, dialect: str) -> str:
    """What generate_schemas() would run, from freshly imported models (Tortoise's own)."""
    from tortoise.context import TortoiseContext
    from tortoise.utils import get_schema_sql

    for name in [m for m in sys.modules if m == module]:
        del sys.modules[name]

    async def generate() -> str:
        async with TortoiseContext() as ctx:
            conf = {
                "connections": {"default": TORTOISE_URLS[dialect]},
                "apps": config(module)["apps"],
            }
            await ctx.init(config=conf)
            return get_schema_sql(ctx.connections.get("default"), safe=False)

    try:
        return asyncio.run(generate())
    finally:
        sys.modules.pop(module, None)


CREATE_RE = re.compile(r"^CREATE TABLE [`\"]([^`\"]+)[`\"] \(\n    (.*?)\n\)(.*?);$", re.S | re.M)


def tortoise_tables(sql: str) -> dict[str, tuple[list[str], str]]:
    """table -> (items inside CREATE TABLE, text after the closing parenthesis)."""
    return {m[1]: (m[2].split(",\n    "), m[3]) for m in CREATE_RE.finditer(sql)}


def tortoise_statements(sql: str, table: str, kind: str) -> set[str]:
    """CREATE ... INDEX and COMMENT ON statements of ``table`` (one per line in Tortoise SQL)."""
    found = set()
    for line in sql.splitlines():
        if kind == "index" and re.match(rf'CREATE .*INDEX "[^"]+" ON "{table}" ', line):
            found.add(line)
        if kind == "comment" and re.match(rf'COMMENT ON \w+ "{table}"[ .]', line):
            found.add(line)
    return found


def escape_comment(dialect: str, text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n")
    if dialect == "sqlite":
        return escaped.replace("/", "\\/")
    return escaped.replace("'", "''" if dialect == "postgres" else "\\'")


def quote_mysql(name: str) -> str:
    return f"`{name}`"


def quote_ansi(name: str) -> str:
    return f'"{name}"'


def spelled_items(dialect: str, table: Table) -> list[str]:
    """The table's CREATE TABLE items as Tortoise's templates spell them (FIELD_TEMPLATE,
    FK_TEMPLATE, GENERATED_PK_TEMPLATE, UNIQUE_CONSTRAINT_CREATE_TEMPLATE, MySQL KEYs)."""
    q = quote_mysql if dialect == "mysql" else quote_ansi
    items: list[str] = []
    inner: list[str] = []
    for col in table.columns:
        items.append(spelled_column(dialect, col, q, inner))
    for unique in table.uniques:
        cols = ", ".join(q(c) for c in unique.columns)
        prefix = "UNIQUE KEY" if dialect == "mysql" else "CONSTRAINT"
        suffix = "" if dialect == "mysql" else " UNIQUE"
        items.append(f"{prefix} {q(unique.name)}{suffix} ({cols})")
    if dialect == "mysql":
        for index in table.indexes:
            kind = "UNIQUE " if index.unique else (f"{index.using} " if index.using else "")
            where = f" WHERE {index.where}" if index.where else ""
            inner.append(f"{kind}KEY `{index.name}` ({index_fields(index, q)}){where}")
    return items + inner


def spelled_column(dialect: str, col: Column, q: Callable[[str], str], inner: list[str]) -> str:
    comment = ""
    if col.comment and dialect != "postgres":
        text = escape_comment(dialect, col.comment)
        comment = f" COMMENT '{text}'" if dialect == "mysql" else f" /* {text} */"
    if col.identity:
        return f"{q(col.name)} {col.identity}{comment}"
    text = f"{q(col.name)} {col.type}{'' if col.null else ' NOT NULL'}"
    text += (" UNIQUE" if col.unique else "") + (" PRIMARY KEY" if col.pk else "")
    default = f" DEFAULT {col.default}" if col.default is not None else ""
    if col.fk is None:
        return text + (comment + default if dialect == "mysql" else default + comment)
    ref = f"REFERENCES {q(col.fk.ref_table)} ({q(col.fk.ref_column)}) ON DELETE {col.fk.on_delete}"
    if dialect != "mysql":
        return f"{text}{default} {ref}{comment}"
    # Tortoise leaves a through table's keys unnamed (the state records the server's names)
    table_is_through = col.field_type == "ManyToManyField"
    constraint = "" if table_is_through else f"CONSTRAINT `{col.fk.name}` "
    fk = f"{constraint}FOREIGN KEY (`{col.name}`) {ref}"
    if table_is_through:
        inner.insert(sum(1 for i in inner if i.startswith("FOREIGN")), fk)
    else:
        inner.append(fk)
    assert table_is_through or col.fk.name, "MySQL names model foreign keys"
    return f"{text}{default}{comment}"


def index_fields(index: Index, q: Callable[[str], str]) -> str:
    return ", ".join([q(c) for c in index.columns] + list(index.expressions))


def spelled_indexes(dialect: str, table: Table) -> set[str]:
    out = set()
    for index in table.indexes:
        kind = "UNIQUE INDEX" if index.unique else "INDEX"
        where = f" WHERE {index.where}" if index.where else ""
        fields = index_fields(index, quote_ansi)
        if dialect == "postgres":
            using = f"USING {index.using} " if index.using else ""
            out.add(f'CREATE {kind} "{index.name}" ON "{table.name}" {using}({fields}){where};')
        else:
            using = f"{index.using} " if index.using else ""
            out.add(f'CREATE {using}{kind} "{index.name}" ON "{table.name}" ({fields}){where};')
    return out


def pg_text(text: str) -> str:
    return "'" + escape_comment("postgres", text) + "'"


def spelled_comments(table: Table) -> set[str]:
    out = {
        f'COMMENT ON COLUMN "{table.name}"."{c.name}" IS {pg_text(c.comment)};'
        for c in table.columns
        if c.comment
    }
    if table.comment:
        out.add(f'COMMENT ON TABLE "{table.name}" IS {pg_text(table.comment)};')
    return out


SEVERAL_ONE_TO_ONE = {"passport"}


def assert_matches_tortoise(state: SchemaState, sql: str) -> None:
    dialect = state.dialect
    created = tortoise_tables(sql)
    assert sorted(created) == sorted(state.tables)
    for table in state.tables.values():
        items, tail = created[table.name]
        spelled = spelled_items(dialect, table)
        if table.name in SEVERAL_ONE_TO_ONE:
            # Tortoise appends one-to-one key columns in set order (it changes with the hash
            # seed); capture sorts them so snapshots are stable.
            spelled, items = sorted(spelled), sorted(items)
        assert spelled == items, table.name
        if dialect == "mysql":
            comment = (
                f" COMMENT='{escape_comment(dialect, table.comment)}'" if table.comment else ""
            )
            assert tail == f" CHARACTER SET utf8mb4{comment}"
            continue
        assert spelled_indexes(dialect, table) == tortoise_statements(sql, table.name, "index")
        if dialect == "sqlite":
            assert tail == (
                f" /* {escape_comment(dialect, table.comment)} */" if table.comment else ""
            )
        else:
            assert tail == ""
            assert spelled_comments(table) == tortoise_statements(sql, table.name, "comment")


# -- every field type, relation, index and comment ---------------------------------------
EVERYTHING = '''
from decimal import Decimal
from enum import Enum, IntEnum

from tortoise import fields
from tortoise.fields import Now, RandomHex, SqlDefault
from tortoise.indexes import Index, PartialIndex
from tortoise.models import Model


class Color(str, Enum):
    RED = "red"
    BLUE = "blue"


class Level(IntEnum):
    LOW = 1
    HIGH = 2


class TimestampMixin:
    created = fields.DatetimeField(auto_now_add=True)
    modified = fields.DatetimeField(auto_now=True, null=True)


class NamedBase(Model):
    #: shared name
    name = fields.CharField(max_length=100, db_index=True)

    class Meta:
        abstract = True


def registered(cls):
    return cls


@registered
class Author(NamedBase, TimestampMixin):
    """People who write {model} things.

    More text that is not the table comment.
    """

    #: how to reach them
    #: (a second line: only the first is the column comment)
    email = fields.CharField(max_length=200, unique=True)
    age = fields.SmallIntField(null=True, db_default=18)
    nickname = fields.CharField(max_length=30, db_default="anon", description="it's a nick")
    score = fields.DecimalField(max_digits=10, decimal_places=2, db_default=Decimal("1.50"))
    ratio = fields.FloatField(db_default=1.5)
    color = fields.CharEnumField(Color, default=Color.RED, db_default=Color.BLUE)
    level = fields.IntEnumField(Level, db_default=Level.HIGH)
    joined = fields.DatetimeField(db_default=Now())
    token = fields.CharField(max_length=36, db_default=RandomHex())
    counter = fields.BigIntField(db_default=SqlDefault("0"))
    data = fields.JSONField(default=dict)
    uid = fields.UUIDField(unique=True)
    blob = fields.BinaryField(null=True)
    bio = fields.TextField(null=True)
    day = fields.DateField(null=True)
    at = fields.TimeField(null=True)
    span = fields.TimeDeltaField(null=True)
    flag = fields.BooleanField(default=True)
    #: {model} ref
    ref = fields.SmallIntField(db_index=True)

    class Meta:
        table = "authors"
        unique_together = (("name", "age"), ("email", "nickname"))
        indexes = (
            ("name", "email"),
            ("ref",),
            Index(fields=("email",), name="my_email_idx"),
            Index(fields=("age", "ref")),
            PartialIndex(fields=("age",), condition={"level": 2}),
        )


class Tag(Model):
    name = fields.CharField(max_length=50, primary_key=True)


class Label(Model):
    id = fields.UUIDField(primary_key=True)


class Book(Model):
    """Books."""

    id = fields.BigIntField(primary_key=True)
    title = fields.CharField(max_length=100, source_field="book_title")
    #: who wrote it
    author = fields.ForeignKeyField("models.Author", related_name="books")
    editor = fields.ForeignKeyField(
        "models.Author", related_name="edited", null=True, on_delete=fields.SET_NULL
    )
    ghost = fields.ForeignKeyField(
        "models.Author", related_name="ghosted", null=True, db_constraint=False
    )
    by_mail = fields.ForeignKeyField(
        "models.Author", related_name="mailed", to_field="email", null=True,
        on_delete=fields.RESTRICT, source_field="mail_ref", db_index=True,
    )
    tags = fields.ManyToManyField("models.Tag", related_name="books", description="book tags")
    labels = fields.ManyToManyField(
        "models.Label", related_name="books", through="book_labels_x", db_constraint=False
    )
    similar = fields.ManyToManyField(
        "models.Book", related_name="similar_to", through="book_similar", unique=False
    )
    readers = fields.ManyToManyField(
        "models.Reader", related_name="books", through="reading", forward_key="reader_id",
        backward_key="book_id",
    )

    class Meta:
        unique_together = (("author", "title"),)


class Reader(Model):
    id = fields.SmallIntField(primary_key=True)
    name = fields.CharField(max_length=20)


class Reading(Model):
    book = fields.ForeignKeyField("models.Book", related_name="readings")
    reader = fields.ForeignKeyField("models.Reader", related_name="readings")

    class Meta:
        table = "reading"


class Profile(Model):
    author = fields.OneToOneField("models.Author", primary_key=True, related_name="profile")
    nick = fields.CharField(max_length=10)


class Passport(Model):
    owner = fields.OneToOneField("models.Reader", related_name="passport", description="holder")
    backup = fields.OneToOneField(
        "models.Reader", related_name="backup_passport", null=True, on_delete=fields.SET_NULL
    )
    profiles = fields.ManyToManyField("models.Profile", related_name="passports")
'''


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_state_is_what_tortoise_generates(write_models: WriteModels, dialect: str) -> None:
    module = write_models(EVERYTHING)
    state = capture(module, dialect)
    assert_matches_tortoise(state, tortoise_sql(module, dialect))


def test_captured_details(write_models: WriteModels) -> None:
    """Facts the SQL comparison cannot see: identity, backfill, field types, through info."""
    state = capture(write_models(EVERYTHING), "postgres")
    authors = state.table("authors")
    assert authors.model == "models.Author"
    assert authors.comment == "People who write {model} things."
    assert authors.column("id") == Column(
        "id",
        "INT",
        pk=True,
        identity="SERIAL NOT NULL PRIMARY KEY",
        field_type="IntField",
        field_name="id",
    )
    # pk, abstract base's fields, mixin's fields, then the model's own (Tortoise's order)
    assert authors.column_names[:5] == ("id", "name", "created", "modified", "email")
    assert authors.column("name").comment == "shared name"
    assert authors.column("email").comment == "how to reach them"
    assert authors.column("ref").comment == "Author ref"
    assert authors.column("nickname").comment == "it's a nick"
    assert authors.column("color").backfill == "'red'"
    assert authors.column("color").field_type == "CharEnumField"
    assert authors.column("flag").backfill == get_dialect("postgres").literal(True)
    assert authors.column("data").backfill is None  # default=dict is callable
    book = state.table("book")
    by_mail = book.column("mail_ref").fk
    assert by_mail is not None and (by_mail.ref_column, by_mail.on_delete) == ("email", "RESTRICT")
    assert book.column("ghost_id").fk is None
    assert book.column("author_id").field_type == "ForeignKeyField"
    assert book.uniques[0].columns == ("author_id", "book_title")
    tags = state.table("book_tag")
    assert tags.model is None and tags.comment == "book tags"
    assert tags.through is not None and tags.through.generated_name
    assert (tags.through.owner_table, tags.through.related_table) == ("book", "tag")
    assert tags.indexes == (
        Index(
            index_name("uidx", "book_tag", ["book_id", "tag_id"]),
            ("book_id", "tag_id"),
            unique=True,
        ),
    )
    assert state.table("book_similar").through.generated_name is False  # type: ignore[union-attr]
    assert state.table("book_labels_x").column("label_id").fk is None
    assert "reading" in state.tables and state.table("reading").model == "models.Reading"
    profile = state.table("profile")
    assert profile.column("author_id").pk and not profile.column("author_id").unique
    assert state.table("passport_profile").column("profile_id").type == "INT"


def test_many_to_many_keys_record_the_names_a_fresh_mysql_server_gives(
    write_models: WriteModels,
) -> None:
    """Tortoise declares them unnamed, owner's key first; InnoDB numbers them in that order.
    Elsewhere the database picks names nobody refers to, so none are recorded."""
    models = write_models(EVERYTHING)
    mysql = capture(models, "mysql")

    def names(state: SchemaState, table: str) -> list[tuple[str, str | None]]:
        return [(c.name, c.fk.name) for c in state.table(table).columns if c.fk]

    assert names(mysql, "book_tag") == [
        ("book_id", "book_tag_ibfk_1"),
        ("tag_id", "book_tag_ibfk_2"),
    ]
    assert names(mysql, "book_similar") == [
        ("book_rel_id", "book_similar_ibfk_1"),
        ("book_id", "book_similar_ibfk_2"),
    ]
    assert names(capture(models, "postgres"), "book_tag") == [("book_id", None), ("tag_id", None)]


def test_each_column_records_the_field_that_owns_it(write_models: WriteModels) -> None:
    """The diff follows a field whose ``source_field`` changes, so every model column names
    its field: for a relation the key field, whose name stays when the column's changes."""
    state = capture(write_models(EVERYTHING), "postgres")
    owners = {col.name: col.field_name for col in state.table("book").columns}
    assert owners["id"] == "id"
    assert owners["book_title"] == "title"  # source_field="book_title"
    assert owners["author_id"] == "author_id"
    assert owners["mail_ref"] == "by_mail_id"  # ForeignKeyField(source_field="mail_ref")
    assert state.table("profile").column("author_id").field_name == "author_id"  # one-to-one pk
    # a generated many-to-many table has no model fields
    assert [col.field_name for col in state.table("book_tag").columns] == [None, None]


POSTGRES_EXTRAS = """
from pypika_tortoise.functions import Upper
from pypika_tortoise.terms import Field as Column
from tortoise import fields
from tortoise.contrib.postgres.fields import ArrayField, TSVectorField
from tortoise.contrib.postgres.indexes import GinIndex, HashIndex
from tortoise.functions import Lower
from tortoise.indexes import Index
from tortoise.models import Model


class Doc(Model):
    title = fields.CharField(max_length=100)
    body = fields.TextField()
    tags = ArrayField("text", null=True)
    search = TSVectorField(source_fields=("title", "body"), config="english", db_index=True)
    plain = TSVectorField(null=True)
    meta = fields.JSONField(null=True)

    class Meta:
        indexes = (
            GinIndex(fields=("search",)),
            HashIndex(fields=("title",), name="title_hash"),
            Index(Lower("title")),
            Index(Upper(Column("body")), name="upper_body"),
            GinIndex(fields=("meta",), condition={"title": "x"}),
        )
"""


def test_postgres_contrib_fields_and_indexes(write_models: WriteModels) -> None:
    module = write_models(POSTGRES_EXTRAS)
    state = capture(module, "postgres")
    assert_matches_tortoise(state, tortoise_sql(module, "postgres"))
    doc = state.table("doc")
    search = doc.column("search")
    assert search.type.startswith("TSVECTOR GENERATED ALWAYS AS (") and search.identity is None
    assert search.field_name == "search"
    by_name = {index.name: index for index in doc.indexes}
    assert by_name["upper_body"] == Index("upper_body", expressions=('(UPPER("body"))',))
    assert by_name[index_name("idx", "doc", ["meta"])].where == "title = 'x'"
    assert by_name["title_hash"].using == "HASH"
    # a generated column gets no index=True index (Tortoise skips it too)
    assert not any(index.columns == ("search",) and not index.using for index in doc.indexes)


MYSQL_EXTRAS = """
from tortoise import fields
from tortoise.contrib.mysql.fields import GeometryField, UUIDField
from tortoise.contrib.mysql.indexes import FullTextIndex, SpatialIndex
from tortoise.models import Model


class Place(Model):
    id = UUIDField(primary_key=True)
    name = fields.CharField(max_length=100)
    spot = GeometryField()
    about = fields.TextField()
    parent = fields.ForeignKeyField("models.Place", related_name="children", null=True)

    class Meta:
        indexes = (FullTextIndex(fields=("about",)), SpatialIndex(fields=("spot",), name="sp"))
"""


def test_mysql_contrib_fields_and_indexes(write_models: WriteModels) -> None:
    module = write_models(MYSQL_EXTRAS)
    state = capture(module, "mysql")
    assert_matches_tortoise(state, tortoise_sql(module, "mysql"))
    place = state.table("place")
    assert place.column("id").type == "BINARY(16)"
    assert place.column("parent_id").type == "BINARY(16)"
    fk = place.column("parent_id").fk
    assert fk is not None and fk.name is not None and fk.name.startswith("fk_place_place_")
    assert {index.using for index in place.indexes} == {"FULLTEXT", "SPATIAL"}


def test_mysql_fulltext_parser_is_refused(write_models: WriteModels) -> None:
    module = write_models(
        MYSQL_EXTRAS.replace(
            'FullTextIndex(fields=("about",))',
            'FullTextIndex(fields=("about",), parser_name="ngram")',
        )
    )
    with pytest.raises(ModelsError, match="WITH PARSER ngram"):
        capture(module, "mysql")


# -- loading: fresh imports, apps, global state ------------------------------------------
ITEM = """
from tortoise import fields
from tortoise.models import Model

from .helpers import LENGTH
from .mixins import Stamped


class Item(Stamped, Model):
    name = fields.CharField(max_length={length})
    size = fields.IntField(default=LENGTH)
"""


def test_recapture_sees_the_files_as_they_are_now(write_models: WriteModels) -> None:
    write_models("LENGTH = 7\n", "helpers")
    write_models(STAMPED.format(length=10), "mixins")
    module = write_models(ITEM.format(length=100))
    first = capture(module, "sqlite").table("item")
    package = sys.modules[module.rpartition(".")[0]]
    helpers = sys.modules[module.replace("models", "helpers")]

    # same sizes: a stale .pyc or a kept module would hand back the old models
    write_models(STAMPED.format(length=20), "mixins")
    write_models(ITEM.format(length=200))
    second = capture(module, "sqlite").table("item")

    assert (first.column("name").type, first.column("stamp").type) == (
        "VARCHAR(100)",
        "VARCHAR(10)",
    )
    assert (second.column("name").type, second.column("stamp").type) == (
        "VARCHAR(200)",
        "VARCHAR(20)",
    )
    # modules that define no model are left alone
    assert sys.modules[module.rpartition(".")[0]] is package
    assert sys.modules[module.replace("models", "helpers")] is helpers
    assert second.column("size").backfill == "7"


STAMPED = """
from tortoise import fields


class Stamped:
    stamp = fields.CharField(max_length={length}, null=True)
"""


def test_cross_app_references_and_only_requested_apps(write_models: WriteModels) -> None:
    users = write_models(
        """
        from tortoise import fields
        from tortoise.models import Model

        class User(Model):
            id = fields.UUIDField(primary_key=True)
        """,
        "users",
    )
    blog = write_models(
        """
        from tortoise import fields
        from tortoise.models import Model

        class Post(Model):
            author = fields.ForeignKeyField("users.User", related_name="posts")
            fans = fields.ManyToManyField("users.User", related_name="liked")
        """,
        "blog",
    )
    states = capture_apps(config(users=[users], blog=[blog]), {"blog": get_dialect("postgres")})
    assert list(states) == ["blog"]
    blog_state = states["blog"]
    assert sorted(blog_state.tables) == ["post", "post_user"]
    author = blog_state.table("post").column("author_id")
    assert (author.type, author.fk and author.fk.ref_table) == ("UUID", "user")
    assert blog_state.table("post_user").column("user_id").type == "UUID"
    with pytest.raises(ConfigError, match="'shop' is not in the Tortoise config"):
        capture_apps(config(users=[users], blog=[blog]), {"shop": get_dialect("postgres")})


def test_tortoise_global_state_is_left_alone(write_models: WriteModels) -> None:
    import tortoise.models
    from tortoise import Tortoise
    from tortoise.context import get_current_context

    original = tortoise.models._get_comments
    apps = load_models(config(write_models(ITEM_ONLY)))
    assert "models" in apps and apps["models"]["Item"]._meta.db_table == "item"
    assert not Tortoise.apps
    assert get_current_context() is None
    assert tortoise.models._get_comments is original


ITEM_ONLY = """
from tortoise import fields
from tortoise.models import Model


class Item(Model):
    name = fields.CharField(max_length=10)
"""


def test_value_defaults_go_through_the_dialect_literal(write_models: WriteModels) -> None:
    import datetime

    module = write_models(
        """
        import datetime
        from tortoise import fields
        from tortoise.models import Model

        class Item(Model):
            flag = fields.BooleanField(db_default=True, default=False)
            at = fields.DatetimeField(
                db_default=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
            )
        """
    )
    stamp = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)  # noqa: UP017 (3.10)
    for dialect in ("sqlite", "postgres", "mysql"):
        item = capture(module, dialect).table("item")
        literal = get_dialect(dialect).literal
        assert item.column("flag").default == literal(True)
        assert item.column("flag").backfill == literal(False)
        assert item.column("at").default == literal(stamp)


def test_several_one_to_one_keys_in_a_stable_order(write_models: WriteModels) -> None:
    """Tortoise's order changes with the hash seed; the captured one must not."""
    import json
    import os
    import subprocess

    module = write_models(
        """
        from tortoise import fields
        from tortoise.models import Model

        class Person(Model):
            pass

        class Card(Model):
            zeta = fields.OneToOneField("models.Person", related_name="z")
            alpha = fields.OneToOneField("models.Person", related_name="a")
            mid = fields.OneToOneField("models.Person", related_name="m")
        """
    )
    script = (
        "import json, sys; from migrator.capture import capture_apps; "
        "from migrator.dialects import get_dialect; "
        f"s = capture_apps({config(module)!r}, {{'models': get_dialect('postgres')}})['models']; "
        "print(json.dumps(s.to_dict(), sort_keys=True))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    columns = json.loads(outputs.pop())["tables"]["card"]["columns"]
    assert [c["name"] for c in columns] == ["id", "alpha_id", "mid_id", "zeta_id"]


# -- errors: one clear line --------------------------------------------------------------
def test_missing_models_module(write_models: WriteModels) -> None:
    module = write_models(ITEM_ONLY).replace("models", "nothing_here")
    with pytest.raises(ModelsError, match=rf"models module '{module}' not found.*src_folder"):
        capture(module, "sqlite")
    # a second module of another tool that is not installed (aerich is, for the adopt tests)
    with pytest.raises(ModelsError, match=r"models module 'no_such_tool.models' not found"):
        capture_apps(
            config(write_models(ITEM_ONLY), extra=["no_such_tool.models"]),
            {"models": get_dialect("sqlite")},
        )


def test_models_module_that_raises(write_models: WriteModels, tmp_path: Path) -> None:
    module = write_models("import os\n\nraise ValueError('boom')\n")
    with pytest.raises(ModelsError) as info:
        capture(module, "sqlite")
    message = str(info.value)
    path = tmp_path / module.replace(".", "/")
    assert f"ValueError: boom (at {path}.py:3)" in message
    assert "\n" not in message


def test_models_module_with_a_broken_import(write_models: WriteModels) -> None:
    module = write_models("import migrator_no_such_package_xyz\n")
    with pytest.raises(ModelsError, match="ModuleNotFoundError: No module named 'migrator_no_such"):
        capture(module, "sqlite")


def test_models_module_with_a_syntax_error(write_models: WriteModels) -> None:
    module = write_models("class Broken(:\n    pass\n")
    with pytest.raises(ModelsError, match=r"syntax error: .*models\.py:1\)"):
        capture(module, "sqlite")


def test_tortoise_configuration_errors(write_models: WriteModels, tmp_path: Path) -> None:
    import tortoise.models

    original = tortoise.models._get_comments
    two_pks = write_models(
        """
        from tortoise import fields
        from tortoise.models import Model

        class Item(Model):
            a = fields.IntField(primary_key=True)
            b = fields.IntField(primary_key=True)
        """
    )
    # the user's line, then where in Tortoise it was raised (as for every import failure)
    with pytest.raises(
        ModelsError, match=r"two primary keys.*models\.py:5 \(raised in .*tortoise.*\.py:\d+\)\)"
    ):
        capture(two_pks, "sqlite")
    assert tortoise.models._get_comments is original
    bad_fk = write_models(
        """
        from tortoise import fields
        from tortoise.models import Model

        class Item(Model):
            owner = fields.ForeignKeyField("models.Nobody")
        """,
        "bad_fk",
    )
    with pytest.raises(ModelsError, match="No model with name 'Nobody'"):
        capture(bad_fk, "sqlite")


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_meta_schema_is_refused_outside_postgres(write_models: WriteModels, dialect: str) -> None:
    module = write_models(ITEM_ONLY + "\n    class Meta:\n        schema = 'shop'\n")
    message = (
        f"model models.Item sets Meta.schema = 'shop'; migrator supports Meta.schema on "
        f"PostgreSQL only, not on {dialect}: remove it"
    )
    with pytest.raises(ModelsError, match=f"^{re.escape(message)}$"):
        capture(module, dialect)


SCHEMA_MODELS = """
from tortoise import fields
from tortoise.models import Model


class Author(Model):
    name = fields.CharField(max_length=10, db_index=True)

    class Meta:
        schema = "lib"


class Book(Model):
    author = fields.ForeignKeyField("models.Author")
    tags = fields.ManyToManyField("models.Tag")

    class Meta:
        schema = "lib"


class Tag(Model):
    label = fields.CharField(max_length=10)
"""


def test_meta_schema_keys_the_table_schema_dot_table(write_models: WriteModels) -> None:
    state = capture(write_models(SCHEMA_MODELS), "postgres")
    assert sorted(state.tables) == ["lib.author", "lib.book", "lib.book_tag", "tag"]
    author, through = state.table("lib.author"), state.table("lib.book_tag")
    assert (author.schema, author.bare_name) == ("lib", "author")
    # index names hash the bare table name, as Tortoise's _get_index_name does
    assert author.indexes[0].name == index_name("idx", "author", ["name"])
    fk = state.table("lib.book").column("author_id").fk
    assert fk is not None and fk.ref_table == "lib.author"
    # the through table lives in the owner's schema and points into both schemas
    assert through.schema == "lib"
    assert through.through is not None
    assert (through.through.owner_table, through.through.related_table) == ("lib.book", "tag")
    assert through.through.generated_name
    refs = [c.fk.ref_table for c in through.columns if c.fk]
    assert refs == ["lib.book", "tag"]
    assert state.table("tag").schema is None
    assert state.schemas == ("lib",)


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ("schema = 'a.b'", "Meta.schema = 'a.b'; a schema name with a dot is not supported"),
        ("table = 'x.item'", "has the table name 'x.item'; on postgres migrator reads a dot"),
    ],
)
def test_names_that_would_make_keys_ambiguous_are_refused(
    write_models: WriteModels, meta: str, message: str
) -> None:
    module = write_models(ITEM_ONLY + f"\n    class Meta:\n        {meta}\n")
    with pytest.raises(ModelsError, match=re.escape(message)):
        capture(module, "postgres")


def test_invalid_db_default(write_models: WriteModels) -> None:
    module = write_models(ITEM_ONLY.replace("max_length=10", "max_length=2, db_default='long'"))
    with pytest.raises(ModelsError, match=r"Item.name has an invalid db_default='long'"):
        capture(module, "sqlite")


def test_config_without_apps() -> None:
    with pytest.raises(ConfigError, match='no "apps"'):
        capture_apps({"connections": {}}, {"models": get_dialect("sqlite")})


def test_table_name_generator_from_the_config(write_models: WriteModels) -> None:
    conf = {**config(write_models(ITEM_ONLY)), "table_name_generator": lambda m: f"t_{m.__name__}"}
    state = capture_apps(conf, {"models": get_dialect("sqlite")})["models"]
    assert list(state.tables) == ["t_Item"]


def test_two_models_on_one_table(write_models: WriteModels) -> None:
    module = write_models(
        ITEM_ONLY
        + """

class Other(Model):
    size = fields.IntField()

    class Meta:
        table = "item"
"""
    )
    with pytest.raises(ModelsError, match="table 'item' is defined twice"):
        capture(module, "sqlite")


def test_two_different_indexes_with_one_name(write_models: WriteModels) -> None:
    module = write_models(
        ITEM_ONLY.replace(
            "from tortoise.models", "from tortoise.indexes import Index\nfrom tortoise.models"
        )
        + """
    size = fields.IntField()

    class Meta:
        indexes = (Index(fields=("name",), name="dup"), Index(fields=("size",), name="dup"))
"""
    )
    with pytest.raises(ModelsError, match="different indexes with the same name dup"):
        capture(module, "sqlite")


def test_meta_schema_naming_the_pinned_search_path_is_the_plain_table(
    write_models: WriteModels,
) -> None:
    """With the connection's ``schema`` credential the search path is exactly that schema:
    ``Meta.schema`` naming it is the table every unqualified name finds."""
    tenant = PostgresDialect.for_credentials({"schema": "lib"})
    in_lib = capture_apps(config(write_models(SCHEMA_MODELS)), {"models": tenant})["models"]
    assert sorted(in_lib.tables) == ["author", "book", "book_tag", "tag"]
    assert in_lib.schemas == ()


def test_meta_schema_public_without_a_pinned_search_path_is_refused(
    write_models: WriteModels,
) -> None:
    """Without it the server's search path decides where unqualified tables go (a schema
    named after the role comes first), so "public" cannot be told from the own schema."""
    module = write_models(SCHEMA_MODELS.replace('schema = "lib"', 'schema = "public"'))
    message = (
        "model models.Author sets Meta.schema = 'public': the schema unqualified tables "
        "usually go to, but the server's search path decides that (a schema named after the "
        "role comes before public), so the table could not be told from one of the "
        "connection's own: remove Meta.schema, or set the connection's schema credential "
        "(e.g. ?schema=public in the URL)"
    )
    with pytest.raises(ModelsError, match=f"^{re.escape(message)}$"):
        capture(module, "postgres")
