#!/usr/bin/env bash
# The plugins' figures beside their baselines, in one run: run_ipython vs run, browse cold and warm
# vs a plain GET, memory with the kernel and the browser started. Needs python3-ipykernel and
# chromium on this host (apt-get install python3-ipykernel chromium). Builds what it needs first.
# Usage: bench/run-plugins.sh [rounds]      (default 300 cell round trips, rounds/10 browses)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x sandbox-agent/target/sandpod-agent/bin/sandpod-agent ] || [ ! -f bench/target/bench.classpath ]; then
  echo "[bench] building the agent distribution and the bench module" >&2
  mvn -B -q -DskipTests package -pl sandbox-agent,bench -am
fi
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  dev.sandpod.bench.PluginBench sandbox-agent/target/sandpod-agent "${1:-300}"
