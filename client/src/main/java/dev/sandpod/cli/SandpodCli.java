package dev.sandpod.cli;

import dev.sandpod.client.SandpodException;
import dev.sandpod.client.SandpodHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The {@code sandpod} command line: sessions on a Kubernetes cluster, the local Docker engine or
 * as local processes, and the operator itself. docs/cli.md describes every command.
 */
@Command(name = "sandpod", mixinStandardHelpOptions = true, version = "sandpod 0.1.0",
        description = "Sandboxes for AI coding agents: on Kubernetes, in local Docker containers, or as local processes.",
        subcommands = {UpCommand.class, ExecCommand.class, ShellCommand.class, CpCommand.class, LsCommand.class,
                LogsCommand.class, DownCommand.class, OperatorCommand.class, CommandLine.HelpCommand.class})
public final class SandpodCli implements Runnable {

    /** Exit code of errors the user can fix (the message says how). */
    static final int EXIT_ERROR = 1;
    /** Exit code of a command line picocli cannot parse. */
    static final int EXIT_USAGE = 2;

    final SandpodHome home;
    final Map<String, String> env;
    final InputStream in;
    final boolean terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SandpodCli(SandpodHome home, Map<String, String> env, InputStream in, boolean terminal) {
        this.home = home;
        this.env = env;
        this.in = in;
        this.terminal = terminal;
    }

    /** Runs {@code sandpod} and exits with the command's exit code. */
    public static void main(String[] args) {
        if (args.length == 0 || !"operator".equals(args[0])) {
            // the runtimes log their steps at INFO; the command line shows progress its own way
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int code = commandLine(SandpodHome.resolve(), System.getenv(), System.in, System.console() != null).execute(args);
        System.exit(code);
    }

    /** A {@code sandpod} command line on the given home, environment and input, for main and for tests. */
    public static CommandLine commandLine(SandpodHome home, Map<String, String> env, InputStream in, boolean terminal) {
        CommandLine cli = new CommandLine(new SandpodCli(home, env, in, terminal));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof SandpodException) {
                err.println("sandpod: " + e.getMessage());
            } else {
                err.println("sandpod: unexpected error: " + e);
            }
            err.flush();
            return EXIT_ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("sandpod: " + e.getMessage());
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return EXIT_USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    SessionLocator locator() {
        return new SessionLocator(home, env);
    }
}
