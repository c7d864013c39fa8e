package dev.sandpod.cli;

import dev.sandpod.client.SandpodHome;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code sandpod} in-process on a test home, capturing stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(SandpodHome home, String... args) {
        return runWithInput(home, "", args);
    }

    static CliRun runWithInput(SandpodHome home, String input, String... args) {
        // a KUBECONFIG that does not exist: these tests never reach a cluster, whatever the machine has
        return runWithEnv(home, Map.of("KUBECONFIG", home.root().resolve("no-kubeconfig").toString()), input, args);
    }

    static CliRun runWithEnv(SandpodHome home, Map<String, String> env, String input, String... args) {
        CommandLine cli = SandpodCli.commandLine(home, env,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
