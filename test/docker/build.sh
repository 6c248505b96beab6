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
  docker build -q -f "$file" "$@" -t "$tag" "$context" >/dev/null
  docker image inspect -f '{{.Id}}' "$tag"
}
backend=$(build local/webapp-backend:1 "$here/../app" "$here/images/backend/Dockerfile")
backend2=$(build local/webapp-backend:2 "$here/../app" "$here/images/backend/Dockerfile" --build-arg RELEASE=2)
postgres=$(build local/webapp-postgres:15 "$here/images/postgres" "$here/images/postgres/Dockerfile")
redis=$(build local/webapp-redis:7 "$here/images/redis" "$here/images/redis/Dockerfile")
nginx=$(build local/webapp-nginx:1 "$here/images/nginx" "$here/images/nginx/Dockerfile")
nginx2=$(build local/webapp-nginx:2 "$here/images/nginx" "$here/images/nginx/Dockerfile" --build-arg RELEASE=2)
cat >"$out" <<JSON
{ "backend": "$backend", "backend2": "$backend2", "postgres": "$postgres", "redis": "$redis",
  "nginx": "$nginx", "nginx2": "$nginx2", "buildSeconds": $((SECONDS - start)) }
JSON
echo "images built in $((SECONDS - start)) s: $out"
