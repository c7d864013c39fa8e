package dev.sandpod.agent.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.agent.SandboxContext;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * File transfer endpoints of the OpenHands action execution server:
 * <ul>
 *   <li>{@code POST /upload_file?destination=ABS&recursive=BOOL} multipart field {@code file}: stored in
 *       the destination directory, or with {@code recursive=true} a zip extracted into it;</li>
 *   <li>{@code GET /download_files?path=ABS}: a zip of the directory or file, streamed;</li>
 *   <li>{@code POST /list_files} {@code {"path": optional}}: the entries of a directory.</li>
 * </ul>
 * Uploads stream to disk; nothing is held in memory whole.
 */
public final class FileTransferService implements HttpService {

    private final SandboxContext context;
    private final FileOwnership ownership;
    private final ZipExtraction extraction;

    public FileTransferService(SandboxContext context) {
        this.context = context;
        this.ownership = new FileOwnership(context.user());
        this.extraction = new ZipExtraction(ownership);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/upload_file", this::upload)
                .get("/download_files", this::download)
                .post("/list_files", this::listFiles);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        String destination = req.query().first("destination").orElse("");
        if (destination.isBlank()) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Query parameter `destination` is required: the absolute "
                    + "directory to upload into, e.g. /upload_file?destination=/workspace");
            return;
        }
        if (!FilePaths.isAbsolute(destination)) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Destination must be an absolute path");
            return;
        }
        Boolean recursive = parseBoolean(req.query().first("recursive").orElse("false"));
        if (recursive == null) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Query parameter `recursive` must be true or false, got `"
                    + req.query().first("recursive").orElse("") + "`");
            return;
        }
        String boundary = MultipartFileReader.boundaryOf(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
        if (boundary == null) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Send the file as multipart/form-data with a part named "
                    + "`file` (Content-Type: multipart/form-data; boundary=...)");
            return;
        }
        try {
            Path dest = FilePaths.toPath(FilePaths.normalize(destination));
            if (Files.exists(dest) && !Files.isDirectory(dest)) {
                JsonReplies.detail(res, Status.BAD_REQUEST_400, "Destination " + destination
                        + " exists and is not a directory");
                return;
            }
            MultipartFileReader reader = new MultipartFileReader(req.content().inputStream(), boundary);
            String filename = recursive ? uploadZip(reader, dest) : uploadFile(reader, dest);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("filename", filename);
            body.put("destination", destination);
            body.put("recursive", recursive);
            JsonReplies.send(res, Status.OK_200, body);
        } catch (FilePaths.MalformedPathException | ZipExtraction.UnsafeZipException | RejectedUploadException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, e.getMessage());
        } catch (MultipartFileReader.MalformedMultipartException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Malformed multipart body: " + e.getMessage());
        } catch (AccessDeniedException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Permission denied: " + e.getFile()
                    + "; choose a destination the sandbox can write to");
        } catch (FileSystemException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Cannot write " + e.getFile() + ": " + e.getReason());
        } catch (IOException e) {
            JsonReplies.detail(res, Status.INTERNAL_SERVER_ERROR_500, "Upload failed: " + e);
        }
    }

    /** Streams the zip to a temporary file, then extracts it once every entry passed the checks. */
    private String uploadZip(MultipartFileReader reader, Path dest)
            throws IOException, MultipartFileReader.MalformedMultipartException, ZipExtraction.UnsafeZipException {
        Path temp = Files.createTempFile("sandpod-upload-", ".zip");
        try {
            String filename;
            try (var opened = new OpenedOutput()) {
                filename = reader.copyPart("file",
                        name -> opened.use(Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)));
            }
            extraction.extract(temp, dest);
            return filename;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String uploadFile(MultipartFileReader reader, Path dest)
            throws IOException, MultipartFileReader.MalformedMultipartException {
        try (var opened = new OpenedOutput()) {
            return reader.copyPart("file", filename -> {
                if (filename.isEmpty() || filename.contains("/") || filename.equals(".") || filename.equals("..")
                        || filename.indexOf('\0') >= 0) {
                    throw new RejectedUploadException("The uploaded file name `" + filename + "` must be a plain "
                            + "file name without `/`; put directories in the destination parameter");
                }
                ownership.createDirectories(dest);
                Path target = dest.resolve(filename);
                if (Files.isDirectory(target)) {
                    throw new RejectedUploadException("Cannot upload " + filename + ": " + target + " is a directory");
                }
                boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                // in place, like OpenHands' open(path, 'wb'): an existing file keeps its mode and owner
                OutputStream out = Files.newOutputStream(target);
                if (!existed) {
                    ownership.claim(target);
                }
                return opened.use(out);
            });
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        String path = req.query().first("path").orElse("");
        if (path.isBlank()) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Query parameter `path` is required: the absolute path "
                    + "of the file or directory to download, e.g. /download_files?path=/workspace");
            return;
        }
        if (!FilePaths.isAbsolute(path)) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Path must be an absolute path");
            return;
        }
        Path root;
        try {
            root = FilePaths.toPath(FilePaths.normalize(path));
        } catch (FilePaths.MalformedPathException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        if (!Files.exists(root)) {
            JsonReplies.detail(res, Status.NOT_FOUND_404, "File not found");
            return;
        }
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        res.header(HeaderNames.CONTENT_TYPE, "application/zip");
        res.header(HeaderNames.CONTENT_DISPOSITION, attachment(name + ".zip"));
        try (OutputStream out = res.outputStream()) {
            ZipDownload.write(root, out);
        } catch (IOException e) {
            // the status line is sent already; cutting the stream tells the client the zip is incomplete
            throw new java.io.UncheckedIOException("download of " + root + " failed", e);
        }
    }

    private void listFiles(ServerRequest req, ServerResponse res) {
        JsonNode body;
        try {
            byte[] bytes = req.content().hasEntity() ? req.content().inputStream().readAllBytes() : new byte[0];
            body = new String(bytes, StandardCharsets.UTF_8).isBlank()
                    ? JsonReplies.MAPPER.createObjectNode() : JsonReplies.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "The body must be JSON such as {\"path\": \"src\"}: "
                    + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Could not read the request body: " + e.getMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "The body must be a JSON object such as {\"path\": \"src\"}");
            return;
        }
        JsonNode pathNode = body.get("path");
        if (pathNode != null && !pathNode.isNull() && !pathNode.isTextual()) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "`path` must be a string (a directory, absolute or "
                    + "relative to the shell's working directory), got " + pathNode);
            return;
        }
        Path cwd = context.currentDirectory();
        String path = pathNode == null || pathNode.isNull() ? cwd.toString() : FilePaths.resolve(pathNode.asText(), cwd);
        try {
            JsonReplies.send(res, Status.OK_200, DirectoryListing.of(FilePaths.toPath(path)));
        } catch (FilePaths.MalformedPathException e) {
            JsonReplies.send(res, Status.OK_200, java.util.List.of());
        }
    }

    /** FastAPI's (pydantic's) spellings of a boolean query parameter. */
    static Boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> Boolean.TRUE;
            case "false", "0", "no", "off", "f", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Starlette's Content-Disposition for a download. */
    private static String attachment(String filename) {
        boolean plain = filename.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        return plain ? "attachment; filename=\"" + filename + "\""
                : "attachment; filename*=utf-8''" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The sink's stream, closed when the upload is done. */
    private static final class OpenedOutput implements AutoCloseable {
        private OutputStream out;

        OutputStream use(OutputStream stream) {
            this.out = stream;
            return stream;
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    /** An upload refused for a reason the caller can fix; the message says how. */
    static final class RejectedUploadException extends IOException {
        RejectedUploadException(String message) {
            super(message);
        }
    }
}
