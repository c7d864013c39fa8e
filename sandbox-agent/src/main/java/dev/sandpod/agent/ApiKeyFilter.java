package dev.sandpod.agent;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Requires header {@code X-Session-API-Key} on every route but the two status routes that probes
 * call; {@code /server_info} answers host figures only to a request that carries the key
 * ({@link StatusService}). Compared in constant time, so response timing tells nothing about the key.
 */
final class ApiKeyFilter implements Filter {

    static final HeaderName HEADER = HeaderNames.create("X-Session-API-Key");
    private static final Set<String> OPEN = Set.of("/alive", "/server_info");

    private final byte[] key;

    ApiKeyFilter(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String given = req.headers().first(HEADER).orElse(null);
        // an open route with no key is answered; a wrong key is refused everywhere, so a caller never
        // mistakes the keyless answer of /server_info for the full one
        if (OPEN.contains(req.path().path()) && given == null) {
            chain.proceed();
            return;
        }
        if (given == null) {
            JsonBodies.detail(res, Status.UNAUTHORIZED_401,
                    "Missing header X-Session-API-Key: send the session's API key with every request but /alive and /server_info.");
            return;
        }
        if (!accepts(given)) {
            JsonBodies.detail(res, Status.UNAUTHORIZED_401,
                    "Invalid X-Session-API-Key: it does not match this session's API key.");
            return;
        }
        chain.proceed();
    }

    /** Whether {@code given} is the session's key. */
    boolean accepts(String given) {
        return given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
    }
}
