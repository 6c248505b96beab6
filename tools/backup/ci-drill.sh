#!/usr/bin/env bash
# The backup and restore drill on the reference app's local TLS PostgreSQL (test/app/servers.sh), as CI runs
# it: a source database migrated by the reference app and given rows (one with a newline and a tab, which
# COPY escapes), a nightly-style dump of it over its direct TLS URL (backup.sh), then the drill
# (restore-drill.sh) into a scratch database on the same server.
#
#   tools/backup/ci-drill.sh <servers-dir>    (the dir `test/app/servers.sh start` printed)
set -euo pipefail
dir="${1:?usage: ci-drill.sh <servers-dir>}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
# Debian's python3 and its packages (the reference app's), as test/app/proof.test.ts runs it, whatever
# python3 comes first on PATH; no bytecode files left in the checkout.
export PYTHON=/usr/bin/python3 PYTHONDONTWRITEBYTECODE=1
read -r port password cert < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1] + "/servers.json"))
print(s["postgres"]["port"], s["postgres"]["adminPassword"], s["cert"])' "$dir")
tls="sslmode=verify-full&sslrootcert=$cert"
admin="postgresql://postgres:$password@127.0.0.1:$port/postgres?$tls"
source_url="postgresql://postgres:$password@127.0.0.1:$port/drill_source?$tls"
work=$(mktemp -d)
cleanup() {
  psql "$admin" -X -q -c "DROP DATABASE IF EXISTS drill_source" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The app's settings read these at import; `check` and `migrate` open no connection to Redis or Cloudinary.
cat > "$work/app.env" <<ENV
SECRET_KEY=restore-drill-only
FRONTEND_URL=https://drill.invalid
CLOUDINARY_URL=cloudinary://key:secret@drill
REDIS_URL=rediss://127.0.0.1:1/0
CELERY_BROKER_URL=rediss://127.0.0.1:1/0
CELERY_RESULT_BACKEND=rediss://127.0.0.1:1/1
ENV

psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS drill_source" -c "CREATE DATABASE drill_source"
(set -a; . "$work/app.env"; set +a; export DATABASE_URL="$source_url"; cd "$root/test/app" && "$PYTHON" manage.py migrate -v 0)
psql "$source_url" -X -q -v ON_ERROR_STOP=1 -c "
  INSERT INTO shop_product (name, created) SELECT 'product ' || g, now() FROM generate_series(1, 25) g;
  INSERT INTO shop_product (name, created) VALUES (E'two\nlines\tand a tab', now());"

DATABASE_DIRECT_URL="$source_url" bash "$root/tools/backup/backup.sh" "$work/backups" >/dev/null
SCRATCH_ADMIN_URL="$admin" bash "$root/tools/backup/restore-drill.sh" "$work/backups" "$root/test/app" "$work/app.env"
