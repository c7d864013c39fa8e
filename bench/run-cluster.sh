#!/usr/bin/env bash
# The operator's figures on a real cluster (docs/benchmarks.md, "On a real cluster"), beside their
# baselines in one run. Installs (or upgrades) the chart first, with the images under test.
# Usage: SANDPOD_CLUSTER_KUBECONFIG=... bench/run-cluster.sh [rounds] [burst]   (default 20 and 50)
#   SANDPOD_OPERATOR_IMAGE / SANDPOD_SANDBOX_IMAGE: the images (default sandpod/operator:dev, sandpod/sandbox:dev)
#   SANDPOD_HELM: helm (default: helm on PATH, else hack/k8s/tools.sh fetches one)
# On the single-node cluster of hack/k8s: hold /tmp/sandpod-cluster.lock while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/java-env.sh
: "${SANDPOD_CLUSTER_KUBECONFIG:?set it to the kubeconfig of the cluster to measure on}"
helm=${SANDPOD_HELM:-$(command -v helm || echo "$(hack/k8s/tools.sh | tail -n 1)/helm")}
operator_image=${SANDPOD_OPERATOR_IMAGE:-sandpod/operator:dev}
sandbox_image=${SANDPOD_SANDBOX_IMAGE:-sandpod/sandbox:dev}
if [ ! -f bench/target/bench.classpath ] || ! grep -q sandpod-operator bench/target/bench.classpath; then
  echo "[bench] building the operator and the bench module" >&2
  mvn -B -q -DskipTests install -pl bench -am
fi
echo "[bench] helm upgrade --install sandpod (operator $operator_image, sandbox $sandbox_image)" >&2
KUBECONFIG=$SANDPOD_CLUSTER_KUBECONFIG "$helm" upgrade --install sandpod charts/sandpod -n sandpod-system --create-namespace \
  --reset-values --set "image.repository=${operator_image%:*}" --set "image.tag=${operator_image##*:}" \
  --set "sandbox.image=$sandbox_image" --wait --timeout 5m >&2
"$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  dev.sandpod.bench.ClusterBench "${1:-20}" "${2:-50}"
