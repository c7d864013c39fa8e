package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transfer endpoints over real HTTP: a Helidon server on a free port, the JDK client, real files. */
class FileTransferServiceIT {

    private static final String BOUNDARY = "sandpodTestBoundary0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private WebServer server;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() {
        server = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.register(new FileTransferService(TestSandbox.in(dir),
                        UserFileAccess.sameUser(TestSandbox.currentUser(dir)))))
                .build().start();
        base = "http://127.0.0.1:" + server.port();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        server.stop();
        client.close();
    }

    private static byte[] head(String filename) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] TAIL = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);

    private HttpResponse<String> upload(String query, String filename, byte[] content) throws Exception {
        return client.send(uploadRequest(query, HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head(filename)),
                HttpRequest.BodyPublishers.ofByteArray(content),
                HttpRequest.BodyPublishers.ofByteArray(TAIL))), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest uploadRequest(String query, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(base + "/upload_file" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .timeout(Duration.ofSeconds(120))
                .POST(body).build();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void uploadsOneFileIntoACreatedDestination() throws Exception {
        Path dest = dir.resolve("incoming/sub");
        HttpResponse<String> res = upload("?destination=" + q(dest.toString()), "hello.txt", "hi there".getBytes());
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(Map.of("filename", "hello.txt", "destination", dest.toString(), "recursive", false),
                JSON.readValue(res.body(), Map.class));
        assertEquals("hi there", Files.readString(dest.resolve("hello.txt")));
        assertEquals(TestSandbox.uid(dir), TestSandbox.uid(dest.resolve("hello.txt")));

        Files.setPosixFilePermissions(dest.resolve("hello.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertEquals(200, upload("?destination=" + q(dest.toString()), "hello.txt", "replaced".getBytes()).statusCode());
        assertEquals("replaced", Files.readString(dest.resolve("hello.txt")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dest.resolve("hello.txt"))), "an overwritten file keeps its mode");

        HttpResponse<String> ontoFile = upload("?destination=" + q(dest + "/hello.txt"), "x.txt", "x".getBytes());
        assertEquals(400, ontoFile.statusCode());
        assertTrue(ontoFile.body().contains("is not a directory"), ontoFile.body());
    }

    @Test
    void uploadRefusesMissingOrRelativeDestinationsAndBadBodies() throws Exception {
        HttpResponse<String> relative = upload("?destination=relative/dir", "a.txt", "x".getBytes());
        assertEquals(400, relative.statusCode());
        assertEquals("Destination must be an absolute path", JSON.readTree(relative.body()).get("detail").asText());
        assertFalse(Files.exists(Path.of("relative")));

        HttpResponse<String> missing = upload("", "a.txt", "x".getBytes());
        assertEquals(400, missing.statusCode());
        assertTrue(JSON.readTree(missing.body()).get("detail").asText().contains("`destination`"), missing.body());

        HttpResponse<String> badFlag = upload("?recursive=maybe&destination=" + q(dir.toString()), "a.txt", "x".getBytes());
        assertEquals(400, badFlag.statusCode());
        assertTrue(badFlag.body().contains("`recursive`"), badFlag.body());

        HttpResponse<String> notMultipart = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/upload_file?destination=" + q(dir.toString())))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notMultipart.statusCode());
        assertTrue(notMultipart.body().contains("multipart/form-data"), notMultipart.body());

        HttpResponse<String> sneaky = upload("?destination=" + q(dir + "/d"), "../up.txt", "x".getBytes());
        assertEquals(400, sneaky.statusCode());
        assertFalse(Files.exists(dir.resolve("up.txt")));

        HttpResponse<String> truncated = client.send(uploadRequest("?destination=" + q(dir + "/t"),
                HttpRequest.BodyPublishers.ofByteArray(head("cut.txt"))), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, truncated.statusCode());
        assertTrue(JSON.readTree(truncated.body()).get("detail").asText().startsWith("Malformed multipart body"));
    }

    @Test
    void recursiveUploadExtractsTheZip() throws Exception {
        Path zip = dir.resolve("payload.zip");
        ZipExtractionTest.zip(zip, "src/Main.java", "class Main {}", "README.md", "# hi");
        Path dest = dir.resolve("project");
        HttpResponse<String> res = upload("?recursive=true&destination=" + q(dest.toString()), "payload.zip",
                Files.readAllBytes(zip));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(true, JSON.readTree(res.body()).get("recursive").asBoolean());
        assertEquals("class Main {}", Files.readString(dest.resolve("src/Main.java")));
        assertEquals("# hi", Files.readString(dest.resolve("README.md")));
        assertFalse(Files.exists(dest.resolve("payload.zip")), "the archive itself is not left behind");
    }

    @Test
    void zipsThatEscapeTheDestinationAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path dest = dir.resolve("target");
        Map<String, String[]> cases = Map.of(
                "climbing", new String[] {"fine.txt", "ok", "../../escaped.txt", "bad"},
                "absolute", new String[] {"fine.txt", "ok", dir + "/absolute.txt", "bad"});
        for (var c : cases.entrySet()) {
            Path zip = dir.resolve(c.getKey() + ".zip");
            ZipExtractionTest.zip(zip, c.getValue());
            HttpResponse<String> res = upload("?recursive=true&destination=" + q(dest.toString()), "x.zip",
                    Files.readAllBytes(zip));
            assertEquals(400, res.statusCode(), c.getKey() + ": " + res.body());
            assertTrue(JSON.readTree(res.body()).get("detail").asText().contains("Nothing was extracted"), res.body());
            assertFalse(Files.exists(dest), c.getKey() + ": nothing may be written");
        }
        assertFalse(Files.exists(dir.resolve("absolute.txt")));
        assertFalse(Files.exists(dir.getParent().resolve("escaped.txt")));

        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(dest);
        Files.createSymbolicLink(dest.resolve("via"), outside);
        Path zip = dir.resolve("link.zip");
        ZipExtractionTest.zip(zip, "via/planted.txt", "bad");
        HttpResponse<String> res = upload("?recursive=true&destination=" + q(dest.toString()), "x.zip", Files.readAllBytes(zip));
        assertEquals(400, res.statusCode(), res.body());
        assertFalse(Files.exists(outside.resolve("planted.txt")));

        HttpResponse<String> notZip = upload("?recursive=true&destination=" + q(dest.toString()), "x.zip", "text".getBytes());
        assertEquals(400, notZip.statusCode());
        assertTrue(notZip.body().contains("Recursive uploads must be zip files"), notZip.body());
    }

    /**
     * 50 MB through a pipe: the file must grow on disk while the client is still sending, which
     * fails if the server buffers the body before writing it.
     */
    @Test
    void fiftyMegabytesStreamToDisk() throws Exception {
        int chunk = 1024 * 1024;
        int total = 50;
        Path dest = dir.resolve("big");
        Path target = dest.resolve("big.bin");
        PipedInputStream pipeIn = new PipedInputStream(chunk);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                uploadRequest("?destination=" + q(dest.toString()), HttpRequest.BodyPublishers.ofInputStream(() -> pipeIn)),
                HttpResponse.BodyHandlers.ofString());
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[chunk];
        try (pipeOut) { // closing ends the request even when an assertion fails midway
            pipeOut.write(head("big.bin"));
            for (int i = 0; i < total; i++) {
                java.util.Arrays.fill(block, (byte) i);
                block[0] = (byte) (i * 7);
                sent.update(block);
                pipeOut.write(block);
                if (i == 39) {
                    pipeOut.flush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (writtenSoFar(dest) < 20L * chunk && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertTrue(writtenSoFar(dest) >= 20L * chunk,
                            "the upload is written while it arrives, not buffered: " + writtenSoFar(dest));
                    assertFalse(Files.exists(target), "an upload appears under its name only once complete");
                }
            }
            pipeOut.write(TAIL);
        }
        HttpResponse<String> res = response.get(120, TimeUnit.SECONDS);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals((long) total * chunk, Files.size(target));
        assertEquals(HexFormat.of().formatHex(sent.digest()), sha256(target));
    }

    /** The bytes in the (hidden) file an upload into {@code dest} is being written to. */
    private static long writtenSoFar(Path dest) throws IOException {
        if (!Files.isDirectory(dest)) {
            return -1;
        }
        try (var files = Files.list(dest)) {
            return files.mapToLong(f -> f.toFile().length()).max().orElse(-1);
        }
    }

    @Test
    void downloadsADirectoryAsAZip() throws Exception {
        Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectories(root.resolve("src/pkg"));
        Files.writeString(root.resolve("src/pkg/B.java"), "class B {}");
        Files.createDirectories(root.resolve("empty"));
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(
                URI.create(base + "/download_files?path=" + q(root.toString()))).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        assertEquals("application/zip", res.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"ws.zip\"", res.headers().firstValue("Content-Disposition").orElse(""));
        Map<String, String> entries = unzip(res.body());
        assertEquals(Map.of("a.txt", "alpha", "src/pkg/B.java", "class B {}", "empty/", ""), entries);
    }

    @Test
    void downloadsASingleFileAsAZip() throws Exception {
        Path file = Files.writeString(dir.resolve("one.txt"), "just me");
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(
                URI.create(base + "/download_files?path=" + q(file.toString()))).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        assertEquals(Map.of("one.txt", "just me"), unzip(res.body()));
    }

    @Test
    void downloadRefusesRelativeAndMissingPaths() throws Exception {
        HttpResponse<String> relative = client.send(HttpRequest.newBuilder(URI.create(base + "/download_files?path=rel")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, relative.statusCode());
        assertEquals("Path must be an absolute path", JSON.readTree(relative.body()).get("detail").asText());
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
                URI.create(base + "/download_files?path=" + q(dir + "/nothing"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("File not found", JSON.readTree(missing.body()).get("detail").asText());
        HttpResponse<String> none = client.send(HttpRequest.newBuilder(URI.create(base + "/download_files")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, none.statusCode());
    }

    @Test
    void listsDirectoriesFirstThenFilesCaseInsensitively() throws Exception {
        Files.createDirectories(dir.resolve("zeta"));
        Files.createDirectories(dir.resolve("Alpha"));
        Files.createDirectories(dir.resolve("sub/inner"));
        Files.writeString(dir.resolve("b.txt"), "");
        Files.writeString(dir.resolve("A.txt"), "");
        Files.writeString(dir.resolve(".env"), "");
        Files.writeString(dir.resolve("sub/x.txt"), "");
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("no-such-target"));
        assertEquals(List.of("Alpha/", "sub/", "zeta/", ".env", "A.txt", "b.txt"), list("{}"));
        assertEquals(List.of("Alpha/", "sub/", "zeta/", ".env", "A.txt", "b.txt"), list(""));
        assertEquals(List.of("inner/", "x.txt"), list("{\"path\": \"sub\"}"));
        assertEquals(List.of("inner/", "x.txt"), list("{\"path\": \"" + dir + "/sub\"}"));
        assertEquals(List.of(), list("{\"path\": \"missing\"}"));
        assertEquals(List.of(), list("{\"path\": \"b.txt\"}"));
    }

    @Test
    void listFilesRefusesMalformedBodies() throws Exception {
        for (String body : new String[] {"{not json", "[1, 2]", "{\"path\": 42}"}) {
            HttpResponse<String> res = post("/list_files", body);
            assertEquals(400, res.statusCode(), body);
            assertTrue(JSON.readTree(res.body()).has("detail"), res.body());
        }
    }

    private List<String> list(String body) throws Exception {
        HttpResponse<String> res = post("/list_files", body);
        assertEquals(200, res.statusCode(), res.body());
        return JSON.readValue(res.body(), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> unzip(InputStream body) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
