package dev.sandpod.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The answer of {@code POST /list_files}: a directory's entries, directories first with a
 * trailing {@code /}, then files, each group sorted case-insensitively; hidden entries included
 * and dangling links left out, as the OpenHands server lists them. A missing path or a file lists
 * as empty.
 */
final class DirectoryListing {

    private static final Comparator<String> CASE_INSENSITIVE = Comparator.comparing(s -> s.toLowerCase(Locale.ROOT));

    private DirectoryListing() {
    }

    static List<String> of(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> directories = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.forEach(child -> {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child)) {
                    directories.add(name + "/");
                } else if (Files.exists(child)) {
                    files.add(name);
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        directories.sort(CASE_INSENSITIVE);
        files.sort(CASE_INSENSITIVE);
        List<String> entries = new ArrayList<>(directories);
        entries.addAll(files);
        return entries;
    }
}
