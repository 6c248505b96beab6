#!/bin/sh
# First start on an empty data directory: initdb with SCRAM, the app's role and database, password auth
# from any address of the container's networks. Later starts reuse the volume as it is.
set -eu
if [ "$1" = postgres ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pw=$(mktemp) && printf '%s\n' "$POSTGRES_PASSWORD" > "$pw" && chown postgres "$pw"
    setpriv --reuid=postgres --regid=postgres --init-groups \
      initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pw" --auth=scram-sha-256 >/dev/null
    rm -f "$pw"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    # As the official image: POSTGRES_DB (default: the user's name) unless it is the initdb-made `postgres`.
    if [ "${POSTGRES_DB:=$POSTGRES_USER}" != postgres ]; then
      setpriv --reuid=postgres --regid=postgres --init-groups postgres --single -D "$PGDATA" postgres \
        <<SQL >/dev/null
CREATE DATABASE "$POSTGRES_DB" OWNER "$POSTGRES_USER";
SQL
    fi
  fi
  mkdir -p /var/run/postgresql && chown postgres /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
fi
exec "$@"
