#!/bin/sh
# Trains the JDK AOT cache of the Sandpod agent (JEP 514/515, JDK 25): starts the agent with
# -XX:AOTCacheOutput, drives it through its common paths over HTTP, stops it with SIGTERM (the JVM
# writes the cache on exit). The launcher uses lib/sandpod-agent.aot when present. Run at image
# build time, as root, with the distribution at its final path: the cache is valid only for the
# same runtime, the same classpath (paths and jar timestamps) and the same JVM options.
# The agent build (sandbox-agent/pom.xml) runs it too, for the copy in target/ that process sessions
# use, with SANDPOD_TRAIN_USER empty: the shell then runs as the building user, no user is made.
#   usage: train-aot.sh DIST_DIR        env: SANDPOD_TRAIN_USER (default sandbox; empty: no --username)
set -eu
dist=${1:?usage: train-aot.sh DIST_DIR}
cache="$dist/lib/sandpod-agent.aot"
train_user=${SANDPOD_TRAIN_USER-sandbox}
work=$(mktemp -d /tmp/sandpod-train.XXXXXX)
log=$(mktemp /tmp/sandpod-train-log.XXXXXX)

rm -f "$cache"
# port 0: the agent picks a free port and names it in its ready line (no clash with a running agent)
set --
if [ -n "$train_user" ]; then
    set -- --username "$train_user" --user-id 1000
fi
SANDPOD_JAVA_OPTS="-XX:AOTCacheOutput=$cache" "$dist/bin/sandpod-agent" \
    --host 127.0.0.1 --port 0 --working-dir "$work/ws" "$@" >"$log" 2>&1 &
pid=$!

fail() {
    echo "train-aot: $*" >&2
    echo "--- agent log ---" >&2
    cat "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
}

i=0
port=
until [ -n "$port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/alive" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "the agent exited before answering /alive"
    i=$((i + 1))
    [ "$i" -lt 600 ] || fail "no 200 from /alive within 60 s"
    sleep 0.1
    port=$(sed -n 's/.*agent ready on [^ ]*:\([0-9][0-9]*\),.*/\1/p' "$log" | head -n1)
done
url="http://127.0.0.1:$port"

post() {
    curl -fsS -H 'Content-Type: application/json' -d "$2" "$url$1"
}
# the paths every session takes; a failing bash round trip fails the build
out=$(post /execute_action '{"action":{"action":"run","args":{"command":"echo sandpod-$((6*7)) && cd /tmp && ls >/dev/null"}}}') \
    || fail "POST /execute_action (run) failed"
case $out in
    *sandpod-42*) ;;
    *) fail "the run action did not return the command's output: $out" ;;
esac
# file actions, listing and status are trained too; they may not exist in every agent version
post /execute_action "{\"action\":{\"action\":\"write\",\"args\":{\"path\":\"$work/ws/t.txt\",\"content\":\"a\nb\"}}}" >/dev/null 2>&1 || true
post /execute_action "{\"action\":{\"action\":\"read\",\"args\":{\"path\":\"$work/ws/t.txt\"}}}" >/dev/null 2>&1 || true
post /execute_action "{\"action\":{\"action\":\"edit\",\"args\":{\"command\":\"view\",\"path\":\"$work/ws/t.txt\"}}}" >/dev/null 2>&1 || true
post /list_files "{\"path\":\"$work/ws\"}" >/dev/null 2>&1 || true
curl -fsS -o /dev/null "$url/server_info" 2>/dev/null || true
post /execute_action '{"action":{"action":"nosuch","args":{}}}' >/dev/null 2>&1 || true

kill -TERM "$pid"
wait "$pid" || true
[ -s "$cache" ] || fail "no AOT cache was written to $cache"
chmod 0644 "$cache"
echo "train-aot: wrote $cache ($(du -h "$cache" | cut -f1))"
grep -E '^AOTCache creation' "$log" || true

# leave nothing of the training run in the image
rm -rf "$work" "$log"
if [ -n "$train_user" ]; then
    rm -rf "/home/$train_user/.bash_history" /root/.cache/JNA "/home/$train_user/.cache/JNA"
fi
