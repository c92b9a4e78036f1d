"""The migration SQL file format: upgrade.sql / downgrade.sql, readable by a DBA, runnable by
hand. This module writes the files and reads them back, with one grammar for both.

Each operation becomes a block headed by ``-- [k/n] <what it does>``; statements that can lose
data are flagged ``-- DESTRUCTIVE``. The block headers also let the runner map the statements
of a partially applied migration back to operations (see revert.py): ``parse_file`` reads
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
from pathlib import Path
from typing import TYPE_CHECKING

from migrator import operations as ops
from migrator.dialects.base.dialect import RenderedOperation

if TYPE_CHECKING:
    from migrator.dialects.base.dialect import Dialect
    from migrator.dialects.base.splitter import Statement

# -- the grammar ---------------------------------------------------------------------------
# Each line kind is written once, as a template: rendering formats it, parsing matches the
# pattern built from the same template, so writer and reader cannot drift apart.
_BLOCK_HEADER = "-- [{index}/{total}] {title}"
_UNDOES_MARK = "(undoes upgrade [{index}/{total}])"  # after a downgrade block's title
DESTRUCTIVE_MARK = "-- DESTRUCTIVE"  # opens the line below the header of a block losing data
_DESTRUCTIVE_LINE = f"{DESTRUCTIVE_MARK}: this can lose data; review before applying"
# the statements below this line, up to the next block header (or the end of the file), run
# outside the migration's transaction, each committing on its own (transactional dialects)
OUTSIDE_TRANSACTION_MARK = "-- OUTSIDE TRANSACTION"
_OUTSIDE_LINE = OUTSIDE_TRANSACTION_MARK + ": {reason}"
_NOTE_LINE = "-- note: {text}"
_NOTHING_TO_RUN = "-- (nothing to run on this database)"
EMPTY_BODY = "-- Write the SQL of this migration here, statements separated by ';'.\n"
_FIELDS = {"index": r"(?P<index>\d+)", "total": r"(?P<total>\d+)", "title": r"(?P<title>.*?)"}


def _pattern(template: str) -> str:
    """``template`` as a regular expression: its text literally, each ``{field}`` a group."""
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(_FIELDS[p] if i % 2 else re.escape(p) for i, p in enumerate(parts))


_HEADER_RE = re.compile(rf"^{_pattern(_BLOCK_HEADER)}\s*$")
# ``-- migrator: allow MIG001[, MIG006 ...] [reason]``: lint findings of the next statement
# were reviewed and accepted (see migrator/lint.py)
ALLOW_MARK = "-- migrator: allow"
_ALLOW_RE = re.compile(r"^\s*--\s*migrator:\s*allow\b(?P<rest>.*)$", re.IGNORECASE)
_RULE_ID_RE = re.compile(r"[A-Za-z]+\d+")
_UNDOES_RE = re.compile(rf"\s*{_pattern(_UNDOES_MARK)}$")


# -- values --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FileHeader:
    app: str
    migration_id: str
    parent: str | None
    dialect: str
    direction: str  # "upgrade" or "downgrade"
    transactional: bool
    # some blocks run outside the transaction (the migration is journaled like MySQL's)
    outside_blocks: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One ``-- [index/total] title`` block of a migration file and the statements under it."""

    index: int
    total: int
    title: str  # what the block does, without the "(undoes ...)" marker
    undoes: int | None  # the upgrade block a downgrade block reverts, when the header says
    first: int  # 0-based position of the block's first statement among the file's statements
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class SqlFile:
    """A migration file read back."""

    statements: tuple[Statement, ...]  # what the database runs, in order
    # the file's blocks, or None when it is not made of blocks: no headers (hand-written), a
    # statement before the first header, or headers not numbered 1..n of n in order (edited)
    blocks: tuple[Block, ...] | None
    # per ``-- DESTRUCTIVE`` mark, the title of the block it flags (None: above every header)
    destructive: tuple[str | None, ...]
    has_block_headers: bool  # any ``-- [k/n]`` line, even when they do not make blocks
    # 0-based positions of the statements marked ``-- OUTSIDE TRANSACTION``
    outside: frozenset[int] = frozenset()
    # every ``-- migrator: allow`` comment, in file order
    allows: tuple[Allowance, ...] = ()

    def allowed(self, position: int) -> frozenset[str]:
        """The rule IDs acknowledged for statement ``position`` (0-based): those of the
        allow comments between the previous statement and this one."""
        statement = self.statements[position]
        previous = self.statements[position - 1].line if position else 0
        return frozenset(
            rule for a in self.allows if previous < a.line <= statement.line for rule in a.rules
        )


@dataclass(frozen=True, slots=True)
class Allowance:
    """One ``-- migrator: allow RULE-ID ...`` comment: it acknowledges the findings of those
    rules on the statement that follows it."""

    line: int
    rules: tuple[str, ...]  # upper-case, as written; empty when the comment names none


@dataclass(frozen=True, slots=True)
class Undo:
    """A downgrade block and the upgrade block it reverts."""

    downgrade: Block
    upgrade: Block


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a partially run upgrade got, in blocks."""

    complete: frozenset[int]  # indexes of the upgrade blocks that ran completely
    stopped_inside: Block | None  # the block that ran in part, if any


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    index: int
    total: int
    title: str
    undoes: int | None


# -- writing -------------------------------------------------------------------------------
def render_file(header: FileHeader, blocks: Sequence[RenderedOperation]) -> str:
    lines = _header_lines(header)
    if not blocks:
        return "\n".join(lines) + "\n\n" + EMPTY_BODY
    total = len(blocks)
    mark_undo = header.direction == "downgrade" and (
        not header.transactional or header.outside_blocks
    )
    for index, block in enumerate(blocks, start=1):
        lines.append("")
        title = _one_line(_describe(block))
        if mark_undo:
            title += " " + _UNDOES_MARK.format(index=total + 1 - index, total=total)
        lines.append(_BLOCK_HEADER.format(index=index, total=total, title=title))
        if block.destructive:
            lines.append(_DESTRUCTIVE_LINE)
        if block.outside_transaction:
            lines.append(_one_line(_OUTSIDE_LINE.format(reason=block.outside_transaction)))
        lines.extend(_one_line(_NOTE_LINE.format(text=note)) for note in block.notes)
        if any(isinstance(op, ops.FillColumn) and not op.undo for op in block.ops):
            lines.append("-- REVIEW: the value every existing row gets; edit it before applying")
        if not block.statements:
            lines.append(_NOTHING_TO_RUN)
        lines.extend(statement.rstrip() + ";" for statement in block.statements)
    return "\n".join(lines) + "\n"


def has_outside_blocks(blocks: Sequence[RenderedOperation]) -> bool:
    return any(block.outside_transaction for block in blocks)


def destructive_descriptions(blocks: Sequence[RenderedOperation]) -> list[str]:
    return [_describe(block) for block in blocks if block.destructive]


def _describe(block: RenderedOperation) -> str:
    return "; ".join(op.describe() for op in block.ops)


def _one_line(text: str) -> str:
    """``text`` fit for a ``--`` comment line: a name may hold a line break, which would end
    the comment and turn the rest of the name into SQL, so every character that is not
    printable is written as its escape (``\\n``)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _header_lines(h: FileHeader) -> list[str]:
    if h.outside_blocks:
        how = [
            "Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement",
            "committing on its own; the other blocks run in transactions (no BEGIN/COMMIT",
            "here). The runner records each step as it runs and resumes after a failure.",
        ]
    elif h.transactional:
        how = [
            "The runner applies this file in one transaction together with its history row "
            "(so no BEGIN/COMMIT here)."
        ]
    else:
        how = [
            "This database commits DDL implicitly: the runner records each statement as it "
            "runs and resumes after a failure."
        ]
    return [
        _one_line(
            _TITLE_LINE.format(
                direction=h.direction, app=h.app, migration_id=h.migration_id, dialect=h.dialect
            )
        ),
        _one_line(_PARENT_LINE.format(parent=h.parent or _NO_PARENT)),
        *(f"-- {line}" for line in how),
    ]


_TITLE_LINE = "-- migrator {direction}: {app} {migration_id} ({dialect})"
_PARENT_LINE = "-- parent: {parent}"
_NO_PARENT = "none (first migration)"
_PARENT_RE = re.compile(r"^-- parent: (?P<parent>\S+)\s*$")


def declared_parent(text: str) -> str | None:
    """The parent migration id a file's header names (``-- parent: 0002_add_x``); None when
    the file has no such line or names no parent."""
    for line in text.split("\n", 3)[:3]:
        match = _PARENT_RE.match(line.rstrip("\r"))
        if match is not None:
            return match.group("parent")  # "none (first migration)" does not match
    return None


def rewrite_header(text: str, header: FileHeader) -> str:
    """``text`` with its first two header lines (title and parent) saying ``header``'s
    migration id and parent; the rest of the file, statements and comments, untouched. A
    file without those lines (hand-written) is returned as it is."""
    lines = text.split("\n")
    if (
        len(lines) < 2
        or not lines[0].startswith("-- migrator ")
        or not lines[1].startswith("-- parent: ")
    ):
        return text
    lines[:2] = _header_lines(header)[:2]
    return "\n".join(lines)


# -- reading -------------------------------------------------------------------------------
def parse_file(text: str, dialect: Dialect) -> SqlFile:
    """``text`` (a whole upgrade.sql or downgrade.sql) read back: its statements as
    ``dialect`` splits them, its blocks and its destructive marks."""
    headers: list[_Header] = []
    destructive: list[str | None] = []
    # per line that opens or closes an OUTSIDE TRANSACTION stretch: its number and whether
    # it opens one (a mark) or closes it (a block header)
    stretches: list[tuple[int, bool]] = []
    allows: list[Allowance] = []
    # lines as the statement splitter counts them (a "\r" before "\n" is trailing space)
    for number, line in enumerate(text.split("\n"), start=1):
        match = _HEADER_RE.match(line)
        if match is not None:
            headers.append(_read_header(number, match))
            stretches.append((number, False))
        elif line.startswith(DESTRUCTIVE_MARK):
            destructive.append(headers[-1].title if headers else None)
        elif line.startswith(OUTSIDE_TRANSACTION_MARK):
            stretches.append((number, True))
        elif allow := _ALLOW_RE.match(line):
            allows.append(Allowance(number, _rule_ids(allow.group("rest"))))
    statements = tuple(dialect.split(text))
    return SqlFile(
        statements,
        _blocks(headers, statements),
        tuple(destructive),
        bool(headers),
        _outside(stretches, statements),
        tuple(allows),
    )


def _outside(stretches: list[tuple[int, bool]], statements: Sequence[Statement]) -> frozenset[int]:
    """The positions of the statements below an OUTSIDE TRANSACTION mark, up to the next
    block header."""
    lines = [line for line, _ in stretches]
    outside = set()
    for position, statement in enumerate(statements):
        above = bisect.bisect_left(lines, statement.line) - 1  # the last mark/header above it
        if above >= 0 and stretches[above][1]:
            outside.add(position)
    return frozenset(outside)


def _rule_ids(text: str) -> tuple[str, ...]:
    """The rule IDs leading ``text`` (separated by commas or spaces); a reason may follow."""
    rules = []
    for token in re.split(r"[\s,]+", text.strip()):
        if not _RULE_ID_RE.fullmatch(token):
            break
        rules.append(token.upper())
    return tuple(rules)


def _read_header(line: int, match: re.Match[str]) -> _Header:
    title = match.group("title")
    undo = _UNDOES_RE.search(title)
    undoes = int(undo.group("index")) if undo else None
    title = title[: undo.start()] if undo else title
    return _Header(line, int(match.group("index")), int(match.group("total")), title, undoes)


def _blocks(headers: list[_Header], statements: Sequence[Statement]) -> tuple[Block, ...] | None:
    total = len(headers)
    if not headers or [(h.index, h.total) for h in headers] != [
        (i, total) for i in range(1, total + 1)
    ]:
        return None
    header_lines = [h.line for h in headers]
    members: list[list[Statement]] = [[] for _ in headers]
    firsts = [len(statements)] * total
    for position, statement in enumerate(statements):
        owner = bisect.bisect_left(header_lines, statement.line) - 1  # last header above it
        if owner < 0:
            return None
        firsts[owner] = min(firsts[owner], position)
        members[owner].append(statement)
    blocks = []
    for i, h in enumerate(headers):
        first = firsts[i] if members[i] else sum(len(m) for m in members[:i])
        blocks.append(Block(h.index, total, h.title, h.undoes, first, tuple(members[i])))
    return tuple(blocks)


def undo_map(upgrade: SqlFile, downgrade: SqlFile) -> list[Undo] | None:
    """For each downgrade block in file order, the upgrade block it undoes; None unless both
    files are made of blocks and every upgrade block is undone by exactly one downgrade
    block, latest first. Without a ``(undoes upgrade [k/n])`` mark, downgrade block ``j`` of
    ``n`` undoes upgrade block ``n + 1 - j``."""
    ups, downs = upgrade.blocks, downgrade.blocks
    if ups is None or downs is None or len(ups) != len(downs):
        return None
    total = len(ups)
    targets = [b.undoes if b.undoes is not None else total + 1 - b.index for b in downs]
    if targets != list(range(total, 0, -1)):
        return None
    return [Undo(block, ups[target - 1]) for block, target in zip(downs, targets, strict=True)]


def progress(upgrade: Sequence[Block], statements_done: int) -> Progress:
    """Which upgrade blocks ran completely when its first ``statements_done`` statements
    ran, and the block the run stopped inside, if any."""
    complete: set[int] = set()
    for block in upgrade:
        if block.first + len(block.statements) <= statements_done:
            complete.add(block.index)
        elif block.first < statements_done:
            return Progress(frozenset(complete), block)
        else:
            break
    return Progress(frozenset(complete), None)


def downgrade_losses(downgrade: SqlFile, path: Path) -> list[str]:
    """What running downgrade.sql (at ``path``) can lose: the title of every ``-- DESTRUCTIVE``
    block. A hand-written downgrade (statements but no block headers, e.g. from ``migrate
    --empty``) cannot be judged, so it counts as a loss."""
    losses = [title or "a statement of downgrade.sql" for title in downgrade.destructive]
    if not downgrade.has_block_headers and not losses and downgrade.statements:
        losses.append(f"hand-written SQL in {path} (migrator cannot tell)")
    return losses
