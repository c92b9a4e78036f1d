"""Pre-deploy job: apply the pending migrations, then exit (0: migrated, 1: failed).

Run it once per release before the new code starts, from any directory:

    SHOP_DATABASE_URL=postgres://... python /srv/shop/predeploy.py

The pyproject.toml next to this file says where the migrations are, so the working directory
does not matter. The deploy lock makes a second job started at the same time wait, then find
nothing to do.
"""

import asyncio
import logging
import sys
from pathlib import Path

from migrator import Command, MigratorError

PYPROJECT = Path(__file__).resolve().with_name("pyproject.toml")


async def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    try:
        async with Command.from_pyproject(PYPROJECT) as command:
            applied = await command.upgrade()
            pending = await command.heads()
    except MigratorError as exc:
        print(f"pre-deploy failed: {exc}", file=sys.stderr)
        return 1
    print(f"pre-deploy: {len(applied)} migration(s) applied, {len(pending)} pending")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
