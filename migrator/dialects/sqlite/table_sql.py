"""What a SQLite table's CREATE statement says that no pragma reports: its CHECK
constraints and whether its INTEGER PRIMARY KEY is AUTOINCREMENT.

The statement is sqlite_master's ``sql``, as written (ALTER TABLE ADD COLUMN appends the
column's text to it). A CHECK's expression is the text between its parentheses with runs of
whitespace made one space; its name is the one a ``CONSTRAINT name`` before it gives, else
None (SQLite invents none). A table with AUTOINCREMENT also gets a row in sqlite_sequence,
but only after its first insert, so the statement is the reliable source.
"""

from __future__ import annotations

import re

from migrator.dialects.base.inspector import LiveCheck

_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}
_WORD = re.compile(r"[A-Za-z0-9_$]+")
_SPACE = re.compile(r"\s+")


def tokens(sql: str) -> list[str]:
    """Words, quoted names or strings, whole parenthesised groups and single characters;
    comments (Tortoise writes ``/* description */``) are skipped."""
    found: list[str] = []
    i = 0
    while i < len(sql):
        char = sql[i]
        if char.isspace():
            i += 1
            continue
        comment = _comment_end(sql, i)
        if comment:
            i = comment
            continue
        end = _token_end(sql, i)
        found.append(sql[i:end])
        i = end
    return found


def _token_end(sql: str, i: int) -> int:
    char = sql[i]
    if char in _CLOSERS:
        return _quoted_end(sql, i)
    if char == "(":
        return _group_end(sql, i)
    word = _WORD.match(sql, i)
    return word.end() if word else i + 1


def _quoted_end(sql: str, i: int) -> int:
    closer = _CLOSERS[sql[i]]
    j = i + 1
    while j < len(sql):
        if sql[j] == closer:
            if closer != "]" and sql[j + 1 : j + 2] == closer:
                j += 2
                continue
            return j + 1
        j += 1
    return j


def _comment_end(sql: str, i: int) -> int:
    """Index just past the comment starting at ``i``; 0 when none starts there."""
    if sql.startswith("/*", i):
        end = sql.find("*/", i + 2)
        return len(sql) if end < 0 else end + 2
    if sql.startswith("--", i):
        end = sql.find("\n", i + 2)
        return len(sql) if end < 0 else end + 1
    return 0


def _group_end(sql: str, i: int) -> int:
    depth, j = 0, i
    while j < len(sql):
        comment = _comment_end(sql, j)
        if comment:
            j = comment
            continue
        if sql[j] in _CLOSERS:
            j = _quoted_end(sql, j)
            continue
        if sql[j] == "(":
            depth += 1
        elif sql[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


def definitions(sql: str) -> list[list[str]]:
    """The column definitions and table constraints of a CREATE TABLE, each as tokens."""
    group = next((t for t in tokens(sql) if t.startswith("(")), None)
    if group is None:  # CREATE TABLE ... AS SELECT
        return []
    items: list[list[str]] = [[]]
    for token in tokens(group[1:-1] if group.endswith(")") else group[1:]):
        if token == ",":
            items.append([])
        else:
            items[-1].append(token)
    return [item for item in items if item]


def checks(sql: str) -> list[LiveCheck]:
    found = []
    for item in definitions(sql):
        for i, token in enumerate(item):
            if token.upper() != "CHECK" or i + 1 >= len(item) or not item[i + 1].startswith("("):
                continue
            named = i >= 2 and item[i - 2].upper() == "CONSTRAINT"
            found.append(LiveCheck(_unquote(item[i - 1]) if named else None, _inside(item[i + 1])))
    return found


def autoincrement(sql: str) -> bool:
    return any(t.upper() == "AUTOINCREMENT" for item in definitions(sql) for t in item)


def _inside(group: str) -> str:
    return _SPACE.sub(" ", group[1:-1]).strip()


def _unquote(name: str) -> str:
    if name[:1] in _CLOSERS and len(name) >= 2:
        closer = _CLOSERS[name[0]]
        inner = name[1:-1]
        return inner if closer == "]" else inner.replace(closer + closer, closer)
    return name
