package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret holding the session's API key under {@code token}: 32 random bytes, created once and
 * never changed (a Creator without Updater), so a running agent and its callers keep agreeing.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class TokenSecretDependent extends KubernetesDependentResource<Secret, SandboxSession>
        implements Creator<Secret, SandboxSession>, GarbageCollected<SandboxSession> {

    /** The key of the API key in the Secret's data. */
    public static final String TOKEN_KEY = "token";
    private static final SecureRandom RANDOM = new SecureRandom();

    public TokenSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(SandboxSession session, Context<SandboxSession> context) {
        return build(session, newApiKey());
    }

    static Secret build(SandboxSession session, String apiKey) {
        return new SecretBuilder()
                .withMetadata(OwnedObjects.metadata(session, SessionNames.secret(session)))
                .withType("Opaque")
                .withData(Map.of(TOKEN_KEY, Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    static String newApiKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The API key in {@code secret}, whether the server filled {@code data} or only {@code stringData}. */
    public static Optional<String> apiKey(Secret secret) {
        if (secret.getData() != null && secret.getData().get(TOKEN_KEY) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(TOKEN_KEY)), StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(secret.getStringData()).map(d -> d.get(TOKEN_KEY));
    }
}
