package dev.sandpod.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionRequest;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Typed calls on one sandbox agent: its endpoint (e.g. {@code http://127.0.0.1:49153}) and the
 * session's API key. Thread-safe; actions on the sandbox's one shell are serialized by the agent.
 *
 * <pre>{@code
 * AgentClient agent = session.agent();
 * CommandResult result = agent.run("python3 --version");
 * agent.upload(Path.of("src"), "/workspace");
 * agent.download("/workspace/out", Path.of("out"));
 * }</pre>
 *
 * Error observations and editor errors throw {@link AgentException} with the agent's message; a
 * wrong key throws {@link WrongApiKeyException}.
 */
public final class AgentClient {

    /** The header carrying the session's API key. */
    public static final String API_KEY_HEADER = "X-Session-API-Key";
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(60);

    private final URI endpoint;
    private final String apiKey;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param endpoint the agent's URL
     * @param apiKey   the session's key; null for an agent started without one
     */
    public AgentClient(URI endpoint, String apiKey) {
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The agent's URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** Whether the agent answers {@code GET /alive} with 200 (it is initialized). */
    public boolean alive() {
        try {
            HttpResponse<Void> response = http.send(request("/alive").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Checks that the agent accepts the key; throws {@link WrongApiKeyException} when it does not. */
    public void verifyKey() {
        send(request("/vscode/connection_token").GET().build(), DEFAULT_REQUEST_TIMEOUT);
    }

    /** Runs {@code command} in the sandbox's shell with the agent's soft timeout. */
    public CommandResult run(String command) {
        return run(RunCommand.of(command));
    }

    /**
     * Runs {@code command}, waiting up to {@code timeout}; a command still running then is
     * interrupted (Ctrl-C) and the result has the output of both answers. The agent itself leaves
     * a command running at its timeout, as OpenHands' server does.
     */
    public CommandResult run(String command, Duration timeout) {
        CommandResult result = run(RunCommand.blocking(command, timeout));
        if (!result.stillRunning()) {
            return result;
        }
        CommandResult interrupted = run(RunCommand.of("C-c"));
        String output = result.output().isEmpty() ? interrupted.output()
                : interrupted.output().isEmpty() ? result.output() : result.output() + "\n" + interrupted.output();
        return new CommandResult(result.command(), output, interrupted.exitCode(), interrupted.workingDir(), interrupted.pid(),
                interrupted.username(), interrupted.hostname());
    }

    /** Runs a command, sends input or a key ({@code C-c}) to the shell. */
    public CommandResult run(RunCommand command) {
        ObjectNode args = Action.newArgs()
                .put("command", command.command())
                .put("is_input", command.isInput())
                .put("blocking", command.blocking());
        Double timeout = command.timeout() == null ? null : command.timeout().toMillis() / 1000.0;
        Observation observation = execute(new Action(ActionTypes.RUN, args, timeout));
        Map<String, Object> extras = observation.extras() == null ? Map.of() : observation.extras();
        Object metaValue = extras.get("metadata");
        Map<?, ?> metadata = metaValue instanceof Map<?, ?> m ? m : Map.of();
        Object exit = extras.containsKey("exit_code") ? extras.get("exit_code") : metadata.get("exit_code");
        return new CommandResult(
                text(extras.get("command"), command.command()),
                observation.content() == null ? "" : observation.content(),
                exit instanceof Number n ? n.intValue() : -1,
                text(metadata.get("working_dir"), null),
                metadata.get("pid") instanceof Number n ? n.longValue() : -1,
                text(metadata.get("username"), null),
                text(metadata.get("hostname"), null));
    }

    /** The whole text of a file (relative paths are resolved against the shell's working directory). */
    public String read(String path) {
        return content(execute(new Action(ActionTypes.READ, Action.newArgs().put("path", path))));
    }

    /** Lines {@code start..end} of a file (0-based start, end -1 for the rest), as the agent numbers them. */
    public String read(String path, int start, int end) {
        return content(execute(new Action(ActionTypes.READ,
                Action.newArgs().put("path", path).put("start", start).put("end", end))));
    }

    /** Writes {@code content} to a file, creating parent directories; returns the agent's confirmation. */
    public String write(String path, String content) {
        return content(execute(new Action(ActionTypes.WRITE,
                Action.newArgs().put("path", path).put("content", content))));
    }

    /** Runs an editor command; returns the editor's answer (a view, or a snippet of the edited lines). */
    public String edit(FileEdit edit) {
        ObjectNode args = Action.newArgs().put("command", edit.command()).put("path", edit.path());
        if (edit.fileText() != null) {
            args.put("file_text", edit.fileText());
        }
        if (edit.oldStr() != null) {
            args.put("old_str", edit.oldStr());
        }
        if (edit.newStr() != null) {
            args.put("new_str", edit.newStr());
        }
        if (edit.insertLine() != null) {
            args.put("insert_line", edit.insertLine());
        }
        if (edit.viewRange() != null) {
            edit.viewRange().forEach(args.putArray("view_range")::add);
        }
        String content = content(execute(new Action(ActionTypes.EDIT, args)));
        // the editor reports its errors in the content, as OpenHands' editor does
        if (content.startsWith("ERROR:")) {
            throw new AgentException(content.substring("ERROR:".length()).strip(), 200);
        }
        return content;
    }

    /** Sends an action as it is and returns the agent's observation, error observations included. */
    public Observation execute(Action action) {
        byte[] body = toJson(new ActionRequest(action));
        Duration timeout = action.timeout() == null ? DEFAULT_REQUEST_TIMEOUT
                : Duration.ofMillis((long) (action.timeout() * 1000)).plus(TIMEOUT_MARGIN);
        HttpRequest request = request("/execute_action").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return fromJson(send(request, timeout), Observation.class);
    }

    /**
     * Uploads a local file into the directory {@code destinationDir}, or a local directory (as a
     * zip the agent extracts) to {@code destinationDir/<its name>}, as {@code cp -r} would.
     */
    public void upload(Path source, String destinationDir) {
        upload(source, destinationDir, source.toAbsolutePath().normalize().getFileName().toString());
    }

    /**
     * Uploads a local file or directory into the directory {@code destinationDir} under the name
     * {@code name}: {@code upload(Path.of("a.txt"), "/workspace", "b.txt")} writes {@code /workspace/b.txt}.
     */
    public void upload(Path source, String destinationDir, String name) {
        if (!Files.exists(source)) {
            throw new SandpodException("Cannot upload " + source + ": no such file or directory");
        }
        boolean directory = Files.isDirectory(source);
        Path zip = null;
        try {
            Path file = source;
            String filename = name;
            if (directory) {
                zip = Files.createTempFile("sandpod-upload-", ".zip");
                ZipArchive.zipDirectory(source, name, zip);
                file = zip;
                filename = filename + ".zip";
            }
            MultipartBody body = new MultipartBody("file", filename, file);
            URI uri = URI.create(endpoint + "/upload_file?destination=" + query(destinationDir) + "&recursive=" + directory);
            HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri))
                    .header("Content-Type", body.contentType()).POST(body.publisher());
            send(request.build(), DEFAULT_REQUEST_TIMEOUT);
        } catch (IOException e) {
            throw new SandpodException("Cannot upload " + source + ": " + e.getMessage(), e);
        } finally {
            if (zip != null) {
                zip.toFile().delete();
            }
        }
    }

    /**
     * Downloads a file or directory of the sandbox into the local directory {@code localDir}
     * (created when missing): a file lands as {@code localDir/<its name>}, a directory's contents
     * land in {@code localDir}. Entries that would land outside {@code localDir} are refused.
     *
     * @return the paths written, relative to {@code localDir}
     */
    public List<Path> download(String remotePath, Path localDir) {
        HttpRequest request = request("/download_files?path=" + query(remotePath)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(request, (n, v) -> true).timeout(DEFAULT_REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw error(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                return ZipArchive.extract(body, localDir);
            }
        } catch (IOException e) {
            throw new AgentException("Download of " + remotePath + " from " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("Interrupted while downloading " + remotePath, e);
        }
    }

    /** The entries of a sandbox directory: directories first with a trailing {@code /}, then files. */
    public List<String> listFiles(String path) {
        byte[] body = toJson(path == null ? Map.of() : Map.of("path", path));
        HttpRequest request = request("/list_files").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String answer = send(request, DEFAULT_REQUEST_TIMEOUT);
        try {
            return json.readValue(answer, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new AgentException("The agent's file list is not a JSON array: " + abbreviate(answer), 200);
        }
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(URI.create(endpoint + path)));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return apiKey == null ? builder : builder.header(API_KEY_HEADER, apiKey);
    }

    private String send(HttpRequest request, Duration timeout) {
        HttpRequest timed = HttpRequest.newBuilder(request, (n, v) -> true).timeout(timeout).build();
        try {
            HttpResponse<String> response = http.send(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AgentException("The agent at " + endpoint + " did not answer " + request.uri().getPath() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + ". Is the session running? Check it with 'sandpod ls'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("Interrupted while waiting for the agent at " + endpoint, e);
        }
    }

    private AgentException error(int status, String body) {
        if (status == 401) {
            return new WrongApiKeyException(endpoint.toString());
        }
        String detail = body;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("detail")) {
                detail = node.get("detail").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the body as it is
        }
        return new AgentException("The agent answered HTTP " + status + ": " + abbreviate(detail), status);
    }

    private static String content(Observation observation) {
        if (observation.isError()) {
            throw new AgentException(observation.content(), 200);
        }
        return observation.content() == null ? "" : observation.content();
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T fromJson(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new AgentException("The agent answered something that is not an observation: " + abbreviate(body), 200);
        }
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
