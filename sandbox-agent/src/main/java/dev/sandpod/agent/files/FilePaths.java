package dev.sandpod.agent.files;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths as the OpenHands server spells them. Python's {@code pathlib} drops {@code .} segments,
 * repeated and trailing slashes but keeps {@code ..}; observations and error texts carry that
 * spelling, so callers see the same strings they would see from OpenHands.
 */
final class FilePaths {

    private FilePaths() {
    }

    static boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    /** {@code path} resolved against {@code cwd} when relative, spelled as pathlib would. */
    static String resolve(String path, Path cwd) {
        return isAbsolute(path) ? normalize(path) : normalize(cwd + "/" + path);
    }

    /** pathlib's spelling of {@code path}: no {@code .} segments, no repeated or trailing slash. */
    static String normalize(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        StringBuilder out = new StringBuilder(path.length());
        boolean absolute = path.startsWith("/");
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (!out.isEmpty() || absolute) {
                out.append('/');
            }
            out.append(segment);
        }
        if (out.isEmpty()) {
            return absolute ? "/" : ".";
        }
        return out.toString();
    }

    /** The file system path for a spelled path; a NUL byte or the like is a caller error. */
    static Path toPath(String path) throws MalformedPathException {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new MalformedPathException(path);
        }
    }

    /** A path the file system cannot represent (e.g. one containing a NUL byte). */
    static final class MalformedPathException extends Exception {
        MalformedPathException(String path) {
            super("Malformed paths not permitted: " + path);
        }
    }
}
