package dev.sandpod.cli;

import dev.sandpod.client.SandpodException;
import dev.sandpod.operator.OperatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sandpod operator [--flag=value...]}: runs the Sandpod operator with the current kubeconfig. */
@Command(name = "operator", description = {"Run the Sandpod operator (the controller) with the current kubeconfig.",
        "--namespaces=NS[,NS] is required: the sessions there run with this operator (--namespaces='*' for all).",
        "Flags as in docs/operator.md, e.g. --namespaces=default --default-runtime=docker"})
final class OperatorCommand implements Callable<Integer> {

    // picocli would reject the operator's flags as unknown options; they are the operator's to check
    @Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try {
            OperatorMain.main(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new SandpodException("The operator could not start (" + root + "): it needs a Kubernetes cluster "
                    + "with the CRD installed ('kubectl apply -f crds/'); set KUBECONFIG or run it inside the cluster", e);
        }
        // main returns once the controller runs; it stops on SIGTERM/Ctrl-C through its shutdown hooks
        Thread.currentThread().join();
        return 0;
    }
}
