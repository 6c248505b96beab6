#!/usr/bin/env bash
# Builds the self-hosted proof's images with no registry: a Debian 12 base from debootstrap + docker import,
# then one image per role with apt inside the build (classic builder, never --pull). Re-runs reuse the
# base (kept as a tarball and as an image) and Docker's layer cache.
#
#   test/docker/build.sh [out.json]   writes the image ids (sha256:...) the proof pins, as JSON
#
# Stand-ins: local/webapp-postgres = postgres:15-bookworm, local/webapp-redis = redis:7.0-bookworm,
# local/webapp-nginx = the frontend image on nginx:1.22-bookworm, local/webapp-backend = the app's image.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-/tmp/webapp-selfhosted-images.json}"
cache="${WEBAPP_IMAGE_CACHE:-/var/cache/webapp-selfhosted}"
# The mirror apt already uses on this machine (deb822 or one-line sources).
mirror=$(grep -hoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n 1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}
export DOCKER_BUILDKIT=0
start=$SECONDS

if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
  mkdir -p "$cache"
  if [ ! -s "$cache/bookworm.tar" ]; then
    root=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
      { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
    tar -C "$root" -c . >"$cache/bookworm.tar.part" && mv "$cache/bookworm.tar.part" "$cache/bookworm.tar"
    rm -rf "$root"
  fi
  docker import "$cache/bookworm.tar" local/debian:bookworm >/dev/null
fi
echo "base local/debian:bookworm ready after $((SECONDS - start)) s"

build() { # tag context dockerfile [build args...]
  local tag=$1 context=$2 file=$3
  shift 3
  docker build -q -f "$file" "$@" -t "$tag" "$context" >"$logs/${tag//[\/:]/_}.log" 2>&1 ||
    { tail -n 30 "$logs/${tag//[\/:]/_}.log" >&2; return 1; }
}
id() { docker image inspect -f '{{.Id}}' "$1"; }
logs=$(mktemp -d)
# The four roles build side by side (apt downloads dominate); each second release reuses its first's layers.
build local/webapp-postgres:15 "$here/images/postgres" "$here/images/postgres/Dockerfile" & postgres_job=$!
build local/webapp-redis:7 "$here/images/redis" "$here/images/redis/Dockerfile" & redis_job=$!
{ build local/webapp-backend:1 "$here/../app" "$here/images/backend/Dockerfile" &&
  build local/webapp-backend:2 "$here/../app" "$here/images/backend/Dockerfile" --build-arg RELEASE=2; } & backend_job=$!
{ build local/webapp-nginx:1 "$here/images/nginx" "$here/images/nginx/Dockerfile" &&
  build local/webapp-nginx:2 "$here/images/nginx" "$here/images/nginx/Dockerfile" --build-arg RELEASE=2; } & nginx_job=$!
failed=0
for job in $postgres_job $redis_job $backend_job $nginx_job; do wait "$job" || failed=1; done
[ "$failed" -eq 0 ] || { echo "image build failed (logs in $logs)" >&2; exit 1; }
backend=$(id local/webapp-backend:1) backend2=$(id local/webapp-backend:2) postgres=$(id local/webapp-postgres:15)
redis=$(id local/webapp-redis:7) nginx=$(id local/webapp-nginx:1) nginx2=$(id local/webapp-nginx:2)
rm -rf "$logs"
cat >"$out" <<JSON
{ "backend": "$backend", "backend2": "$backend2", "postgres": "$postgres", "redis": "$redis",
  "nginx": "$nginx", "nginx2": "$nginx2", "buildSeconds": $((SECONDS - start)) }
JSON
echo "images built in $((SECONDS - start)) s: $out"
