package dev.sandpod.cli;

import dev.sandpod.operator.OperatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sandpod operator [--flag=value...]}: runs the Sandpod operator with the current kubeconfig. */
@Command(name = "operator", description = {"Run the Sandpod operator (the controller) with the current kubeconfig.",
        "Flags as in docs/operator.md, e.g. --default-runtime=docker --namespaces=default"})
final class OperatorCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", description = "operator settings as --name=value")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        OperatorMain.main(args.toArray(String[]::new));
        // main returns once the controller runs; it stops on SIGTERM/Ctrl-C through its shutdown hooks
        Thread.currentThread().join();
        return 0;
    }
}
