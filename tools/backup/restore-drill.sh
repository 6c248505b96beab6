#!/usr/bin/env bash
# The restore drill: restores the newest dump in <backup-dir> into a fresh scratch database, then checks it
# the way the app would: every table's rows as the dump holds them (tools/backup/row-counts.ts), Django's
# `manage.py check --database default`, and `manage.py migrate --check` (no migration the dump lacks).
# The scratch database is dropped afterwards, whatever happened.
#
#   SCRATCH_ADMIN_URL=postgresql://admin@host/postgres?sslmode=... \
#     tools/backup/restore-drill.sh <backup-dir> <app-dir> [app-env-file]
#
# SCRATCH_ADMIN_URL: a role that may CREATE DATABASE on the scratch server (never the production one);
# PYTHON: the interpreter with the app's packages (default python3);
# app-env-file: the app's other settings (SECRET_KEY, REDIS_URL, ...) as KEY=value lines; DATABASE_URL is
# set to the scratch database here.
set -euo pipefail
backups="${1:?usage: restore-drill.sh <backup-dir> <app-dir> [app-env-file]}"
app="${2:?usage: restore-drill.sh <backup-dir> <app-dir> [app-env-file]}"
env_file="${3:-}"
admin="${SCRATCH_ADMIN_URL:?SCRATCH_ADMIN_URL is not set; set it to an admin URL of the scratch server}"
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"

dump=$(ls -1 "$backups"/backup-*.dump 2>/dev/null | sort | tail -n 1)
[ -n "$dump" ] || { echo "restore drill: no backup-*.dump in $backups" >&2; exit 2; }
manifest="${dump%.dump}.json"
if [ -f "$manifest" ]; then
  want=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sha256"])' "$manifest")
  [ "$(sha256sum "$dump" | cut -d' ' -f1)" = "$want" ] || { echo "restore drill: $dump does not match its manifest's sha256" >&2; exit 1; }
fi

scratch="restore_drill_$(date -u +%Y%m%d%H%M%S)_$$"
# The scratch database's URL: the admin URL with its database name replaced.
scratch_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$admin" "$scratch")
work=$(mktemp -d)
cleanup() {
  psql "$admin" -X -q -c "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $scratch"
pg_restore --no-owner --no-acl --exit-on-error -d "$scratch_url" "$dump"

pg_restore --data-only -f "$work/data.sql" "$dump"
# Each table's exact count in one query (query_to_xml runs the per-table count; %I quotes any name).
psql "$scratch_url" -X -At -F $'\t' -v ON_ERROR_STOP=1 -c "
  SELECT format('%s.%s', n.nspname, c.relname),
         (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')" > "$work/actual.tsv"
(cd "$here/../.." && node -r sucrase/register/ts tools/backup/row-counts.ts "$work/data.sql" "$work/actual.tsv")

(
  if [ -n "$env_file" ]; then set -a; . "$env_file"; set +a; fi
  export DATABASE_URL="$scratch_url"
  cd "$app"
  "$python" manage.py check --database default
  "$python" manage.py migrate --check
)
echo "restore drill: $(basename "$dump") restored into a scratch database and checked"
