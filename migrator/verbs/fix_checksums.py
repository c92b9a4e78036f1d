"""``fix-checksums``: accept a deliberate edit of an applied upgrade.sql by recording its
current checksum. Under the deploy lock: a concurrent upgrade must not check against a
half-updated history."""

from __future__ import annotations

from migrator.errors import UsageError
from migrator.files import Migration
from migrator.history import HistoryRow, Status
from migrator.planner import resolve_target
from migrator.results import ChecksumFix
from migrator.verbs.shared import LockAll, State, Workspace, read_state, targets


async def fix_checksums(ws: Workspace, version: str | None = None) -> list[ChecksumFix]:
    apps = ws.apps()
    chosen = targets(apps, version)
    async with LockAll(ws, apps):
        state = await read_state(ws, apps)
        fixes = []
        for app in apps:
            for migration, row in _candidates(app, state, chosen.get(app)):
                new = migration.checksum()
                if migration.accepts(row.checksum):
                    continue
                history = await ws.session(app).history(create=False)
                assert history is not None  # rows were read from it
                await history.update_checksum(app, row.version, new)
                fixes.append(ChecksumFix(app, migration.id, row.checksum, new))
        return fixes


def _candidates(app: str, state: State, target: str | None) -> list[tuple[Migration, HistoryRow]]:
    """(migration, applied row) pairs that may be updated: every applied migration whose
    file exists, or exactly ``target``, which must be applied and present."""
    migrations = state.available[app]
    rows = {r.version: r for r in state.rows[app] if r.status is Status.APPLIED}
    if target is None:
        return [(m, rows[m.version]) for m in migrations if m.version in rows]
    migration = resolve_target(migrations, target, app)
    if migration.version not in rows:
        raise UsageError(
            f"app {app}: {migration.id} is not applied, so it has no checksum to fix; "
            "see `migrator history`"
        )
    return [(migration, rows[migration.version])]
