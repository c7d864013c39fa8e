package dev.sandpod.cli;

import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.client.LocalSessionRecord;
import dev.sandpod.client.Session;
import dev.sandpod.client.SessionClient;
import dev.sandpod.client.SessionNames;
import dev.sandpod.client.SessionOptions;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code sandpod up}: creates a session where it can run best and waits until it is Ready. */
@Command(name = "up", description = {"Create a session and wait until it is Ready; prints its endpoint.",
        "Without --runtime: a Kubernetes cluster with the Sandpod CRD, else Docker, else a local process",
        "(which isolates nothing: 'up' says so plainly before starting it)."})
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    SandpodCli cli;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "sandbox", description = "session name (default: ${DEFAULT-VALUE})")
    String name;
    @Option(names = "--image", description = "sandbox image (default: sandpod/sandbox:dev)")
    String image;
    @Option(names = "--runtime", description = "kubernetes, docker or process (a local process: no isolation)")
    String runtime;
    @Option(names = "--timeout", defaultValue = "180", description = "seconds to wait for Ready (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;
    @Option(names = {"-n", "--namespace"}, description = "Kubernetes namespace (default: the kubeconfig's)")
    String namespace;
    @Option(names = "--memory", description = "memory limit, e.g. 2Gi (default: the platform's policy; 2Gi for local Docker)")
    String memory;
    @Option(names = "--cpus", description = "CPU limit, e.g. 1 or 500m (default: none)")
    String cpus;

    /** spec.resources from --memory and --cpus; null when neither is given. */
    private ResourceRequirements resources() {
        if (memory == null && cpus == null) {
            return null;
        }
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (memory != null) {
            resources.addToLimits("memory", quantity("--memory", memory, "2Gi or 512Mi"));
        }
        if (cpus != null) {
            resources.addToLimits("cpu", quantity("--cpus", cpus, "1 or 500m"));
        }
        return resources.build();
    }

    private Quantity quantity(String option, String value, String example) {
        try {
            Quantity quantity = new Quantity(value);
            if (Quantity.getAmountInBytes(quantity).signum() > 0) {
                return quantity;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new ParameterException(spec.commandLine(), option + " " + value + ": use a positive quantity, e.g. " + example);
    }

    @Override
    public Integer call() {
        SessionNames.validate(name);
        if (timeoutSeconds <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
        }
        ResourceRequirements resources = resources();
        try (SessionLocator locator = cli.locator()) {
            // a session that exists stays where it runs, unless --runtime says otherwise (and fails on the mismatch)
            String requested = runtime != null ? runtime : cli.home.find(name).map(LocalSessionRecord::runtime).orElse(null);
            SessionRuntime chosen = RuntimeChoice.choose(requested, image, locator, spec.commandLine().getErr());
            SessionClient client = chosen == SessionRuntime.KUBERNETES ? locator.kubernetes(namespace) : locator.local(chosen.value());
            Session session;
            try (Progress progress = new Progress(spec.commandLine().getErr(), cli.terminal)) {
                spec.commandLine().getErr().println("sandpod: creating session " + name + " (" + chosen.value() + ")");
                session = client.create(new SessionOptions(name, image, null, resources), Duration.ofSeconds(timeoutSeconds),
                        progress);
            }
            try (session) {
                if (chosen == SessionRuntime.KUBERNETES) {
                    cli.home.save(new LocalSessionRecord(name, chosen.value(), session.namespace(),
                            session.endpoint().toString(), null, image, Instant.now().toString()));
                }
                spec.commandLine().getOut().println(session.endpoint());
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }
}
