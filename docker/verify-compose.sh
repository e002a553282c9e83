#!/usr/bin/env bash
# compose.yaml with the image docker/verify.sh built: no port is published without HTTP_PORT,
# even when 8080 is taken on the host; with HTTP_PORT and compose.http.yaml the port is published
# on 127.0.0.1 only; compose.http.yaml alone without HTTP_PORT stops with a clear message. The
# bot can't reach Discord from compose's network here, so it only gets as far as its database.
# Usage: docker/verify-compose.sh [image, default seedance-discord-bot]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
image="${1:-seedance-discord-bot}"
if command -v docker-compose >/dev/null; then compose=(docker-compose); else compose=(docker compose); fi
project="$(mktemp -d)"
holder=""
cleanup() {
  (cd "$project" && "${compose[@]}" -p seedanceverify down -v >/dev/null 2>&1) || true
  [[ -z "$holder" ]] || kill "$holder" 2>/dev/null || true
  rm -rf "$project"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }
cp "$repo/compose.yaml" "$repo/compose.http.yaml" "$project/"
cd "$project"
docker image inspect "$image" >/dev/null
run() { "${compose[@]}" -p seedanceverify "$@"; }
bindings() { docker inspect -f '{{json .HostConfig.PortBindings}}' "$(run ps -q bot)"; }

base='DISCORD_TOKEN=token
DISCORD_CLIENT_ID=123456789012345678
SEEDANCE_API_KEY=key
DISCORD_API_URL=http://127.0.0.1:9/api
SEEDANCE_API_URL=http://127.0.0.1:9/v1'

echo "$base" >.env
# What used to break `up`: something else on 127.0.0.1:8080.
node -e 'require("net").createServer().on("error", () => {}).listen(8080, "127.0.0.1")' &
holder=$!
run config | grep -q "ports:" && fail "a port is published without HTTP_PORT"
run up -d --no-build 2>&1 | tail -n 1
[[ "$(bindings)" == "{}" ]] || fail "port bindings: $(bindings)"
echo "without HTTP_PORT: up works with 8080 taken, no port published"
for _ in $(seq 30); do
  run logs bot 2>/dev/null | grep -q "ECONNREFUSED" && break
  sleep 1
done
run exec -T bot node -e 'require("fs").statSync("/data/bot.db")' || fail "no /data/bot.db"
echo "the bot created /data/bot.db in the bot-data volume"
run down >/dev/null 2>&1

printf '%s\nHTTP_PORT=18081\nCOMPOSE_FILE=compose.yaml:compose.http.yaml\n' "$base" >.env
run up -d --no-build 2>&1 | tail -n 1
bindings | grep -q '"HostIp":"127.0.0.1","HostPort":"18081"' || fail "port bindings: $(bindings)"
echo "with HTTP_PORT=18081 and COMPOSE_FILE: published as $(bindings)"
run down >/dev/null 2>&1

echo "$base" >.env
if out="$(run -f compose.yaml -f compose.http.yaml config 2>&1)"; then fail "no HTTP_PORT accepted"; fi
grep -q "set HTTP_PORT in .env" <<<"$out" || fail "unclear: $out"
echo "compose.http.yaml without HTTP_PORT refused: ${out##*: }"
