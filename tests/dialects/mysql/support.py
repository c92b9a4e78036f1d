"""Helpers shared by the MySQL/MariaDB dialect tests (no tests here).

``library_state`` is a small schema written out by hand column by column, the way Tortoise's
MySQL schema generator spells it: a named FK, a one-to-one, a many-to-many table with the
unnamed FKs, unique_together, indexes, comments and db defaults.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrator import operations as ops
from migrator.capture import index_name
from migrator.connection import DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.dialects.mysql import MySQLDialect
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
)

my = MySQLDialect()

LIBRARY_MODELS = """
from tortoise import fields
from tortoise.contrib.mysql.indexes import FullTextIndex
from tortoise.fields import Now
from tortoise.indexes import Index
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, description="it's \\\\ the name", db_default="anon")
    email = fields.CharField(max_length=200, unique=True)
    bio = fields.TextField(null=True)
    active = fields.BooleanField(db_default=True)
    score = fields.DecimalField(max_digits=10, decimal_places=2, db_default=0)

    class Meta:
        table = "author"
        table_description = "Authors' table"
        indexes = [
            Index(fields=("name", "score"), name="idx_name_score"),
            FullTextIndex(fields=("bio",), name="ft_bio"),
        ]


class Tag(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, db_index=True)

    class Meta:
        table = "tag"


class Book(Model):
    id = fields.BigIntField(primary_key=True)
    title = fields.CharField(max_length=200)
    author = fields.ForeignKeyField("models.Author", related_name="books", description="who")
    editor = fields.ForeignKeyField(
        "models.Author", related_name="edited", null=True, on_delete=fields.SET_NULL
    )
    isbn = fields.CharField(max_length=20)
    tags = fields.ManyToManyField("models.Tag", related_name="books")
    added = fields.DatetimeField(db_default=Now())
    blurb = fields.TextField(db_default="none")

    class Meta:
        table = "book"
        unique_together = (("author", "isbn"),)


class Profile(Model):
    id = fields.IntField(primary_key=True)
    author = fields.OneToOneField("models.Author", related_name="profile")
    data = fields.JSONField(null=True)

    class Meta:
        table = "profile"
"""

AUTHOR_ID = Column("id", "INT", pk=True, identity="INT NOT NULL PRIMARY KEY AUTO_INCREMENT")
BOOK_ID = Column("id", "BIGINT", pk=True, identity="BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT")


def author_table() -> Table:
    return Table(
        name="author",
        columns=(
            AUTHOR_ID,
            Column("name", "VARCHAR(100)", default="'anon'", comment="it's \\ the name"),
            Column("email", "VARCHAR(200)", unique=True),
            Column("bio", "LONGTEXT", null=True),
            Column("active", "BOOL", default="TRUE"),
            Column("score", "DECIMAL(10,2)", default="0"),
        ),
        indexes=(
            Index("ft_bio", ("bio",), using="FULLTEXT"),
            Index("idx_name_score", ("name", "score")),
        ),
        comment="Authors' table",
        model="models.Author",
    )


def tag_table() -> Table:
    return Table(
        name="tag",
        columns=(AUTHOR_ID, Column("name", "VARCHAR(50)")),
        indexes=(Index(index_name("idx", "tag", ["name"]), ("name",)),),
        model="models.Tag",
    )


def book_table() -> Table:
    return Table(
        name="book",
        columns=(
            BOOK_ID,
            Column("title", "VARCHAR(200)"),
            Column("isbn", "VARCHAR(20)"),
            Column("added", "DATETIME(6)", default="CURRENT_TIMESTAMP(6)"),
            Column("blurb", "LONGTEXT", default="'none'"),
            Column(
                "author_id",
                "INT",
                comment="who",
                fk=ForeignKey("author", "id", "CASCADE", "fk_book_author_ed0cb68f"),
            ),
            Column(
                "editor_id",
                "INT",
                null=True,
                fk=ForeignKey("author", "id", "SET NULL", "fk_book_author_baece231"),
            ),
        ),
        uniques=(UniqueConstraint("uid_book_author__c6a0bb", ("author_id", "isbn")),),
        model="models.Book",
    )


def profile_table() -> Table:
    return Table(
        name="profile",
        columns=(
            AUTHOR_ID,
            Column("data", "JSON", null=True),
            Column(
                "author_id",
                "INT",
                unique=True,
                fk=ForeignKey("author", "id", "CASCADE", "fk_profile_author_235579dc"),
            ),
        ),
        model="models.Profile",
    )


def through_table() -> Table:
    return Table(
        name="book_tag",
        columns=(
            Column("book_id", "BIGINT", fk=ForeignKey("book", "id", "CASCADE", "book_tag_ibfk_1")),
            Column("tag_id", "INT", fk=ForeignKey("tag", "id", "CASCADE", "book_tag_ibfk_2")),
        ),
        indexes=(Index("uidx_book_tag_book_id_7bc185", ("book_id", "tag_id"), unique=True),),
        through=ThroughInfo("book", "tag", generated_name=True),
    )


def library_state() -> SchemaState:
    tables = (author_table(), tag_table(), book_table(), profile_table(), through_table())
    return SchemaState("mysql", {t.name: t for t in tables})


# -- talking to a real database ------------------------------------------------------------


async def run(db: DatabaseConfig, statements: Sequence[str]) -> None:
    conn = await my.backend(db).connect()
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def fetch(db: DatabaseConfig, sql: str) -> list[tuple[object, ...]]:
    conn = await my.backend(db).connect()
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def build(db: DatabaseConfig, state: SchemaState) -> None:
    """Create every table of ``state`` the way a fresh ``generate_schemas()`` would."""
    await run(db, [s for t in state.sorted_tables() for s in my.create_table_statements(t)])


async def migrate(
    db: DatabaseConfig, state: SchemaState, operations: Sequence[ops.Operation]
) -> SchemaState:
    """Render and run ``operations`` one by one; the state they lead to."""
    conn = await my.backend(db).connect()
    try:
        for op in operations:
            for statement in my.render(op, state):
                await conn.execute(statement)
            state = op.apply(state)
    finally:
        await conn.close()
    return state


async def live(db: DatabaseConfig) -> LiveSchema:
    conn = await my.backend(db).connect()
    try:
        return await my.backend(db).inspect(conn)
    finally:
        await conn.close()


async def fk_names(db: DatabaseConfig) -> list[tuple[object, ...]]:
    """(table, constraint) of every foreign key, server names included (LiveSchema maps the
    invented ones to None)."""
    return await fetch(
        db,
        "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1, 2",
    )
