"""Does changing a type's arguments (``VARCHAR(100)`` -> ``VARCHAR(20)``) lose data?

Shared by every dialect's ``narrows`` once the base types are known to be the same family.
"""

from __future__ import annotations

from collections.abc import Sequence

DECIMAL_TYPES = frozenset({"DECIMAL", "NUMERIC", "DEC", "FIXED"})
# types whose one argument is the fractional-seconds precision
TIME_TYPES = frozenset({"DATETIME", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "TIMETZ"})


def arguments_narrow(
    base: str, old: Sequence[int], new: Sequence[int], time_precision_default: int
) -> bool:
    """``base`` is the shared base type; ``old``/``new`` its arguments (may be empty).

    DECIMAL(p, s) keeps p - s integer digits and s decimals: losing either loses data, so
    DECIMAL(10,2) -> DECIMAL(10,4) narrows though no number got smaller. A time type without
    a precision has the dialect's default one (PostgreSQL 6, MySQL 0). Without arguments a
    DECIMAL is unbounded (PostgreSQL's NUMERIC); otherwise a smaller argument narrows.
    """
    if base in DECIMAL_TYPES:
        if not new:
            return False
        if not old:
            return True
        old_scale, new_scale = (old[1] if len(old) > 1 else 0), (new[1] if len(new) > 1 else 0)
        return new[0] - new_scale < old[0] - old_scale or new_scale < old_scale
    if base in TIME_TYPES:
        old_precision = old[0] if old else time_precision_default
        new_precision = new[0] if new else time_precision_default
        return new_precision < old_precision
    return any(n < o for o, n in zip(old, new, strict=False))
