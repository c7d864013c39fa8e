package dev.sandpod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process, from /proc. */
final class Rss {
    private Rss() {
    }

    /** VmRSS of the process in KiB. */
    static long ofPid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /**
     * Proportional set size in KiB: resident memory with shared pages split among the processes
     * that share them, so that the figures of a process tree (Chromium's) add up.
     */
    static long pssOfPid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no Pss for pid " + pid);
    }
}
