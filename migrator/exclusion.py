"""Tables migrator does not own: ``[tool.migrator] exclude_tables`` (glob patterns) plus the
history tables of Aerich, Tortoise's built-in migrations and migrator itself. ``drift``,
``adopt``, ``migrate`` and ``validate`` neither touch nor report them."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from migrator.pyproject import DEFAULT_EXCLUDED


@dataclass(frozen=True, slots=True)
class TableFilter:
    patterns: tuple[str, ...]

    @classmethod
    def build(cls, history_table: str, patterns: Iterable[str] = ()) -> TableFilter:
        return cls((*DEFAULT_EXCLUDED, history_table, *patterns))

    def excluded(self, table: str) -> bool:
        """Case-sensitive glob match (``*``, ``?``, ``[abc]``), as table names are."""
        return any(fnmatch.fnmatchcase(table, pattern) for pattern in self.patterns)

    def keep(self, tables: Iterable[str]) -> list[str]:
        return sorted(t for t in tables if not self.excluded(t))
