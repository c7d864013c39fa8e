package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where one uploaded file's bytes go, so that an upload that fails half way (a full disk, a client
 * that hangs up) loses nothing: they are written to a hidden file next to the target, which
 * replaces the target only once complete, with the target's mode. A target that is a link, has
 * other hard links or another owner is written in place instead, as OpenHands does, so that it
 * keeps being the same file. {@link #open}, {@link #commit} and {@link #abandon} run with the
 * sandbox user's rights; the bytes may be written from any thread.
 */
final class UploadTarget {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path staging;
    private final OutputStream out;

    private UploadTarget(Path target, Path staging, OutputStream out) {
        this.target = target;
        this.staging = staging;
        this.out = out;
    }

    /** Opens the upload of {@code target} for a user with {@code uid}. */
    static UploadTarget open(Path target, int uid) throws IOException {
        BasicFileAttributes existing = attributes(target);
        if (existing != null && (!existing.isRegularFile() || (int) Files.getAttribute(target, "unix:nlink",
                LinkOption.NOFOLLOW_LINKS) > 1 || (int) Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid)) {
            return new UploadTarget(target, null, Files.newOutputStream(target));
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        Path staging = target.resolveSibling("." + target.getFileName() + ".sandpod-upload-" + HexFormat.of().formatHex(random));
        try {
            return new UploadTarget(target, staging,
                    Files.newOutputStream(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (AccessDeniedException e) {
            if (existing == null) {
                throw e;
            }
            // a file the user may write in a directory it may not: in place is the only way
            return new UploadTarget(target, null, Files.newOutputStream(target));
        }
    }

    OutputStream output() {
        return out;
    }

    /** Puts the complete upload in place (the stream must be closed). */
    void commit() throws IOException {
        if (staging == null) {
            return;
        }
        BasicFileAttributes existing = attributes(target);
        if (existing != null && existing.isRegularFile()) {
            Files.setPosixFilePermissions(staging, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
        }
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Closes the stream and removes what a failed upload left, so the target is as before. */
    void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // the upload failed already; what matters is removing its remains
        }
        try {
            if (staging != null) {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            // a hidden leftover costs disk space only
        }
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
