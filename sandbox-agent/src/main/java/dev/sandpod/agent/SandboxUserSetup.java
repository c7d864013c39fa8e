package dev.sandpod.agent;

import dev.sandpod.agent.shell.ShellLaunch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decides who the shell runs as and prepares it. As root with {@code --username} naming another
 * user, bash is started through {@code setpriv} (util-linux, in every Debian image) as that user;
 * not as root, the shell runs as the agent's own user. The agent changes the machine's users only
 * when {@code --create-user} says it runs in a sandbox's own container: then a missing user is
 * created (with the given uid, a home, bash) and an existing working directory owned by root is
 * handed to the user. Without it (the process runtime, an agent started by hand on a host) a
 * missing user is an error, and only a working directory the agent created itself is changed.
 * The agent never grants sudo: an image that wants its user to have it sets that up at build time.
 */
final class SandboxUserSetup {

    private static final System.Logger LOG = System.getLogger(SandboxUserSetup.class.getName());
    static final List<String> BASH_ARGS = List.of("--noprofile", "--norc", "--noediting", "-i");

    private SandboxUserSetup() {
    }

    /** The user and how to start their shell. */
    record Prepared(SandboxUser user, ShellLaunch launch) {
    }

    static Prepared prepare(AgentOptions options) throws IOException {
        int uid = currentUid();
        SandboxUser current = PasswdEntry.byUid(uid).orElseGet(() ->
                new SandboxUser(System.getProperty("user.name"), uid, uid, Path.of(System.getProperty("user.home"))));
        SandboxUser user = current;
        List<String> command = new ArrayList<>();
        String wanted = options.username();
        if (wanted != null && !wanted.equals(current.name())) {
            if (uid == 0) {
                user = PasswdEntry.byName(wanted).orElse(null);
                if (user == null && !options.createUser()) {
                    throw new IOException("user " + wanted + " does not exist here. The agent creates users only inside a"
                            + " sandbox's own container (--create-user, which the Sandpod runtimes pass); on this machine"
                            + " create the user yourself (useradd " + wanted + "), or start the agent without --username");
                }
                if (user == null) {
                    user = createUser(wanted, options.userId());
                } else if (options.userId() != null && options.userId() != user.uid()) {
                    LOG.log(System.Logger.Level.WARNING, "user {0} exists with uid {1,number,#}, not --user-id {2,number,#}; "
                            + "running the shell with the existing uid", wanted, user.uid(), options.userId());
                }
                command.addAll(List.of(tool("setpriv"), "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups", "--"));
            } else {
                LOG.log(System.Logger.Level.WARNING, "--username {0} ignored: the agent does not run as root, "
                        + "so the shell runs as {1}, the agent''s own user", wanted, current.name());
            }
        }
        String bash = bash();
        command.add(bash);
        command.addAll(BASH_ARGS);
        prepareWorkingDir(options.workingDir(), user, uid == 0, options.createUser());
        return new Prepared(user, new ShellLaunch(command, environment(user, bash), options.workingDir()));
    }

    private static SandboxUser createUser(String name, Integer uid) throws IOException {
        List<String> useradd = new ArrayList<>(List.of(tool("useradd"), "--create-home", "--shell", bash()));
        if (uid != null) {
            useradd.addAll(List.of("--uid", uid.toString()));
        }
        useradd.add(name);
        run(useradd);
        LOG.log(System.Logger.Level.INFO, "created user {0}", name);
        return PasswdEntry.byName(name).orElseThrow(() -> new IOException("useradd succeeded but " + name + " is not in /etc/passwd"));
    }

    /**
     * Creates the working directory; one the agent created, or any in a sandbox
     * ({@code mayChangeExisting}), is given to the user when root owns it and made group-writable.
     */
    private static void prepareWorkingDir(Path dir, SandboxUser user, boolean root, boolean mayChangeExisting)
            throws IOException {
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        boolean rootOwned = (int) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == 0;
        if (!created && !mayChangeExisting) {
            if (root && user.uid() != 0 && rootOwned) {
                LOG.log(System.Logger.Level.WARNING, "{0} belongs to root and is left as it is (the agent changes an existing"
                        + " directory only in a sandbox, --create-user); {1} may not be able to write it", dir, user.name());
            }
            return;
        }
        if (root && user.uid() != 0 && rootOwned) {
            Files.setAttribute(dir, "unix:uid", user.uid());
            Files.setAttribute(dir, "unix:gid", user.gid());
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            permissions.addAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE));
            Files.setPosixFilePermissions(dir, permissions);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot make {0} group-writable: {1}", dir, e.getMessage());
        }
    }

    private static Map<String, String> environment(SandboxUser user, String bash) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("SESSION_API_KEY"); // the shell must never see the session's key
        env.put("HOME", user.home().toString());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        env.put("SHELL", bash);
        env.put("TERM", "dumb");
        env.putIfAbsent("LANG", "C.UTF-8");
        env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return env;
    }

    static int currentUid() throws IOException {
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static String bash() {
        for (String candidate : List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "bash";
    }

    private static String tool(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** Reads /etc/passwd: name:x:uid:gid:gecos:home:shell. */
    static final class PasswdEntry {
        private PasswdEntry() {
        }

        static Optional<SandboxUser> byName(String name) {
            return entries().stream().filter(u -> u.name().equals(name)).findFirst();
        }

        static Optional<SandboxUser> byUid(int uid) {
            return entries().stream().filter(u -> u.uid() == uid).findFirst();
        }

        private static List<SandboxUser> entries() {
            List<SandboxUser> users = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 7) {
                        try {
                            users.add(new SandboxUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5])));
                        } catch (NumberFormatException e) {
                            // a malformed line is skipped, as getpwnam would
                        }
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read /etc/passwd: {0}", e.getMessage());
            }
            return users;
        }
    }
}
