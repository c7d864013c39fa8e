package dev.sandpod.operator.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a log file, read from its end so a long-running agent's log costs nothing. */
final class LogTail {

    private static final int CHUNK = 8192;
    private static final int MAX_BYTES = 1 << 20;

    private LogTail() {
    }

    static String lastLines(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long start = end;
            int newlines = 0;
            byte[] chunk = new byte[CHUNK];
            // a trailing newline ends the last line; it does not start another
            boolean skipTrailing = true;
            while (start > 0 && end - start < MAX_BYTES) {
                int size = (int) Math.min(CHUNK, start);
                start -= size;
                in.seek(start);
                in.readFully(chunk, 0, size);
                for (int i = size - 1; i >= 0; i--) {
                    if (chunk[i] != '\n') {
                        skipTrailing = false;
                        continue;
                    }
                    if (skipTrailing) {
                        skipTrailing = false;
                        continue;
                    }
                    if (++newlines == lines) {
                        return read(in, start + i + 1, end);
                    }
                }
            }
            return read(in, start, end);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String read(RandomAccessFile in, long from, long to) throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        in.seek(from);
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
