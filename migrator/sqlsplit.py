"""Split a .sql migration file into statements, the way each database's own client would.

Drivers run one statement per call, so the runner needs the file cut at every top-level
``;``. The scanner is one left-to-right pass (linear time) over tokens: quoted strings and
identifiers, comments and dollar-quoted bodies are skipped whole, so a ``;`` inside them never
splits. Compound statements are the one place a top-level-looking ``;`` must not split:
SQLite/MySQL ``CREATE TRIGGER ... BEGIN ... END``, MySQL stored programs (with IF, CASE,
LOOP, WHILE, REPEAT blocks) and PostgreSQL ``BEGIN ATOMIC ... END`` bodies. Those are tracked
with a small block stack that is only switched on after ``CREATE <kind>`` names such an
object, so a column that happens to be called ``end`` elsewhere cannot derail splitting.
PostgreSQL additionally never splits inside parentheses, like psql (``CREATE RULE ... DO
(a; b)``).

Each statement's text runs from its first to its last code token: leading and trailing
whitespace and comments are dropped, as is the ``;``. A chunk with no code produces nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from migrator.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str  # the statement text, without the ';' and surrounding comments/whitespace
    line: int  # 1-based line in the file where the statement text starts


# token kinds
_SKIP, _SEMI, _WORD, _PUNCT, _CODE = range(5)
_KIND_OF_GROUP = {
    "ws": _SKIP,
    "line": _SKIP,
    "block": _SKIP,
    "semi": _SEMI,
    "word": _WORD,
    "punct": _PUNCT,
}  # every other group (strings, identifiers, numbers, operators) is plain code

_WORD_RE = r"(?P<word>[^\W\d][\w$]*)"
_COMMON_TAIL = (
    r"|(?P<num>\d\w*)|(?P<semi>;)|(?P<punct>[().,=:])"
    r"|(?P<other>[^\s\w'\"`$;().,=:/#\[\\-]+|.)"
)
_STD_STRING = r"'[^']*(?:''[^']*)*'?"
_STD_IDENT = r'"[^"]*(?:""[^"]*)*"?'
_BACKSLASH_STRING = r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'?"
_BACKTICK = r"`[^`]*(?:``[^`]*)*`?"

_POSTGRES = re.compile(
    r"(?P<ws>\s+)|(?P<line>--[^\n]*)|(?P<block>/\*)"
    rf"|(?P<estr>[eE]{_BACKSLASH_STRING})|(?P<str>{_STD_STRING})|(?P<ident>{_STD_IDENT})"
    r"|(?P<dollar>\$(?:[^\W\d]\w*)?\$)|(?P<param>\$\d+)|" + _WORD_RE + _COMMON_TAIL,
    re.DOTALL,
)
_MYSQL = re.compile(
    r"(?P<ws>\s+)|(?P<line>--(?=[\s\x00-\x1f]|\Z)[^\n]*|\#[^\n]*)"
    r"|(?P<exec>/\*M?!)|(?P<block>/\*)"
    rf"|(?P<str>{_BACKSLASH_STRING})|(?P<dq>{_BACKSLASH_STRING.replace(chr(39), chr(34))})"
    rf"|(?P<bt>{_BACKTICK})|(?P<assign>:=)|" + _WORD_RE + _COMMON_TAIL,
    re.DOTALL,
)
_SQLITE = re.compile(
    r"(?P<ws>\s+)|(?P<line>--[^\n]*)|(?P<block>/\*)"
    rf"|(?P<str>{_STD_STRING})|(?P<ident>{_STD_IDENT})|(?P<bt>{_BACKTICK})"
    r"|(?P<bracket>\[[^\]]*\]?)|" + _WORD_RE + _COMMON_TAIL,
    re.DOTALL,
)
_COMMENT_MARK = re.compile(r"/\*|\*/")


def _flat_comment_end(text: str, pos: int) -> int:
    close = text.find("*/", pos + 2)
    return len(text) if close < 0 else close + 2


def _nested_comment_end(text: str, pos: int) -> int:
    depth = 1
    for mark in _COMMENT_MARK.finditer(text, pos + 2):
        depth += 1 if mark.group() == "/*" else -1
        if depth == 0:
            return mark.end()
    return len(text)


def _dollar_end(text: str, delimiter: str, pos: int) -> int:
    close = text.find(delimiter, pos + len(delimiter))
    return len(text) if close < 0 else close + len(delimiter)


# -- compound statements ----------------------------------------------------------------------

# The first of these after CREATE says what is being created.
_OBJECT_KINDS = frozenset(
    {
        *("TABLE", "INDEX", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "SCHEMA"),
        *("DATABASE", "SEQUENCE", "TYPE", "DOMAIN", "EXTENSION", "USER", "ROLE", "RULE"),
        *("POLICY", "SERVER", "TABLESPACE", "AGGREGATE", "COLLATION"),
    }
)
_HEAD_WORDS = 12  # CREATE OR REPLACE DEFINER = ... TRIGGER: give up looking after this many
_BEGIN, _CASE_STMT, _CASE_EXPR, _ATOMIC = "BEGIN", "CASE STATEMENT", "CASE EXPRESSION", "ATOMIC"
# Tokens after which a MySQL stored-program statement starts (``lbl: LOOP`` included).
_BODY_STARTERS = frozenset({";", "BEGIN", "DO", "LOOP", "REPEAT", ":"})
# After these, BEGIN and END (non-reserved in MySQL) are column names, not block keywords.
_COLUMN_CONTEXT = frozenset({".", ",", "(", "=", "SET", "SELECT", "WHERE", "AND", "OR", "BY", "ON"})


class _Begin(Enum):
    """Which BEGINs open a block."""

    TRIGGER_BODY = 1  # SQLite: only the one that starts the trigger body
    NESTED = 2  # MySQL: stored programs nest BEGIN ... END blocks
    NEVER = 3  # PostgreSQL: its bodies start with BEGIN ATOMIC instead


@dataclass(frozen=True, slots=True)
class _Rules:
    """What opens a block in one dialect."""

    compound_kinds: frozenset[str]
    begin: _Begin
    atomic: bool = False  # PostgreSQL BEGIN ATOMIC
    openers: frozenset[str] = frozenset()  # MySQL IF/LOOP/WHILE/REPEAT statements
    paren_holds: bool = False  # psql never splits inside parentheses


class _Blocks:
    """Tracks BEGIN/CASE/IF ... END nesting inside one statement."""

    __slots__ = ("compound", "paren", "prev", "rules", "stack", "words")

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.stack: list[str] = []
        self.reset()

    def reset(self) -> None:
        self.stack.clear()
        self.paren = 0
        self.prev = ""
        self.words = 0
        self.compound: bool | None = None  # None: still reading the CREATE ... head

    def holds(self) -> bool:
        """True while a ``;`` here is inside a body and must not split."""
        return bool(self.stack) or (self.paren > 0 and self.rules.paren_holds)

    def feed(self, kind: int, token: str) -> None:
        if kind == _WORD:
            word = token.upper()
            if self.compound is None:
                self._head(word)
            elif self.compound:
                self._keyword(word)
            self.prev = word
            return
        if token == "(":
            self.paren += 1
        elif token == ")" and self.paren:
            self.paren -= 1
        self.prev = token if kind != _CODE else ""

    def _head(self, word: str) -> None:
        if self.words == 0 and word != "CREATE":
            self.compound = False
        elif word in _OBJECT_KINDS:
            self.compound = word in self.rules.compound_kinds
        elif self.words >= _HEAD_WORDS:
            self.compound = False
        self.words += 1

    def _keyword(self, word: str) -> None:
        prev, stack = self.prev, self.stack
        if prev == "." or (prev in _COLUMN_CONTEXT and word in ("BEGIN", "END")):
            return  # new.end, SET end = ...: a column, not a keyword
        if word == "END":
            if stack:
                stack.pop()
        elif word == "CASE":
            if prev != "END":  # END CASE closes, it does not open
                stack.append(_CASE_STMT if self._statement_start() else _CASE_EXPR)
        elif word == "BEGIN":
            if self._begin_opens():
                stack.append(_BEGIN)
        elif word == "ATOMIC":
            if self.rules.atomic and prev == "BEGIN" and not stack:
                stack.append(_ATOMIC)
        elif word in self.rules.openers and self._statement_start():
            stack.append(word)

    def _begin_opens(self) -> bool:
        if self.rules.begin is _Begin.TRIGGER_BODY:
            return not self.stack and self.paren == 0
        if self.rules.begin is _Begin.NESTED:
            return bool(self.stack) or self.paren == 0
        return False

    def _statement_start(self) -> bool:
        prev = self.prev
        if prev in _BODY_STARTERS:
            return True
        if prev in ("THEN", "ELSE"):  # a statement only inside IF / CASE statements
            return bool(self.stack) and self.stack[-1] in ("IF", _CASE_STMT)
        # a routine or trigger whose whole body is one IF/LOOP/... statement
        return not self.stack and prev in (")", "ROW")


# -- dialects ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexer:
    pattern: re.Pattern[str]
    comment_end: Callable[[str, int], int]
    rules: _Rules


_LEXERS = {
    "postgres": _Lexer(
        _POSTGRES,
        _nested_comment_end,
        _Rules(frozenset({"FUNCTION", "PROCEDURE"}), _Begin.NEVER, atomic=True, paren_holds=True),
    ),
    "mysql": _Lexer(
        _MYSQL,
        _flat_comment_end,
        _Rules(
            frozenset({"TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"}),
            _Begin.NESTED,
            openers=frozenset({"IF", "LOOP", "WHILE", "REPEAT"}),
        ),
    ),
    "sqlite": _Lexer(
        _SQLITE, _flat_comment_end, _Rules(frozenset({"TRIGGER"}), _Begin.TRIGGER_BODY)
    ),
}


# -- splitting --------------------------------------------------------------------------------


class _Splitter:
    __slots__ = ("blocks", "end", "lexer", "line", "line_pos", "start", "statements", "text")

    def __init__(self, text: str, lexer: _Lexer) -> None:
        self.text = text
        self.lexer = lexer
        self.blocks = _Blocks(lexer.rules)
        self.statements: list[Statement] = []
        self.start = -1  # first code character of the current statement
        self.end = -1  # just past its last code token
        self.line, self.line_pos = 1, 0  # line number at offset line_pos

    def run(self) -> list[Statement]:
        text, match, blocks = self.text, self.lexer.pattern.match, self.blocks
        parens = self.lexer.rules.paren_holds
        pos, size = 0, len(self.text)
        while pos < size:
            found = match(text, pos)
            assert found is not None  # the pattern's last alternative matches any character
            group = found.lastgroup or "other"
            end = found.end()
            kind = _KIND_OF_GROUP.get(group, _CODE)
            if group in ("block", "exec", "dollar"):
                end = self._skip_body(group, found.group(), pos)
            if kind == _SKIP:
                pos = end
                continue
            if kind == _SEMI and not blocks.holds():
                self._emit()
            else:
                if self.start < 0:
                    self.start = pos
                self.end = end
                compound = blocks.compound
                # outside compound statements only psql's parenthesis count matters
                if compound or (compound is None and kind != _CODE) or (kind == _PUNCT and parens):
                    blocks.feed(kind, text[pos:end])
            pos = end
        self._emit()
        return self.statements

    def _skip_body(self, group: str, opener: str, pos: int) -> int:
        if group == "block":
            return self.lexer.comment_end(self.text, pos)
        if group == "exec":  # MySQL /*! ... */ runs as code but is still one token
            return _flat_comment_end(self.text, pos)
        return _dollar_end(self.text, opener, pos)

    def _emit(self) -> None:
        if self.start >= 0:
            self.line += self.text.count("\n", self.line_pos, self.start)
            self.line_pos = self.start
            self.statements.append(Statement(self.text[self.start : self.end], self.line))
        self.start = self.end = -1
        self.blocks.reset()


def split_sql(text: str, dialect: str) -> list[Statement]:
    """Split ``text`` (a whole .sql file) into the statements ``dialect``'s server would run."""
    try:
        lexer = _LEXERS[dialect]
    except KeyError:
        raise ConfigError(
            f"cannot split SQL for unknown dialect {dialect!r}; "
            f"use one of {', '.join(sorted(_LEXERS))}"
        ) from None
    return _Splitter(text, lexer).run()
