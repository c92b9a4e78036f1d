#!/usr/bin/env bash
# The whole migrator cycle on SQLite, against the ecommerce example, in a temp directory:
# init -> migrate -> upgrade -> model change -> migrate -> upgrade -> history -> downgrade.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/ecommerce"
work="$(mktemp -d "${TMPDIR:-/tmp}/migrator-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
show() { printf '\n\033[1m--- %s\033[0m\n' "$1"; cat "$1"; }

cp "$project/settings.py" "$project/v1/models.py" "$work/"
cd "$work"
printf '[project]\nname = "shop"\nversion = "0.1.0"  # the demo app\n' > pyproject.toml
echo "Demo project in $work (SQLite database db.sqlite3)"

step migrator init -t settings.TORTOISE_ORM
show pyproject.toml
step migrator migrate --name initial
show migrations/models/0001_initial/upgrade.sql
step migrator upgrade

echo; echo "Model change: copying $project/v2/models.py (user.username becomes handle, new columns and index)"
cp "$project/v2/models.py" models.py
step migrator migrate --rename user.username=handle
show "$(ls -d migrations/models/0002_*)/upgrade.sql"
step migrator heads
step migrator upgrade
step migrator history
step migrator downgrade --yes
step migrator history
step migrator heads
echo; echo "Demo finished: every step above ran against $work/db.sqlite3"
