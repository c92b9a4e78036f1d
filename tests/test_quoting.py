"""Quoting and injection: awkward names, comments and string defaults on every dialect.

Each example builds operations directly, renders them with the dialect, writes the migration
file exactly as ``migrate`` writes it (sqlfile.render_file), splits it back with
Dialect.split (the hand-off where a ``;`` or ``--`` inside a literal would break things),
runs the statements on a real database, reads the schema back with the dialect's inspector and
asserts the names, comments and defaults are exactly what they should be.

What "exactly" means per dialect (``stored_comment`` and ``stored_default``):

* names: the very same string on every dialect.
* comments:
  - MySQL/MariaDB: the comment text itself (the literal is backslash-escaped and the server
    undoes the escapes).
  - PostgreSQL: what ``generate_schemas()`` stores for the same model: Tortoise
    backslash-escapes comment text (``\\`` -> ``\\\\``, newline -> ``\\n``, CR -> ``\\r``,
    ``"`` -> ``\\"``, U+001A -> ``\\Z``) and PostgreSQL (standard_conforming_strings) keeps the
    backslashes, so the catalog holds the escaped text. Migrator writes the same bytes on
    purpose (README "Comments on PostgreSQL"); the mapping is injective, so the comment is
    still recovered exactly by ``unescape_comment``, which the tests also check.
  - SQLite: no comment catalog (the inspector reports None); column comments live in the
    CREATE TABLE text as Tortoise writes them, ``/* escaped */`` with ``/`` escaped so ``*/``
    cannot close it early. The tests read them back out of sqlite_master and unescape them.
    The table comment follows the closing parenthesis, which SQLite does not keep in
    sqlite_master (for generate_schemas() either): it is not asserted. Comment-only changes
    are no-ops there (README) and ALTER TABLE ADD COLUMN keeps a definition only up to its
    last token, so after a migration that did not rebuild the table the text is not asserted
    either; after CREATE TABLE, a rebuild or the downgrade it is.
* defaults: the catalog expression as the inspector normalises it (SQLite: the literal as
  written; MySQL: the literal re-quoted by the renderer's rule; PostgreSQL: the literal plus
  the ``::type`` cast the server prints), and, more to the point, the value a row inserted
  without that column actually gets, which must equal the Python string. MariaDB prints
  defaults in utf8mb3 (an emoji reads as ``?``) although the row gets the emoji: there only
  the value is asserted for defaults outside the Basic Multilingual Plane.

Limits the strategies respect (the databases', not migrator's):

* no NUL anywhere: PostgreSQL text and identifiers cannot hold it, MySQL identifiers cannot.
* PostgreSQL identifiers: at most 63 UTF-8 bytes (longer ones are silently truncated).
* MySQL identifiers: at most 64 characters, Basic Multilingual Plane only (no emoji), no
  trailing whitespace (space, tab, line breaks: "Incorrect column name"); column names
  compare case- and accent-insensitively, so the names of one table differ after folding
  (``mysql_fold``). A table name is also a file name: every character but ASCII letters and
  digits is stored as ``@xxxx`` (5 bytes), and the result must fit the file system's 255
  bytes ("File name too long"), so 64 non-ASCII characters are too many.
* MySQL comments: column comments at most 1024 characters, table comments 2048 (the
  strategies stay well below), and Basic Multilingual Plane only: the server keeps comments
  in utf8mb3 and silently turns an emoji into ``?`` (Tortoise's own CREATE TABLE too).
* Table names never start with ``_migrator_`` (the SQLite rebuild's scratch prefix, which the
  inspector hides on purpose).
* string defaults are at most 60 characters (the columns are VARCHAR(255) and TEXT).
* SQLite compares column names case-insensitively too: the same folding applies.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator import operations as ops
from migrator.connection import Connection, DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.inspector import LiveSchema, LiveTable
from migrator.dialects.postgres import names as pg_names
from migrator.sqlfile import FileHeader, render_file
from migrator.state import Column, SchemaState, Table
from tests import test_capture
from tests.conftest import ALL_DIALECTS, backend_for
from tests.test_capture import capture, tortoise_sql

MakeDb = Callable[[str], DatabaseConfig]
write_models = test_capture.write_models  # the fixture: models in a package of their own

# -- what each dialect stores ----------------------------------------------------------------

TEXT_TYPE = {"sqlite": "TEXT", "postgres": "TEXT", "mysql": "LONGTEXT"}
VARCHAR = "VARCHAR(255)"
PG_CAST = {VARCHAR: "character varying", "TEXT": "text"}

_PG_COMMENT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z", '"': '\\"'}
)
_SQLITE_COMMENT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z", "/": "\\/"}
)
_UNESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "Z": "\x1a", '"': '"', "/": "/", "0": "\0"}


def unescape_comment(text: str) -> str:
    """Undo Tortoise's comment escaping (the inverse of both tables above)."""
    return re.sub(r"\\(.)", lambda m: _UNESCAPES[m.group(1)], text, flags=re.DOTALL)


def stored_comment(dialect: str, comment: str | None) -> str | None:
    """The comment as the dialect's catalog holds it (SQLite: as the inspector reports it)."""
    if not comment or dialect == "sqlite":
        return None
    if dialect == "postgres":
        return comment.translate(_PG_COMMENT_ESCAPES)
    return comment


def stored_default(dialect: str, col: Column) -> str | None:
    """The default as the dialect's inspector reports it for a string literal default."""
    if col.default is None:
        return None
    if dialect == "postgres":
        return f"{col.default}::{PG_CAST[col.type]}"
    return col.default


_SQLITE_TOKEN = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|/\* (.*?) \*/|.", re.S
)


def is_bmp(text: str) -> bool:
    return all(ord(ch) <= 0xFFFF for ch in text)


def sqlite_comments(create_sql: str) -> list[str]:
    """The ``/* ... */`` comments of a CREATE TABLE text (strings and quoted names skipped),
    unescaped, in order."""
    return [
        unescape_comment(m.group(1))
        for m in _SQLITE_TOKEN.finditer(create_sql)
        if m.group(1) is not None
    ]


# -- running a migration the way the runner does -----------------------------------------------


def migration_text(dialect: Dialect, before: SchemaState, operations: Sequence[Any]) -> str:
    """The upgrade.sql migrator would write for ``operations``."""
    transactional = dialect.transactional_ddl
    header = FileHeader("app", "0001_test", None, dialect.name, "upgrade", transactional)
    return render_file(header, dialect.render_all(operations, before))


async def run_file(conn: Connection, dialect: Dialect, text: str) -> list[str]:
    """Split ``text`` and run it, in one transaction where the database has transactional DDL
    (as the runner does)."""
    statements = [s.sql for s in dialect.split(text)]
    if dialect.transactional_ddl:
        await conn.execute(dialect.begin_sql)
    for sql in statements:
        await conn.execute(sql)
    if dialect.transactional_ddl:
        await conn.execute("COMMIT")
    return statements


async def migrate(
    conn: Connection, dialect: Dialect, before: SchemaState, operations: Sequence[Any]
) -> tuple[SchemaState, LiveSchema]:
    """Render, split and run ``operations``; the state they lead to and the live schema."""
    await run_file(conn, dialect, migration_text(dialect, before, operations))
    return ops.apply_all(before, list(operations)), await backend_for(dialect).inspect(conn)


async def drop_all(conn: Connection, dialect: Dialect, keep: frozenset[str]) -> None:
    """Empty the database between examples (a failed example may leave tables behind)."""
    for name in await backend_for(dialect).table_names(conn) - keep:
        await conn.execute(f"DROP TABLE {dialect.quote(name)}")


def connected(db: DatabaseConfig, check: Callable[..., Any], *args: Any) -> None:
    """Run ``await check(conn, dialect, *args)`` on a connection to ``db``."""
    dialect = db.dialect

    async def go() -> None:
        conn = await dialect.backend(db).connect()
        try:
            await check(conn, dialect, *args)
        finally:
            await conn.close()

    asyncio.run(go())


# -- checking the live schema against the state ------------------------------------------------


async def assert_table_round_trips(
    conn: Connection, dialect: Dialect, live: LiveSchema, table: Table, sqlite_text: bool = True
) -> None:
    """Names, comments and defaults of ``table`` read back exactly (see the module doc).
    ``sqlite_text``: whether SQLite's CREATE TABLE text was written whole for this state (by
    CREATE TABLE or a rebuild), so that it holds every column comment."""
    name = dialect.name
    assert table.name in live.tables, (table.name, sorted(live.tables))
    got: LiveTable = live.tables[table.name]
    assert got.name == table.name
    assert set(got.columns) == set(table.column_names)
    assert got.comment == stored_comment(name, table.comment)
    for col in table.columns:
        live_col = got.columns[col.name]
        assert live_col.name == col.name
        assert live_col.comment == stored_comment(name, col.comment), col.name
        if name != "mysql" or is_bmp(col.default or ""):
            assert live_col.default == stored_default(name, col), col.name
        if name == "postgres" and col.comment:
            assert unescape_comment(live_col.comment or "") == col.comment
    if name == "sqlite" and sqlite_text:
        await assert_sqlite_comments(conn, table)
    if name == "postgres":  # renames keep the constraint name a fresh CREATE TABLE gives
        rows = await conn.fetch(
            "SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = $1::regclass",
            (dialect.quote(table.name),),
        )
        assert rows == [(pg_names.pkey_name(table.name),)]


async def assert_sqlite_comments(conn: Connection, table: Table) -> None:
    rows = await conn.fetch(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table.name,)
    )
    create_sql = str(rows[0][0])
    # the table comment follows the closing parenthesis, which SQLite does not keep (nor does
    # it for generate_schemas(), which writes the same text)
    expected = [c.comment for c in table.columns if c.comment]
    assert sqlite_comments(create_sql) == expected


async def assert_defaults_apply(
    conn: Connection, dialect: Dialect, table: Table, values: dict[str, str]
) -> None:
    """A row inserted with only the key gets every default as the exact Python string."""
    q, name = dialect.quote, dialect.quote(table.name)
    key = next(c.name for c in table.columns if c.pk)
    cols = sorted(values)
    await conn.execute(f"INSERT INTO {name} ({q(key)}) VALUES (1)")
    rows = await conn.fetch(f"SELECT {', '.join(q(c) for c in cols)} FROM {name}")
    await conn.execute(f"DELETE FROM {name}")
    assert dict(zip(cols, rows[0], strict=True)) == values


# -- the scenario -------------------------------------------------------------------------------


def build_scenario(
    dialect: str, names: Sequence[str], comments: Sequence[str | None], defaults: Sequence[str]
) -> tuple[Table, list[Any], dict[str, str]]:
    """A table and the operations that change it; the expected default values at the end.

    names: table, key, string column, text column, added column, renamed string column,
    renamed table.
    comments: table, string column, text column, added column, new table, new text column.
    defaults: string column, text column, added column, new string column default.
    """
    d = get_dialect(dialect)
    table_name, key, s_col, t_col, added, renamed, new_table = names
    string = Column(s_col, VARCHAR, null=True, default=d.literal(defaults[0]), comment=comments[1])
    text = Column(
        t_col, TEXT_TYPE[dialect], null=True, default=d.literal(defaults[1]), comment=comments[2]
    )
    table = Table(table_name, (Column(key, "INT", pk=True), string, text), comment=comments[0])
    new_col = Column(added, VARCHAR, null=True, default=d.literal(defaults[2]), comment=comments[3])
    renamed_string = replace(string, name=renamed)
    operations: list[Any] = [
        ops.CreateTable(table),
        ops.AddColumn(table_name, new_col),
        ops.RenameColumn(table_name, s_col, renamed),
        ops.SetTableComment(table_name, comments[0], comments[4]),
        ops.AlterColumn(table_name, text, replace(text, comment=comments[5])),
        ops.AlterColumn(
            table_name, renamed_string, replace(renamed_string, default=d.literal(defaults[3]))
        ),
    ]
    # last, so the operations before it exercise the awkward old name
    operations.append(ops.RenameTable(table_name, new_table))
    values = {t_col: defaults[1], added: defaults[2], renamed: defaults[3]}
    return table, operations, values


async def check_scenario(
    conn: Connection,
    dialect: Dialect,
    names: Sequence[str],
    comments: Sequence[str | None],
    defaults: Sequence[str],
    keep: frozenset[str] = frozenset(),
) -> None:
    """Upgrade, check; downgrade all but the CREATE TABLE, check; drop it, check.
    Tables named in ``keep`` are left alone."""
    await drop_all(conn, dialect, keep)
    table, operations, values = build_scenario(dialect.name, names, comments, defaults)
    empty = SchemaState(dialect.name)
    created, live = await migrate(conn, dialect, empty, operations[:1])
    await assert_table_round_trips(conn, dialect, live, table)

    after, live = await migrate(conn, dialect, created, operations[1:])
    assert set(live.tables) == {names[6], *keep}
    # SQLite changes comments only by rebuilding (comment-only changes are no-ops, and ALTER
    # TABLE ADD COLUMN keeps a definition only up to its last token, so not its comment)
    rebuilt = "_migrator_new_" in migration_text(dialect, created, operations[1:])
    after_table = after.table(names[6])
    await assert_table_round_trips(conn, dialect, live, after_table, sqlite_text=rebuilt)
    await assert_defaults_apply(conn, dialect, after_table, values)

    back, live = await migrate(conn, dialect, after, ops.reverse_all(operations[1:]))
    assert back == created
    await assert_table_round_trips(conn, dialect, live, table)
    initial = {c.name: v for c, v in zip(table.columns[1:], defaults[:2], strict=True)}
    await assert_defaults_apply(conn, dialect, table, initial)

    gone, live = await migrate(conn, dialect, created, ops.reverse_all(operations[:1]))
    assert gone == empty
    assert set(live.tables) == keep


NASTY = 'it\'s "q" `b` \\ ; -- /* */ $$ $x$ \n\r\t é 日本 🎉 %s ?'


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_fixed_nasty_example(make_db: MakeDb, dialect: str) -> None:
    db = make_db(dialect)
    names = ['Order "Items" `x`', "select", "Group By", "user's", "ÉTÉ 日本", "table", "Ω; --"]
    comment = NASTY
    if dialect == "mysql":  # BMP only in MySQL names and comments (see the module doc)
        comment = NASTY.replace("🎉", "☃")
    else:
        names[4] += " 🎉\n"
    connected(db, check_scenario, names, [comment] * 6, [NASTY[:60]] * 4)


# -- generated examples -------------------------------------------------------------------------

RESERVED = ["order", "select", "group", "user", "table", "Order", "SELECT", "from", "where", "key"]
# Characters that end or open something somewhere: quotes of every dialect, the statement
# separator, comment openers, dollar quotes, backslash, driver placeholders; plus non-ASCII.
NAME_CHARS = "aZé日本Ω☃ '\"`\\;-/*$%?(),.0\n\r"
TEXT_CHARS = NAME_CHARS + "\t\x1a🎉ñ"
EMOJI = "🎉"


def mysql_fold(name: str) -> str:
    """How MySQL (and SQLite, for ASCII) compare column names: case and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_ok(dialect: str, name: str) -> bool:
    if dialect == "postgres":
        return len(name.encode()) <= 63
    if dialect == "mysql":
        return len(name) <= 64 and not name[-1].isspace() and is_bmp(name)
    return not name.lower().startswith("sqlite_")


def names_strategy(dialect: str) -> st.SearchStrategy[list[str]]:
    chars = NAME_CHARS + ("" if dialect == "mysql" else EMOJI + "\t")
    one = st.one_of(
        st.sampled_from(RESERVED), st.text(st.sampled_from(chars), min_size=1, max_size=20)
    ).filter(lambda n: name_ok(dialect, n) and not n.startswith("_migrator_"))
    # the first and last names are the table's: on PostgreSQL a dot in a table key means
    # schema.table (state.py), and capture refuses table names with a dot there
    return st.lists(one, min_size=7, max_size=7, unique_by=mysql_fold).filter(
        lambda names: dialect != "postgres" or "." not in names[0] + names[6]
    )


def comments_strategy(dialect: str) -> st.SearchStrategy[list[str | None]]:
    chars = TEXT_CHARS.replace(EMOJI, "") if dialect == "mysql" else TEXT_CHARS
    one = st.none() | st.text(st.sampled_from(chars), max_size=60)
    return st.lists(one, min_size=6, max_size=6)


DEFAULTS = st.lists(st.text(st.sampled_from(TEXT_CHARS), max_size=40), min_size=4, max_size=4)
EXAMPLES = {"sqlite": 40, "postgres": 30, "mysql": 20}


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_generated_names_comments_and_defaults_round_trip(make_db: MakeDb, dialect: str) -> None:
    """Any name/comment/default the database can hold survives CREATE TABLE, ADD COLUMN,
    RENAME COLUMN, a table comment change, a column comment change and a default change,
    and the downgrade puts everything back."""
    db = make_db(dialect)

    @settings(
        max_examples=EXAMPLES[dialect],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(names=names_strategy(dialect), comments=comments_strategy(dialect), defaults=DEFAULTS)
    def check(names: list[str], comments: list[str | None], defaults: list[str]) -> None:
        connected(db, check_scenario, names, comments, defaults)

    check()


# -- injection -------------------------------------------------------------------------------

VICTIM = "victim"
PAYLOADS = [
    "x'); DROP TABLE victim; --",
    "x\\'); DROP TABLE victim; -- ",  # a backslash before the quote (MySQL escapes)
    "x''); DROP TABLE victim; #",  # MySQL's other line comment
    "*/ DROP TABLE victim; /*",  # SQLite inline comments
    "$$; DROP TABLE victim; $$",  # PostgreSQL dollar quotes
    '"; DROP TABLE victim; --',
    "`; DROP TABLE victim; --",
    "x\n'); DROP TABLE victim; --",
]
NAME_PAYLOADS = [
    'x"); DROP TABLE victim; --',
    "x`); DROP TABLE victim; --",
    "x'); DROP TABLE victim; --",
    'y\\"); DROP TABLE victim; --',
    "$$; DROP TABLE victim; $$",
    "*/ DROP TABLE victim; /*",
    "z\\'; DROP TABLE victim; #",
]


async def check_victim_survives(
    conn: Connection, dialect: Dialect, names: list[str], comments: list[str], defaults: list[str]
) -> None:
    victim = dialect.quote(VICTIM)
    await conn.execute(f"CREATE TABLE {victim} (id INT PRIMARY KEY)")
    await conn.execute(f"INSERT INTO {victim} (id) VALUES (42)")
    await check_scenario(conn, dialect, names, comments, defaults, keep=frozenset({VICTIM}))
    assert await conn.fetch(f"SELECT id FROM {victim}") == [(42,)]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_injection_through_comments_defaults_and_names(make_db: MakeDb, dialect: str) -> None:
    """Comments, defaults and names made to close a literal, a quoted name or a comment and
    append a statement are stored as text: table ``victim`` and its row stay, and every
    payload reads back exactly (check_scenario)."""
    db = make_db(dialect)

    async def every_payload(conn: Connection, d: Dialect) -> None:
        for i, payload in enumerate(PAYLOADS):
            names = [f"{n[:40]}{i}{k}" for k, n in enumerate(NAME_PAYLOADS)]
            await check_victim_survives(conn, d, names, [payload] * 6, [payload] * 4)
            await conn.execute(f"DROP TABLE {d.quote(VICTIM)}")

    connected(db, every_payload)


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_a_name_with_a_line_break_cannot_inject(make_db: MakeDb, dialect: str) -> None:
    """Operation descriptions go into ``-- [k/n]`` header lines of the migration file: a line
    break in a name must not end that comment and turn the rest of the name into SQL."""
    db = make_db(dialect)
    names = ["t\nDROP TABLE victim; --", "id", "a", "b", "c\nDROP TABLE victim; --", "d", "e"]
    connected(db, check_victim_survives, names, ["c"] * 6, ["v"] * 4)


# -- capture ---------------------------------------------------------------------------------

CAPTURE_TEXT = 'it\'s "q" `b` \\ ; -- /* */ $$ \n\r é 日本 ☃ %s ?'
MODEL_SOURCE = """
from tortoise import fields
from tortoise.models import Model

TEXT = {text!r}


class Item(Model):
    id = fields.IntField(primary_key=True, source_field="select")
    label = fields.CharField(
        max_length=255, null=True, source_field="Group By", description=TEXT{label_default}
    )
    body = fields.TextField(null=True, source_field="user's", description=TEXT + "2"{body_default})

    class Meta:
        table = "Order Items ÉTÉ"
        table_description = TEXT + "t"
"""


def capture_source(with_defaults: bool) -> str:
    return MODEL_SOURCE.format(
        text=CAPTURE_TEXT,
        label_default=", db_default=TEXT" if with_defaults else "",
        body_default=', db_default="x\'y;--"' if with_defaults else "",
    )


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_capture_keeps_names_comments_and_defaults(write_models: Any, dialect: str) -> None:
    """A model's awkward table name, column names, descriptions and string db_defaults are
    captured as the very same text (defaults as the dialect's literal), i.e. the state the
    round-trip tests above build by hand."""
    state = capture(write_models(capture_source(with_defaults=True)), dialect)
    d = get_dialect(dialect)
    (table,) = state.tables.values()
    assert table.name == "Order Items ÉTÉ"
    assert table.comment == CAPTURE_TEXT + "t"
    key, label, body = table.columns
    assert (key.name, key.pk) == ("select", True)
    assert replace(label, field_type="", field_name=None) == Column(
        "Group By", VARCHAR, null=True, default=d.literal(CAPTURE_TEXT), comment=CAPTURE_TEXT
    )
    assert replace(body, field_type="", field_name=None) == Column(
        "user's",
        TEXT_TYPE[dialect],
        null=True,
        default=d.literal("x'y;--"),
        comment=CAPTURE_TEXT + "2",
    )


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_comments_are_stored_as_generate_schemas_stores_them(
    write_models: Any, make_db: MakeDb, dialect: str
) -> None:
    """Migrator's CREATE TABLE for a captured model and Tortoise's own generate_schemas() SQL
    for it leave the same names and comments in the catalog (PostgreSQL: both the escaped
    text; SQLite: the same CREATE TABLE text). Tortoise's own SQL has no db_default here: it
    backslash-escapes quotes in string defaults, which PostgreSQL and SQLite do not read."""
    module = write_models(capture_source(with_defaults=False))
    state = capture(module, dialect)
    tortoise_text = tortoise_sql(module, dialect)
    ours, theirs = make_db(dialect), make_db(dialect)
    d = get_dialect(dialect)
    (table,) = state.tables.values()

    async def build(conn: Connection, dialect: Dialect, text: str, out: list[Any]) -> None:
        await run_file(conn, dialect, text)
        out.append(await backend_for(dialect).inspect(conn))
        if dialect.name == "sqlite":
            out += await conn.fetch("SELECT sql FROM sqlite_master WHERE type = 'table'")

    got: list[Any] = []
    connected(ours, build, migration_text(d, SchemaState(dialect), [ops.CreateTable(table)]), got)
    expected: list[Any] = []
    connected(theirs, build, tortoise_text, expected)
    assert got == expected
    live = got[0].tables[table.name]
    assert live.comment == stored_comment(dialect, CAPTURE_TEXT + "t")
    assert live.columns["Group By"].comment == stored_comment(dialect, CAPTURE_TEXT)


def test_postgres_serial_added_to_awkward_names_matches_a_fresh_one(make_db: MakeDb) -> None:
    """Turning a key into SERIAL creates, sets and references the sequence by its quoted
    name (regclass parses the text as an identifier): the column reads back exactly as a
    fresh ``SERIAL`` column of the same table and column names."""
    db = make_db("postgres")
    key = Column('Order "Id"', "INT", pk=True)
    table = Table("user's Table", (key, Column("x", "INT", null=True)))
    serial = replace(key, identity="SERIAL NOT NULL PRIMARY KEY")

    async def check(conn: Connection, d: Dialect) -> None:
        created, _ = await migrate(conn, d, SchemaState("postgres"), [ops.CreateTable(table)])
        await conn.execute(f"INSERT INTO {d.quote(table.name)} ({d.quote(key.name)}) VALUES (7)")
        _, live = await migrate(conn, d, created, [ops.AlterColumn(table.name, key, serial)])
        migrated = live.tables[table.name].columns[key.name]
        await conn.execute(f"DROP TABLE {d.quote(table.name)}")
        fresh_table = replace(table, columns=(serial, table.columns[1]))
        await migrate(conn, d, SchemaState("postgres"), [ops.CreateTable(fresh_table)])
        fresh = (await d.backend(db).inspect(conn)).tables[table.name].columns[key.name]
        assert migrated == fresh
        assert fresh.default == 'nextval(\'"user\'\'s Table_Order ""Id""_seq"\'::regclass)'

    connected(db, check)


LIMITS = {
    # PostgreSQL: 63 bytes, cut inside no character, so the *_pkey name is truncated too
    "postgres": ("日" * 20 + "é" + "x", "Ω" * 31 + "z", 1024),
    # MySQL: 64 characters; a table name's file name (5 bytes per non-ASCII character)
    # must fit in 255 bytes, a column name has no such limit
    "mysql": ("日本" * 20 + "a" * 24, "é" * 64, 1024),
    "sqlite": ("日" * 200, "é" * 200, 1024),
}


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_names_and_comments_at_the_length_limits(make_db: MakeDb, dialect: str) -> None:
    """The longest names the database takes (PostgreSQL 63 bytes, MySQL 64 characters) and
    1024-character comments (MySQL's column comment limit) round-trip like short ones; on
    PostgreSQL the renamed table's truncated ``*_pkey`` name is the server's own choice."""
    db = make_db(dialect)
    table_name, column_name, comment_length = LIMITS[dialect]
    if dialect == "postgres":
        assert len(table_name.encode()) == len(column_name.encode()) == 63
    if dialect == "mysql":
        assert len(table_name) == len(column_name) == 64
    names = [table_name, column_name, "s", "t", "a", "r", table_name[:-1] + "y"]
    comment = ("é'\\日;" * comment_length)[:comment_length]
    connected(db, check_scenario, names, [comment] * 6, ["x'y"] * 4)
