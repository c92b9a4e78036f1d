"""The text of upgrade.sql / downgrade.sql: readable by a DBA, runnable by hand.

Each operation becomes a block headed by ``-- [k/n] <what it does>``; statements that can lose
data are flagged ``-- DESTRUCTIVE``. The block headers also let the runner map the statements
of a partially applied migration back to operations (see runner.py): ``parse_blocks`` reads
them back.

On a database without transactional DDL (MySQL/MariaDB) the downgrade file holds one block
per upgrade block, in reverse order, and each downgrade header says which upgrade block it
undoes: ``-- [1/3] drop column user.age (undoes upgrade [3/3])``. A partially applied
migration (upgrade stopped after block 1 of 3) is reverted by running only the downgrade
blocks that undo upgrade blocks which ran. The marker is optional when reading: without it,
downgrade block ``j`` of ``n`` undoes upgrade block ``n + 1 - j``, which is how migrate
writes them (``reverse_all`` reverses the operations one for one). Transactional dialects
never need the mapping (a migration is applied whole or not at all), and SQLite merges
consecutive rebuilds into one block, so their downgrade headers carry no marker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from migrator.dialects.base.dialect import Dialect, RenderedOperation
from migrator.dialects.base.splitter import Statement

BLOCK_RE = re.compile(r"^-- \[(?P<index>\d+)/(?P<total>\d+)\] ", re.MULTILINE)
_HEADER_LINE = re.compile(r"^-- \[(?P<index>\d+)/(?P<total>\d+)\] (?P<title>.*?)\s*$")
_UNDOES = re.compile(r"\s*\(undoes upgrade \[(?P<index>\d+)/(?P<total>\d+)\]\)$")
EMPTY_BODY = "-- Write the SQL of this migration here, statements separated by ';'.\n"


@dataclass(frozen=True, slots=True)
class FileHeader:
    app: str
    migration_id: str
    parent: str | None
    dialect: str
    direction: str  # "upgrade" or "downgrade"
    transactional: bool


@dataclass(frozen=True, slots=True)
class Block:
    """One ``-- [index/total] title`` block of a migration file and the statements under it."""

    index: int
    total: int
    title: str  # what the block does, without the "(undoes ...)" marker
    undoes: int | None  # the upgrade block a downgrade block reverts, when the header says
    first: int  # 0-based position of the block's first statement among the file's statements
    statements: tuple[Statement, ...]


def render_file(header: FileHeader, blocks: Sequence[RenderedOperation]) -> str:
    lines = _header_lines(header)
    if not blocks:
        return "\n".join(lines) + "\n\n" + EMPTY_BODY
    total = len(blocks)
    mark_undo = header.direction == "downgrade" and not header.transactional
    for index, block in enumerate(blocks, start=1):
        lines.append("")
        what = _one_line("; ".join(op.describe() for op in block.ops))
        undoes = f" (undoes upgrade [{total + 1 - index}/{total}])" if mark_undo else ""
        lines.append(f"-- [{index}/{total}] {what}{undoes}")
        if block.destructive:
            lines.append("-- DESTRUCTIVE: this can lose data; review before applying")
        if not block.statements:
            lines.append("-- (nothing to run on this database)")
        lines.extend(statement.rstrip() + ";" for statement in block.statements)
    return "\n".join(lines) + "\n"


def parse_blocks(sql: str, dialect: Dialect) -> list[Block] | None:
    """The blocks of a migration file, each with its statements, or None when the file is not
    made of blocks: no headers (hand-written), a statement before the first header, or
    headers not numbered 1..n of n in order (edited by hand)."""
    headers: list[tuple[int, int, int, str, int | None]] = []  # line, index, total, title, undo
    for number, line in enumerate(sql.replace("\r\n", "\n").split("\n"), start=1):
        match = _HEADER_LINE.match(line)
        if match is None:
            continue
        title = match.group("title")
        undo = _UNDOES.search(title)
        undoes = int(undo.group("index")) if undo else None
        title = title[: undo.start()] if undo else title
        headers.append(
            (number, int(match.group("index")), int(match.group("total")), title, undoes)
        )
    total = len(headers)
    if not headers or [(h[1], h[2]) for h in headers] != [(i, total) for i in range(1, total + 1)]:
        return None
    statements = dialect.split(sql)
    members: list[list[Statement]] = [[] for _ in headers]
    firsts = [len(statements)] * total
    for position, statement in enumerate(statements):
        owner = _owner([h[0] for h in headers], statement.line)
        if owner < 0:
            return None
        firsts[owner] = min(firsts[owner], position)
        members[owner].append(statement)
    blocks = []
    for i, (_, index, _, title, undoes) in enumerate(headers):
        first = firsts[i] if members[i] else sum(len(m) for m in members[:i])
        blocks.append(Block(index, total, title, undoes, first, tuple(members[i])))
    return blocks


def _owner(header_lines: list[int], line: int) -> int:
    """Index of the last header above ``line`` (-1 when there is none)."""
    return bisect.bisect_left(header_lines, line) - 1


def _one_line(text: str) -> str:
    """``text`` fit for a ``--`` comment line: a name may hold a line break, which would end
    the comment and turn the rest of the name into SQL, so every character that is not
    printable is written as its escape (``\\n``)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def destructive_descriptions(blocks: Sequence[RenderedOperation]) -> list[str]:
    return ["; ".join(op.describe() for op in block.ops) for block in blocks if block.destructive]


def _header_lines(h: FileHeader) -> list[str]:
    how = (
        "The runner applies this file in one transaction together with its history row "
        "(so no BEGIN/COMMIT here)."
        if h.transactional
        else "This database commits DDL implicitly: the runner records each statement as it "
        "runs and resumes after a failure."
    )
    return [
        _one_line(f"-- migrator {h.direction}: {h.app} {h.migration_id} ({h.dialect})"),
        _one_line(f"-- parent: {h.parent or 'none (first migration)'}"),
        f"-- {how}",
    ]
