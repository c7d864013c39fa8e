package dev.sandpod.client;

import java.security.SecureRandom;
import java.util.Base64;

/** New session keys: 32 random bytes, base64url, like the operator's Secrets. */
final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
