package dev.sandpod.agent;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU, memory and disk figures for {@code /server_info}, read from {@code /proc} and the working
 * directory's file system (no management beans: the agent's runtime is kept small).
 */
final class SystemResources {

    private final Path workingDir;

    SystemResources(Path workingDir) {
        this.workingDir = workingDir;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("cpu", cpu());
        resources.put("memory", memory());
        resources.put("disk", disk());
        return resources;
    }

    private Map<String, Object> cpu() {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("count", Runtime.getRuntime().availableProcessors());
        List<String> load = words(read("/proc/loadavg"));
        if (load.size() >= 3) {
            cpu.put("load_average", List.of(Double.parseDouble(load.get(0)), Double.parseDouble(load.get(1)),
                    Double.parseDouble(load.get(2))));
        }
        return cpu;
    }

    private Map<String, Object> memory() {
        Map<String, Object> memory = new LinkedHashMap<>();
        long total = meminfoBytes("MemTotal:");
        long available = meminfoBytes("MemAvailable:");
        memory.put("total", total);
        memory.put("available", available);
        memory.put("used", total >= 0 && available >= 0 ? total - available : -1);
        memory.put("percent", total > 0 && available >= 0 ? Math.round(1000.0 * (total - available) / total) / 10.0 : -1);
        memory.put("agent_rss", statusBytes("VmRSS:"));
        return memory;
    }

    private Map<String, Object> disk() {
        Map<String, Object> disk = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(workingDir);
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            disk.put("path", workingDir.toString());
            disk.put("total", total);
            disk.put("used", total - free);
            disk.put("free", free);
            disk.put("percent", total > 0 ? Math.round(1000.0 * (total - free) / total) / 10.0 : 0.0);
        } catch (IOException e) {
            disk.put("error", "cannot read the file system of " + workingDir + ": " + e.getMessage());
        }
        return disk;
    }

    private static long meminfoBytes(String key) {
        return kilobytesLine(read("/proc/meminfo"), key);
    }

    private static long statusBytes(String key) {
        return kilobytesLine(read("/proc/self/status"), key);
    }

    private static long kilobytesLine(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                List<String> parts = words(line.substring(key.length()));
                return parts.isEmpty() ? -1 : Long.parseLong(parts.getFirst()) * 1024;
            }
        }
        return -1;
    }

    private static List<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
