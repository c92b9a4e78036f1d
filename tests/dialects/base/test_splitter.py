"""Dialect.split (the base splitter engine with each dialect's lexer): hand-written SQL files
cut into the statements each server would run."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.connection import DatabaseConfig
from migrator.dialects import get_dialect
from migrator.dialects.base.splitter import Statement

DIALECTS = ("sqlite", "postgres", "mysql")


def split_sql(text: str, dialect: str) -> list[Statement]:
    return get_dialect(dialect).split(text)


def sqls(text: str, dialect: str) -> list[str]:
    return [statement.sql for statement in split_sql(text, dialect)]


# -- basics -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_statements_lines_and_stripped_comments(dialect: str) -> None:
    text = (
        "-- header comment\n"
        "\n"
        "/* block\n"
        "   header */\n"
        "CREATE TABLE a (x INT);\n"
        "  INSERT INTO a VALUES (1)  ;  -- trailing note\n"
        "SELECT 1\n"
        "  /* inner; comment */ + 2;\n"
        "UPDATE a SET x = 2 -- no semicolon at the end\n"
    )
    assert split_sql(text, dialect) == [
        Statement("CREATE TABLE a (x INT)", 5),
        Statement("INSERT INTO a VALUES (1)", 6),
        Statement("SELECT 1\n  /* inner; comment */ + 2", 7),
        Statement("UPDATE a SET x = 2", 9),
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "text", ["", "   \n\t", ";;\n;", "-- only a comment", "/* one */ ; /* two */\n-- three\n;"]
)
def test_comment_only_or_empty_chunks_give_nothing(dialect: str, text: str) -> None:
    assert split_sql(text, dialect) == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_quoted_semicolons_and_comment_markers_do_not_split(dialect: str) -> None:
    text = (
        "INSERT INTO t VALUES ('a;b', 'it''s; -- not a comment', '/* nor this */');\n"
        'SELECT "odd;name", "with "" quote;" FROM t;\n'
        "SELECT 'line\none;\nline two'"
    )
    assert sqls(text, dialect) == [
        "INSERT INTO t VALUES ('a;b', 'it''s; -- not a comment', '/* nor this */')",
        'SELECT "odd;name", "with "" quote;" FROM t',
        "SELECT 'line\none;\nline two'",
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_crlf_files(dialect: str) -> None:
    text = "-- c\r\nSELECT 1;\r\n\r\nSELECT\r\n 2;\r\n"
    assert split_sql(text, dialect) == [Statement("SELECT 1", 2), Statement("SELECT\r\n 2", 4)]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_unterminated_string_runs_to_the_end(dialect: str) -> None:
    assert sqls("SELECT 1; SELECT 'oops; SELECT 2", dialect) == [
        "SELECT 1",
        "SELECT 'oops; SELECT 2",
    ]


# -- PostgreSQL -------------------------------------------------------------------------------


def test_postgres_dollar_quotes_and_params() -> None:
    text = (
        "CREATE FUNCTION f() RETURNS trigger AS $$\n"
        "BEGIN\n  NEW.x := 'a;'; RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n"
        "CREATE FUNCTION g() RETURNS text AS $body$ SELECT $$;$$ || $x$;$x$ $body$ LANGUAGE sql;\n"
        "PREPARE p AS SELECT $1, $2;\n"
        "SELECT a$b$ FROM t;\n"  # $ inside an identifier does not start a dollar quote
        "SELECT 2"
    )
    assert sqls(text, "postgres") == [
        "CREATE FUNCTION f() RETURNS trigger AS $$\n"
        "BEGIN\n  NEW.x := 'a;'; RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql",
        "CREATE FUNCTION g() RETURNS text AS $body$ SELECT $$;$$ || $x$;$x$ $body$ LANGUAGE sql",
        "PREPARE p AS SELECT $1, $2",
        "SELECT a$b$ FROM t",
        "SELECT 2",
    ]


def test_postgres_escape_strings_and_nested_comments() -> None:
    text = (
        "SELECT E'it\\'s; still', e'\\\\', 'plain\\'; SELECT 2;\n"
        "/* outer /* inner; */ still comment; */ SELECT 3;\n"
        "SELECT 4 /* a /* b */ c */;"
    )
    assert sqls(text, "postgres") == [
        "SELECT E'it\\'s; still', e'\\\\', 'plain\\'",
        "SELECT 2",
        "SELECT 3",
        "SELECT 4",
    ]


def test_postgres_begin_atomic_bodies() -> None:
    body = (
        "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n"
        "  INSERT INTO log VALUES (a);\n"
        "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
        "END"
    )
    text = f"{body};\nBEGIN;\nSELECT CASE WHEN true THEN 1 END;\nCOMMIT;"
    assert sqls(text, "postgres") == [
        body,
        "BEGIN",
        "SELECT CASE WHEN true THEN 1 END",
        "COMMIT",
    ]


def test_postgres_never_splits_inside_parentheses() -> None:
    rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM v)"
    assert sqls(f"{rule};\nSELECT 1;", "postgres") == [rule, "SELECT 1"]


def test_postgres_hash_is_an_operator_not_a_comment() -> None:
    assert sqls("SELECT 5 # 3; SELECT 2", "postgres") == ["SELECT 5 # 3", "SELECT 2"]


# -- MySQL ------------------------------------------------------------------------------------


def test_mysql_backslash_escapes_backticks_and_hash_comments() -> None:
    text = (
        "INSERT INTO `odd;table` VALUES ('it\\'s; here', \"dq\\\"; x\", 'a\\\\');\n"
        "# a hash comment; with a semicolon\n"
        "SELECT `a``b;` FROM t; # trailing\n"
        "SELECT 1--1;\n"  # -- without a following space is two minus signs
        "SELECT 2 -- real comment; here\n;"
    )
    assert split_sql(text, "mysql") == [
        Statement("INSERT INTO `odd;table` VALUES ('it\\'s; here', \"dq\\\"; x\", 'a\\\\')", 1),
        Statement("SELECT `a``b;` FROM t", 3),
        Statement("SELECT 1--1", 4),
        Statement("SELECT 2", 5),
    ]


def test_mysql_executable_comments_are_statements() -> None:
    text = "/*!40101 SET NAMES utf8mb4 */;\n/* plain */;\n/*M!100100 SET @x = 1 */;"
    assert sqls(text, "mysql") == ["/*!40101 SET NAMES utf8mb4 */", "/*M!100100 SET @x = 1 */"]


MYSQL_TRIGGER = """CREATE DEFINER = CURRENT_USER TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
BEGIN
  DECLARE n INT DEFAULT 0;
  IF NEW.a IS NULL THEN
    SET NEW.a = IF(NEW.b > 0, 'pos;', 'neg;');
  ELSEIF NEW.a = '' THEN
    SET NEW.a = CASE WHEN NEW.b = 1 THEN IF(1, 'x', 'y') ELSE 'z' END;
  ELSE
    BEGIN
      SET n = 1;
    END;
  END IF;
  CASE NEW.b WHEN 1 THEN SET NEW.c = 1; ELSE SET NEW.c = 2; END CASE;
  lbl: LOOP
    SET n = n + 1;
    IF n > 3 THEN LEAVE lbl; END IF;
  END LOOP lbl;
  WHILE n > 0 DO SET n = n - 1; END WHILE;
  REPEAT SET n = n + 1; UNTIL n > 2 END REPEAT;
  SET NEW.d = REPEAT('ab', 2);
END"""

MYSQL_PROCEDURE = """CREATE PROCEDURE fill(IN begin INT)
  MODIFIES SQL DATA
  COMMENT 'fills; the table'
BEGIN
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;
  INSERT INTO t (a) VALUES (begin);
END"""


def test_mysql_stored_program_bodies() -> None:
    text = f"{MYSQL_TRIGGER};\n{MYSQL_PROCEDURE};\nSELECT IF(1, 2, 3);\nBEGIN;\nCOMMIT;"
    assert sqls(text, "mysql") == [
        MYSQL_TRIGGER,
        MYSQL_PROCEDURE,
        "SELECT IF(1, 2, 3)",
        "BEGIN",
        "COMMIT",
    ]


def test_mysql_trigger_whose_body_is_one_if_statement() -> None:
    trigger = (
        "CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW\n"
        "IF NEW.a < 0 THEN SET NEW.a = 0; END IF"
    )
    assert sqls(f"{trigger};\nSELECT 1;", "mysql") == [trigger, "SELECT 1"]


def test_mysql_columns_named_begin_and_end_inside_a_trigger() -> None:
    trigger = (
        "CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW BEGIN\n"
        "  UPDATE spans SET end = end + 1, begin = NEW.begin WHERE begin = 0 AND end > 1;\n"
        "  SELECT begin, end INTO @b, @e FROM spans ORDER BY end LIMIT 1;\n"
        "END"
    )
    assert sqls(f"{trigger};\nSELECT 1;", "mysql") == [trigger, "SELECT 1"]


def test_mysql_columns_named_begin_and_end_outside_compound_statements() -> None:
    text = "CREATE TABLE event (begin INT, end INT);\nSELECT t.begin, t.end FROM event t;"
    assert sqls(text, "mysql") == [
        "CREATE TABLE event (begin INT, end INT)",
        "SELECT t.begin, t.end FROM event t",
    ]


# -- SQLite -----------------------------------------------------------------------------------

SQLITE_TRIGGER = """CREATE TEMP TRIGGER IF NOT EXISTS trg AFTER UPDATE OF x ON a
WHEN CASE WHEN new.x > 0 THEN 1 ELSE 0 END
BEGIN
  UPDATE a SET y = CASE WHEN new.x = 1 THEN 'one;' ELSE 'many' END WHERE id = new.id;
  INSERT INTO log VALUES (new.id, 'end;');
  SELECT RAISE(ABORT, 'no; way') WHERE new.x < 0;
END"""


def test_sqlite_trigger_bodies() -> None:
    text = f"BEGIN;\n{SQLITE_TRIGGER};\nEND;\nSELECT [odd;name], `other;name` FROM a"
    assert split_sql(text, "sqlite") == [
        Statement("BEGIN", 1),
        Statement(SQLITE_TRIGGER, 2),
        Statement("END", 9),
        Statement("SELECT [odd;name], `other;name` FROM a", 10),
    ]


def test_sqlite_hash_is_not_a_comment() -> None:
    # '#' is no comment in SQLite (it can start a parameter name): the ';' after it splits
    assert sqls("SELECT #a; SELECT 2", "sqlite") == ["SELECT #a", "SELECT 2"]


# -- against the real servers -----------------------------------------------------------------


@dataclass(frozen=True)
class ServerCase:
    script: str
    check: str  # a query whose single value proves the compound statement worked
    expected: object


SERVER_CASES = {
    "sqlite": ServerCase(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n"
        "CREATE TABLE log (id INTEGER, note TEXT);\n"
        "-- the body's ';' and CASE ... END must stay inside the trigger\n"
        "CREATE TRIGGER trg AFTER INSERT ON a BEGIN\n"
        "  INSERT INTO log VALUES (new.id, CASE WHEN new.x = 'a;b' THEN 'semi;colon' END);\n"
        "  INSERT INTO log VALUES (new.id, 'second');\n"
        "END;\n"
        "INSERT INTO a (id, x) VALUES (1, 'a;b');",
        "SELECT group_concat(note, '|') FROM log",
        "semi;colon|second",
    ),
    "postgres": ServerCase(
        "CREATE TABLE a (id int PRIMARY KEY, x text);\n"
        "CREATE FUNCTION note(v text) RETURNS text LANGUAGE plpgsql AS $fn$\n"
        "BEGIN RETURN v || ';' || E'it\\'s'; END;\n$fn$;\n"
        "CREATE FUNCTION twice(a int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a * 2 ELSE 0 END;\nEND;\n"
        "/* nested /* comment; */ here */\n"
        "INSERT INTO a VALUES (twice(2), note('x'));",
        "SELECT id || ':' || x FROM a",
        "4:x;it's",
    ),
    "mysql": ServerCase(
        "CREATE TABLE a (id INT PRIMARY KEY, x TEXT, n INT);\n"
        "# the body below has IF, CASE, LOOP and nested BEGIN blocks\n"
        + MYSQL_TRIGGER.replace("t_bi", "a_bi")
        .replace(" ON t ", " ON a ")
        .replace("NEW.a", "NEW.x")
        .replace("NEW.b", "NEW.id")
        .replace("NEW.c", "NEW.n")
        .replace("SET NEW.d = REPEAT('ab', 2);", "SET NEW.x = CONCAT(NEW.x, REPEAT('ab', 2));")
        + ";\nINSERT INTO a (id, x) VALUES (1, NULL);",
        "SELECT CONCAT(x, '/', n) FROM a",
        "pos;abab/1",
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_split_statements_run_on_the_real_server(
    dialect: str, make_db: Callable[[str], DatabaseConfig]
) -> None:
    case = SERVER_CASES[dialect]
    db = make_db(dialect)

    async def run() -> object:
        conn = await db.dialect.backend(db).connect()
        try:
            for statement in split_sql(case.script, dialect):
                await conn.execute(statement.sql)
            rows = await conn.fetch(case.check)
        finally:
            await conn.close()
        return rows[0][0]

    assert asyncio.run(run()) == case.expected


# -- a big file -------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_five_megabyte_file(dialect: str) -> None:
    quote = {"mysql": "it\\'s", "postgres": "it''s", "sqlite": "it''s"}[dialect]
    expected = [
        f"INSERT INTO t (id, note) VALUES ({i}, '{quote}; row {i} -- /* x */'), ({i + 1}, NULL)"
        for i in range(45_000)
    ]
    text = "".join(f"/* row {i} */\n{sql};\n-- done; {i}\n" for i, sql in enumerate(expected))
    assert len(text) > 5_000_000
    statements = split_sql(text, dialect)
    assert [s.sql for s in statements] == expected
    assert [s.line for s in statements] == list(range(2, 3 * len(expected), 3))


# -- property-based ---------------------------------------------------------------------------

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz_0123456789"
_TEXT = st.text(alphabet=st.sampled_from(list("ab ;'\"`$\\-/*#()[]\n\tE!é")), max_size=12)


@functools.cache
def _words(dialect: str, keywords: bool) -> st.SearchStrategy[str]:
    chars = _WORD_CHARS + ("$" if dialect == "postgres" else "")
    word = st.builds(
        str.__add__, st.sampled_from("abcdefghijklmnopqrstuvwxyz_"), st.text(chars, max_size=6)
    )
    # outside CREATE statements block keywords mean nothing; inside bodies they would
    blocked = {"create"}
    if not keywords:
        blocked |= {"begin", "end", "case", "atomic", "if", "loop", "while", "repeat"}
    return word.filter(lambda w: w not in blocked)


def _standard(quote: str) -> Callable[[str], str]:
    return lambda s: quote + s.replace(quote, quote * 2) + quote


def _backslashed(quote: str) -> Callable[[str], str]:
    return lambda s: quote + s.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def _dollar(tag_and_body: tuple[str, str]) -> str:
    tag, body = tag_and_body
    return f"${tag}${body}${tag}$"


def _dollar_ok(tag_and_body: tuple[str, str]) -> bool:
    tag, body = tag_and_body
    delimiter = f"${tag}$"
    return (body + delimiter).find(delimiter) == len(body)


@functools.cache
def _code_tokens(dialect: str, keywords: bool = True) -> st.SearchStrategy[str]:
    common = [
        _words(dialect, keywords),
        st.integers(0, 10**6).map(str),
        st.sampled_from(["=", "+", ",", "*", "<>", ".", ">=", "||", "()"]),
    ]
    extra: dict[str, list[st.SearchStrategy[str]]] = {
        "postgres": [
            _TEXT.map(_standard("'")),
            _TEXT.map(_standard('"')),
            _TEXT.map(_backslashed("'")).map(lambda s: "E" + s),
            st.tuples(st.sampled_from(["", "x", "body_1"]), _TEXT).filter(_dollar_ok).map(_dollar),
            st.integers(1, 9).map(lambda n: f"${n}"),
        ],
        "mysql": [
            _TEXT.map(_backslashed("'")),
            _TEXT.map(_backslashed('"')),
            _TEXT.map(_standard("`")),
        ],
        "sqlite": [
            _TEXT.map(_standard("'")),
            _TEXT.map(_standard('"')),
            _TEXT.map(_standard("`")),
            _TEXT.filter(lambda s: "]" not in s).map(lambda s: f"[{s}]"),
        ],
    }
    plain = st.one_of(*common, *extra[dialect])
    # parentheses come in pairs: psql never splits inside them
    return st.one_of(plain, plain.map(lambda token: f"({token} )"))


@functools.cache
def _comment_text(dialect: str) -> st.SearchStrategy[str]:
    def fine(s: str) -> bool:
        return "*/" not in s and "/*" not in s and not s.startswith(("!", "M!"))

    return _TEXT.filter(fine)


@functools.cache
def _gaps(dialect: str) -> st.SearchStrategy[str]:
    """Whitespace and comments, each comment fenced by whitespace so it cannot glue onto a
    neighbouring operator (``-`` followed by ``-- c`` would be a longer comment)."""
    line = _TEXT.map(lambda s: " -- " + s.replace("\n", " ") + "\n")
    block = _comment_text(dialect).map(lambda s: f" /* {s} */ ")
    options = [st.sampled_from([" ", "\n", "\t", "\n\n  "]), line, block]
    if dialect == "mysql":
        options.append(_TEXT.map(lambda s: " # " + s.replace("\n", " ") + "\n"))
    if dialect == "postgres":  # comments nest
        text = _comment_text(dialect)
        options.append(st.builds(" /* {} /* {} */ {} */ ".format, text, text, text))
    return st.lists(st.one_of(options), min_size=1, max_size=3).map("".join)


@st.composite
def _statement(draw: st.DrawFn, dialect: str, keywords: bool = True) -> str:
    """Code tokens separated by whitespace or comments; starts and ends with code."""
    tokens = draw(st.lists(_code_tokens(dialect, keywords), min_size=1, max_size=8))
    parts = [tokens[0]]
    for token in tokens[1:]:
        parts += [draw(st.one_of(st.just(" "), _gaps(dialect))), token]
    return "".join(parts)


@st.composite
def _script(draw: st.DrawFn, dialect: str) -> tuple[str, list[Statement]]:
    statements = draw(st.lists(_statement(dialect), min_size=1, max_size=6))
    parts: list[str] = [draw(st.one_of(st.just(""), _gaps(dialect)))]
    expected = []
    for index, sql in enumerate(statements):
        line = "".join(parts).count("\n") + 1
        expected.append(Statement(sql, line))
        parts.append(sql)
        last = index == len(statements) - 1
        if last and draw(st.booleans()):
            parts.append(draw(st.one_of(st.just(""), _gaps(dialect))))  # no final ';'
            break
        empties = draw(st.integers(0, 2))  # stray ';' between statements
        for _ in range(1 + empties):
            parts += [draw(st.one_of(st.just(""), _gaps(dialect))), ";"]
        parts.append(draw(st.one_of(st.just("\n"), _gaps(dialect))))
    return "".join(parts), expected


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_random_statements_split_back_exactly(dialect: str, data: st.DataObject) -> None:
    text, expected = data.draw(_script(dialect))
    assert split_sql(text, dialect) == expected


_BODIES = {
    "sqlite": ("CREATE TRIGGER trg AFTER INSERT ON a BEGIN ", "; END"),
    "mysql": ("CREATE TRIGGER trg BEFORE INSERT ON a FOR EACH ROW BEGIN ", "; END"),
    "postgres": ("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC ", "; END"),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_compound_bodies_stay_whole(dialect: str, data: st.DataObject) -> None:
    inner = data.draw(st.lists(_statement(dialect, keywords=False), min_size=1, max_size=4))
    case = data.draw(st.booleans())
    if case:  # a CASE ... END expression inside the body must not close it
        inner[0] += " + CASE WHEN 1 = 1 THEN 'x;' ELSE 'y' END"
    head, tail = _BODIES[dialect]
    body = head + ";\n".join(inner) + tail
    after = data.draw(_statement(dialect))
    assert sqls(f"{body};\n{after};", dialect) == [body, after]
