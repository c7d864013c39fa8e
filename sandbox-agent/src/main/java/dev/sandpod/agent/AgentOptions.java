package dev.sandpod.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's command line: {@code sandpod-agent --port P --working-dir DIR --username U
 * --user-id N [--host H] [--no-change-timeout S] [--max-wait S] [--dialect auto|2024|2025] [--create-user]
 * [--allow-no-key] [--plugins a,b]}.
 *
 * @param host       the address to bind; null when not given ({@link ListenAddress} decides)
 * @param username   null to run as the user the agent runs as
 * @param userId     null to take the existing user's id (or the next free one when creating it)
 * @param maxWait    how long a {@code run} request without a timeout of its own waits at most
 * @param dialect    the wire dialect of every answer, or null to choose per request ({@code auto})
 * @param createUser whether the agent may create {@code username} and hand it the working directory:
 *                   only in a sandbox's own container, never on a host
 * @param allowNoKey whether to serve without {@code SESSION_API_KEY} on an address beyond loopback
 */
public record AgentOptions(int port, String host, Path workingDir, String username, Integer userId,
                           Duration noChangeTimeout, Duration maxWait, WireDialect dialect, List<String> plugins,
                           boolean createUser, boolean allowNoKey) {

    public static final int DEFAULT_PORT = 47000;
    private static final java.util.Set<String> KNOWN = java.util.Set.of(
            "--port", "--host", "--working-dir", "--username", "--user-id", "--no-change-timeout", "--max-wait", "--dialect");
    private static final java.util.Set<String> SWITCHES = java.util.Set.of("--create-user", "--allow-no-key");

    static final String USAGE = """
            Usage: sandpod-agent [options]
              --port P                 port to listen on (default 47000; 0 picks a free one)
              --host H                 address to bind (default 0.0.0.0 with SESSION_API_KEY, 127.0.0.1 without)
              --working-dir DIR        the shell's first working directory, created if missing (default: current dir)
              --username U             run the shell as this existing user (the agent must run as root)
              --user-id N              the user's numeric id when --create-user creates it
              --create-user            create --username if missing and hand it the working directory; only in
                                       a sandbox's own container (the agent never changes a host's users otherwise);
                                       also SANDPOD_CREATE_USER=true
              --no-change-timeout S    seconds without new output before a non-blocking command returns (default 10)
              --max-wait S             longest a run action without a timeout of its own waits; the command
                                       keeps running (default 120)
              --dialect D              auto (default: per request, from what the client sends), 2024 or 2025:
                                       the OpenHands era whose observations the agent answers with
              --allow-no-key           serve without SESSION_API_KEY on a --host beyond loopback (anyone who
                                       reaches that address can run commands)
              --plugins LIST           plugins to enable, comma or space separated
              --help                   print this help
            Environment: SESSION_API_KEY, when set, is required in header X-Session-API-Key.
            """;

    public AgentOptions {
        plugins = List.copyOf(plugins);
    }

    /** {@code --create-user} as an environment variable, which runtimes set (an older agent ignores it). */
    public static final String CREATE_USER_VARIABLE = "SANDPOD_CREATE_USER";

    /** These options with {@code --create-user} turned on when the environment says {@code SANDPOD_CREATE_USER=true}. */
    public AgentOptions withEnvironment(java.util.Map<String, String> env) {
        boolean fromEnv = "true".equalsIgnoreCase(env.getOrDefault(CREATE_USER_VARIABLE, "").strip());
        return new AgentOptions(port, host, workingDir, username, userId, noChangeTimeout, maxWait, dialect, plugins,
                createUser || fromEnv, allowNoKey);
    }

    /** Parses the command line; {@code --help} comes back as a {@link UsageException} with exit code 0. */
    public static AgentOptions parse(String... args) throws UsageException {
        int port = DEFAULT_PORT;
        String host = null;
        boolean createUser = false;
        boolean allowNoKey = false;
        Path workingDir = Path.of("").toAbsolutePath();
        String username = null;
        Integer userId = null;
        Duration noChange = Duration.ofSeconds(10);
        Duration maxWait = Duration.ofSeconds(120);
        WireDialect dialect = null;
        List<String> plugins = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (name.equals("--help") || name.equals("-h")) {
                throw new UsageException(USAGE, 0);
            }
            if (!name.startsWith("--")) {
                throw new UsageException("Unexpected argument '" + arg + "'. Options start with --; see --help.", 2);
            }
            if (name.equals("--plugins")) {
                List<String> values = new ArrayList<>();
                if (inline != null) {
                    values.add(inline);
                } else {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        values.add(args[++i]);
                    }
                }
                values.stream().flatMap(v -> Arrays.stream(v.split("[,\\s]+"))).filter(v -> !v.isBlank()).forEach(plugins::add);
                continue;
            }
            if (SWITCHES.contains(name)) {
                if (inline != null) {
                    throw new UsageException("Option " + name + " takes no value; remove '=" + inline + "'.", 2);
                }
                createUser |= name.equals("--create-user");
                allowNoKey |= name.equals("--allow-no-key");
                continue;
            }
            if (!KNOWN.contains(name)) {
                throw new UsageException("Unknown option " + name + "; see --help for the options.", 2);
            }
            if (inline == null && i + 1 >= args.length) {
                throw new UsageException("Option " + name + " needs a value; see --help.", 2);
            }
            String value = inline != null ? inline : args[++i];
            switch (name) {
                case "--port" -> port = intValue(name, value, 0, 65535);
                case "--host" -> host = nonBlank(name, value);
                case "--working-dir" -> workingDir = Path.of(nonBlank(name, value)).toAbsolutePath().normalize();
                case "--username" -> username = nonBlank(name, value);
                case "--user-id" -> userId = intValue(name, value, 0, Integer.MAX_VALUE);
                case "--no-change-timeout" -> noChange = Duration.ofSeconds(intValue(name, value, 1, 86_400));
                case "--max-wait" -> maxWait = Duration.ofSeconds(intValue(name, value, 1, 86_400));
                case "--dialect" -> dialect = dialect(value);
                default -> throw new UsageException("Unknown option " + name + "; see --help for the options.", 2);
            }
        }
        return new AgentOptions(port, host, workingDir, username, userId, noChange, maxWait, dialect, plugins, createUser,
                allowNoKey);
    }

    private static WireDialect dialect(String value) throws UsageException {
        if (value.strip().equalsIgnoreCase("auto")) {
            return null;
        }
        return WireDialect.parse(value).orElseThrow(() -> new UsageException(
                "--dialect must be auto, 2024 or 2025, got '" + value + "'.", 2));
    }

    private static int intValue(String name, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value + ".", 2);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got '" + value + "'.", 2);
        }
    }

    private static String nonBlank(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " must not be empty.", 2);
        }
        return value;
    }

    /** A command line that cannot be used, with the message to print and the exit code. */
    public static final class UsageException extends Exception {
        private final int exitCode;

        UsageException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
