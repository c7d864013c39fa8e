#!/usr/bin/env bash
# Smoke test of a sandbox image: runs it the way Sandpod does (agent port published on 127.0.0.1,
# a random SESSION_API_KEY), once as the image's default user (root) and once as uid 1000 (what
# Kubernetes' runAsUser does), and checks each time that
#   - /alive answers 200 (time from `docker run` printed),
#   - a request without the key is refused with 401,
#   - `echo hi && whoami && pwd` runs in the persistent bash as `sandbox` in /workspace, which the
#     user can write (also when /workspace is a fresh, root-owned tmpfs: the image hands it over),
#   - `docker stop` ends the container quickly (SIGTERM reaches the agent).
#   usage: images/smoke.sh [IMAGE]        (default: sandpod/sandbox:dev)
set -euo pipefail

image=${1:-sandpod/sandbox:dev}
container=""
failures=0

cleanup() {
    if [[ -n $container ]]; then
        docker rm -f "$container" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
fail() {
    printf '  FAIL: %s\n' "$*" >&2
    if [[ -n $container ]]; then
        echo "  --- container log (last 40 lines) ---" >&2
        docker logs --tail 40 "$container" 2>&1 | sed 's/^/  | /' >&2 || true
    fi
    failures=$((failures + 1))
}

docker image inspect "$image" >/dev/null 2>&1 || { echo "smoke.sh: image $image not found; build it with images/build.sh sandbox" >&2; exit 1; }

smoke() {
    local label=$1
    shift
    local key port url start alive_ms out code stop_start stop_ms
    key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    echo "== $image as $label"
    start=$(now_ms)
    container=$(docker run -d -p 127.0.0.1::47000 -e "SESSION_API_KEY=$key" "$@" "$image")
    port=$(docker port "$container" 47000/tcp | sed -n 1p | sed 's/.*://')
    url="http://127.0.0.1:$port"
    local deadline=$((SECONDS + 60))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/alive" 2>/dev/null) == 200 ]]; do
        if [[ $(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null) != true ]]; then
            fail "the container exited before /alive answered"; cleanup; container=""; return
        fi
        if ((SECONDS > deadline)); then
            fail "no 200 from $url/alive within 60 s"; cleanup; container=""; return
        fi
        sleep 0.05
    done
    alive_ms=$(($(now_ms) - start))
    echo "  /alive 200 after ${alive_ms} ms from docker run"

    local action='{"action":{"action":"run","args":{"command":"echo hi && whoami && pwd && touch .smoke && rm .smoke"}}}'
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$action" "$url/execute_action")
    [[ $code == 401 ]] && echo "  no key: 401 as expected" || fail "a request without X-Session-API-Key got HTTP $code, expected 401"

    out=$(curl -s --max-time 60 -H 'Content-Type: application/json' -H "X-Session-API-Key: $key" -d "$action" "$url/execute_action") \
        || fail "POST /execute_action failed"
    echo "  observation: $out" | cut -c1-400
    # the content holds the output lines, JSON-escaped: hi\nsandbox\n/workspace
    if [[ $out == *'"observation":"run"'* && $out == *'hi\nsandbox\n/workspace'* ]]; then
        echo "  run: ok (hi, sandbox, /workspace)"
    else
        fail "the run observation does not show 'hi', 'sandbox', '/workspace' on separate lines"
    fi
    if [[ $out == *'"exit_code"'* && $out != *'"exit_code":0'* ]]; then
        fail "the command's exit code is not 0"
    fi

    stop_start=$(now_ms)
    docker stop -t 10 "$container" >/dev/null
    stop_ms=$(($(now_ms) - stop_start))
    echo "  docker stop took ${stop_ms} ms"
    ((stop_ms < 5000)) || fail "docker stop took ${stop_ms} ms: SIGTERM did not stop the agent"
    cleanup
    container=""
}

smoke "its default user (root)"
smoke "uid 1000 (like Kubernetes' runAsUser)" --user 1000:1000
smoke "its default user, with a fresh tmpfs on /workspace" --tmpfs /workspace:rw,size=16m

if ((failures > 0)); then
    echo "smoke.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "smoke.sh: all checks passed"
