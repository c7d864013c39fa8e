package dev.sandpod.cli;

import dev.sandpod.client.AgentClient;
import dev.sandpod.client.SandpodException;
import dev.sandpod.client.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code sandpod cp SRC DST}: copies files and directories into or out of a session, like
 * {@code cp -r}: into an existing directory under the source's name, else to the path given.
 */
@Command(name = "cp", description = {"Copy files or directories between this machine and a session (NAME:/path).",
        "Examples: sandpod cp ./src demo:/workspace    sandpod cp demo:/workspace/out ./out"})
final class CpCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "source: a local path or NAME:/path")
    String source;
    @Parameters(index = "1", description = "destination: a local path or NAME:/path")
    String destination;

    @Override
    public Integer call() throws IOException {
        CopyLocation from = CopyLocation.parse(source);
        CopyLocation to = CopyLocation.parse(destination);
        if (from.remote() == to.remote()) {
            throw new SandpodException(from.remote()
                    ? "Both sides are in sessions: copy through this machine with two 'sandpod cp' commands"
                    : "Neither side is in a session: write one as NAME:/absolute/path, e.g. demo:/workspace");
        }
        CopyLocation remote = from.remote() ? from : to;
        try (SessionLocator locator = cli.locator(); Session session = locator.clientFor(remote.session()).connect(remote.session())) {
            if (to.remote()) {
                upload(session.agent(), Path.of(from.path()), to);
            } else {
                download(session.agent(), from, Path.of(to.path()));
            }
        }
        return 0;
    }

    private static void upload(AgentClient agent, Path local, CopyLocation to) {
        if (!Files.exists(local)) {
            throw new SandpodException("Cannot copy " + local + ": no such file or directory");
        }
        String name = local.toAbsolutePath().normalize().getFileName().toString();
        if (to.path().endsWith("/") || to.path().equals("/") || isDirectory(agent, to)) {
            agent.upload(local, to.path(), name);
        } else {
            agent.upload(local, to.parent(), to.baseName());
        }
    }

    private static void download(AgentClient agent, CopyLocation from, Path local) throws IOException {
        boolean directory = from.path().equals("/") || isDirectory(agent, from);
        if (!directory && !agent.listFiles(from.parent()).contains(from.baseName())) {
            throw new SandpodException("No file or directory " + from.path() + " in session " + from.session()
                    + ": list it with 'sandpod exec " + from.session() + " -- ls -la " + from.parent() + "'");
        }
        Path target = Files.isDirectory(local) ? local.resolve(from.baseName().isEmpty() ? "root" : from.baseName()) : local;
        if (directory) {
            agent.download(from.path(), target);
            return;
        }
        Path temp = Files.createTempDirectory("sandpod-cp-");
        try {
            List<Path> written = agent.download(from.path(), temp);
            if (written.size() != 1) {
                throw new SandpodException("Expected one file from " + from.path() + ", the agent sent " + written.size());
            }
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.move(temp.resolve(written.getFirst()), target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> paths = Files.walk(temp)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean isDirectory(AgentClient agent, CopyLocation location) {
        return agent.listFiles(location.parent()).contains(location.baseName() + "/");
    }
}
