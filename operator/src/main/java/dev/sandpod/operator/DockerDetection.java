package dev.sandpod.operator;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether a Docker engine answers on this host, to pick the default runtime outside a cluster. */
final class DockerDetection {

    private DockerDetection() {
    }

    static boolean reachable(Map<String, String> env) {
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank() && !host.startsWith("unix://")) {
            return true; // a remote engine: trust the user's setting; the docker runtime reports failures
        }
        Path socket = Path.of(host != null && host.startsWith("unix://") ? host.substring(7) : "/var/run/docker.sock");
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
