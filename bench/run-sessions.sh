#!/usr/bin/env bash
# The operator's figures (issue 3) beside their baselines, in one run. Builds what it needs first.
# Usage: bench/run-sessions.sh [docker|reconcile|all] [rounds] [sessions]
#   docker     session created → Ready with /alive answered (DockerRuntime), vs docker run (default 10 rounds)
#   reconcile  N sessions at once on the mock API server until each has Pod, Service, Secret (default 500)
# Needs a Docker engine and the image sandpod/sandbox:dev (images/build.sh sandbox) for `docker`.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
what=${1:-all}
if [ ! -f bench/target/bench.classpath ] || ! grep -q sandpod-operator bench/target/bench.classpath; then
  echo "[bench] building the operator and the bench module" >&2
  mvn -B -q -DskipTests install -pl bench -am
fi
run() { "$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" "$@"; }
if [ "$what" = docker ] || [ "$what" = all ]; then
  run dev.sandpod.bench.DockerSessionBench "${2:-10}"
fi
if [ "$what" = reconcile ] || [ "$what" = all ]; then
  [ "$what" = all ] && echo
  run dev.sandpod.bench.ReconcileBench "${3:-${2:-500}}"
fi
