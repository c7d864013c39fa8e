package dev.sandpod.cli;

import dev.sandpod.client.AgentClient;
import dev.sandpod.client.AgentException;
import dev.sandpod.client.CommandResult;
import dev.sandpod.client.RunCommand;
import dev.sandpod.client.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code sandpod shell NAME}: an interactive loop on the session's persistent shell. Each line is
 * one run action; a command that still runs after the agent's no-change timeout leaves the prompt
 * in input mode, where lines go to the running program and an empty line reads on. Ctrl-C is sent
 * to the sandbox as the {@code C-c} key; EOF (Ctrl-D) or {@code exit} leaves.
 */
@Command(name = "shell", description = {"Interactive shell in the session: each line runs in its persistent bash.",
        "Ctrl-C interrupts the running command; Ctrl-D or 'exit' leaves (the session keeps running)."})
final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "session name")
    String name;

    /** How the agent answers input or a read-on when no command runs. */
    static final String NOTHING_RUNS = "ERROR: No previous running command";

    private volatile boolean running;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (SessionLocator locator = cli.locator(); Session session = locator.clientFor(name).connect(name)) {
            AgentClient agent = session.agent();
            CommandResult where = agent.run("true"); // for the prompt: user and working directory
            SignalHandler previous = forwardInterrupts(agent, out);
            try {
                loop(agent, where, out);
            } finally {
                if (previous != null) {
                    Signal.handle(new Signal("INT"), previous);
                }
            }
        }
        return 0;
    }

    private void loop(AgentClient agent, CommandResult where, PrintWriter out) throws IOException {
        BufferedReader input = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8));
        CommandResult last = where;
        while (true) {
            out.print(prompt(last));
            out.flush();
            String line = input.readLine();
            if (line == null || !running && line.strip().equals("exit")) {
                out.println();
                out.flush();
                return;
            }
            if (!running && line.isBlank()) {
                continue;
            }
            try {
                CommandResult result = agent.run(running ? (line.isEmpty() ? RunCommand.of("") : RunCommand.input(line))
                        : RunCommand.of(line));
                if (running && result.output().startsWith(NOTHING_RUNS)) {
                    // the command ended meanwhile (Ctrl-C, or it finished): the line was meant as a command
                    running = false;
                    if (line.isBlank()) {
                        continue;
                    }
                    result = agent.run(RunCommand.of(line));
                }
                last = result;
                show(last, out);
                running = last.stillRunning();
            } catch (AgentException e) {
                out.println("sandpod: " + e.getMessage());
                out.flush();
            }
        }
    }

    private static void show(CommandResult result, PrintWriter out) {
        String output = result.output();
        out.print(output);
        if (!output.isEmpty() && !output.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }

    private String prompt(CommandResult last) {
        if (running) {
            return "(running: type input, Enter to read on, Ctrl-C to interrupt) ";
        }
        String user = last.username() == null ? "sandbox" : last.username();
        String dir = last.workingDir() == null ? "" : last.workingDir();
        return user + "@" + name + ":" + dir + "$ ";
    }

    /** Ctrl-C goes to the sandbox while this shell runs, not to the JVM. */
    private SignalHandler forwardInterrupts(AgentClient agent, PrintWriter out) {
        if (!cli.terminal) {
            return null;
        }
        try {
            return Signal.handle(new Signal("INT"), signal -> Thread.ofVirtual().start(() -> {
                try {
                    show(agent.run(RunCommand.of("C-c")), out);
                } catch (AgentException e) {
                    out.println("sandpod: " + e.getMessage());
                    out.flush();
                }
            }));
        } catch (IllegalArgumentException e) {
            return null; // no SIGINT handling on this platform: Ctrl-C ends the shell
        }
    }
}
