"""The ``--json`` documents: every command's result shaped into plain JSON values, in one
place, so that the shapes stay what migrator/schemas/<command>.json promise.

Each document is an object with ``"command"`` (the verb) and ``"format"`` (the version of its
shape: a change that removes or renames a key, or changes a value's meaning, raises it; new
keys may appear without). Times are ISO 8601 in UTC with a ``Z``; paths are as migrator
resolved them. Library code: builds values, never prints.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migrator.history import HistoryRow
    from migrator.lint import Finding
    from migrator.results import (
        CheckReport,
        DriftReport,
        LintReport,
        PendingMigration,
        PlanReport,
        StatusReport,
        ValidationReport,
    )
    from migrator.validate import Problem

FORMAT = 1

JSON = dict[str, Any]


def dumps(document: JSON) -> str:
    """Deterministic text: sorted keys, two-space indent, no trailing space."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)


def _document(command: str, **body: Any) -> JSON:
    return {"command": command, "format": FORMAT, **body}


def utc_text(value: datetime.datetime) -> str:
    """A stored time (naive UTC, or aware) as ``2024-05-01T12:00:00Z``."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def check(report: CheckReport) -> JSON:
    return _document(
        "check",
        ok=report.ok,
        apps=list(report.apps),
        missing=[
            {"app": m.app, "operations": list(m.operations), "destructive": list(m.destructive)}
            for m in report.missing
        ],
        questions=list(report.questions),
        notes=list(report.notes),
    )


def history(rows: Sequence[HistoryRow]) -> JSON:
    return _document(
        "history",
        timezone="UTC",
        migrations=[
            {
                "app": r.app,
                "id": r.id,
                "version": r.version,
                "name": r.name,
                "checksum": r.checksum,
                "status": r.status.value,
                "statements_done": r.statements_done,
                "statements_total": r.statements_total,
                "applied_at": utc_text(r.applied_at),
                "duration_ms": r.duration_ms,
            }
            for r in rows
        ],
    )


def heads(pending: Sequence[PendingMigration]) -> JSON:
    return _document("heads", pending=[_pending(p) for p in pending])


def _pending(p: PendingMigration) -> JSON:
    return {
        "app": p.app,
        "id": p.migration_id,
        "path": str(p.path),
        "partial": p.partial,
        "statements_done": p.statements_done if p.partial else None,
        "statements_total": p.statements_total if p.partial else None,
    }


def status(report: StatusReport) -> JSON:
    return _document(
        "status",
        in_sync=report.in_sync,
        apps=[
            {
                "app": a.app,
                "dialect": a.dialect,
                "head": a.head,
                "pending": None if a.database_error else [_pending(p) for p in a.pending],
                "unmigrated": list(a.unmigrated),
                "drift": None if a.drift is None else list(a.drift),
                "drift_unchecked": a.drift_unchecked,
                "database_error": a.database_error,
                "problems": [_problem(p) for p in a.problems],
                "in_sync": a.in_sync,
            }
            for a in report.apps
        ],
    )


def drift(report: DriftReport) -> JSON:
    return _document(
        "drift",
        ok=report.ok,
        entries=[
            {
                "app": e.app,
                "database": e.database,
                "baseline": e.baseline,
                "partial": e.partial,
                "tables": [
                    {"table": t.table, "differences": list(t.differences)} for t in e.tables
                ],
            }
            for e in report.entries
        ],
    )


def validate(report: ValidationReport) -> JSON:
    return _document(
        "validate",
        ok=report.ok,
        applied=report.applied,
        problems=[_problem(p) for p in report.problems],
    )


def _problem(p: Problem) -> JSON:
    return {"app": p.app, "migration": p.migration, "kind": p.kind.value, "message": p.message}


def _finding(f: Finding) -> JSON:
    from migrator.lint import RULES

    return {
        "rule": f.rule,
        "name": RULES[f.rule].name,
        "severity": f.severity.value,
        "message": f.message,
        "line": f.line,
        "sql": f.sql,
        "acknowledged": f.acknowledged,
        "destructive": f.destructive,
    }


def lint(report: LintReport) -> JSON:
    return _document(
        "lint",
        ok=report.ok,
        migrations=[
            {
                "app": m.app,
                "id": m.migration_id,
                "path": str(m.path),
                "findings": [_finding(f) for f in m.findings],
            }
            for m in report.migrations
        ],
    )


def plan(report: PlanReport) -> JSON:
    return _document(
        "plan",
        database_reachable=report.database_reachable,
        migrations=[
            {
                "app": m.app,
                "id": m.migration_id,
                "dialect": m.dialect,
                "path": str(m.path),
                "statements": [
                    {
                        "line": s.line,
                        "sql": s.sql,
                        "table": s.table,
                        "in_transaction": s.in_transaction,
                        "lock": s.lock,
                        "lock_known": s.lock_known,
                        "blocks_reads": s.blocks_reads,
                        "blocks_writes": s.blocks_writes,
                        "rewrites_table": s.rewrites_table,
                        "scans_table": s.scans_table,
                        "destructive": s.destructive,
                        "estimated_rows": s.estimated_rows,
                    }
                    for s in m.statements
                ],
                "findings": [_finding(f) for f in m.findings],
            }
            for m in report.migrations
        ],
    )


def schema(command: str) -> JSON:
    """The JSON Schema of ``command``'s document (shipped as migrator/schemas/<command>.json)."""
    from importlib.resources import files

    text = files("migrator").joinpath("schemas", f"{command}.json").read_text(encoding="utf-8")
    loaded: JSON = json.loads(text)
    return loaded
