package dev.sandpod.cli;

import dev.sandpod.client.CommandResult;
import dev.sandpod.client.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code sandpod exec NAME -- CMD...}: runs one command in the session's shell and exits with its exit code. */
@Command(name = "exec", description = {"Run a command in the session's shell; exits with the command's exit code.",
        "Example: sandpod exec demo -- ls -la /workspace"})
final class ExecCommand implements Callable<Integer> {

    /** Exit code when the command was interrupted at --timeout, as timeout(1) uses. */
    static final int EXIT_TIMED_OUT = 124;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "session name")
    String name;
    @Parameters(index = "1..*", arity = "1..*", description = "the command; one argument is a shell command line as it is")
    List<String> command;
    @Option(names = "--timeout", defaultValue = "600", description = "seconds before the command gets SIGINT (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        try (SessionLocator locator = cli.locator(); Session session = locator.clientFor(name).connect(name)) {
            CommandResult result = session.agent().run(commandLine(command), Duration.ofSeconds(timeoutSeconds));
            PrintWriter out = spec.commandLine().getOut();
            out.print(result.output());
            if (!result.output().isEmpty() && !result.output().endsWith("\n")) {
                out.println();
            }
            out.flush();
            return result.stillRunning() ? EXIT_TIMED_OUT : result.exitCode();
        }
    }

    /** One argument is a shell command line; several are words, quoted where the shell would split them. */
    static String commandLine(List<String> words) {
        if (words.size() == 1) {
            return words.getFirst();
        }
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
