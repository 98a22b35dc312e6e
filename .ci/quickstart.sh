#!/usr/bin/env bash
# The README's quickstart, run literally as a newcomer would: a fresh clone of this commit in an empty
# folder, the commands of the README's Quickstart block, then GET /health, the first account signed up
# over HTTP, a stop and a warm start. Fails when any of it fails.
#
# Usage: bash .ci/quickstart.sh [repo-dir]   (default: the repository this script is in)
set -euo pipefail
repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
commit=$(git -C "$repo" rev-parse HEAD)

# The first ```sh block under "## Quickstart" is what a newcomer types.
quickstart=$(awk '
  /^## / { in_section = ($0 == "## Quickstart") }
  in_section && /^```sh$/ && !done { in_block = 1; next }
  in_block && /^```$/ { in_block = 0; done = 1 }
  in_block { print }
' "$repo/README.md")
if [ -z "$quickstart" ]; then
  echo "quickstart: README.md has no \`\`\`sh block under '## Quickstart'" >&2
  exit 1
fi
# The warm start repeats the command that serves the app: the quickstart's last command.
last_command=$(printf '%s\n' "$quickstart" | tail -n 1 | awk -F '&&' '{ print $NF }' | sed 's/^ *//; s/ *$//')
if [ "$last_command" != "npm start" ]; then
  echo "quickstart: the README's quickstart must end with 'npm start' (it ends with '$last_command')" >&2
  exit 1
fi

work=$(mktemp -d)
server_pid=""
# Whether any process of the group is still running. The shell at the group's head exits at once on
# SIGTERM while npm and the server are still stopping, so waiting for it alone is not enough; and a
# process that has exited but not been reaped (a zombie, when the machine's first process does not
# reap orphans) no longer counts.
group_running() {
  local table
  # Without a ps that lists process groups, a signal 0 to the group (zombies count as running there).
  table=$(ps -eo pgid=,stat= 2>/dev/null) || { kill -0 -- "-$1" 2>/dev/null; return; }
  printf '%s\n' "$table" | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do group_running "$server_pid" || break; sleep 0.2; done
    if group_running "$server_pid"; then
      echo "quickstart: the server had not stopped 20 s after SIGTERM; killing it" >&2
      kill -KILL -- "-$server_pid" 2>/dev/null || true
      for _ in $(seq 1 25); do group_running "$server_pid" || break; sleep 0.2; done
    fi
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

git clone -q "$repo" "$work/app"
git -C "$work/app" checkout -q "$commit"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PORT=$port DATA_DIR="$work/data"
# A newcomer's shell has none of CI's test settings.
unset TEST_DATABASE_URL DATABASE_URL ORIGIN NODE_ENV
base="http://localhost:$port"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%d", b - a }'; }
# Starts a command in its own process group (so stopping it stops npm and the server it runs).
start() {
  (cd "$work/app" && exec setsid bash -c "$1") >"$work/$2.log" 2>&1 &
  server_pid=$!
}
# Waits for GET /health; prints the seconds taken. It also notes (in $work/$name.began) when npm began
# `npm start` (its "> node scripts/start.js" banner), so that the install and the start can be told apart.
wait_healthy() {
  local name=$1 limit=$2 started=$3
  while :; do
    if [ ! -f "$work/$name.began" ] && grep -q '^> node scripts/start.js' "$work/$name.log" 2>/dev/null; then
      now >"$work/$name.began"
    fi
    if curl -fsS -o /dev/null "$base/health" 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "quickstart: the $name stopped before it was healthy. Its output:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    if [ "$(elapsed "$started")" -gt "$limit" ]; then
      echo "quickstart: the $name was not healthy after $limit s. Its output:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

echo "quickstart: $quickstart  (fresh clone of ${commit:0:12}, PORT=$port, empty DATA_DIR)"
t0=$(now)
start "$quickstart" first-start
first=$(wait_healthy first-start 600 "$t0")
healthy_at=$(now)
began=$(cat "$work/first-start.began" 2>/dev/null || echo "$t0")
first_start=$(awk -v a="$began" -v b="$healthy_at" 'BEGIN { printf "%.1f", b - a }')
echo "quickstart: healthy ${first} s after a fresh clone: npm install, then npm start (migrate, seed, build, serve) healthy in about ${first_start} s"
echo "--- what the newcomer saw ---"
cat "$work/first-start.log"
echo "---"
if grep -q 'EBADENGINE' "$work/first-start.log"; then
  echo "quickstart: npm install warned that a package does not support this Node version" >&2
  exit 1
fi

# The first account, signed up over HTTP like the sign-up form does.
headers=$(curl -sS -o /dev/null -D - -X POST "$base/sign-up" \
  -H "Origin: $base" -H 'Accept: text/html' \
  --data-urlencode 'name=First Admin' \
  --data-urlencode 'email=first.admin@example.nhs.uk' \
  --data-urlencode 'password=quickstart correct horse battery')
status=$(printf '%s' "$headers" | head -n 1 | awk '{ print $2 }')
cookie=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(nhs_comms_session=[^;]*\).*/\1/p' | head -n 1)
if [ "$status" != 303 ] || [ -z "$cookie" ]; then
  echo "quickstart: signing up the first account answered $status without a session:" >&2
  printf '%s\n' "$headers" >&2
  exit 1
fi
# Signed in as an administrator: Admin opens (or first asks them to accept the acceptable-use statement).
check_admin() {
  local answer
  answer=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" "$base/admin")
  case "$answer" in
    "200 "*|"303 $base/acceptable-use"*) echo "quickstart: the first account opens Admin $1 ($answer)";;
    *) echo "quickstart: the first account could not open Admin $1: $answer" >&2; exit 1;;
  esac
}
check_admin "after signing up"

stop_server
t1=$(now)
start "$last_command" warm-start
warm=$(wait_healthy warm-start 120 "$t1")
echo "quickstart: warm start (built, migrated) healthy in ${warm} s"
check_admin "after the warm start"
stop_server
echo "quickstart: passed (fresh clone to healthy ${first} s, of which npm start ${first_start} s, target under 90 s; warm start ${warm} s, target under 5 s)"
