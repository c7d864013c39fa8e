package dev.sandpod.agent.shell;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The marker bash prints before every prompt: a nonce-marked JSON with the exit code, the last
 * background pid, user, host, working directory and Python interpreter. One round trip tells
 * that a command completed and how.
 *
 * <p>The markers are assembled by {@code printf} from two halves, so neither the function's
 * definition nor a command that prints it can ever contain a whole marker; the nonce is fresh per
 * shell, so output that merely looks like a prompt never matches. The function is written to
 * work under {@code set -euo pipefail} and resets {@code PS1}/{@code PS2} each time, so a user
 * changing them cannot hide or garble the marker.
 */
final class PromptSentinel {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private final String nonce;
    private final byte[] begin;
    private final byte[] end;

    PromptSentinel() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        nonce = HexFormat.of().formatHex(random);
        begin = ("###SANDPOD-" + nonce + "-BEGIN###").getBytes(StandardCharsets.US_ASCII);
        end = ("###SANDPOD-" + nonce + "-END###").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] begin() {
        return begin;
    }

    byte[] end() {
        return end;
    }

    /**
     * Bash that defines the prompt function and installs it. {@code errexit} is switched off at
     * each prompt: in an interactive shell it would end the whole session at the next failing
     * command, which no caller wants; it still applies to the rest of the line that set it.
     */
    String installScript() {
        try (InputStream in = PromptSentinel.class.getResourceAsStream("prompt.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@NONCE@", nonce);
        } catch (IOException e) {
            throw new UncheckedIOException("prompt.sh is missing from the agent's jar", e);
        }
    }

    /** The metadata in the bytes between the two markers; unreadable JSON gives exit code -1. */
    PromptMetadata parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new PromptMetadata(
                    node.path("exit_code").asInt(-1),
                    node.path("pid").asInt(-1),
                    node.path("username").asText(""),
                    node.path("hostname").asText(""),
                    node.path("working_dir").asText(""),
                    node.path("py_interpreter_path").asText(""),
                    node.path("home").asText(""),
                    node.path("id").asText(""));
        } catch (IOException e) {
            return PromptMetadata.UNKNOWN;
        }
    }
}
