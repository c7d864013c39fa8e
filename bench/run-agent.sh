#!/usr/bin/env bash
# The agent's figures beside their baselines, in one run. Builds what it needs first.
# Usage: bench/run-agent.sh [rounds]      (default 2000 echo round trips)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x sandbox-agent/target/sandpod-agent/bin/sandpod-agent ] || [ ! -f bench/target/bench.classpath ]; then
  echo "[bench] building the agent distribution and the bench module" >&2
  mvn -B -q -DskipTests package -pl sandbox-agent,bench -am
fi
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  dev.sandpod.bench.AgentBench sandbox-agent/target/sandpod-agent "${1:-2000}"
