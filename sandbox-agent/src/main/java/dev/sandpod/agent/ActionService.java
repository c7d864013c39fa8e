package dev.sandpod.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.Observation;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /execute_action}: reads {@code {"action": {...}}}, answers an observation in the
 * request's wire dialect ({@link DialectChooser}).
 */
final class ActionService implements HttpService {

    private static final String EXAMPLE = " Example: {\"action\": {\"action\": \"run\", \"args\": {\"command\": \"ls\"}}}";

    private static final io.helidon.http.HeaderName DIALECT_HEADER = HeaderNames.create(WireDialect.HEADER);

    private final AgentState state;

    ActionService(AgentState state) {
        this.state = state;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/execute_action", this::execute);
    }

    private void execute(ServerRequest req, ServerResponse res) {
        ActionDispatcher dispatcher = state.dispatcher();
        if (dispatcher == null) {
            JsonBodies.detail(res, Status.SERVICE_UNAVAILABLE_503,
                    "The sandbox agent is still starting; retry when GET /alive answers {\"status\": \"ok\"}.");
            return;
        }
        Action action;
        WireDialect dialect;
        try {
            action = parse(req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0]);
            dialect = state.dialects().choose(action, req.headers().first(DIALECT_HEADER));
        } catch (BadRequest e) {
            JsonBodies.detail(res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        state.actionRan();
        try {
            ActionContext context = new ActionContext(dialect, ClientConnection.gone(req));
            Observation observation = dispatcher.execute(action, context);
            JsonBodies.ok(res, dialect.body(observation));
        } finally {
            state.actionRan();
        }
    }

    static Action parse(byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = JsonBodies.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("The body is not valid JSON: " + e.getOriginalMessage() + "." + EXAMPLE);
        } catch (java.io.IOException e) {
            throw new BadRequest("The body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new BadRequest("The body must be a JSON object with an \"action\" field." + EXAMPLE);
        }
        JsonNode action = root.get("action");
        if (action == null || action.isNull()) {
            throw new BadRequest("Missing field \"action\" in the body." + EXAMPLE);
        }
        if (!action.isObject()) {
            throw new BadRequest("Field \"action\" must be a JSON object, got " + kind(action) + "." + EXAMPLE);
        }
        JsonNode type = action.get("action");
        if (type == null || type.isNull() || (type.isTextual() && type.asText().isBlank())) {
            throw new BadRequest("Missing action type: set \"action\" inside the action object, e.g. \"run\"." + EXAMPLE);
        }
        if (!type.isTextual()) {
            throw new BadRequest("The action type (action.action) must be a string, got " + kind(type) + ".");
        }
        JsonNode args = action.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new BadRequest("Field \"action.args\" must be a JSON object, got " + kind(args) + ".");
        }
        JsonNode timeout = action.get("timeout");
        if (timeout != null && !timeout.isNull() && !timeout.isNumber()) {
            throw new BadRequest("Field \"action.timeout\" must be a number of seconds, got " + kind(timeout) + ".");
        }
        ObjectNode argsObject = args == null || args.isNull() ? Action.newArgs() : (ObjectNode) args;
        Double seconds = timeout == null || timeout.isNull() ? null : timeout.asDouble();
        return new Action(type.asText(), argsObject, seconds);
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A request the caller must fix; its message says how. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
