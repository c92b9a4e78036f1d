#!/usr/bin/env bash
# Make sure the database servers the tests need answer before pytest starts.
# A server that is down but installed here is started; one that cannot be reached or started
# stops the run with what to do instead of a wall of refused connections. Per server:
#   MIGRATOR_SKIP_POSTGRES=1 / MIGRATOR_SKIP_MYSQL=1  skip its tests
#   MIGRATOR_PG_DSN / MIGRATOR_MYSQL_DSN              use another server (checked by the tests)
set -uo pipefail

WAIT=${MIGRATOR_SERVICE_WAIT:-60}

wait_for() {  # name, command...
    local name=$1; shift
    for _ in $(seq 1 "$WAIT"); do
        if "$@" >/dev/null 2>&1; then echo "$name is up"; return 0; fi
        sleep 1
    done
    return 1
}

unreachable() {  # name, address, skip variable, dsn variable
    cat >&2 <<MSG
The tests need $1 at $2, and it does not answer.
  - start it with the repository's compose file:  docker compose up -d
  - or point the tests at another server:       $4=...
  - or skip its tests (they then report SKIPPED): $3=1 make test
MSG
    exit 1
}

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q; }
mysql_up() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping; }

if [ "${MIGRATOR_SKIP_POSTGRES:-0}" != 1 ] && [ -z "${MIGRATOR_PG_DSN:-}" ]; then
    if ! pg_up >/dev/null 2>&1; then
        if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
            echo "starting PostgreSQL"
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
        fi
        if ! command -v pg_isready >/dev/null 2>&1; then
            unreachable PostgreSQL 127.0.0.1:5432 MIGRATOR_SKIP_POSTGRES MIGRATOR_PG_DSN
        fi
    fi
    wait_for PostgreSQL pg_up || unreachable PostgreSQL 127.0.0.1:5432 MIGRATOR_SKIP_POSTGRES MIGRATOR_PG_DSN
fi

if [ "${MIGRATOR_SKIP_MYSQL:-0}" != 1 ] && [ -z "${MIGRATOR_MYSQL_DSN:-}" ]; then
    if ! mysql_up >/dev/null 2>&1; then
        if [ -x /usr/sbin/mariadbd ]; then
            echo "starting MariaDB"
            start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
        fi
        if ! command -v mysqladmin >/dev/null 2>&1; then
            unreachable MariaDB 127.0.0.1:3306 MIGRATOR_SKIP_MYSQL MIGRATOR_MYSQL_DSN
        fi
    fi
    wait_for MariaDB mysql_up || unreachable MariaDB 127.0.0.1:3306 MIGRATOR_SKIP_MYSQL MIGRATOR_MYSQL_DSN
fi
exit 0
