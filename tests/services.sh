#!/usr/bin/env bash
# Start PostgreSQL and MariaDB when they are down, and wait until both answer.
# Skipped per server when MIGRATOR_SKIP_POSTGRES=1 / MIGRATOR_SKIP_MYSQL=1, or when
# MIGRATOR_PG_DSN / MIGRATOR_MYSQL_DSN point the tests at another server.
set -uo pipefail

wait_for() {  # name, command...
    local name=$1; shift
    for _ in $(seq 1 60); do
        if "$@" >/dev/null 2>&1; then echo "$name is up"; return 0; fi
        sleep 1
    done
    echo "$name did not answer within 60 s" >&2
    return 1
}

if [ "${MIGRATOR_SKIP_POSTGRES:-0}" != 1 ] && [ -z "${MIGRATOR_PG_DSN:-}" ]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
        echo "starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
    wait_for PostgreSQL pg_isready -h 127.0.0.1 -p 5432 -q || exit 1
fi

if [ "${MIGRATOR_SKIP_MYSQL:-0}" != 1 ] && [ -z "${MIGRATOR_MYSQL_DSN:-}" ]; then
    if ! mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; then
        echo "starting MariaDB"
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    fi
    wait_for MariaDB mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping || exit 1
fi
exit 0
