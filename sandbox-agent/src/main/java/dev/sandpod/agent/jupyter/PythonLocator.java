package dev.sandpod.agent.jupyter;

import dev.sandpod.agent.plugins.UserProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python that can run an IPython kernel for the sandbox user: {@code SANDPOD_JUPYTER_PYTHON}
 * when set, else {@code python3} on the user's PATH, else {@code /usr/bin/python3} (where Debian's
 * python3-ipykernel lives). Each candidate is asked to import ipykernel, as the user.
 */
final class PythonLocator {

    static final String ENV = "SANDPOD_JUPYTER_PYTHON";

    private PythonLocator() {
    }

    static String find(UserProcesses users, Path directory) throws IOException {
        Set<String> candidates = new LinkedHashSet<>();
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured.strip());
        }
        String path = users.environment().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                candidates.add(Path.of(dir, "python3").toString());
                break;
            }
        }
        candidates.add("/usr/bin/python3");
        List<String> tried = new ArrayList<>();
        for (String python : candidates) {
            if (canRunKernel(users, python, directory)) {
                return python;
            }
            tried.add(python);
        }
        throw new IOException("no Python with ipykernel for the sandbox user (tried " + String.join(", ", tried)
                + "). Install it in the sandbox image (Debian: apt-get install python3-ipykernel; or pip install ipykernel), "
                + "or point " + ENV + " at a Python that has it.");
    }

    private static boolean canRunKernel(UserProcesses users, String python, Path directory) {
        try {
            Process probe = users.builder(List.of(python, "-c", "import ipykernel_launcher"), directory)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(60, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
