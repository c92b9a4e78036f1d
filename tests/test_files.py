"""The migrations folder as people edit it: hand-written SQL in ``migrate --empty`` files runs
as written on each dialect, and branches (two developers' migrations merged) are refused with
a message naming both, before anything is applied or written; the checksum that stands for an
applied upgrade.sql ignores line endings, trailing blanks and a byte-order mark only.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from migrator.files import Migration, checksum
from tests.project_factory import (
    MODELS_RENAMED,
    MODELS_V2,
    Project,
    project_factory,  # noqa: F401  (fixture)
)

# -- 3. hand-written SQL ----------------------------------------------------------------------

COMMON_SQL = """\
-- notes; a hand-written data migration (this comment has a ; too)
CREATE TABLE note (id INT PRIMARY KEY, body VARCHAR(200));
/* a block comment; with
   two ; semicolons */
INSERT INTO note (id, body) VALUES (1, 'a;b');  -- trailing; comment
INSERT INTO note (id, body) VALUES (2, 'it''s; -- not a comment');
INSERT INTO note (id, body) VALUES (3, '/* not; a comment */');
"""
COMMON_ROWS = [(1, "a;b"), (2, "it's; -- not a comment"), (3, "/* not; a comment */")]

EXTRA_SQL = {
    "sqlite": (
        """
CREATE TABLE note_log (body TEXT);
CREATE TRIGGER note_logged AFTER INSERT ON note BEGIN
  INSERT INTO note_log (body) VALUES ('x;' || NEW.body);
  INSERT INTO note_log (body) VALUES ('y;' || NEW.body);
END;
INSERT INTO note (id, body) VALUES (4, 'four');
""",
        [(4, "four")],
    ),
    "postgres": (
        """
CREATE FUNCTION note_count() RETURNS integer AS $$
DECLARE n integer;
BEGIN
  SELECT count(*) INTO n FROM note;  -- ; inside the body
  RETURN n;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION note_tag() RETURNS text AS $body$ SELECT 'x;y'::text $body$ LANGUAGE sql;
INSERT INTO note (id, body) VALUES (4, E'e\\';s');
""",
        [(4, "e';s")],
    ),
    "mysql": (
        r"""
INSERT INTO note (id, body) VALUES (4, 'back\';slash; \\');
INSERT INTO note (id, body) VALUES (5, "double; \"quoted\"");
# a hash comment; MySQL only
""",
        [(4, "back';slash; \\"), (5, 'double; "quoted"')],
    ),
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_hand_written_sql_with_semicolons_runs_as_written(
    project_factory: Any,  # noqa: F811
    dialect: str,
) -> None:
    project: Project = project_factory(dialect)
    project.init()
    _ok(project, "migrate", "--empty", "--name", "notes")
    assert project.migration_dirs() == ["0001_notes"]
    extra_sql, extra_rows = EXTRA_SQL[dialect]
    upgrade = project.migrations / "0001_notes" / "upgrade.sql"
    assert "Write the SQL of this migration here" in upgrade.read_text()
    upgrade.write_text(COMMON_SQL + extra_sql, encoding="utf-8")
    (project.migrations / "0001_notes" / "downgrade.sql").write_text(
        "DROP TABLE note;\n", encoding="utf-8"
    )

    out = _ok(project, "upgrade")
    statements = 4 + {"sqlite": 3, "postgres": 3, "mysql": 2}[dialect]
    assert f"Applied models 0001_notes ({statements} statements" in out
    rows = project.fetch("SELECT id, body FROM note ORDER BY id")
    assert [tuple(r) for r in rows] == COMMON_ROWS + extra_rows
    if dialect == "postgres":
        assert project.fetch("SELECT note_count(), note_tag()") == [(4, "x;y")]
    if dialect == "sqlite":
        assert project.fetch("SELECT body FROM note_log ORDER BY body") == [
            ("x;four",),
            ("y;four",),
        ]


def _ok(project: Project, *args: str) -> str:
    result = project.cli(*args)
    assert result.exit_code == 0, f"migrator {' '.join(args)}: {result.output}"
    return result.output


# -- 4. branches ------------------------------------------------------------------------------


def _two_developers(project: Project, tmp_path: Path) -> tuple[Path, Path]:
    """0001 applied; developer B (a copy of the folder) adds a column, developer A renames
    one. Returns (A's 0002, B's 0002) with B's copied into A's folder: a merge."""
    project.init()
    _ok(project, "migrate")
    _ok(project, "upgrade")
    other = tmp_path / "developer_b"
    shutil.copytree(project.path / "migrations", other)

    project.write_models(MODELS_V2)

    async def migrate_b() -> list[Any]:
        async with project.command() as cmd:
            cmd.location = other
            return await cmd.migrate()  # type: ignore[no-any-return]

    theirs = asyncio.run(migrate_b())[0].path
    project.write_models(MODELS_RENAMED)
    _ok(project, "migrate", "--rename", "user.username=handle")
    ours = project.migrations / project.migration_dirs()[-1]
    merged = project.migrations / theirs.name
    shutil.copytree(theirs, merged)
    assert ours.name.startswith("0002_") and merged.name.startswith("0002_")
    assert ours.name != merged.name
    return ours, merged


def _assert_refused(project: Project, *names: str) -> None:
    for verb in (("upgrade",), ("heads",), ("migrate",), ("downgrade", "--yes")):
        before = project.migration_dirs()
        result = project.cli(*verb)
        assert result.exit_code == 1, (verb, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        for name in names:
            assert name in lines[0], (verb, lines[0])
        assert "two branches" in lines[0]
        assert project.migration_dirs() == before
    assert project.fetch("SELECT version FROM migrator_history") == [("0001",)]
    assert "handle" not in str(project.fetch("PRAGMA table_info('user')"))


def test_duplicate_versions_are_refused(project_factory: Any, tmp_path: Path) -> None:  # noqa: F811
    project: Project = project_factory("sqlite")
    ours, theirs = _two_developers(project, tmp_path)
    _assert_refused(project, ours.name, theirs.name, "share version 0002")


def test_two_migrations_with_the_same_parent_are_refused(
    project_factory: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """After the merge someone renumbers B's migration to 0003 by hand: the versions differ
    now, but both still follow 0001."""
    project: Project = project_factory("sqlite")
    ours, theirs = _two_developers(project, tmp_path)
    renumbered = theirs.with_name("0003" + theirs.name[4:])
    theirs.rename(renumbered)
    snapshot = renumbered / "snapshot.json"
    meta = json.loads(snapshot.read_text(encoding="utf-8"))
    meta["version"] = "0003"
    snapshot.write_text(json.dumps(meta), encoding="utf-8")
    _assert_refused(project, ours.name, renumbered.name, "both follow 0001")


# -- the splitter on hand-written edge cases not in test_sqlsplit.py -------------------------

SPLIT_CASES = [
    # PostgreSQL: an anonymous DO block, tags are case-sensitive, -- needs no space after it
    (
        "postgres",
        "DO $$BEGIN RAISE NOTICE 'x;'; END$$;\nSELECT 2;",
        ["DO $$BEGIN RAISE NOTICE 'x;'; END$$", "SELECT 2"],
    ),
    ("postgres", "SELECT $A$ ; $a$ ; $A$;\nSELECT 2;", ["SELECT $A$ ; $a$ ; $A$", "SELECT 2"]),
    ("postgres", "SELECT 1--1;\nSELECT 2;", ["SELECT 1--1;\nSELECT 2"]),
    ("postgres", "SELECT U&'d\\0061t;a';\nSELECT 2;", ["SELECT U&'d\\0061t;a'", "SELECT 2"]),
    (
        "postgres",
        "CREATE FUNCTION f() RETURNS int AS 'select 1;' LANGUAGE sql;\nSELECT 2;",
        ["CREATE FUNCTION f() RETURNS int AS 'select 1;' LANGUAGE sql", "SELECT 2"],
    ),
    # SQLite: [bracketed] identifiers; an unterminated block comment swallows the rest
    ("sqlite", "SELECT [a;b] FROM t;\nSELECT 2;", ["SELECT [a;b] FROM t", "SELECT 2"]),
    ("sqlite", "SELECT 1; /* unterminated; SELECT 2;", ["SELECT 1"]),
    # MySQL: an EVENT body, a trigger whose body is a single SET
    (
        "mysql",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; DELETE FROM u; END;\n"
        "SELECT 2;",
        [
            "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; DELETE FROM u; END",
            "SELECT 2",
        ],
    ),
    (
        "mysql",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1;\nSELECT 2;",
        ["CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1", "SELECT 2"],
    ),
]


@pytest.mark.parametrize(("dialect", "text", "expected"), SPLIT_CASES)
def test_splitter_edge_cases(dialect: str, text: str, expected: list[str]) -> None:
    from migrator.dialects import get_dialect

    assert [s.sql for s in get_dialect(dialect).split(text)] == expected


# -- the checksum of upgrade.sql ---------------------------------------------------------


CHECKSUM_BASE = "-- header\nCREATE TABLE a (id INT);\n\nINSERT INTO a VALUES (1, 'x y');\n"
# edits that change nothing the server runs: layout and review notes
SAME_CODE = [
    CHECKSUM_BASE.replace("\n", "\r\n"),  # Windows checkout
    CHECKSUM_BASE.replace("\n", "\r"),  # old Mac line endings
    CHECKSUM_BASE.replace(";\n", ";   \t\n"),  # an editor left trailing blanks
    CHECKSUM_BASE + "\n\n  \n",  # trailing blank lines
    CHECKSUM_BASE.rstrip("\n"),  # no final newline
    CHECKSUM_BASE.replace("-- header", "-- header, reviewed by the DBA"),  # a review note
    CHECKSUM_BASE + "-- DBA: ran fine on staging\n",
    CHECKSUM_BASE.replace("\nINSERT", "\n/* checked\n   twice */\n  INSERT"),
    CHECKSUM_BASE.replace("a (id", "a  (id"),  # whitespace between tokens
    CHECKSUM_BASE.replace("a (id INT)", "a (\n    id INT -- the key\n)"),  # inside a statement
]
# edits of what runs, however small
OTHER_CODE = [
    CHECKSUM_BASE.replace("id INT", "id BIGINT"),
    CHECKSUM_BASE.replace("'x y'", "'x  y'"),  # whitespace inside a string literal
    CHECKSUM_BASE.replace("'x y'", "'-- x y'"),  # a comment marker inside a string
    CHECKSUM_BASE.replace("(1,", "(2,"),
    CHECKSUM_BASE + "SELECT 1;\n",
    CHECKSUM_BASE.replace("a (id", "ab (id"),
]


def _migration(tmp_path: Path, dialect: str, sql: str) -> Migration:
    folder = tmp_path / dialect / "0001_initial"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "upgrade.sql").write_bytes(sql.encode())
    return Migration("models", "0001", "initial", None, dialect, folder)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_checksum_ignores_comments_and_layout_but_not_code(tmp_path: Path, dialect: str) -> None:
    base = _migration(tmp_path, dialect, CHECKSUM_BASE).checksum()
    assert len(base) == 64 and int(base, 16) >= 0  # sha256 hex
    for text in SAME_CODE:
        assert _migration(tmp_path, dialect, text).checksum() == base, repr(text)
    for text in OTHER_CODE:
        assert _migration(tmp_path, dialect, text).checksum() != base, repr(text)


def test_mysql_executable_comments_are_code(tmp_path: Path) -> None:
    sql = "CREATE TABLE a (id INT) /*!50100 ENGINE=InnoDB */;\n"
    base = _migration(tmp_path, "mysql", sql).checksum()
    edited = sql.replace("InnoDB", "MyISAM")
    assert _migration(tmp_path, "mysql", edited).checksum() != base


def test_rows_with_the_earlier_text_checksum_are_accepted(tmp_path: Path) -> None:
    """A history row written before the code checksum holds the text checksum (line endings
    and trailing blanks normalised): the unedited file is still accepted."""
    migration = _migration(tmp_path, "sqlite", CHECKSUM_BASE)
    earlier = checksum(CHECKSUM_BASE)
    assert earlier != migration.checksum()
    assert migration.accepts(earlier) and migration.accepts(migration.checksum())
    crlf = _migration(tmp_path, "postgres", CHECKSUM_BASE.replace("\n", "\r\n"))
    assert crlf.accepts(earlier)
    edited = _migration(tmp_path, "mysql", CHECKSUM_BASE.replace("id INT", "id BIGINT"))
    assert not edited.accepts(earlier)


def test_migration_checksum_reads_the_file_without_its_byte_order_mark(tmp_path: Path) -> None:
    sql = "CREATE TABLE a (id INT);\n"
    migration = _migration(tmp_path, "sqlite", sql)
    plain = migration.checksum()
    (migration.path / "upgrade.sql").write_bytes(
        b"\xef\xbb\xbf" + sql.replace("\n", "\r\n").encode()
    )
    assert migration.checksum() == plain
    assert not migration.upgrade_sql().startswith("\ufeff")
