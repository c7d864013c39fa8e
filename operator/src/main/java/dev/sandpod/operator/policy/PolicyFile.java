package dev.sandpod.operator.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The platform team's settings for sessions, from the YAML file the chart renders from its values
 * ({@code SANDPOD_POLICY_FILE}, mounted from a ConfigMap): {@code policy} (the rules of
 * {@link SessionPolicy}) and {@code networkPolicy} ({@link NetworkIsolation}). An unknown key is an
 * error naming it, so a typo never silently leaves a rule at its default.
 */
public record PolicyFile(SessionPolicy policy, NetworkIsolation networkPolicy) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a missing allow* is false: denied

    public PolicyFile {
        policy = Objects.requireNonNullElseGet(policy, SessionPolicy::defaults);
        networkPolicy = Objects.requireNonNullElseGet(networkPolicy, NetworkIsolation::defaults);
    }

    /** Every default: what an operator without a policy file applies. */
    public static PolicyFile defaults() {
        return new PolicyFile(null, null);
    }

    /** Reads the file; throws IllegalArgumentException naming the file and the key that is wrong. */
    public static PolicyFile read(Path file) {
        try {
            String text = Files.readString(file);
            PolicyFile read = text.isBlank() ? null : YAML.readValue(text, PolicyFile.class);
            return read == null ? defaults() : read;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("policy file " + file + " does not exist", e);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // a rule the policy itself refuses (a default above its maximum): its own message says which
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("policy file " + file + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new IllegalArgumentException("policy file " + file + ": " + (key.isEmpty() ? "" : key + ": ")
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("policy file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
