package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real HTTP against a real agent. By default the agent is started in this JVM on a free port of
 * 127.0.0.1 with a fresh working directory and API key; when {@code SANDPOD_AGENT_URL} (and
 * {@code SANDPOD_AGENT_KEY}) are set, the same tests target that already running agent, e.g. one
 * inside a container ({@code SANDPOD_AGENT_NO_CHANGE_TIMEOUT} tells its soft timeout, default 10).
 */
public final class AgentHarness implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final int IN_PROCESS_NO_CHANGE_SECONDS = 2;

    private final URI base;
    private final String key;
    private final int noChangeSeconds;
    private final SandboxAgent agent;
    private final Path workingDir;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private AgentHarness(URI base, String key, int noChangeSeconds, SandboxAgent agent, Path workingDir) {
        this.base = base;
        this.key = key;
        this.noChangeSeconds = noChangeSeconds;
        this.agent = agent;
        this.workingDir = workingDir;
    }

    /** Whether the tests target an agent started elsewhere (then host-only tests skip). */
    public static boolean remote() {
        String url = System.getenv("SANDPOD_AGENT_URL");
        return url != null && !url.isBlank();
    }

    /** An agent for one test class: the remote one, or a fresh one in this JVM with these extra flags. */
    public static AgentHarness start(String... extraArgs) throws Exception {
        if (remote()) {
            String timeout = System.getenv("SANDPOD_AGENT_NO_CHANGE_TIMEOUT");
            return new AgentHarness(URI.create(System.getenv("SANDPOD_AGENT_URL").replaceAll("/+$", "")),
                    System.getenv("SANDPOD_AGENT_KEY"), timeout == null ? 10 : Integer.parseInt(timeout), null, null);
        }
        Path workingDir = Files.createTempDirectory("sandpod-agent-it-");
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1",
                "--working-dir", workingDir.toString(), "--no-change-timeout", String.valueOf(IN_PROCESS_NO_CHANGE_SECONDS)));
        args.addAll(List.of(extraArgs));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        SandboxAgent agent = SandboxAgent.start(AgentOptions.parse(args.toArray(String[]::new)), key);
        return new AgentHarness(URI.create("http://127.0.0.1:" + agent.port()), key, IN_PROCESS_NO_CHANGE_SECONDS, agent, workingDir);
    }

    /** A harness for an agent already listening at {@code base}, e.g. in a container a test started. */
    public static AgentHarness connect(URI base, String key, int noChangeSeconds) {
        return new AgentHarness(base, key, noChangeSeconds, null, null);
    }

    public int noChangeSeconds() {
        return noChangeSeconds;
    }

    public String key() {
        return key;
    }

    /** The working directory of an in-process agent; null for a remote one. */
    public Path workingDir() {
        return workingDir;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** POST /execute_action of a run action; answers the observation. */
    public JsonNode run(String command) throws IOException, InterruptedException {
        return run(command, args -> { }, null);
    }

    public JsonNode run(String command, java.util.function.Consumer<ObjectNode> moreArgs, Double timeout)
            throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", "run");
        ObjectNode args = action.putObject("args").put("command", command);
        moreArgs.accept(args);
        if (timeout != null) {
            action.put("timeout", timeout);
        }
        return action(action);
    }

    public JsonNode input(String text) throws IOException, InterruptedException {
        return run(text, args -> args.put("is_input", true), null);
    }

    /** POST /execute_action of any action object; fails unless the answer is 200. */
    public JsonNode action(ObjectNode action) throws IOException, InterruptedException {
        return action(action, Map.of());
    }

    /** POST /execute_action with extra headers (e.g. the dialect's); fails unless the answer is 200. */
    public JsonNode action(ObjectNode action, Map<String, String> headers) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.set("action", action);
        HttpResponse<String> response = post("/execute_action", JSON.writeValueAsString(body), key, headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("POST /execute_action answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> post(String path, String body, boolean withKey) throws IOException, InterruptedException {
        return post(path, body, withKey ? key : null);
    }

    public HttpResponse<String> post(String path, String body, String apiKey) throws IOException, InterruptedException {
        return post(path, body, apiKey, Map.of());
    }

    public HttpResponse<String> post(String path, String body, String apiKey, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (apiKey != null) {
            request.header("X-Session-API-Key", apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, boolean withKey) throws IOException, InterruptedException {
        return get(path, withKey ? key : null);
    }

    public HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (apiKey != null) {
            request.header("X-Session-API-Key", apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code command} to completion (blocking, up to 10 minutes); its output, failing unless it exits 0. */
    public String shell(String command) throws IOException, InterruptedException {
        JsonNode o = run(command, args -> args.put("blocking", true), 600.0);
        if (exitCode(o) != 0) {
            throw new AssertionError(command + " exited with " + exitCode(o) + ": " + o);
        }
        return o.path("content").asText();
    }

    /**
     * A fresh directory made by the shell's user for one test class: in the working directory of an
     * agent in this JVM, in /tmp of a remote one (whose working directory other classes share).
     */
    public String scratchDirectory(String prefix) throws IOException, InterruptedException {
        String parent = workingDir != null ? workingDir.toString() : "/tmp";
        String dir = parent + "/" + prefix + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36);
        shell("mkdir -p " + dir);
        return dir;
    }

    /** POST /upload_file of one file (a zip with {@code recursive}) as multipart/form-data. */
    public HttpResponse<String> upload(String destination, String filename, byte[] content, boolean recursive)
            throws IOException, InterruptedException {
        String boundary = "sandpodHarness" + Long.toHexString(System.nanoTime());
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String query = "?destination=" + java.net.URLEncoder.encode(destination, java.nio.charset.StandardCharsets.UTF_8)
                + "&recursive=" + recursive;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/upload_file" + query))
                .timeout(Duration.ofSeconds(300))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(content), HttpRequest.BodyPublishers.ofByteArray(tail)));
        if (key != null) {
            request.header("X-Session-API-Key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET /download_files of {@code path}; the body is the zip, or a JSON error. */
    public HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/download_files?path="
                + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(300)).GET();
        if (key != null) {
            request.header("X-Session-API-Key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The text a model would read: prefix, content and suffix. */
    public static String text(JsonNode observation) {
        JsonNode metadata = observation.path("extras").path("metadata");
        return metadata.path("prefix").asText("") + observation.path("content").asText("") + metadata.path("suffix").asText("");
    }

    /** The exit code in either dialect: {@code extras.exit_code} (2024) or {@code extras.metadata.exit_code} (2025). */
    public static int exitCode(JsonNode observation) {
        JsonNode extras = observation.path("extras");
        return (extras.has("exit_code") ? extras.path("exit_code") : extras.path("metadata").path("exit_code")).asInt(Integer.MIN_VALUE);
    }

    /** Ends whatever still runs in the shell so the next test starts at a prompt. */
    public void settle() throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            JsonNode o = run("");
            if (o.path("content").asText().contains("No previous running command")) {
                return;
            }
            run("C-c");
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
            try (var files = Files.walk(workingDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory does no harm
            }
        }
    }

    /**
     * Reads an agent process's output until its ready line and returns the port it names; the rest
     * of the output is drained in the background so the agent never blocks on a full pipe.
     */
    static int readyPort(Process agent) throws IOException {
        Pattern ready = Pattern.compile("Sandpod agent ready on [^:]+:(\\d+)");
        List<String> log = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            log.add(line);
            Matcher m = ready.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the agent exited before its ready line: " + String.join("\n", log));
    }
}
