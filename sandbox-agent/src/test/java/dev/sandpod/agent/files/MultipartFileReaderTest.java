package dev.sandpod.agent.files;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartFileReaderTest {

    private static final String BOUNDARY = "----sandpodBoundary7MA4YWxk";

    private static byte[] body(byte[] content, String disposition) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble to ignore\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nnot the file\r\n"
                + "--" + BOUNDARY + "\r\n" + disposition + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out a few bytes per read, so delimiters straddle buffer refills. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private final Random random = new Random(7);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    @Test
    void copiesTheFilePartByteForByte() throws Exception {
        byte[] content = new byte[300_000];
        new Random(1).nextBytes(content);
        // near-misses of the delimiter inside the content must pass through untouched
        byte[] nearMiss = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(nearMiss, 0, content, 65_530, nearMiss.length);
        for (InputStream in : new InputStream[] {new ByteArrayInputStream(body(content, disposition("a.bin"))),
                trickle(body(content, disposition("a.bin")))}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            String name = new MultipartFileReader(in, BOUNDARY).copyPart("file", filename -> sink);
            assertEquals("a.bin", name);
            assertArrayEquals(content, sink.toByteArray());
        }
    }

    @Test
    void emptyFileAndQuotedOrEncodedNames() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String name = new MultipartFileReader(new ByteArrayInputStream(body(new byte[0],
                "Content-Disposition: form-data; name=\"file\"; filename=\"my \\\"odd\\\" name.txt\"")), BOUNDARY)
                .copyPart("file", f -> sink);
        assertEquals("my \"odd\" name.txt", name);
        assertEquals(0, sink.size());
        String encoded = new MultipartFileReader(new ByteArrayInputStream(body("x".getBytes(),
                "Content-Disposition: form-data; name=\"file\"; filename=\"fallback\"; filename*=UTF-8''caf%C3%A9.txt")),
                BOUNDARY).copyPart("file", f -> new ByteArrayOutputStream());
        assertEquals("café.txt", encoded);
    }

    @Test
    void missingPartOrTruncatedBodyIsMalformed() {
        byte[] other = body("x".getBytes(), "Content-Disposition: form-data; name=\"upload\"; filename=\"x\"");
        var missing = assertThrows(MultipartFileReader.MalformedMultipartException.class, () ->
                new MultipartFileReader(new ByteArrayInputStream(other), BOUNDARY).copyPart("file", f -> new ByteArrayOutputStream()));
        assertTrue(missing.getMessage().contains("no part named `file`"), missing.getMessage());
        byte[] whole = body("data".getBytes(), disposition("a"));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);
        assertThrows(MultipartFileReader.MalformedMultipartException.class, () ->
                new MultipartFileReader(new ByteArrayInputStream(cut), BOUNDARY).copyPart("file", f -> new ByteArrayOutputStream()));
        assertThrows(MultipartFileReader.MalformedMultipartException.class, () ->
                new MultipartFileReader(new ByteArrayInputStream("no boundary here".getBytes()), "zzz")
                        .copyPart("file", f -> new ByteArrayOutputStream()));
    }

    @Test
    void boundaryComesFromTheContentType() {
        assertEquals("abc", MultipartFileReader.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartFileReader.boundaryOf("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        assertNull(MultipartFileReader.boundaryOf("application/json"));
        assertNull(MultipartFileReader.boundaryOf("multipart/form-data"));
        assertNull(MultipartFileReader.boundaryOf(null));
    }

    private static String disposition(String filename) {
        return "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"";
    }
}
