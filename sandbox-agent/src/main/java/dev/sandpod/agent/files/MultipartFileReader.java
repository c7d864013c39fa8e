package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams one file field out of a {@code multipart/form-data} body without holding it in memory:
 * the body is scanned in a fixed buffer for the part delimiter, and the part's bytes go straight
 * to the sink. Other fields are skipped.
 */
final class MultipartFileReader {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    /** Where the file part's bytes go, opened once its file name is known. */
    interface Sink {
        OutputStream open(String filename) throws IOException;
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;

    MultipartFileReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER_SIZE + delimiter.length];
        // the first delimiter may open the body without a preceding line break
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary of a {@code multipart/form-data} content type, or null when it has none. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        String boundary = parameters(contentType).get("boundary");
        return boundary == null || boundary.isEmpty() || boundary.length() > 200 ? null : boundary;
    }

    /**
     * Copies the part named {@code field} into the sink and returns its file name (the sink is
     * closed by the caller); throws when the body is malformed or has no such part.
     */
    String copyPart(String field, Sink sink) throws IOException, MalformedMultipartException {
        if (!skipTo(null)) {
            throw new MalformedMultipartException("the body does not contain the boundary of its Content-Type");
        }
        while (true) {
            if (isCloseDelimiter()) {
                throw new MalformedMultipartException("the multipart body has no part named `" + field + "`");
            }
            Map<String, String> disposition = Map.of();
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                    disposition = parameters(line.substring(colon + 1));
                }
            }
            if (field.equals(disposition.get("name"))) {
                String filename = disposition.containsKey("filename*")
                        ? decodeExtended(disposition.get("filename*")) : disposition.get("filename");
                if (filename == null) {
                    throw new MalformedMultipartException("the part `" + field + "` has no filename");
                }
                OutputStream out = sink.open(filename);
                if (!skipTo(out)) {
                    throw new MalformedMultipartException("the body ended inside the part `" + field + "`");
                }
                return filename;
            }
            if (!skipTo(null)) {
                throw new MalformedMultipartException("the body ended before its closing boundary");
            }
        }
    }

    /** Copies (or skips) bytes up to the next delimiter and consumes it; false on end of input. */
    private boolean skipTo(OutputStream out) throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                if (out != null) {
                    out.write(buf, pos, at - pos);
                }
                pos = at + delimiter.length;
                return true;
            }
            int safe = lim - (delimiter.length - 1);
            if (safe > pos) {
                if (out != null) {
                    out.write(buf, pos, safe - pos);
                }
                pos = safe;
            }
            if (!fill()) {
                return false;
            }
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        outer:
        for (int i = pos; i <= lim - delimiter.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int k = 1; k < delimiter.length; k++) {
                if (buf[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** After a delimiter: {@code --} closes the body, else the rest of the line is padding. */
    private boolean isCloseDelimiter() throws IOException, MalformedMultipartException {
        int a = read();
        if (a == '-') {
            return read() == '-';
        }
        if (a < 0) {
            throw new MalformedMultipartException("the body ended after a boundary");
        }
        int c = a;
        while (c == ' ' || c == '\t') {
            c = read();
        }
        if (c == '\r') {
            c = read();
        }
        if (c != '\n') {
            throw new MalformedMultipartException("a boundary line is not followed by a line break");
        }
        return false;
    }

    private String readLine() throws IOException, MalformedMultipartException {
        StringBuilder line = new StringBuilder();
        byte[] bytes = new byte[MAX_HEADER_LINE];
        int length = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new MalformedMultipartException("the body ended inside part headers");
            }
            if (c == '\n') {
                break;
            }
            if (length == bytes.length) {
                throw new MalformedMultipartException("a part header is longer than " + MAX_HEADER_LINE + " bytes");
            }
            bytes[length++] = (byte) c;
        }
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return line.append(new String(bytes, 0, length, StandardCharsets.UTF_8)).toString();
    }

    private int read() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    /** {@code key=value} parameters after the first {@code ;}, quoted strings unquoted; keys lower-cased. */
    static Map<String, String> parameters(String header) {
        Map<String, String> params = new HashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            if (j < header.length() && header.charAt(j) == '"') {
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                i = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value.append(header, j, end < 0 ? header.length() : end);
                i = end;
            }
            params.putIfAbsent(key, value.toString().trim());
            if (i < 0) {
                break;
            }
        }
        return params;
    }

    /** RFC 5987 {@code UTF-8''percent-encoded}. */
    private static String decodeExtended(String value) {
        int quote = value.indexOf("''");
        String encoded = quote >= 0 ? value.substring(quote + 2) : value;
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A body that is not the multipart form the endpoint expects. */
    static final class MalformedMultipartException extends Exception {
        MalformedMultipartException(String message) {
            super(message);
        }
    }
}
