# Sourced by the scripts in bin/: picks a JDK 21+ (Helidon 4 needs it) and exports JAVA_HOME.
# The Temurin 25 JDK where it is installed, else JAVA_HOME when it is 21+, else a clear error.
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -z ${JAVA_HOME:-} || ! -x $JAVA_HOME/bin/java ]]; then
    echo "Sandpod needs a JDK 21 or newer: install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
    exit 1
fi
__sandpod_java_major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if ((${__sandpod_java_major:-0} < 21)); then
    echo "JAVA_HOME=$JAVA_HOME is Java ${__sandpod_java_major:-?}; Sandpod needs 21 or newer: set JAVA_HOME to a newer JDK" >&2
    exit 1
fi
# Maven's own Guava calls sun.misc.Unsafe, which JDK 23+ warns about on every build: allow it quietly
if ((__sandpod_java_major >= 23)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
unset __sandpod_java_major
