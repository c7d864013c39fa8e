#!/usr/bin/env bash
# What acting as the sandbox user costs file actions, beside its baseline in one run: `read` round
# trips against the sandbox image's agent started as root (file threads switch to uid 1000) and the
# same image started as uid 1000 (no switch). Builds the bench module first when needed.
# Usage: bench/run-files.sh [image] [rounds]     (default sandpod/sandbox:dev, 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -f bench/target/bench.classpath ]; then
  echo "[bench] building the bench module" >&2
  mvn -B -q -DskipTests package -pl bench -am
fi
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  dev.sandpod.bench.FileActionBench "${1:-sandpod/sandbox:dev}" "${2:-3000}"
