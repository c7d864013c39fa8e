#!/usr/bin/env bash
# Builds the Sandpod container images offline, from a Debian base made locally (no registry):
#   images/build.sh [sandbox|operator|base|all]      (default: all)
# `sandbox` builds sandpod/sandbox:TAG (with the jupyter and browser plugins' programs) and
# sandpod/sandbox:TAG-slim (without them; docs/images.md).
# Idempotent: the base is made only when `debian:bookworm-slim` is missing, the agent distribution
# only when missing or older than its sources, and Docker's layer cache makes a rebuild quick.
# Environment:
#   SANDPOD_IMAGE_TAG   tag of the built images (default: dev), e.g. sandpod/sandbox:dev
#   BASE_IMAGE          base of the sandbox image (default: debian:bookworm-slim)
#   DEBIAN_MIRROR       mirror for debootstrap (default: the first Debian mirror in this host's apt sources)
#   JAVA_HOME           JDK 21+ that builds the agent and the operator (default: temurin-25)
set -euo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/.." && pwd -P)
tag=${SANDPOD_IMAGE_TAG:-dev}
base_image=${BASE_IMAGE:-debian:bookworm-slim}
# The mirror this host's apt already uses: the image is made from the same place the host installs from.
host_mirror() {
    local uri
    uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | sed -n 1p)
    [[ -n $uri ]] || uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | sed -n 1p)
    printf '%s' "${uri%/}"
}
mirror=${DEBIAN_MIRROR:-$(host_mirror)}
dist="$root/sandbox-agent/target/sandpod-agent"
operator_dist="$root/operator/target/sandpod-operator"
build_dir="$here/.build"
started=$SECONDS

step() { printf '\n==> [%3ss] %s\n' "$((SECONDS - started))" "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

check_docker() {
    command -v docker >/dev/null 2>&1 \
        || die "no docker command found. Install Docker (Debian: apt-get install -y docker.io) and start it (dockerd &)."
    if ! docker info >/dev/null 2>&1; then
        die "cannot reach the Docker engine ($({ docker info 2>&1 || true; } | grep -m1 -iE 'error|cannot' || echo 'docker info failed')).
Start it (e.g. 'dockerd >/tmp/dockerd.log 2>&1 &' as root), check DOCKER_HOST, or add your user to the docker group."
    fi
    # Docker's CLI 23+ asks for BuildKit's buildx plugin unless told to use the classic builder,
    # which every engine here (Debian's 20.10 included) speaks.
    if ! docker buildx version >/dev/null 2>&1; then
        export DOCKER_BUILDKIT=0
    fi
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# A minimal Debian made with debootstrap and imported, slimmed like the official -slim image
# (no apt caches or lists, no docs/man pages/locales, now or from later installs).
make_base() {
    local lock=/tmp/sandpod-debootstrap.lock
    exec 9>"$lock"
    if ! flock -n 9; then
        step "another build.sh is making $base_image; waiting for it"
        flock 9
    fi
    while pgrep -x debootstrap >/dev/null 2>&1; do
        step "a debootstrap is already running (pid $(pgrep -x debootstrap | tr '\n' ' ')); waiting for it instead of starting a second one"
        sleep 10
    done
    if image_exists "$base_image"; then
        echo "$base_image is present (made meanwhile)"
        return
    fi
    [[ $base_image == debian:bookworm-slim ]] \
        || echo "note: $base_image is made as a Debian bookworm (the only base build.sh can make)"
    if [[ $(id -u) -ne 0 ]]; then
        die "$base_image is missing and making it needs root (debootstrap). Run 'sudo images/build.sh base' once, or load a Debian image with 'docker load'."
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        step "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null \
            || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; } \
            || die "cannot install debootstrap (apt-get install debootstrap)"
    fi
    rootfs=$(mktemp -d /tmp/sandpod-rootfs.XXXXXX) # global: the EXIT trap needs it
    trap 'rm -rf "$rootfs"' EXIT
    step "debootstrap --variant=minbase bookworm from $mirror (about a minute)"
    [[ -n $mirror ]] || die "no Debian mirror in this host's apt sources; set DEBIAN_MIRROR"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" 2>&1 \
        | grep --line-buffered -E '^(I: (Retrieving Packages|Validating Packages|Installing core|Unpacking the base|Configuring the base|Base system installed)|E:|W:)' || true
    [[ -x $rootfs/bin/bash ]] || die "debootstrap failed (no $rootfs/bin/bash); see the messages above"

    step "slimming the root file system"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
# as in the official debian:*-slim images: no documentation, man pages or translations
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
CFG
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<CFG
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/var/log/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    : >"$rootfs/etc/resolv.conf"
    : >"$rootfs/etc/hostname"

    step "docker import -> $base_image"
    tar --numeric-owner -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$base_image" >/dev/null
    rm -rf "$rootfs"
    trap - EXIT
    docker image ls "$base_image"
}

ensure_base() {
    if image_exists "$base_image"; then
        echo "base image $base_image is present"
    else
        step "base image $base_image is missing: making it"
        make_base
    fi
}

select_java() {
    local candidate=${JAVA_HOME:-}
    if [[ -z $candidate || ! -x $candidate/bin/jlink ]] \
        || ! grep -qE '^JAVA_VERSION="(2[1-9]|[3-9][0-9])' "$candidate/release" 2>/dev/null; then
        candidate=/usr/lib/jvm/temurin-25-jdk-amd64
    fi
    [[ -x $candidate/bin/jlink ]] || die "no JDK 21+ with jlink found: set JAVA_HOME (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)"
    export JAVA_HOME=$candidate
}

# A module's self-contained distribution (MODULE/target/NAME: bin/NAME, lib/, runtime/), rebuilt
# when missing or older than anything it is built from.
#   ensure_dist MODULE DIST_DIR LAUNCHER_NAME WHAT
ensure_dist() {
    local module=$1 out=$2 launcher=$3 what=$4
    local marker="$out/lib/classpath" newer=""
    if [[ -x $out/bin/$launcher && -f $marker && -x $out/runtime/bin/java ]]; then
        newer=$(find "$root/pom.xml" "$root/api/pom.xml" "$root/api/src/main" "$root/$module/pom.xml" \
            "$root/$module/src/main" -newer "$marker" -type f -print -quit 2>/dev/null || true)
        if [[ -z $newer ]]; then
            echo "$what distribution is up to date: $out"
            return
        fi
        step "$what distribution is older than $newer: rebuilding it"
    else
        step "$what distribution missing: building it (mvn package -pl $module -am)"
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (apt-get install -y maven)"
    select_java
    (cd "$root" && mvn -B -q -DskipTests package -pl "$module" -am) \
        || die "building the $what distribution failed (see Maven's output above)"
    [[ -x $out/bin/$launcher ]] || die "Maven succeeded but left no $out/bin/$launcher"
    du -sh "$out"
}

build_sandbox() {
    step "sandbox image: base"
    ensure_base
    step "sandbox image: agent distribution"
    ensure_dist sandbox-agent "$dist" sandpod-agent agent
    # A context with only what the image needs, not the whole repository
    local ctx="$build_dir/sandbox"
    step "sandbox image: context $ctx"
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -p "$here/sandbox/Dockerfile" "$here/sandbox/train-aot.sh" "$ctx/"
    cp -a "$dist" "$ctx/sandpod-agent"
    rm -f "$ctx/sandpod-agent/lib/sandpod-agent.aot" # trained in the image, for its paths
    du -sh "$ctx"
    step "sandbox image: docker build --target slim -t sandpod/sandbox:$tag-slim"
    docker build --build-arg "BASE_IMAGE=$base_image" --target slim -t "sandpod/sandbox:$tag-slim" "$ctx"
    step "sandbox image: docker build -t sandpod/sandbox:$tag (slim + Chromium, IPython kernel)"
    docker build --build-arg "BASE_IMAGE=$base_image" -t "sandpod/sandbox:$tag" "$ctx"
    docker image ls sandpod/sandbox --filter "reference=sandpod/sandbox:$tag*"
}


build_operator() {
    step "operator image: base"
    ensure_base
    step "operator image: operator distribution"
    ensure_dist operator "$operator_dist" sandpod-operator operator
    local ctx="$build_dir/operator"
    step "operator image: context $ctx"
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -p "$here/operator/Dockerfile" "$ctx/"
    cp -a "$operator_dist" "$ctx/sandpod-operator"
    du -sh "$ctx"
    step "operator image: docker build -t sandpod/operator:$tag"
    docker build --build-arg "BASE_IMAGE=$base_image" -t "sandpod/operator:$tag" "$ctx"
    # the image must start its runtime: a failure here is a missing library, not a missing cluster
    docker run --rm --entrypoint /opt/sandpod-operator/runtime/bin/java "sandpod/operator:$tag" -version >/dev/null 2>&1 \
        || die "the operator image cannot start its Java runtime: docker run --rm --entrypoint /opt/sandpod-operator/runtime/bin/java sandpod/operator:$tag -version"
    docker image ls "sandpod/operator:$tag"
}

target=${1:-all}
case $target in
    -h | --help) usage 0 ;;
    base | sandbox | operator | all) ;;
    *) echo "build.sh: unknown target '$target'" >&2; usage 2 ;;
esac
[[ $# -le 1 ]] || { echo "build.sh: one target at most" >&2; usage 2; }

check_docker
case $target in
    base) ensure_base ;;
    sandbox) build_sandbox ;;
    operator) build_operator ;;
    all)
        build_sandbox
        build_operator
        ;;
esac
step "done"
