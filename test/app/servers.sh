#!/usr/bin/env bash
# The reference app's servers, on 127.0.0.1 only and TLS only: PostgreSQL (hostssl, SCRAM), PgBouncer in
# transaction mode with client-side TLS in front of it (as Neon's -pooler host), a TLS + SCRAM-SHA-256-PLUS
# hop in front of PgBouncer (Debian's PgBouncer 1.18 cannot do channel binding; Neon's proxy can), and
# Redis with a TLS port and no plaintext port. A fresh self-signed certificate each start.
#
#   test/app/servers.sh start [dir]   start them (default dir /tmp/webapp-app-proof); prints the dir
#   test/app/servers.sh stop [dir]    stop what start started, by pid
#
# `start` writes <dir>/servers.json, which test/app/proof.test.ts reads; roles, databases and passwords are
# the test's to set, from the program's plan.
set -euo pipefail
cmd="${1:-start}"
dir="${2:-/tmp/webapp-app-proof}"
here="$(cd "$(dirname "$0")" && pwd)"
pgbin=/usr/lib/postgresql/15/bin
# Free ports, so two runs on one machine do not meet.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# PostgreSQL and PgBouncer refuse to run as root.
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop() {
  [ -f "$dir/pg/postmaster.pid" ] && as_server "$pgbin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null || true
  for name in pgbouncer redis hop; do
    if [ -f "$dir/$name.pid" ]; then kill "$(cat "$dir/$name.pid")" 2>/dev/null || true; rm -f "$dir/$name.pid"; fi
  done
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop [dir]" >&2; exit 2; }

stop
PG_PORT=$(free_port) BOUNCER_PORT=$(free_port) HOP_PORT=$(free_port) REDIS_PORT=$(free_port)
rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cd "$dir"
admin_password="$(openssl rand -hex 24)"
redis_admin_password="$(openssl rand -hex 24)"

as_server openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout server.key -out server.crt 2>/dev/null
chmod 600 server.key

# PostgreSQL: no unix socket, one hostssl line; a plaintext client finds no pg_hba.conf entry.
echo "$admin_password" > pwfile
[ "$(id -u)" -eq 0 ] && chown postgres pwfile
as_server "$pgbin/initdb" -D pg -U postgres --pwfile=pwfile --auth=scram-sha-256 >/dev/null
rm -f pwfile
cat >> pg/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
password_encryption = 'scram-sha-256'
CONF
echo "hostssl all all 127.0.0.1/32 scram-sha-256" > pg/pg_hba.conf
as_server "$pgbin/pg_ctl" -D pg -l pg.log -w start >/dev/null

# PgBouncer: TLS on both sides, SCRAM from userlist.txt (the test writes the app's role into it, then HUPs).
printf '"postgres" "%s"\n' "$admin_password" > userlist.txt
cat > pgbouncer.ini <<CONF
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 5
client_tls_sslmode = require
client_tls_key_file = $dir/server.key
client_tls_cert_file = $dir/server.crt
server_tls_sslmode = require
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
CONF
[ "$(id -u)" -eq 0 ] && chown postgres userlist.txt pgbouncer.ini
as_server pgbouncer -d pgbouncer.ini

# The hop: TLS + SCRAM-SHA-256-PLUS towards the client, then TLS + SCRAM to PgBouncer.
echo '{}' > hop-users.json
[ "$(id -u)" -eq 0 ] && chown postgres hop-users.json
as_server sh -c "python3 '$here/pg_hop.py' 127.0.0.1 $HOP_PORT 127.0.0.1 $BOUNCER_PORT '$dir' >hop.log 2>&1 & echo \$! > '$dir/hop.pid'"

# Redis: TLS port only; `default` (the user in Upstash URLs) is off until the test gives it the password.
cat > redis.conf <<CONF
bind 127.0.0.1
port 0
tls-port $REDIS_PORT
tls-cert-file $dir/server.crt
tls-key-file $dir/server.key
tls-ca-cert-file $dir/server.crt
tls-auth-clients no
user default off
user admin on >$redis_admin_password ~* &* +@all
save ""
appendonly no
dir $dir
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
CONF
[ "$(id -u)" -eq 0 ] && chown postgres redis.conf
as_server redis-server "$dir/redis.conf"

for port in $BOUNCER_PORT $HOP_PORT $REDIS_PORT; do
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

cat > servers.json <<JSON
{
  "dir": "$dir",
  "cert": "$dir/server.crt",
  "postgres": { "port": $PG_PORT, "adminUser": "postgres", "adminPassword": "$admin_password" },
  "pgbouncer": { "port": $BOUNCER_PORT, "userlist": "$dir/userlist.txt", "pidfile": "$dir/pgbouncer.pid" },
  "hop": { "port": $HOP_PORT, "users": "$dir/hop-users.json" },
  "redis": { "port": $REDIS_PORT, "adminUser": "admin", "adminPassword": "$redis_admin_password" }
}
JSON
chmod 644 servers.json
echo "$dir"
