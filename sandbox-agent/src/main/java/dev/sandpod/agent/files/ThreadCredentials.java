package dev.sandpod.agent.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The user, group and supplementary groups of the calling thread, read and changed with raw
 * {@code syscall(2)}s.
 *
 * <p>Linux keeps credentials per thread. glibc's {@code setresuid}, {@code setresgid} and
 * {@code setgroups} wrappers broadcast every change to all threads of the process (POSIX wants one
 * set of ids per process), so they are not used here: the raw system call changes the calling
 * thread alone. Only the effective ids change; the real and saved ids stay root's, which is what
 * lets the thread switch back, keeps the sandbox user from signalling or tracing it (both compare
 * against the real and saved ids), and keeps root's capabilities in the permitted set while the
 * effective set is empty (the kernel clears it when the effective uid leaves 0, and refills it
 * from the permitted set when it returns).
 */
final class ThreadCredentials {

    /** Effective uid, effective gid and supplementary groups. */
    record Identity(int uid, int gid, int[] groups) {

        @Override
        public String toString() {
            return "uid " + uid + ", gid " + gid + ", groups " + Arrays.toString(groups);
        }
    }

    private static final Numbers NR = Numbers.of(System.getProperty("os.arch", ""));

    private ThreadCredentials() {
    }

    /** Whether this architecture's system call numbers are known. */
    static boolean supported() {
        return NR != null;
    }

    /** The calling thread's effective ids and groups. */
    static Identity current() throws IOException {
        requireSupported();
        try {
            int uid = (int) Libc.syscall(NR.geteuid, 0, 0, 0);
            int gid = (int) Libc.syscall(NR.getegid, 0, 0, 0);
            int count = (int) Libc.syscall(NR.getgroups, 0, 0, 0);
            int[] groups = new int[count];
            if (count > 0) {
                count = (int) Libc.syscall(NR.getgroups, count, groups, 0);
            }
            return new Identity(uid, gid, Arrays.copyOf(groups, count));
        } catch (LastErrorException e) {
            throw new IOException("cannot read this thread's credentials: " + e.getMessage(), e);
        }
    }

    /**
     * Gives the calling thread the effective ids and groups of {@code to}; the calling thread must
     * be root (effective uid 0) with CAP_SETUID and CAP_SETGID. Groups first, since changing them
     * needs CAP_SETGID, which leaves the effective set with the effective uid.
     */
    static void become(Identity to) throws IOException {
        requireSupported();
        try {
            Libc.syscall(NR.setgroups, to.groups().length, to.groups(), 0);
            Libc.syscall(NR.setresgid, -1, to.gid(), -1);
            Libc.syscall(NR.setresuid, -1, to.uid(), -1);
        } catch (LastErrorException e) {
            throw new IOException("cannot switch this thread to " + to + ": " + e.getMessage()
                    + " (the agent needs CAP_SETUID and CAP_SETGID)", e);
        }
    }

    /**
     * Gives the calling thread back root's effective uid (and with it the capabilities), then
     * {@code original}'s group and groups. Allowed whatever the thread became, since its real and
     * saved uid stayed 0.
     */
    static void restore(Identity original) throws IOException {
        try {
            Libc.syscall(NR.setresuid, -1, original.uid(), -1);
            Libc.syscall(NR.setresgid, -1, original.gid(), -1);
            Libc.syscall(NR.setgroups, original.groups().length, original.groups(), 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot switch this thread back to " + original + ": " + e.getMessage(), e);
        }
    }

    /**
     * The groups {@code initgroups(3)} gives {@code user} (as {@code setpriv --init-groups} does for
     * the shell): its primary group and every group that lists it, through the system's name
     * service.
     */
    static int[] groupsOf(String user, int primaryGid) throws IOException {
        int[] groups = new int[64];
        for (int attempt = 0; attempt < 4; attempt++) {
            int[] count = {groups.length};
            if (Libc.getgrouplist(user, primaryGid, groups, count) >= 0) {
                return Arrays.copyOf(groups, count[0]);
            }
            groups = new int[Math.max(count[0], groups.length * 2)];
        }
        throw new IOException("cannot list the groups of " + user + " (getgrouplist failed)");
    }

    private static void requireSupported() throws IOException {
        if (NR == null) {
            throw new IOException("acting as the sandbox user is not implemented for the " + System.getProperty("os.arch")
                    + " architecture (only x86-64 and aarch64)");
        }
    }

    /** The system call numbers of one architecture. */
    private record Numbers(int geteuid, int getegid, int getgroups, int setgroups, int setresuid, int setresgid) {

        static Numbers of(String arch) {
            return switch (arch.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> new Numbers(107, 108, 115, 116, 117, 119);
                // the generic table (include/uapi/asm-generic/unistd.h)
                case "aarch64", "arm64" -> new Numbers(175, 177, 158, 159, 147, 149);
                default -> null;
            };
        }
    }

    /** libc, mapped directly: every call is a plain native call, no proxy, no native memory to free. */
    private static final class Libc {
        static {
            Native.register(Libc.class, "c");
        }

        static native long syscall(long number, long a1, long a2, long a3) throws LastErrorException;

        static native long syscall(long number, long count, int[] list, long unused) throws LastErrorException;

        static native int getgrouplist(String user, int group, int[] groups, int[] count);
    }
}
