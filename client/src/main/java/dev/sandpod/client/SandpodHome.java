package dev.sandpod.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sandpod's directory on this machine: {@code -Dsandpod.home}, else {@code $SANDPOD_HOME}, else
 * {@code ~/.sandpod}. It holds {@code sessions/<name>/session.json} and {@code sessions/<name>/key}
 * (mode 0600) for every session the command line created, and {@code process/} for the process
 * runtime's agents (logs, pid files, workspaces).
 */
public final class SandpodHome {

    private static final String RECORD = "session.json";
    private static final String KEY = "key";
    private final Path root;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A home at {@code root}. */
    public SandpodHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The configured home: {@code -Dsandpod.home}, {@code $SANDPOD_HOME}, else {@code ~/.sandpod}. */
    public static SandpodHome resolve() {
        String property = System.getProperty("sandpod.home");
        if (property != null && !property.isBlank()) {
            return new SandpodHome(Path.of(property));
        }
        String env = System.getenv("SANDPOD_HOME");
        if (env != null && !env.isBlank()) {
            return new SandpodHome(Path.of(env));
        }
        return new SandpodHome(Path.of(System.getProperty("user.home"), ".sandpod"));
    }

    /** The home directory. */
    public Path root() {
        return root;
    }

    /** Where the process runtime keeps its agents' directories. */
    public Path processRoot() {
        return root.resolve("process");
    }

    /** The record of session {@code name}, if this machine has one. */
    public Optional<LocalSessionRecord> find(String name) {
        Path file = dir(name).resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), LocalSessionRecord.class));
        } catch (IOException e) {
            throw new SandpodException("Cannot read " + file + ": " + e.getMessage()
                    + "; remove the directory " + file.getParent() + " if the session is gone", e);
        }
    }

    /** Every recorded session, by name. */
    public List<LocalSessionRecord> all() {
        Path sessions = root.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return List.of();
        }
        List<LocalSessionRecord> records = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(sessions)) {
            for (Path dir : dirs.sorted().toList()) {
                find(dir.getFileName().toString()).ifPresent(records::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** Writes the record, replacing an earlier one. */
    public void save(LocalSessionRecord record) {
        try {
            Files.createDirectories(dir(record.name()));
            Path temp = dir(record.name()).resolve(RECORD + ".tmp");
            json.writeValue(temp.toFile(), record);
            Files.move(temp, dir(record.name()).resolve(RECORD), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandpodException("Cannot write the session record under " + dir(record.name()) + ": " + e.getMessage(), e);
        }
    }

    /** Stores a local session's key, readable and writable by its owner only. */
    public void saveKey(String name, String key) {
        Path file = dir(name).resolve(KEY);
        try {
            Files.createDirectories(dir(name));
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, key, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new SandpodException("Cannot write the session key under " + dir(name) + ": " + e.getMessage(), e);
        }
    }

    /** A local session's key, if stored. */
    public Optional<String> key(String name) {
        Path file = dir(name).resolve(KEY);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new SandpodException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The directory of session {@code name}. */
    public Path dir(String name) {
        return root.resolve("sessions").resolve(name);
    }

    /** Removes the record and key of session {@code name}. */
    public void remove(String name) {
        Path dir = dir(name);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SandpodException("Cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
