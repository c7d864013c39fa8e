package dev.sandpod.operator.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the process runtime records of a running agent, so an operator that was killed (and could
 * not take its agents down with it) adopts them when it comes back instead of starting a second.
 * The start time guards against a recycled process id.
 *
 * @param pid         the agent's process id
 * @param startMillis the process' start time, as the OS reports it
 * @param port        the loopback port the agent listens on
 * @param workingDir  the agent's working directory
 */
record AgentPidFile(long pid, long startMillis, int port, Path workingDir) {

    static final String FILE = "agent.pid";

    void write(Path sessionDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("startMillis", Long.toString(startMillis));
        p.setProperty("port", Integer.toString(port));
        p.setProperty("workingDir", workingDir.toString());
        Path temporary = sessionDir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            p.store(out, "Sandpod agent of this session");
        }
        Files.move(temporary, sessionDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded agent, when the file exists and can be read. */
    static Optional<AgentPidFile> read(Path sessionDir) {
        Path file = sessionDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader in = Files.newBufferedReader(file)) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(new AgentPidFile(Long.parseLong(p.getProperty("pid")),
                    Long.parseLong(p.getProperty("startMillis")), Integer.parseInt(p.getProperty("port")),
                    Path.of(p.getProperty("workingDir"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn or foreign file: nothing to adopt
        }
    }

    static void remove(Path sessionDir) throws IOException {
        Files.deleteIfExists(sessionDir.resolve(FILE));
    }
}
