package dev.sandpod.cli;

import dev.sandpod.client.SessionClient;
import dev.sandpod.client.SessionNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code sandpod down NAME}: deletes the session and everything it runs. */
@Command(name = "down", description = "Delete a session: its sandbox, workspace and key.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "session name")
    String name;

    @Override
    public Integer call() {
        try (SessionLocator locator = cli.locator()) {
            SessionClient client = locator.clientFor(name);
            try {
                client.delete(name);
            } catch (SessionNotFoundException e) {
                if (cli.home.find(name).isEmpty()) {
                    throw e;
                }
                // deleted behind the CLI's back (kubectl delete): only the record is left to remove
                spec.commandLine().getErr().println("sandpod: session " + name + " no longer exists; removing its record");
            }
            cli.home.remove(name);
            spec.commandLine().getErr().println("sandpod: session " + name + " deleted");
        }
        return 0;
    }
}
