package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connects to the Docker engine named by {@code DOCKER_HOST} (else {@code unix:///var/run/docker.sock}).
 * No API version is pinned: docker-java negotiates one that Docker 20.10 and later accept.
 */
public final class DockerConnection {

    private static final Pattern ENGINE_MESSAGE = Pattern.compile("\\{\"message\":\"(.*)\"}");

    private DockerConnection() {
    }

    /** A client for sandboxes: short connect timeout, a long read timeout for image pulls. */
    public static DockerClient open() {
        return open(Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    static DockerClient open(Duration connectTimeout, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Where the engine is expected, for messages that tell the user what to start or set. */
    public static String host() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }

    /** Whether an engine answers a ping within the timeout; for choosing a runtime. */
    public static boolean isReachable(Duration timeout) {
        try (DockerClient client = open(timeout, timeout)) {
            client.pingCmd().exec();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a failure means the engine could not be reached, rather than an error answer from it. */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The engine's own words from an error answer ({@code Status 500: {"message":"..."}}). */
    static String message(Throwable error) {
        String raw = String.valueOf(error.getMessage()).strip();
        Matcher m = ENGINE_MESSAGE.matcher(raw);
        return m.find() ? m.group(1).replace("\\\"", "\"") : raw;
    }
}
