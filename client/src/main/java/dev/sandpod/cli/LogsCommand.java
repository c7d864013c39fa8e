package dev.sandpod.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code sandpod logs NAME}: the last lines the session's agent wrote. */
@Command(name = "logs", description = {"Print the last lines of the session's agent log",
        "(docker: the container's log; process: agent.log; kubernetes: the pod's log)."})
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "session name")
    String name;
    @Option(names = "--tail", defaultValue = "100", description = "number of lines (default: ${DEFAULT-VALUE})")
    int lines;

    @Override
    public Integer call() {
        try (SessionLocator locator = cli.locator()) {
            String log = locator.clientFor(name).logs(name, lines);
            spec.commandLine().getOut().print(log);
            if (!log.isEmpty() && !log.endsWith("\n")) {
                spec.commandLine().getOut().println();
            }
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
