"""A field whose ``source_field`` changes keeps its data: the diff renames its column.

The unit tests build states by hand (no database); every case also goes through
``tests.test_diff.roundtrip``, so the operations move the old state to the new one and back.
The last test runs the whole cycle on real databases and checks the row and the schema.
"""

from __future__ import annotations

import asyncio
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from migrator import Command
from migrator import operations as ops
from migrator.connection import DatabaseConfig
from migrator.diff import diff
from migrator.errors import AmbiguousChangeError
from migrator.questioner import NonInteractiveQuestioner, NoRenameQuestioner, RenameHints
from migrator.state import Column, ForeignKey, Index, SchemaState, Table
from tests.conftest import db_url
from tests.integration.projects import FixtureProject, Step, live_schema, tortoise_schema
from tests.test_diff import ID, ScriptedQuestioner, col, roundtrip, state


def owned(name: str, field_name: str, type_: str = "TEXT", **kw: Any) -> Column:
    return col(name, type_, field_name=field_name, field_type="TextField", **kw)


def users(*columns: Column, **kw: Any) -> Table:
    return Table("users", (replace(ID, field_name="id"), *columns), model="models.User", **kw)


# -- source_field changes ------------------------------------------------------------------


def test_changed_source_field_is_a_rename_without_a_question() -> None:
    q = ScriptedQuestioner(set())
    result = roundtrip(
        state(users(owned("bio", "bio"))), state(users(owned("biography", "bio"))), questioner=q
    )
    assert result == [ops.RenameColumn("users", "bio", "biography")]
    assert q.asked == []


def test_rename_and_other_changes_of_the_same_field() -> None:
    old = users(owned("name", "name", "VARCHAR(50)"), indexes=(Index("idx_users_name", ("name",)),))
    new = users(
        owned("full_name", "name", "VARCHAR(80)", null=True),
        indexes=(Index("idx_users_full_na", ("full_name",)),),
    )
    result = roundtrip(state(old), state(new))
    assert result[0] == ops.RenameColumn("users", "name", "full_name")
    assert result[1] == ops.AlterColumn(
        "users", replace(old.columns[1], name="full_name"), new.columns[1]
    )
    assert isinstance(result[2], ops.RenameIndex)
    assert (result[2].old.name, result[2].new) == ("idx_users_name", new.indexes[0])
    assert len(result) == 3


def test_changed_source_field_of_a_foreign_key_renames_its_column() -> None:
    """``author = ForeignKeyField(...)`` owns column author_id through its key field
    "author_id"; ``source_field="writer_id"`` moves it, the reference stays."""
    to_users = ForeignKey("users", "id", "CASCADE", name="fk_posts_users_aaaaaaaa")
    old = Table(
        "posts",
        (replace(ID, field_name="id"), owned("author_id", "author_id", "INT", fk=to_users)),
        model="models.Post",
    )
    moved = owned("writer_id", "author_id", "INT", fk=replace(to_users, name="fk_posts_users_bb"))
    new = replace(old, columns=(old.columns[0], moved))
    result = roundtrip(state(users(), old), state(users(), new))
    assert result[0] == ops.RenameColumn("posts", "author_id", "writer_id")
    # MySQL names its foreign keys after the column: the constraint follows in an alter
    assert isinstance(result[1], ops.AlterColumn) and result[1].new.fk == moved.fk
    assert len(result) == 2


def test_swapped_source_fields_swap_the_columns_through_a_temporary_name() -> None:
    """Both column names stay, so matching by name alone sees no change at all while every
    value would now belong to the other field."""
    old = users(owned("title", "title"), owned("subtitle", "subtitle"))
    new = users(owned("subtitle", "title"), owned("title", "subtitle"))
    q = ScriptedQuestioner(set())
    result = roundtrip(state(old), state(new), questioner=q)
    assert result == [
        ops.RenameColumn("users", "subtitle", "__migrator_tmp_subtitle"),
        ops.RenameColumn("users", "title", "subtitle"),
        ops.RenameColumn("users", "__migrator_tmp_subtitle", "title"),
    ]
    assert q.asked == []


def test_a_chain_of_moves_renames_in_an_order_that_never_collides() -> None:
    old = users(owned("a", "first"), owned("b", "second"))
    new = users(owned("b", "first"), owned("c", "second"))
    result = roundtrip(state(old), state(new))
    assert result == [ops.RenameColumn("users", "b", "c"), ops.RenameColumn("users", "a", "b")]


def test_a_renamed_python_attribute_that_keeps_its_column_changes_nothing() -> None:
    # bio = TextField()  ->  about = TextField(source_field="bio")
    old, new = state(users(owned("bio", "bio"))), state(users(owned("bio", "about")))
    assert diff(old, new, NonInteractiveQuestioner()) == []


def test_table_rename_and_field_move_in_one_diff() -> None:
    authors = replace(users(owned("biography", "bio")), name="authors")
    result = roundtrip(
        state(users(owned("bio", "bio"))),
        state(authors),
        hints=RenameHints.parse(["users=authors"]),
    )
    assert result == [
        ops.RenameTable("users", "authors"),
        ops.RenameColumn("authors", "bio", "biography"),
    ]


def test_an_explicit_rename_wins_over_the_field() -> None:
    old = users(owned("bio", "bio"))
    new = users(owned("biography", "bio", null=True), owned("summary", "summary"))
    result = roundtrip(state(old), state(new), hints=RenameHints.parse(["users.bio=summary"]))
    assert result == [
        ops.RenameColumn("users", "bio", "summary"),
        ops.AddColumn("users", new.column("biography")),
    ]


# -- when the fields do not settle it, the questioner does -------------------------------


def test_an_attribute_name_reused_by_another_kind_of_field_is_no_move() -> None:
    """``status = IntField()`` becomes ``status_code = IntField()`` plus a new
    ``status = CharField(source_field="status_text")``: the IntField's rows must not be
    renamed into the CharField's column; the usual rename question pairs them instead."""
    status = col("status", "INT", field_name="status", field_type="IntField")
    code = col("status_code", "INT", field_name="status_code", field_type="IntField")
    text = col("status_text", "VARCHAR(20)", field_name="status", field_type="CharField")
    q = ScriptedQuestioner({"users.status=status_code"})
    result = roundtrip(state(users(status)), state(users(code, text)), questioner=q)
    assert q.asked == ["users.status=status_code"]
    assert result[0] == ops.RenameColumn("users", "status", "status_code")
    assert isinstance(result[1], ops.AddColumn) and result[1].column.name == "status_text"
    with pytest.raises(AmbiguousChangeError, match=r"--rename users\.status=status_code"):
        diff(state(users(status)), state(users(code, text)), NonInteractiveQuestioner())


def test_a_new_field_on_the_old_column_name_is_asked() -> None:
    """bio moved to biography while a field the snapshot does not know now owns column bio.
    That is a real move plus a new field, or a snapshot from before ``about`` took over the
    column (attribute renames write no migration): the states cannot tell, so it is asked."""
    old = state(users(owned("bio", "bio")))
    new = state(users(owned("biography", "bio"), owned("bio", "about", null=True)))
    with pytest.raises(AmbiguousChangeError, match=r"--rename users\.bio=biography"):
        diff(old, new, NonInteractiveQuestioner())

    yes = ScriptedQuestioner({"users.bio=biography"})
    assert roundtrip(old, new, questioner=yes) == [
        ops.RenameColumn("users", "bio", "biography"),
        ops.AddColumn("users", new.table("users").column("bio")),
    ]
    assert yes.asked == ["users.bio=biography"]
    no = roundtrip(old, new, questioner=NoRenameQuestioner())
    assert [type(op).__name__ for op in no] == ["AddColumn", "AlterColumn"]


def test_a_move_onto_the_column_of_a_removed_field_is_asked() -> None:
    """Column b must be dropped before a can take its name, and renames run before drops."""
    old = state(users(owned("a", "first"), owned("b", "second")))
    new = state(users(owned("b", "first")))
    with pytest.raises(AmbiguousChangeError, match=r"--rename users\.a=b"):
        diff(old, new, NonInteractiveQuestioner())
    with pytest.raises(AmbiguousChangeError, match="cannot rename onto b"):
        diff(old, new, ScriptedQuestioner({"users.a=b"}))
    result = roundtrip(old, new, questioner=NoRenameQuestioner())
    assert result == [ops.DropColumn("users", old.table("users").column("a"))]


# -- snapshots written before field names were recorded ----------------------------------


OLD_SNAPSHOT: dict[str, Any] = {
    "format": 1,
    "dialect": "postgres",
    "tables": {
        "users": {
            "columns": [
                {
                    "name": "id",
                    "type": "INT",
                    "pk": True,
                    "identity": "SERIAL NOT NULL PRIMARY KEY",
                    "field_type": "IntField",
                },
                {"name": "bio", "type": "TEXT", "field_type": "TextField"},
            ],
            "model": "models.User",
        }
    },
}


def test_a_snapshot_without_field_names_loads_and_writes_back_the_same() -> None:
    loaded = SchemaState.from_dict(OLD_SNAPSHOT)
    assert [c.field_name for c in loaded.table("users").columns] == [None, None]
    assert loaded.to_dict() == OLD_SNAPSHOT


def test_field_names_survive_the_snapshot_round_trip() -> None:
    current = state(users(owned("biography", "bio")))
    data = current.to_dict()
    assert [c.get("field_name") for c in data["tables"]["users"]["columns"]] == ["id", "bio"]
    assert SchemaState.from_dict(data) == current


def test_an_old_snapshot_falls_back_to_matching_by_name() -> None:
    old = SchemaState.from_dict(OLD_SNAPSHOT)
    new = state(users(owned("biography", "bio")))
    with pytest.raises(AmbiguousChangeError, match=r"--rename users\.bio=biography"):
        diff(old, new, NonInteractiveQuestioner())
    hints = RenameHints.parse(["users.bio=biography"])
    assert roundtrip(old, new, hints=hints) == [ops.RenameColumn("users", "bio", "biography")]


# -- end to end ----------------------------------------------------------------------------

MODELS_V1 = """\
from tortoise import fields
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, db_index=True)
    bio = fields.TextField()

    class Meta:
        table = "author"


class Book(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100)
    subtitle = fields.CharField(max_length=100)
    author = fields.ForeignKeyField("models.Author", related_name="books")

    class Meta:
        table = "book"
"""

# every field keeps its Python name; only the columns move (name also grows)
MODELS_V2 = (
    MODELS_V1.replace(
        "name = fields.CharField(max_length=50, db_index=True)",
        'name = fields.CharField(max_length=80, db_index=True, source_field="full_name")',
    )
    .replace("bio = fields.TextField()", 'bio = fields.TextField(source_field="biography")')
    .replace(
        "    title = fields.CharField(max_length=100)\n",
        '    title = fields.CharField(max_length=100, source_field="subtitle")\n',
    )
    .replace(
        "    subtitle = fields.CharField(max_length=100)\n",
        '    subtitle = fields.CharField(max_length=100, source_field="title")\n',
    )
    .replace('related_name="books")', 'related_name="books", source_field="writer_id")')
)

HISTORY = "migrator_history"


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_source_field_changes_migrate_with_the_data(
    dialect: str, make_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = tmp_path / "versions"
    for step, source in (("v1", MODELS_V1), ("v2", MODELS_V2)):
        (versions / step).mkdir(parents=True)
        (versions / step / "models.py").write_text(textwrap.dedent(source))
    project = FixtureProject(
        "source_field", versions, {"models": ["models"]}, [Step("v1", ""), Step("v2", "")]
    )
    workdir = tmp_path / "src"
    monkeypatch.syspath_prepend(str(workdir))
    db, fresh_v1, fresh_v2 = make_db(dialect), make_db(dialect), make_db(dialect)
    try:
        asyncio.run(_cycle(project, workdir, tmp_path / "migrations", db, fresh_v1, fresh_v2))
    finally:
        project.forget_modules()


async def _cycle(
    project: FixtureProject,
    workdir: Path,
    location: Path,
    db: DatabaseConfig,
    fresh_v1: DatabaseConfig,
    fresh_v2: DatabaseConfig,
) -> None:
    book_v1 = "SELECT title, subtitle, author_id FROM book"
    book_v2 = "SELECT title, subtitle, writer_id FROM book"
    # the default questioner is the non-interactive one: any question would fail the migrate
    async with Command(project.tortoise_config(db_url(db)), location=location) as cmd:
        project.materialize(0, workdir)
        await cmd.migrate()
        await cmd.upgrade()
        await _execute(db, "INSERT INTO author (name, bio) VALUES ('Ann', 'wrote things')")
        await _execute(db, "INSERT INTO book (title, subtitle, author_id) VALUES ('T', 'S', 1)")

        project.materialize(1, workdir)
        (written,) = await cmd.migrate()
        assert not any(d.startswith(("drop", "add")) for d in written.operations)
        await cmd.upgrade()
        assert await _fetch(db, "SELECT full_name, biography FROM author") == [
            ("Ann", "wrote things")
        ]
        # title's value moved with the field into column subtitle, and the other way round
        assert await _fetch(db, book_v2) == [("S", "T", 1)]
        v2 = await tortoise_schema(project, fresh_v2, db_url(fresh_v2))
        assert (await live_schema(db, (HISTORY,))).to_dict() == v2.to_dict()

        await cmd.downgrade()
        assert await _fetch(db, "SELECT name, bio FROM author") == [("Ann", "wrote things")]
        assert await _fetch(db, book_v1) == [("T", "S", 1)]
        project.materialize(0, workdir)
        v1 = await tortoise_schema(project, fresh_v1, db_url(fresh_v1))
        assert (await live_schema(db, (HISTORY,))).to_dict() == v1.to_dict()


async def _execute(db: DatabaseConfig, sql: str) -> None:

    conn = await db.dialect.backend(db).connect()
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _fetch(db: DatabaseConfig, sql: str) -> list[tuple[Any, ...]]:

    conn = await db.dialect.backend(db).connect()
    try:
        return [tuple(row) for row in await conn.fetch(sql)]
    finally:
        await conn.close()
