#!/usr/bin/env bash
# Builds the image from the committed Dockerfile and checks it the way a self-hoster runs it:
# as the `node` user with ffmpeg; a missing configuration and an unwritable bind mount each give
# one clear line; against the fakes (test/fakes/serve.ts, on the host's network) it migrates
# /data/bot.db, answers a command, reports healthy, and stops cleanly on `docker stop`; compose
# publishes no port unless asked. Needs dockerd, the base image (docker/make-base-image.sh where
# Docker Hub is out of reach) and `npm ci` done on the host. Usage: docker/verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
image=seedance-discord-bot
volume=seedance-verify-data
work="$(mktemp -d)"
serve_pid=""
cleanup() {
  [[ -z "$serve_pid" ]] || kill "$serve_pid" 2>/dev/null || true
  docker rm -f seedance-verify >/dev/null 2>&1 || true
  docker volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }
step() { echo "--- $*"; }

step "build (host network: the build's only traffic is apt and npm)"
begin=$SECONDS
docker build --network host -t "$image" . >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; fail "build"; }
echo "built in $((SECONDS - begin)) s, $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"

step "runs as node, with ffmpeg"
docker run --rm "$image" sh -c 'echo "$(id -un) (uid $(id -u)), $(node --version), $(ffmpeg -version | head -n1)"'
[[ "$(docker run --rm "$image" id -u)" == 1000 ]] || fail "not uid 1000"

step "no configuration: one line, exit 1"
if out="$(docker run --rm "$image" 2>&1)"; then fail "started without a configuration"; fi
echo "$out" | cut -c1-240
grep -q "Invalid configuration" <<<"$out" && ! grep -q "^\s*at " <<<"$out" || fail "unclear refusal"

settings=(-e DISCORD_TOKEN=token -e DISCORD_CLIENT_ID=123456789012345678 -e SEEDANCE_API_KEY=key
  -e DISCORD_API_URL=http://127.0.0.1:9/api -e SEEDANCE_API_URL=http://127.0.0.1:9/v1)
step "a root-owned bind mount as /data: one line naming the path, the user and the fix"
mkdir -m 0755 "$work/root-owned"
if out="$(docker run --rm -v "$work/root-owned:/data" "${settings[@]}" "$image" 2>&1)"; then fail "started"; fi
echo "$out" | cut -c1-400
grep -q '/data is not writable (the bot runs as node (uid 1000))' <<<"$out" || fail "unclear"
[[ "$(wc -l <<<"$out")" == 1 ]] || fail "more than one line"

step "unreachable Discord: /data/bot.db created and migrated in the volume, then a clean failure"
docker run --rm -v "$volume:/data" "${settings[@]}" "$image" >"$work/unreachable.log" 2>&1 || true
grep -o '"msg":"[^"]*"' "$work/unreachable.log" | tail -n 2
migrations="$(node -e 'console.log(require("./drizzle/meta/_journal.json").entries.length)')"
applied="$(docker run --rm -v "$volume:/data" "$image" node -e \
  'console.log(new (require("better-sqlite3"))("/data/bot.db").prepare("select count(*) n from __drizzle_migrations").get().n)')"
echo "migrations applied: $applied of $migrations"
[[ "$applied" == "$migrations" ]] || fail "migrations"

step "against the fakes: ready, a command answered, healthy, clean stop"
npx tsx test/fakes/serve.ts "$work/fakes.env" >"$work/fakes.log" 2>&1 &
serve_pid=$!
for _ in $(seq 60); do [[ -s "$work/fakes.env" ]] && break; sleep 1; done
sed -i '/^DATABASE_PATH=/d' "$work/fakes.env"
docker run -d --name seedance-verify --network host --env-file "$work/fakes.env" -v "$volume:/data" \
  --health-interval 2s --health-start-period 60s "$image" >/dev/null
for _ in $(seq 90); do grep -q "answered" "$work/fakes.log" && break; sleep 1; done
grep "fakes:" "$work/fakes.log" || true
grep -q "answered" "$work/fakes.log" || { docker logs seedance-verify 2>&1 | tail; fail "no answer"; }
for _ in $(seq 30); do
  [[ "$(docker inspect -f '{{.State.Health.Status}}' seedance-verify)" == healthy ]] && break
  sleep 1
done
docker inspect -f 'health: {{.State.Health.Status}}' seedance-verify
docker exec seedance-verify node -e 'fetch("http://127.0.0.1:18080/healthz").then(r => r.text()).then(console.log)'
[[ "$(docker inspect -f '{{.State.Health.Status}}' seedance-verify)" == healthy ]] || fail "not healthy"
begin=$SECONDS
docker stop seedance-verify >/dev/null
code="$(docker inspect -f '{{.State.ExitCode}}' seedance-verify)"
echo "docker stop: exit code $code after $((SECONDS - begin)) s; last lines:"
docker logs seedance-verify 2>&1 | tail -n 2 | grep -o '"msg":"[^"]*"'
[[ "$code" == 0 ]] && docker logs seedance-verify 2>&1 | grep -q '"signal":"SIGTERM"' || fail "unclean stop"

step "compose ($(docker-compose version --short 2>/dev/null || docker compose version --short))"
bash docker/verify-compose.sh "$image"
echo "--- all checks passed"
