package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP surface: status routes, request validation, authentication. */
class AgentHttpIT {

    static AgentHarness agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void aliveNeedsNoKey() throws Exception {
        HttpResponse<String> response = agent.get("/alive", false);
        assertEquals(200, response.statusCode());
        assertEquals("ok", JSON.readTree(response.body()).path("status").asText());
    }

    @Test
    void serverInfoWithoutTheKeyTellsUptimeAndIdleTimeOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(agent.key() != null, "the agent under test has no key");
        agent.run("true");
        Thread.sleep(300);
        HttpResponse<String> response = agent.get("/server_info", false);
        assertEquals(200, response.statusCode());
        JsonNode info = JSON.readTree(response.body());
        assertTrue(info.path("uptime").asDouble() > 0, response.body());
        double idle = info.path("idle_time").asDouble(-1);
        assertTrue(idle >= 0.2 && idle <= info.path("uptime").asDouble(), response.body());
        assertEquals(java.util.Set.of("uptime", "idle_time"), fieldNames(info),
                "no host figures (cpu, memory, disk) without the key: " + response.body());
    }

    @Test
    void serverInfoWithTheKeyAddsTheHostsResources() throws Exception {
        HttpResponse<String> response = agent.get("/server_info", true);
        assertEquals(200, response.statusCode());
        JsonNode info = JSON.readTree(response.body());
        assertTrue(info.path("uptime").asDouble() > 0, response.body());
        assertTrue(info.path("resources").path("cpu").path("count").asInt() > 0, response.body());
        assertTrue(info.path("resources").path("memory").path("total").asLong() > 0, response.body());
        assertTrue(info.path("resources").path("disk").path("total").asLong() > 0, response.body());
    }

    @Test
    void serverInfoWithAWrongKeyIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(agent.key() != null, "the agent under test has no key");
        HttpResponse<String> response = agent.get("/server_info", "not-the-key");
        assertEquals(401, response.statusCode());
        assertTrue(JSON.readTree(response.body()).path("detail").asText().contains("Invalid X-Session-API-Key"), response.body());
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void vscodeTokenIsNull() throws Exception {
        HttpResponse<String> response = agent.get("/vscode/connection_token", true);
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.has("token") && body.get("token").isNull(), response.body());
    }

    @Test
    void actionsNeedTheKey() throws Exception {
        String body = "{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"echo authorized\"}}}";
        if (agent.key() == null) {
            return; // a remote agent without a key has no authentication to test
        }
        HttpResponse<String> missing = agent.post("/execute_action", body, false);
        assertEquals(401, missing.statusCode());
        assertTrue(JSON.readTree(missing.body()).path("detail").asText().contains("X-Session-API-Key"), missing.body());

        HttpResponse<String> wrong = agent.post("/execute_action", body, agent.key() + "x");
        assertEquals(401, wrong.statusCode());
        assertTrue(JSON.readTree(wrong.body()).path("detail").asText().contains("Invalid"), wrong.body());

        HttpResponse<String> token = agent.get("/vscode/connection_token", false);
        assertEquals(401, token.statusCode());

        HttpResponse<String> right = agent.post("/execute_action", body, true);
        assertEquals(200, right.statusCode());
        assertEquals("authorized", JSON.readTree(right.body()).path("content").asText());
    }

    @Test
    void malformedJsonIs400WithDetail() throws Exception {
        assertBadRequest("{\"action\": ", "not valid JSON");
        assertBadRequest("", "must be a JSON object");
        assertBadRequest("[1, 2]", "must be a JSON object");
    }

    @Test
    void missingActionIs400() throws Exception {
        assertBadRequest("{}", "Missing field \"action\"");
        assertBadRequest("{\"action\": \"run\"}", "must be a JSON object");
    }

    @Test
    void missingTypeIs400() throws Exception {
        assertBadRequest("{\"action\": {\"args\": {\"command\": \"ls\"}}}", "Missing action type");
        assertBadRequest("{\"action\": {\"action\": 5}}", "must be a string");
    }

    @Test
    void wrongArgumentShapesAre400() throws Exception {
        assertBadRequest("{\"action\": {\"action\": \"run\", \"args\": [\"ls\"]}}", "action.args");
        assertBadRequest("{\"action\": {\"action\": \"run\", \"args\": {}, \"timeout\": \"soon\"}}", "action.timeout");
    }

    @Test
    void commandOfWrongTypeIsAnErrorObservation() throws Exception {
        HttpResponse<String> response = agent.post("/execute_action",
                "{\"action\": {\"action\": \"run\", \"args\": {\"command\": 42}}}", true);
        assertEquals(200, response.statusCode());
        JsonNode observation = JSON.readTree(response.body());
        assertEquals("error", observation.path("observation").asText());
        assertTrue(observation.path("content").asText().contains("must be a string"), response.body());
    }

    @Test
    void unknownActionTypeNamesTheSupportedOnes() throws Exception {
        JsonNode observation = agent.action(JSON.createObjectNode().put("action", "teleport"));
        assertEquals("error", observation.path("observation").asText());
        String content = observation.path("content").asText();
        assertTrue(content.contains("teleport") && content.contains("run") && content.contains("edit"), content);
    }

    @Test
    void pluginActionsNameTheMissingPlugin() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(AgentHarness.remote(), "a remote agent may have its plugins enabled");
        JsonNode ipython = agent.action(JSON.createObjectNode().put("action", "run_ipython"));
        assertEquals("error", ipython.path("observation").asText());
        assertTrue(ipython.path("content").asText().contains("jupyter"), ipython.toString());
        for (String type : new String[]{"browse", "browse_interactive"}) {
            JsonNode browse = agent.action(JSON.createObjectNode().put("action", type));
            assertEquals("error", browse.path("observation").asText());
            assertTrue(browse.path("content").asText().contains("browser"), browse.toString());
        }
    }

    private static void assertBadRequest(String body, String expected) throws Exception {
        HttpResponse<String> response = agent.post("/execute_action", body, true);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("json"), response.headers().toString());
        String detail = JSON.readTree(response.body()).path("detail").asText();
        assertTrue(detail.contains(expected), "detail '" + detail + "' should contain '" + expected + "'");
    }
}
