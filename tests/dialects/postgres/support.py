"""Helpers shared by the PostgreSQL dialect tests (no tests here).

``library_state`` is what the models in ``LIBRARY_MODELS`` mean for PostgreSQL, written out
column by column the way Tortoise's schema generator spells them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from migrator import operations as ops
from migrator.connection import Connection, DatabaseConfig
from migrator.dialects.base.inspector import LiveSchema
from migrator.dialects.postgres import PostgresDialect
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
)

LIBRARY_MODELS = """
from tortoise import fields
from tortoise.contrib.postgres.indexes import GinIndex
from tortoise.indexes import Index, PartialIndex
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True, description="it's the name")
    email = fields.CharField(max_length=200, db_index=True)
    tags = fields.JSONField(default=dict)
    score = fields.IntField(db_default=0)
    active = fields.BooleanField(db_default=True)

    class Meta:
        table = "author"
        table_description = "Authors of 'books'"
        unique_together = (("name", "email"),)
        indexes = [
            GinIndex(fields=("tags",)),
            Index(fields=("score",), name="my_idx"),
            PartialIndex(fields=("email",), name="active_email", condition={"active": True}),
        ]


class Book(Model):
    id = fields.BigIntField(primary_key=True)
    title = fields.TextField()
    author = fields.ForeignKeyField("models.Author", related_name="books", description="who")
    editor = fields.ForeignKeyField(
        "models.Author", related_name="edited", null=True, on_delete=fields.SET_NULL
    )
    isbn = fields.CharField(max_length=20, unique=True, null=True)
    tags = fields.ManyToManyField("models.Author", related_name="tagged")

    class Meta:
        table = "book"
"""


def author_table() -> Table:
    return Table(
        name="author",
        columns=(
            Column("id", "INT", pk=True, identity="SERIAL NOT NULL PRIMARY KEY"),
            Column("name", "VARCHAR(100)", unique=True, comment="it's the name"),
            Column("email", "VARCHAR(200)"),
            Column("tags", "JSONB"),
            Column("score", "INT", default="0"),
            Column("active", "BOOL", default="True"),
        ),
        indexes=(
            Index("active_email", columns=("email",), where="active = true"),
            Index("idx_author_email_dce662", columns=("email",)),
            Index("idx_author_tags_92e8bc", columns=("tags",), using="GIN"),
            Index("my_idx", columns=("score",)),
        ),
        uniques=(UniqueConstraint("uid_author_name_a6d6ba", ("name", "email")),),
        comment="Authors of 'books'",
        model="models.Author",
    )


def book_table() -> Table:
    return Table(
        name="book",
        columns=(
            Column("id", "BIGINT", pk=True, identity="BIGSERIAL NOT NULL PRIMARY KEY"),
            Column("title", "TEXT"),
            Column("isbn", "VARCHAR(20)", null=True, unique=True),
            Column("author_id", "INT", comment="who", fk=ForeignKey("author", "id", "CASCADE")),
            Column("editor_id", "INT", null=True, fk=ForeignKey("author", "id", "SET NULL")),
        ),
        model="models.Book",
    )


def through_table() -> Table:
    return Table(
        name="book_author",
        columns=(
            Column("book_id", "BIGINT", fk=ForeignKey("book", "id", "CASCADE")),
            Column("author_id", "INT", fk=ForeignKey("author", "id", "CASCADE")),
        ),
        indexes=(
            Index("uidx_book_author_book_id_818352", columns=("book_id", "author_id"), unique=True),
        ),
        through=ThroughInfo("book", "author", generated_name=True),
    )


def library_state() -> SchemaState:
    tables = (author_table(), book_table(), through_table())
    return SchemaState("postgres", {t.name: t for t in tables})


# -- talking to a real database ------------------------------------------------------------

pg = PostgresDialect()


async def run(db: DatabaseConfig, statements: Sequence[str]) -> None:
    conn = await pg.backend(db).connect()
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def second_schema(db: DatabaseConfig, name: str = "fresh") -> DatabaseConfig:
    """The same database seen through another schema: a cheap second "fresh" database
    (inspection reads the connection's current schema)."""
    await run(db, [f"CREATE SCHEMA {pg.quote(name)}"])
    return replace(db, credentials={**db.credentials, "schema": name})


async def fetch(db: DatabaseConfig, sql: str) -> list[tuple[object, ...]]:
    conn = await pg.backend(db).connect()
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def build(db: DatabaseConfig, state: SchemaState) -> None:
    """Create every table of ``state`` the way a fresh ``generate_schemas()`` would."""
    await run(db, [s for t in state.sorted_tables() for s in pg.create_table_statements(t)])


async def migrate(
    db: DatabaseConfig, state: SchemaState, operations: Sequence[ops.Operation]
) -> SchemaState:
    """Render and run ``operations`` one by one; the state they lead to."""
    conn = await pg.backend(db).connect()
    try:
        for op in operations:
            for statement in pg.render(op, state):
                await conn.execute(statement)
            state = op.apply(state)
    finally:
        await conn.close()
    return state


async def live(db: DatabaseConfig) -> LiveSchema:
    conn: Connection = await pg.backend(db).connect()
    try:
        return await pg.backend(db).inspect(conn)
    finally:
        await conn.close()


async def invented_names(db: DatabaseConfig) -> list[tuple[object, ...]]:
    """Primary-key constraint and sequence names, which LiveSchema does not carry."""
    return await fetch(
        db,
        "SELECT conname FROM pg_constraint WHERE contype = 'p' "
        "AND connamespace = current_schema()::regnamespace "
        "UNION ALL SELECT relname FROM pg_class WHERE relkind = 'S' "
        "AND relnamespace = current_schema()::regnamespace ORDER BY 1",
    )
