"""The text of upgrade.sql / downgrade.sql: readable by a DBA, runnable by hand.

Each operation becomes a block headed by ``-- [k/n] <what it does>``; statements that can lose
data are flagged ``-- DESTRUCTIVE``. The block headers also let the runner map the statements
of a partially applied migration back to operations (see runner.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from migrator.dialects.base import RenderedOperation

BLOCK_RE = re.compile(r"^-- \[(?P<index>\d+)/(?P<total>\d+)\] ", re.MULTILINE)
EMPTY_BODY = "-- Write the SQL of this migration here, statements separated by ';'.\n"


@dataclass(frozen=True, slots=True)
class FileHeader:
    app: str
    migration_id: str
    parent: str | None
    dialect: str
    direction: str  # "upgrade" or "downgrade"
    transactional: bool


def render_file(header: FileHeader, blocks: Sequence[RenderedOperation]) -> str:
    lines = _header_lines(header)
    if not blocks:
        return "\n".join(lines) + "\n\n" + EMPTY_BODY
    total = len(blocks)
    for index, block in enumerate(blocks, start=1):
        lines.append("")
        what = "; ".join(op.describe() for op in block.ops)
        lines.append(f"-- [{index}/{total}] {what}")
        if block.destructive:
            lines.append("-- DESTRUCTIVE: this can lose data; review before applying")
        if not block.statements:
            lines.append("-- (nothing to run on this database)")
        lines.extend(statement.rstrip() + ";" for statement in block.statements)
    return "\n".join(lines) + "\n"


def destructive_descriptions(blocks: Sequence[RenderedOperation]) -> list[str]:
    return ["; ".join(op.describe() for op in block.ops) for block in blocks if block.destructive]


def _header_lines(h: FileHeader) -> list[str]:
    how = (
        "The runner applies this file in one transaction together with its history row."
        if h.transactional
        else "This database commits DDL implicitly: the runner records each statement as it "
        "runs and resumes after a failure."
    )
    return [
        f"-- migrator {h.direction}: {h.app} {h.migration_id} ({h.dialect})",
        f"-- parent: {h.parent or 'none (first migration)'}",
        f"-- {how}",
    ]
