package dev.sandpod.agent.files;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxUser;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Runs file work with the sandbox user's rights, so that {@code read}, {@code write}, {@code edit},
 * uploads, downloads and listings can reach exactly what the user's own commands can.
 *
 * <p>When the agent runs as the sandbox user (a non-root agent, or root as root), work runs on the
 * calling thread. When the agent runs as root for another user, work runs on a small pool of
 * platform threads, each of which takes the user's effective uid, gid and groups for the length of
 * one piece of work ({@link ThreadCredentials}) and gives them back afterwards. The kernel then does
 * every check the user's own processes get: permissions, ACLs, groups, symbolic links and hard links
 * planted anywhere, {@code fs.protected_*} rules, read-only mounts; and since a path is resolved
 * with the user's rights at the moment it is opened, swapping a directory for a link mid-request
 * (a time-of-check/time-of-use race) gains nothing. Files and directories the work creates belong to
 * the user, with the group the kernel gives them (the user's, or a set-gid directory's).
 *
 * <p>Rules for work handed to {@link #call}, which keep root's rights from leaking into or out of a
 * switched thread: it touches the file system and computes, and nothing else. It starts no threads
 * (a new thread inherits the creating thread's credentials), never wakes a virtual thread (waking
 * one may start a carrier thread from the waker), does no network I/O and no logging; bytes of
 * uploads and downloads are copied by the request's own thread through streams the work opened.
 * The thread is given back root's ids before the result is handed over; should that ever fail, the
 * agent halts rather than run on with a thread of unknown rights.
 */
public final class UserFileAccess implements AutoCloseable {

    /** Work on files that runs with the sandbox user's rights. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** How long a request waits for its file work (a FIFO opened mid-request could block it forever). */
    static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Threads kept ready, so file actions need no new thread when the sandbox is out of processes. */
    static final int READY_THREADS = 2;
    static final int MAX_THREADS = 16;
    private static final long SPIN_NANOS = 50_000;

    private static final System.Logger LOG = System.getLogger(UserFileAccess.class.getName());

    private final SandboxUser user;
    private final ThreadCredentials.Identity agentIdentity;
    private final ThreadCredentials.Identity userIdentity;
    private final ThreadPoolExecutor workers;

    private UserFileAccess(SandboxUser user, ThreadCredentials.Identity agentIdentity,
                           ThreadCredentials.Identity userIdentity, ThreadPoolExecutor workers) {
        this.user = user;
        this.agentIdentity = agentIdentity;
        this.userIdentity = userIdentity;
        this.workers = workers;
    }

    /**
     * File access for {@code user}: on the calling thread when the agent is that user, else on
     * threads that act as the user (the agent must then be root). Fails when the agent can act as
     * neither, since file actions with root's rights are never an option.
     */
    public static UserFileAccess forUser(SandboxUser user) throws IOException {
        int agentUid = agentUid();
        if (agentUid == user.uid()) {
            return sameUser(user);
        }
        if (agentUid != 0) {
            throw new IOException("the agent runs as uid " + agentUid + " and cannot act as the sandbox user "
                    + user.name() + " (uid " + user.uid() + ")");
        }
        ThreadCredentials.Identity agent = ThreadCredentials.current();
        ThreadCredentials.Identity sandboxUser = new ThreadCredentials.Identity(user.uid(), user.gid(),
                ThreadCredentials.groupsOf(user.name(), user.gid()));
        preloadClasses();
        UserFileAccess access = new UserFileAccess(user, agent, sandboxUser, startWorkers());
        access.checkSwitching();
        return access;
    }

    /** Work runs on the calling thread, with the agent's own rights, which are the user's. */
    public static UserFileAccess sameUser(SandboxUser user) {
        return new UserFileAccess(user, null, null, null);
    }

    /**
     * Runs {@code work} with the user's rights and answers its result or rethrows its exception.
     *
     * @throws UnavailableException when no thread could run the work, or it did not finish in time
     */
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        if (workers == null || Thread.currentThread() instanceof FileThread) {
            return work.run(); // the agent is the user, or this thread already acts as the user
        }
        Future<T> result;
        try {
            result = workers.submit(() -> runAsUser(work));
        } catch (RejectedExecutionException e) {
            throw new UnavailableException("The agent is already running " + MAX_THREADS + " file operations; "
                    + "retry when one has finished.");
        } catch (OutOfMemoryError e) {
            if (e.getMessage() == null || !e.getMessage().contains("native thread")) {
                throw e;
            }
            throw new UnavailableException("The agent cannot start a thread for this file operation: the sandbox "
                    + "has run out of processes or memory (" + e.getMessage() + "). Stop some processes and retry.");
        }
        // most file work takes tens of microseconds: waiting for it briefly is cheaper than parking
        // this (virtual) thread, whose wake-up goes through the scheduler
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (!result.isDone() && System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
        }
        try {
            return result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw UserFileAccess.<E>rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new UnavailableException("The file operation did not finish within " + DEADLINE.toSeconds()
                    + " s (a very large file, a FIFO with no writer, or a mount that does not answer?). It may "
                    + "still finish later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while waiting for the file operation.");
        }
    }

    /** {@code executor} with every action run through {@link #call}; an unavailable thread answers an error. */
    public ActionExecutor asUser(ActionExecutor executor) {
        return new ActionExecutor() {
            @Override
            public String type() {
                return executor.type();
            }

            @Override
            public Observation execute(Action action) {
                try {
                    return call(() -> executor.execute(action));
                } catch (UnavailableException e) {
                    return Observation.error(e.getMessage());
                }
            }
        };
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private <T, E extends Exception> T runAsUser(Work<T, E> work) throws E {
        try {
            ThreadCredentials.become(userIdentity);
        } catch (IOException e) {
            restoreOrHalt();
            throw new UnavailableException("The agent could not act as the sandbox user " + user.name() + ": "
                    + e.getMessage());
        }
        try {
            return work.run();
        } finally {
            restoreOrHalt();
        }
    }

    private void restoreOrHalt() {
        try {
            ThreadCredentials.restore(agentIdentity);
        } catch (IOException | RuntimeException e) {
            // a pool thread with unknown rights must never run again; nor may it wake anyone
            System.err.println("sandpod-agent: " + e.getMessage() + "; stopping the agent");
            Runtime.getRuntime().halt(70);
        }
    }

    /** Fails the agent's start unless a worker really takes the user's ids and gives them back. */
    private void checkSwitching() throws IOException {
        ThreadCredentials.Identity seen;
        try {
            seen = call(ThreadCredentials::current);
        } catch (UnavailableException e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
        ThreadCredentials.Identity after = ThreadCredentials.current();
        if (seen.uid() != user.uid() || seen.gid() != user.gid() || after.uid() != agentIdentity.uid()) {
            close();
            throw new IOException("acting as the sandbox user failed: a file thread saw " + seen
                    + ", the agent's thread " + after);
        }
        LOG.log(System.Logger.Level.DEBUG, "file actions act as {0} ({1})", user.name(), userIdentity);
    }

    private static ThreadPoolExecutor startWorkers() {
        AtomicInteger count = new AtomicInteger();
        // a direct hand-off: a piece of work starts at once on an idle thread or a new one; beyond
        // MAX_THREADS it is refused rather than queued behind work that may be blocked
        ThreadPoolExecutor pool = new ThreadPoolExecutor(READY_THREADS, MAX_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> new FileThread(runnable, "sandpod-files-" + count.incrementAndGet()));
        pool.prestartAllCoreThreads();
        return pool;
    }

    private static int agentUid() throws IOException {
        // /proc/self belongs to the process's effective uid
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /**
     * Loads every class of this package and of the observation model now, as root: a thread acting
     * as the user may not be allowed to open a class file that is not loaded yet (an agent or a
     * test run from a directory under root's home).
     */
    private static void preloadClasses() throws IOException {
        for (Class<?> anchor : List.of(UserFileAccess.class, Observation.class)) {
            for (String name : classNamesInPackageOf(anchor)) {
                try {
                    Class.forName(name, true, anchor.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IOException("cannot load " + name + ": " + e, e);
                }
            }
        }
    }

    private static List<String> classNamesInPackageOf(Class<?> anchor) throws IOException {
        String folder = anchor.getPackageName().replace('.', '/') + "/";
        // the class file's own URL, not the protection domain's code source: a class restored from
        // an AOT cache made for another path has a code source without a location
        URL self = anchor.getResource(anchor.getSimpleName() + ".class");
        if (self == null) {
            throw new IOException("cannot locate the classes of " + anchor.getPackageName()
                    + ": the class loader has no resource for " + anchor.getName());
        }
        List<String> entries = new ArrayList<>();
        try {
            switch (self.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(self.toURI()).getParent())) {
                        files.forEach(file -> entries.add(folder + file.getFileName()));
                    }
                }
                case "jar" -> {
                    Path jarPath = Path.of(((JarURLConnection) self.openConnection()).getJarFileURL().toURI());
                    try (JarFile jar = new JarFile(jarPath.toFile())) {
                        jar.stream().forEach(entry -> entries.add(entry.getName()));
                    }
                }
                default -> throw new IOException("cannot locate the classes of " + anchor.getPackageName()
                        + ": they are loaded from " + self + ", neither a directory nor a jar");
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the classes of " + anchor.getPackageName() + " (" + self + "): " + e, e);
        }
        return entries.stream()
                .filter(e -> e.startsWith(folder) && e.endsWith(".class") && e.indexOf('/', folder.length()) < 0)
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                .filter(name -> !name.endsWith("package-info"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable cause) throws E {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (E) cause;
    }

    /** A thread of the pool: a platform thread, daemon, that acts as the user while it runs work. */
    private static final class FileThread extends Thread {
        FileThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }

    /** No thread could do the work, or it did not finish in time; the message says what to do. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }
}
