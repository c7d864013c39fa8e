package dev.sandpod.cli;

import dev.sandpod.client.SandpodHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument parsing and the errors a user sees, with what to do; no session is ever created here. */
class CliArgumentsTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.run(new SandpodHome(dir), args);
    }

    @Test
    void helpListsEveryCommand() {
        CliRun help = run("--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("up", "exec", "shell", "cp", "ls", "logs", "down", "operator")) {
            assertTrue(help.out().contains("  " + command + " "), command + " missing from\n" + help.out());
        }
    }

    @Test
    void execWithoutCommandIsAUsageError() {
        CliRun run = run("exec", "demo");
        assertEquals(SandpodCli.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("Missing required parameter: '<command>'"), run.toString());
        assertTrue(run.err().contains("sandpod exec --help"), run.toString());
    }

    @Test
    void invalidNameSaysWhatANameMayHold() {
        CliRun run = run("up", "My_Session", "--runtime", "process");
        assertEquals(SandpodCli.EXIT_ERROR, run.exitCode());
        assertTrue(run.err().contains("Invalid session name 'My_Session': use at most 63 lower-case letters"), run.toString());
    }

    @Test
    void resourcesMustBePositiveQuantities() {
        CliRun memory = run("up", "demo", "--runtime", "process", "--memory", "lots");
        assertEquals(SandpodCli.EXIT_USAGE, memory.exitCode(), memory.toString());
        assertTrue(memory.err().contains("--memory lots: use a positive quantity, e.g. 2Gi or 512Mi"), memory.toString());
        CliRun cpus = run("up", "demo", "--runtime", "process", "--cpus", "0");
        assertEquals(SandpodCli.EXIT_USAGE, cpus.exitCode(), cpus.toString());
        assertTrue(cpus.err().contains("--cpus 0: use a positive quantity, e.g. 1 or 500m"), cpus.toString());
    }

    @Test
    void unknownRuntimeListsTheValidOnes() {
        CliRun run = run("up", "demo", "--runtime", "lxc");
        assertEquals(SandpodCli.EXIT_ERROR, run.exitCode());
        assertTrue(run.err().contains("--runtime lxc: unknown runtime 'lxc': use kubernetes, docker or process"), run.toString());
    }

    @Test
    void kubernetesWithoutClusterSaysHowToGetOneOrRunLocally() {
        CliRun run = run("up", "demo", "--runtime", "kubernetes");
        assertEquals(SandpodCli.EXIT_ERROR, run.exitCode());
        assertTrue(run.err().contains("No Kubernetes cluster reachable: no kubeconfig"), run.toString());
        assertTrue(run.err().contains("--runtime docker or --runtime process"), run.toString());
    }

    @Test
    void nonPositiveTimeoutIsRefused() {
        CliRun run = run("up", "demo", "--timeout", "0");
        assertEquals(SandpodCli.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("--timeout must be a positive number of seconds"), run.toString());
    }

    @Test
    void unknownSessionPointsToLs() {
        for (String[] args : List.of(new String[]{"exec", "ghost", "--", "true"}, new String[]{"down", "ghost"},
                new String[]{"logs", "ghost"}, new String[]{"shell", "ghost"}, new String[]{"cp", "ghost:/x", "."})) {
            CliRun run = run(args);
            assertEquals(SandpodCli.EXIT_ERROR, run.exitCode(), run.toString());
            assertTrue(run.err().contains("No session 'ghost'") && run.err().contains("'sandpod ls'"), run.toString());
        }
    }

    @Test
    void copyNeedsExactlyOneSessionSideWithAnAbsolutePath() {
        assertTrue(run("cp", "a", "b").err().contains("Neither side is in a session: write one as NAME:/absolute/path"));
        assertTrue(run("cp", "a:/x", "b:/y").err().contains("Both sides are in sessions"));
        CliRun relative = run("cp", "file.txt", "demo:work/file.txt");
        assertEquals(SandpodCli.EXIT_ERROR, relative.exitCode());
        assertTrue(relative.err().contains("must be absolute, e.g. demo:/workspace/work/file.txt"), relative.toString());
    }

    @Test
    void lsWithoutSessionsPrintsTheHeaderAndWhyNoClusterWasAsked() {
        CliRun run = run("ls");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("NAME"), run.toString());
        assertEquals(1, run.out().lines().count(), run.toString());
        assertTrue(run.err().contains("no cluster sessions listed"), run.toString());
    }

    @Test
    void execJoinsWordsTheWayTheShellWouldSplitThem() {
        assertEquals("ls -la /tmp", ExecCommand.commandLine(List.of("ls", "-la", "/tmp")));
        assertEquals("echo 'a b' 'it'\\''s' '$HOME'", ExecCommand.commandLine(List.of("echo", "a b", "it's", "$HOME")));
        assertEquals("echo $HOME | wc -c", ExecCommand.commandLine(List.of("echo $HOME | wc -c")));
    }
}
