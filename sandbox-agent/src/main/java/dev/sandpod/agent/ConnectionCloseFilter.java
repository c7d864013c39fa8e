package dev.sandpod.agent;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Honours {@code Connection: close}: the webserver answers such a request with that header but
 * then waits for the next request on the same connection. After the answer is sent, this filter
 * ends the connection, as HTTP/1.1 (RFC 9112, 9.6) asks.
 */
final class ConnectionCloseFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (req.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("the client asked to close the connection");
        }
    }
}
