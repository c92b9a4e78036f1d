"""Hand-built SQLite states and a small migration runner shared by the SQLite tests (no
tests here).

``library_state`` is what ``LIBRARY_MODELS`` means for SQLite, written out column by column
the way Tortoise's SqliteSchemaGenerator spells it. ``run_migration`` applies statements the
way migrator's runner does: prepare hook, BEGIN IMMEDIATE, statements, verify hook, COMMIT
(ROLLBACK on error), finish hook.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrator.connection import Connection, DatabaseConfig
from migrator.dialects.sqlite import SqliteDialect
from migrator.state import (
    Column,
    ForeignKey,
    Index,
    SchemaState,
    Table,
    ThroughInfo,
    UniqueConstraint,
)
from tests.conftest import backend_for

DIALECT = SqliteDialect()
ID = Column("id", "INT", identity="INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", pk=True)

LIBRARY_MODELS = """
from tortoise import fields
from tortoise.indexes import Index, PartialIndex
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True, description="it's */ the name")
    email = fields.CharField(max_length=200, null=True, db_index=True)
    active = fields.BooleanField(db_default=True)
    score = fields.FloatField(db_default=1.5)

    class Meta:
        table = "author"
        table_description = "Authors of 'books'"
        unique_together = (("name", "email"),)
        indexes = [
            Index(fields=("score",), name="my_idx"),
            PartialIndex(fields=("email",), name="active_email", condition={"active": True}),
        ]


class Book(Model):
    id = fields.IntField(primary_key=True)
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
            ID,
            Column("name", "VARCHAR(100)", unique=True, comment="it's */ the name"),
            Column("email", "VARCHAR(200)", null=True),
            Column("active", "INT", default="1"),
            Column("score", "REAL", default="1.5"),
        ),
        indexes=(
            Index("active_email", ("email",), where="active = true"),
            Index("idx_author_email_dce662", ("email",)),
            Index("my_idx", ("score",)),
        ),
        uniques=(UniqueConstraint("uid_author_name_a6d6ba", ("name", "email")),),
        comment="Authors of 'books'",
        model="models.Author",
    )


def book_table() -> Table:
    return Table(
        name="book",
        columns=(
            ID,
            Column("title", "TEXT"),
            Column("isbn", "VARCHAR(20)", null=True, unique=True),
            Column(
                "author_id",
                "INT",
                comment="who",
                fk=ForeignKey("author", "id", "CASCADE"),
            ),
            Column("editor_id", "INT", null=True, fk=ForeignKey("author", "id", "SET NULL")),
        ),
        model="models.Book",
    )


def book_author_table() -> Table:
    return Table(
        name="book_author",
        columns=(
            Column("book_id", "INT", fk=ForeignKey("book", "id", "CASCADE")),
            Column("author_id", "INT", fk=ForeignKey("author", "id", "CASCADE")),
        ),
        indexes=(Index("uidx_book_author_book_id_818352", ("book_id", "author_id"), unique=True),),
        through=ThroughInfo("book", "author", generated_name=True),
    )


def library_state() -> SchemaState:
    tables = (author_table(), book_table(), book_author_table())
    return SchemaState("sqlite", {t.name: t for t in tables})


def parent_child_state() -> SchemaState:
    """parent <- child (ON DELETE CASCADE), used by the rebuild tests."""
    parent = Table(
        "parent",
        (ID, Column("name", "VARCHAR(50)", null=True), Column("code", "VARCHAR(10)", null=True)),
        indexes=(Index("idx_parent_name", ("name",)),),
    )
    child = Table(
        "child",
        (ID, Column("parent_id", "INT", fk=ForeignKey("parent", "id", "CASCADE"))),
        indexes=(Index("idx_child_parent", ("parent_id",)),),
    )
    return SchemaState("sqlite", {"parent": parent, "child": child})


def create_statements(state: SchemaState) -> list[str]:
    return [s for t in state.sorted_tables() for s in DIALECT.create_table_statements(t)]


async def execute_all(conn: Connection, statements: Sequence[str]) -> None:
    for statement in statements:
        await conn.execute(statement)


async def run_migration(conn: Connection, statements: Sequence[str]) -> None:
    """Apply ``statements`` in one transaction inside the backend's migration guard."""
    async with backend_for(DIALECT).migration_guard(conn, statements) as guard:
        await conn.execute(DIALECT.begin_sql)
        try:
            await execute_all(conn, statements)
            await guard.verify()
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise


async def connect(db: DatabaseConfig) -> Connection:
    return await DIALECT.backend(db).connect()
