"""The journaled downgrade: undoing, block by block, what a migration's upgrade ran.

``downgrade`` of a partially applied migration runs only the inverses of what ran: the
upgrade file's ``-- [k/n]`` block headers say which statements belong to which operation,
and each downgrade block says which upgrade block it undoes (sqlfile.py). The downgrade
blocks of the fully run upgrade blocks run in file order; after each, the row moves back to
``partial`` at the start of the block it undid, so a downgrade that fails can be continued by
``downgrade`` or turned around by ``upgrade``. That holds for the downgrade of a fully
applied generated migration too. Refused, with a one-line message saying what to do: a
migration that stopped inside a multi-statement block (its inverse assumes the whole block
ran), and a partially applied migration whose files have no block headers (hand-written).

A data migration's ``downgrade(conn)`` runs first, in one transaction with moving the row to
``partial n/n+1`` (every upgrade statement in effect, the data step undone: the same row an
upgrade leaves when its data step fails), so a downgrade that fails after it never runs it
again, and an ``upgrade`` instead runs the data migration's ``upgrade(conn)`` again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from migrator.dialects.base.dialect import Dialect
from migrator.dialects.base.splitter import Statement
from migrator.errors import ApplyError
from migrator.execution import Execution, Record, ms
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.journal import Group, group_scope, groups
from migrator.planner import Step
from migrator.results import StepResult
from migrator.resume import check_ran_unchanged, statements_checksum
from migrator.sqlfile import Block, parse_file, progress, undo_map


@dataclass(frozen=True, slots=True)
class Undo:
    """One downgrade block to run, and how many upgrade statements stay in effect after it."""

    block: Block
    remaining: int


async def revert_journaled(
    ex: Execution,
    step: Step,
    statements: list[Statement],
    partial: HistoryRow | None,
    outside: frozenset[int] = frozenset(),
) -> StepResult:
    """Run the downgrade blocks that undo what ran. On a transactional database each
    block's statements (those not marked to run outside) share a transaction with the
    history change that follows them."""
    m = step.migration
    dialect = ex.dialect
    t0 = time.monotonic()
    upgrade = dialect.split(m.upgrade_sql())
    if partial is not None:
        check_ran_unchanged(m, upgrade, partial, dialect)
    undo = undo_plan(m, dialect, partial)
    if partial is not None and partial.statements_done < len(upgrade):
        # the statement that failed may have left an INVALID index
        await ex.clear_failed_build(upgrade[partial.statements_done].sql)

    async def unrecord() -> None:
        await ex.history.unrecord(m.app, m.version)

    async def data_undone() -> None:
        await ex.history.update_progress(
            m.app,
            m.version,
            Status.PARTIAL,
            len(upgrade),
            ms(t0),
            statements_checksum(upgrade, len(upgrade), dialect),
        )

    in_effect = partial.statements_done if partial is not None else None
    if partial is None and ex.python is not None:  # a partial row: it never ran
        await ex.python_step(step, len(upgrade), t0, data_undone)
        in_effect = len(upgrade)
    if undo is None:  # every statement in effect, no blocks: run the whole file
        await _run_statements(
            ex, m, statements, 1, len(statements), in_effect, False, outside, unrecord
        )
        return StepResult(m.app, m.id, step.direction, len(statements), ms(t0))
    ran = 0
    for position, item in enumerate(undo):
        first = item.block.first + 1
        last = first + len(item.block.statements) - 1
        recorded = _recorded_before(undo, position, in_effect)

        async def advance(remaining: int = item.remaining) -> None:
            await ex.history.update_progress(
                m.app,
                m.version,
                Status.PARTIAL,
                remaining,
                ms(t0),
                statements_checksum(upgrade, remaining, dialect),
            )

        record = unrecord if position == len(undo) - 1 else advance
        await _run_statements(ex, m, statements, first, last, recorded, True, outside, record)
        ran += len(item.block.statements)
    if not undo:
        await unrecord()
    return StepResult(m.app, m.id, step.direction, ran, ms(t0))


async def _run_statements(
    ex: Execution,
    m: Migration,
    statements: list[Statement],
    first: int,
    last: int,
    recorded: int | None,
    blocks: bool,
    outside: frozenset[int],
    record: Record,
) -> None:
    """Run downgrade statements ``first``..``last`` (1-based), then ``record`` the
    history change. ``recorded``: how many upgrade statements the history row says are
    in effect (None: still applied)."""
    found = groups(first, last, outside, ex.dialect.transactional_ddl)
    if not found:
        await record()
    for position, group in enumerate(found):
        final = record if position == len(found) - 1 else None
        await ex.retries.retrying(
            lambda group=group, final=final: _run_down_group(  # type: ignore[misc]
                ex, m, statements, group, first, recorded, blocks, final
            )
        )


async def _run_down_group(
    ex: Execution,
    m: Migration,
    statements: list[Statement],
    group: Group,
    first: int,
    recorded: int | None,
    blocks: bool,
    record: Record | None,
) -> None:
    async with group_scope(ex, group, statements[group.first - 1 : group.last]):
        for number in range(group.first, group.last + 1):
            # a failed transaction undoes its group: what ran before the group stays
            ran_to = group.first - 1 if group.transaction else number - 1
            outcome = _down_outcome(m, len(statements), first, ran_to, recorded, blocks)
            await ex.execute(m.downgrade_path, statements, number, statements[number - 1], outcome)
        if record is not None:
            await record()


def _down_outcome(
    m: Migration, total: int, first: int, ran_to: int, recorded: int | None, blocks: bool
) -> str:
    """What a failure in a downgrade leaves when statements up to ``ran_to`` are in effect,
    and what to do."""
    if not blocks and recorded is not None and ran_to == 0:
        return (
            f"downgrade of {m.id} ran none of its {total} statements; its data migration's "
            f"downgrade ran and the history records it as partial, {recorded} upgrade "
            "statements in effect; fix the cause and run downgrade again to continue, or "
            "upgrade to re-apply it"
        )
    if not blocks:
        state = "lists it as applied" if recorded is None else "records it as partial"
        return (
            f"downgrade of {m.id} stopped after {ran_to} of {total} statements and the "
            f"history still {state}; run the rest of the file by hand and delete its "
            "history row"
        )
    state = (
        "still recorded as applied"
        if recorded is None
        else f"recorded as partial, {recorded} upgrade statements in effect"
    )
    by_hand = (
        f"; first undo statements {first}-{ran_to} of this file by hand" if ran_to >= first else ""
    )
    return (
        f"migration {m.id} is {state}{by_hand}; fix the cause and run downgrade again to "
        "continue, or upgrade to re-apply it"
    )


def undo_plan(m: Migration, dialect: Dialect, partial: HistoryRow | None) -> list[Undo] | None:
    """The downgrade blocks that undo what ran, in the order to run them. None when the
    files have no usable blocks and the migration is fully applied (run the whole file)."""
    done = partial.statements_done if partial is not None else None
    if done == 0:
        return []  # nothing ran: only the history row goes
    upgrade = parse_file(m.upgrade_sql(), dialect)
    undoes = undo_map(upgrade, parse_file(m.downgrade_sql(), dialect))
    if upgrade.blocks is None or undoes is None:
        if done is None or done == len(upgrade.statements):  # every statement in effect
            return None
        raise ApplyError(
            f"migration {m.id} is partially applied ({done} statements of {m.upgrade_path} "
            f"ran) and its files have no matching `-- [k/n]` block headers, so migrator "
            "cannot tell which downgrade statements undo them; fix the cause and finish it "
            "with `migrator upgrade`, then downgrade"
        )
    if done is None:  # fully applied: every statement ran
        done = len(upgrade.statements)
    ran = progress(upgrade.blocks, done)
    if ran.stopped_inside is not None:
        raise _stopped_inside(m, ran.stopped_inside, done)
    return [
        Undo(undo.downgrade, undo.upgrade.first)
        for undo in undoes
        if undo.upgrade.index in ran.complete
    ]


def _stopped_inside(m: Migration, block: Block, done: int) -> ApplyError:
    end = block.first + len(block.statements)
    return ApplyError(
        f"migration {m.id} stopped inside block [{block.index}/{block.total}] "
        f"({block.title}) of {m.upgrade_path}: statements {block.first + 1}-{done} ran, "
        f"{done + 1}-{end} did not, and its downgrade assumes the whole block ran; fix "
        "the cause and finish it with `migrator upgrade`, then downgrade (or undo "
        "those statements by hand)"
    )


def _recorded_before(undo: list[Undo], position: int, in_effect: int | None) -> int | None:
    """How many upgrade statements the history row says are in effect while block
    ``position`` of the undo plan runs (None: the row still says applied)."""
    if position > 0:
        return undo[position - 1].remaining
    return in_effect
