package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How the file actions write, so that a write that fails half way (a full disk, a quota) loses
 * nothing: an existing file is rewritten in place, so it keeps its inode, mode, owner and links,
 * and gets its previous bytes back when the new ones do not fit; a new file is removed again.
 */
final class FileWrites {

    /** The mode OpenHands gives files that {@code write} creates. */
    static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-rw-r--");

    private FileWrites() {
    }

    /** Creates {@code file}, which must not exist yet, with mode 0664 and {@code content}. */
    static void create(Path file, byte[] content) throws IOException {
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (out) {
            Files.setPosixFilePermissions(file, NEW_FILE_MODE);
            out.write(content);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Rewrites {@code file} in place with {@code content}; on failure writes {@code previous} back
     * (when null, the failure leaves the file incomplete).
     */
    static void rewrite(Path file, byte[] content, byte[] previous) throws IOException {
        // a failure to open (permissions) changes nothing; one after the truncation needs the old bytes back
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try (out) {
            out.write(content);
        } catch (IOException e) {
            if (previous == null) {
                throw new IncompleteWriteException(e, false);
            }
            try {
                Files.write(file, previous);
            } catch (IOException restore) {
                e.addSuppressed(restore);
                throw new IncompleteWriteException(e, false);
            }
            throw new IncompleteWriteException(e, true);
        }
    }

    /** The reason of a failed write as a user reads it, with what to do about a full disk. */
    static String reason(IOException e) {
        String reason = bareReason(e);
        return diskFull(e) ? reason + " (the sandbox's disk is full: free some space, e.g. remove large files, and retry)"
                : reason;
    }

    /** Whether a write failed for want of space (ENOSPC) or quota (EDQUOT). */
    static boolean diskFull(IOException e) {
        String reason = bareReason(e);
        return reason.contains("No space left on device") || reason.contains("Disk quota exceeded");
    }

    private static String bareReason(IOException e) {
        IOException cause = e instanceof IncompleteWriteException incomplete ? incomplete.failure() : e;
        return cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(cause.getMessage());
    }

    /** What became of the file after a failed rewrite, as a sentence; empty for other failures. */
    static String outcome(IOException e) {
        if (e instanceof IncompleteWriteException incomplete) {
            return incomplete.restored() ? " The file keeps its previous content."
                    : " Its previous content could not be written back; the file is incomplete.";
        }
        return "";
    }

    /** A rewrite that failed; {@code restored} tells whether the previous content was written back. */
    static final class IncompleteWriteException extends IOException {
        private final boolean restored;

        IncompleteWriteException(IOException failure, boolean restored) {
            super(failure.getMessage(), failure);
            this.restored = restored;
        }

        IOException failure() {
            return (IOException) getCause();
        }

        boolean restored() {
            return restored;
        }
    }
}
