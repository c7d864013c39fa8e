package dev.sandpod.cli;

import dev.sandpod.client.LocalSessionRecord;
import dev.sandpod.client.SandpodException;
import dev.sandpod.client.SessionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code sandpod ls}: the sessions of this machine and, when a cluster is reachable, its SandboxSessions. */
@Command(name = "ls", description = {"List sessions: this machine's (docker, process) and the cluster's SandboxSessions.",
        "With NAME: only that session."})
final class LsCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "only this session")
    String name;
    @Option(names = {"-n", "--namespace"}, description = "Kubernetes namespace (default: the kubeconfig's)")
    String namespace;

    @Override
    public Integer call() {
        List<SessionInfo> sessions = new ArrayList<>();
        try (SessionLocator locator = cli.locator()) {
            Set<String> localRuntimes = new LinkedHashSet<>();
            for (LocalSessionRecord record : cli.home.all()) {
                if (!"kubernetes".equals(record.runtime())) {
                    localRuntimes.add(record.runtime());
                }
            }
            for (String runtime : localRuntimes) {
                try {
                    sessions.addAll(locator.local(runtime).list());
                } catch (RuntimeException e) {
                    spec.commandLine().getErr().println("sandpod: cannot inspect " + runtime + " sessions: " + e.getMessage());
                }
            }
            ClusterAccess.Probe cluster = locator.cluster();
            if (cluster.usable()) {
                sessions.addAll(locator.kubernetes(namespace).list());
            } else {
                spec.commandLine().getErr().println("sandpod: no cluster sessions listed: " + cluster.problem());
            }
        }
        List<SessionInfo> shown = sessions.stream().filter(s -> name == null || name.equals(s.name())).toList();
        if (name != null && shown.isEmpty()) {
            throw new SandpodException("No session '" + name + "': 'sandpod ls' lists them all, 'sandpod up " + name + "' creates it");
        }
        print(shown, spec.commandLine().getOut());
        return 0;
    }

    static void print(List<SessionInfo> sessions, PrintWriter out) {
        String format = "%-20s %-11s %-10s %-11s %-36s %s%n";
        out.printf(format, "NAME", "NAMESPACE", "RUNTIME", "PHASE", "ENDPOINT", "MESSAGE");
        for (SessionInfo s : sessions) {
            out.printf(format, s.name(), s.namespace(), s.runtime(), s.phase(), s.endpoint() == null ? "-" : s.endpoint(),
                    s.message() == null ? "" : s.message().lines().findFirst().orElse(""));
        }
        out.flush();
    }
}
