package dev.sandpod.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline: a bash in a pty4j pseudo-terminal driven directly, with a completion marker from
 * PROMPT_COMMAND, as cheap as a command round trip through a PTY can be. The marker is printed
 * from two halves so the echoed input can never match it.
 */
final class RawPty implements AutoCloseable {
    private static final String MARKER = "__RAW_DONE__";
    private final PtyProcess process;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[65536];

    RawPty() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "dumb");
        env.put("PS1", "");
        env.put("PROMPT_COMMAND", "printf '__RAW_''DONE__\\n'");
        process = new PtyProcessBuilder(new String[]{"bash", "--noprofile", "--norc", "--noediting", "-i"})
                .setEnvironment(env).setRedirectErrorStream(true).start();
        in = process.getInputStream();
        out = process.getOutputStream();
        runCommand("stty -echo; export PS2=''");
    }

    /** Runs a command, reads until the completion marker, returns the number of bytes read. */
    long runCommand(String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        long total = 0;
        StringBuilder tail = new StringBuilder();
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("bash exited");
            }
            total += n;
            tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (tail.indexOf(MARKER) >= 0) {
                return total;
            }
            if (tail.length() > 4 * MARKER.length()) {
                tail.delete(0, tail.length() - 2 * MARKER.length());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
