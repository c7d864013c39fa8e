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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * File transfer endpoints of the OpenHands action execution server:
 * <ul>
 *   <li>{@code POST /upload_file?destination=ABS&recursive=BOOL} multipart field {@code file}: stored in
 *       the destination directory, or with {@code recursive=true} a zip extracted into it;</li>
 *   <li>{@code GET /download_files?path=ABS}: a zip of the directory or file, streamed;</li>
 *   <li>{@code POST /list_files} {@code {"path": optional}}: the entries of a directory.</li>
 * </ul>
 * Uploads stream to disk and downloads from it; nothing is held in memory whole. Every path is
 * resolved, and every file opened, created or listed, with the sandbox user's rights
 * ({@link UserFileAccess}); the bytes flow on the request's thread through what was opened.
 */
public final class FileTransferService implements HttpService {

    private final SandboxContext context;
    private final UserFileAccess access;
    private final ZipDownload downloads;

    public FileTransferService(SandboxContext context, UserFileAccess access) {
        this.context = context;
        this.access = access;
        this.downloads = new ZipDownload(access);
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
            if (access.call(() -> Files.exists(dest) && !Files.isDirectory(dest))) {
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
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Permission denied: " + e.getFile() + "; the sandbox user "
                    + context.user().name() + " may not write there. Choose a destination the sandbox user can write to");
        } catch (UserFileAccess.UnavailableException e) {
            JsonReplies.detail(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
        } catch (IOException e) {
            if (FileWrites.diskFull(e)) {
                JsonReplies.detail(res, Status.INSUFFICIENT_STORAGE_507, "Upload failed: " + FileWrites.reason(e));
            } else if (e instanceof FileSystemException fs) {
                JsonReplies.detail(res, Status.BAD_REQUEST_400, "Cannot write " + fs.getFile() + ": " + FileWrites.reason(e));
            } else {
                JsonReplies.detail(res, Status.INTERNAL_SERVER_ERROR_500, "Upload failed: " + e);
            }
        }
    }

    /**
     * Streams the zip to a temporary file of the agent's own (so the user cannot change it between
     * the checks and the extraction), then extracts it with the user's rights once every entry
     * passed the checks.
     */
    private String uploadZip(MultipartFileReader reader, Path dest)
            throws IOException, MultipartFileReader.MalformedMultipartException, ZipExtraction.UnsafeZipException {
        Path temp = Files.createTempFile("sandpod-upload-", ".zip");
        try {
            String filename;
            try (var opened = new OpenedOutput()) {
                filename = reader.copyPart("file",
                        name -> opened.use(Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)));
            }
            try (ZipFile archive = ZipExtraction.open(temp)) {
                access.call(() -> {
                    ZipExtraction.extract(archive, dest);
                    return null;
                });
            }
            return filename;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String uploadFile(MultipartFileReader reader, Path dest)
            throws IOException, MultipartFileReader.MalformedMultipartException {
        UploadTarget[] target = new UploadTarget[1];
        try {
            String filename = reader.copyPart("file", name -> {
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
                    throw new RejectedUploadException("The uploaded file name `" + name + "` must be a plain "
                            + "file name without `/`; put directories in the destination parameter");
                }
                target[0] = access.call(() -> {
                    Files.createDirectories(dest);
                    Path file = dest.resolve(name);
                    if (Files.isDirectory(file)) {
                        throw new RejectedUploadException("Cannot upload " + name + ": " + file + " is a directory");
                    }
                    return UploadTarget.open(file, context.user().uid());
                });
                return target[0].output();
            });
            target[0].output().close();
            access.call(() -> {
                target[0].commit();
                return null;
            });
            return filename;
        } catch (IOException | MultipartFileReader.MalformedMultipartException | RuntimeException e) {
            if (target[0] != null) {
                access.call(() -> {
                    target[0].abandon();
                    return null;
                });
            }
            throw e;
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
        ZipDownload.Opened opened;
        try {
            opened = downloads.open(FilePaths.toPath(FilePaths.normalize(path)));
        } catch (FilePaths.MalformedPathException | ZipDownload.NotRegularFileException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        } catch (NoSuchFileException e) {
            JsonReplies.detail(res, Status.NOT_FOUND_404, "File not found");
            return;
        } catch (AccessDeniedException e) {
            JsonReplies.detail(res, Status.FORBIDDEN_403, "Permission denied: the sandbox user " + context.user().name()
                    + " may not read " + e.getFile());
            return;
        } catch (UserFileAccess.UnavailableException e) {
            JsonReplies.detail(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
            return;
        } catch (IOException e) {
            JsonReplies.detail(res, Status.BAD_REQUEST_400, "Cannot download " + path + ": " + e.getMessage());
            return;
        }
        Path root = opened.root();
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        res.header(HeaderNames.CONTENT_TYPE, "application/zip");
        res.header(HeaderNames.CONTENT_DISPOSITION, attachment(name + ".zip"));
        try (OutputStream out = res.outputStream()) {
            downloads.write(opened, out);
        } catch (IOException | UserFileAccess.UnavailableException e) {
            // the status line is sent already; cutting the stream tells the client the zip is incomplete
            throw new java.io.UncheckedIOException("download of " + root + " failed",
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
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
            Path dir = FilePaths.toPath(path);
            JsonReplies.send(res, Status.OK_200, access.call(() -> DirectoryListing.of(dir)));
        } catch (FilePaths.MalformedPathException e) {
            JsonReplies.send(res, Status.OK_200, java.util.List.of());
        } catch (UserFileAccess.UnavailableException e) {
            JsonReplies.detail(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
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
