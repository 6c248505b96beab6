#!/usr/bin/env bash
# Nightly logical backup of the managed database: `pg_dump -Fc` over the DIRECT (unpooled) URL, with a
# pg_dump of the server's own major version, plus a manifest next to the dump.
#
#   DATABASE_DIRECT_URL=postgresql://... tools/backup/backup.sh <out-dir>
#
# Why direct: pg_dump holds one transaction for the whole dump and sets session state, which a pooler in
# transaction mode (Neon's -pooler host, PgBouncer) does not keep (neon.com/docs/manage/backup-pg-dump).
# Why the server's major: pg_dump refuses a newer-major server ("server version mismatch"), and a client
# newer than needed is fine but not guaranteed on the runner (postgresql.org/docs/current/app-pgdump.html).
set -euo pipefail
out="${1:?usage: backup.sh <out-dir>}"
url="${DATABASE_DIRECT_URL:?DATABASE_DIRECT_URL is not set; set it to the direct (unpooled) connection URL of the database}"

host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).hostname or "")' "$url")
if [[ "$host" == *-pooler.* ]]; then
  echo "backup: DATABASE_DIRECT_URL points at a pooler ($host); use the direct host, the same URL without -pooler" >&2
  exit 2
fi

major=$(psql "$url" -X -At -c 'SHOW server_version_num' | cut -c1-2)
bin="/usr/lib/postgresql/$major/bin"
if [ ! -x "$bin/pg_dump" ]; then
  echo "backup: the server runs PostgreSQL $major and no pg_dump $major is installed; install postgresql-client-$major (apt.postgresql.org)" >&2
  exit 2
fi

mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$out/backup-$stamp.dump"
"$bin/pg_dump" -Fc --no-owner --no-acl -d "$url" -f "$dump"
sum=$(sha256sum "$dump" | cut -d " " -f 1)
bytes=$(stat -c %s "$dump")
cat > "$out/backup-$stamp.json" <<JSON
{
  "file": "$(basename "$dump")",
  "takenAt": "$stamp",
  "serverMajor": $major,
  "sha256": "$sum",
  "bytes": $bytes
}
JSON
echo "$dump"
