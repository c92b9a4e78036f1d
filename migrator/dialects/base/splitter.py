"""Split a .sql migration file into statements, the way each database's own client would.

The engine; each dialect supplies its ``Lexer`` (``Dialect.lexer``) and calls it through
``Dialect.split``.

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

# building blocks for each dialect's token pattern (see the dialects' ``LEXER``)
WORD_RE = r"(?P<word>[^\W\d][\w$]*)"
COMMON_TAIL = (
    r"|(?P<num>\d\w*)|(?P<semi>;)|(?P<punct>[().,=:])"
    r"|(?P<other>[^\s\w'\"`$;().,=:/#\[\\-]+|.)"
)
STD_STRING = r"'[^']*(?:''[^']*)*'?"
STD_IDENT = r'"[^"]*(?:""[^"]*)*"?'
BACKSLASH_STRING = r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'?"
BACKTICK = r"`[^`]*(?:``[^`]*)*`?"
_COMMENT_MARK = re.compile(r"/\*|\*/")


def flat_comment_end(text: str, pos: int) -> int:
    close = text.find("*/", pos + 2)
    return len(text) if close < 0 else close + 2


def nested_comment_end(text: str, pos: int) -> int:
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


class BeginMode(Enum):
    """Which BEGINs open a block."""

    TRIGGER_BODY = 1  # SQLite: only the one that starts the trigger body
    NESTED = 2  # MySQL: stored programs nest BEGIN ... END blocks
    NEVER = 3  # PostgreSQL: its bodies start with BEGIN ATOMIC instead


@dataclass(frozen=True, slots=True)
class BlockRules:
    """What opens a block in one dialect."""

    compound_kinds: frozenset[str]
    begin: BeginMode
    atomic: bool = False  # PostgreSQL BEGIN ATOMIC
    openers: frozenset[str] = frozenset()  # MySQL IF/LOOP/WHILE/REPEAT statements
    paren_holds: bool = False  # psql never splits inside parentheses


class _Blocks:
    """Tracks BEGIN/CASE/IF ... END nesting inside one statement."""

    __slots__ = ("compound", "paren", "prev", "rules", "stack", "words")

    def __init__(self, rules: BlockRules) -> None:
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
        if self.rules.begin is BeginMode.TRIGGER_BODY:
            return not self.stack and self.paren == 0
        if self.rules.begin is BeginMode.NESTED:
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


# -- one dialect's lexer ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexer:
    """How one dialect's client tokenises a file: its token pattern (named groups as above:
    ws, line, block, semi, word, punct, plus exec and dollar bodies), how a block comment ends
    and which compound statements hold a ``;``."""

    pattern: re.Pattern[str]
    comment_end: Callable[[str, int], int]
    rules: BlockRules


# -- splitting --------------------------------------------------------------------------------


class _Splitter:
    __slots__ = ("blocks", "end", "lexer", "line", "line_pos", "start", "statements", "text")

    def __init__(self, text: str, lexer: Lexer) -> None:
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
            return flat_comment_end(self.text, pos)
        return _dollar_end(self.text, opener, pos)

    def _emit(self) -> None:
        if self.start >= 0:
            self.line += self.text.count("\n", self.line_pos, self.start)
            self.line_pos = self.start
            self.statements.append(Statement(self.text[self.start : self.end], self.line))
        self.start = self.end = -1
        self.blocks.reset()


def code_tokens(text: str, lexer: Lexer) -> list[str]:
    """``text``'s tokens without whitespace and comments (a MySQL ``/*! ... */`` runs, so it
    stays): what a server executes, whatever the layout and review notes around it."""
    tokens: list[str] = []
    match, pos, size = lexer.pattern.match, 0, len(text)
    splitter = _Splitter(text, lexer)
    while pos < size:
        found = match(text, pos)
        assert found is not None  # the pattern's last alternative matches any character
        group = found.lastgroup or "other"
        end = found.end()
        if group in ("block", "exec", "dollar"):
            end = splitter._skip_body(group, found.group(), pos)
        if _KIND_OF_GROUP.get(group, _CODE) != _SKIP:
            tokens.append(text[pos:end])
        pos = end
    return tokens


def split_statements(text: str, lexer: Lexer) -> list[Statement]:
    """Split ``text`` (a whole .sql file) into the statements ``lexer``'s server would run."""
    return _Splitter(text, lexer).run()
