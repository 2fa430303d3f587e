#!/usr/bin/env bash
# Checks the five-minute tour of docs/local-mode.md: starts local mode from the built jar in a
# temporary directory, runs every ```sh block before "### 7." in order, restarts it with the API
# keys and Twilio token of step 7 (so it also checks that a second start resumes), runs the rest,
# and stops. Fails when a command fails, the server answers 5xx, or local mode does not get ready.
# The transcript (every answer) is left in the temporary directory for comparison with the page.
#
#   ./mvnw -q -DskipTests package && local/tour-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/local/target/optgate-local.jar"
doc="$root/docs/local-mode.md"
work=$(mktemp -d)
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
pid=""
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT

start() {   # start LOGNAME [VAR=value ...]
  local log="$work/$1.log"; shift
  (cd "$work" && exec env "$@" java -jar "$jar") >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    if grep -q '^ready:' "$log"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "local mode exited" >&2; exit 1; }
    sleep 0.5
  done
  cat "$log" >&2; echo "local mode did not get ready in 120 s" >&2; exit 1
}

blocks() {  # blocks FIRST|REST: the sh blocks before / from "### 7."
  awk -v part="$1" '
    /^### 7\./ { rest = 1 }
    /^```sh$/ { inblock = 1; n++; if ((part == "FIRST") != (rest == 1)) print "echo \"--- block " n "\""; next }
    /^```/ && inblock { inblock = 0; if ((part == "FIRST") != (rest == 1)) print "echo"; next }
    inblock && ((part == "FIRST") != (rest == 1)) { print }
  ' "$doc"
}

run() {     # run NAME FIRST|REST
  blocks "$2" > "$work/$1.sh"
  (cd "$work" && bash -e "$work/$1.sh") | tee -a "$work/transcript.txt"
}

start run1 OPTGATE_HTTP_PORT=8080 OPTGATE_LOCAL_KAFKA_PORT=9092
run part1 FIRST
stop
start run2 OPTGATE_HTTP_PORT=8080 OPTGATE_LOCAL_KAFKA_PORT=9092 OPTGATE_API_KEYS='demo-support=*,demo-vets=vet-demo' TWILIO_AUTH_TOKEN=tour-secret
grep -q 'resumed cluster' "$work/run2.log" || { echo "the second start did not resume" >&2; exit 1; }
run part2 REST
stop
if grep -Eq 'HTTP/1.1 5[0-9][0-9]|"error":"(INTERNAL|STORE_NOT_READY)' "$work/transcript.txt"; then
  echo "a 5xx answer in the tour; see $work/transcript.txt" >&2; exit 1
fi
echo "tour ok; transcript in $work/transcript.txt"
