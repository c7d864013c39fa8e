#!/bin/sh
# Trains the JDK AOT cache of the Sandpod agent (JEP 514/515, JDK 25): starts the agent with
# -XX:AOTCacheOutput, drives it through its common paths over HTTP, stops it with SIGTERM (the JVM
# writes the cache on exit). The launcher uses lib/sandpod-agent.aot when present. Run at image
# build time, as root, with the distribution at its final path: the cache is valid only for the
# same runtime, the same classpath (paths and jar timestamps) and the same JVM options.
#   usage: train-aot.sh DIST_DIR
set -eu
dist=${1:?usage: train-aot.sh DIST_DIR}
cache="$dist/lib/sandpod-agent.aot"
port=47999
work=$(mktemp -d /tmp/sandpod-train.XXXXXX)
log=$(mktemp /tmp/sandpod-train-log.XXXXXX)
url="http://127.0.0.1:$port"

rm -f "$cache"
SANDPOD_JAVA_OPTS="-XX:AOTCacheOutput=$cache" "$dist/bin/sandpod-agent" \
    --port "$port" --working-dir "$work/ws" --username sandbox --user-id 1000 >"$log" 2>&1 &
pid=$!

fail() {
    echo "train-aot: $*" >&2
    echo "--- agent log ---" >&2
    cat "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
}

i=0
until curl -fsS -o /dev/null "$url/alive" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "the agent exited before answering /alive"
    i=$((i + 1))
    [ "$i" -lt 600 ] || fail "no 200 from /alive within 60 s"
    sleep 0.1
done

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
rm -rf "$work" "$log" /home/sandbox/.bash_history /root/.cache/JNA /home/sandbox/.cache/JNA
