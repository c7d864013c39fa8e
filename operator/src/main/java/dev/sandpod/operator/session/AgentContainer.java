package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

import java.util.ArrayList;
import java.util.List;

/** The sandbox's main container: the agent, its arguments, key, probe and security context. */
final class AgentContainer {

    static final String NAME = "agent";
    /** Where the agent's self-contained distribution lives, in the sandbox image or injected. */
    static final String AGENT_HOME = "/opt/sandpod";
    static final String AGENT_BINARY = AGENT_HOME + "/bin/sandpod-agent";

    private AgentContainer() {
    }

    static Container build(SandboxSession session, ResolvedSpec spec) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(NAME)
                .withImage(spec.image())
                .withImagePullPolicy(spec.imagePullPolicy())
                .withCommand(AGENT_BINARY)
                .withArgs(args(spec))
                .withWorkingDir(spec.workingDir())
                .withEnv(env(session, spec))
                .addNewPort().withName(NAME).withContainerPort(OperatorConfig.AGENT_PORT).withProtocol("TCP").endPort()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/alive").withPort(new IntOrString(OperatorConfig.AGENT_PORT)).endHttpGet()
                .withPeriodSeconds(2)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .withSecurityContext(securityContext(spec))
                .withResources(SessionResources.forPod(spec.resources()))
                .addNewVolumeMount().withName(AgentPodDependent.WORKSPACE_VOLUME).withMountPath(spec.workingDir()).endVolumeMount();
        if (spec.injectAgent()) {
            container.addNewVolumeMount().withName(AgentInjection.VOLUME).withMountPath(AGENT_HOME).withReadOnly(true)
                    .endVolumeMount();
        }
        return container.build();
    }

    static List<String> args(ResolvedSpec spec) {
        List<String> args = new ArrayList<>(List.of(
                "--port", String.valueOf(OperatorConfig.AGENT_PORT),
                "--working-dir", spec.workingDir(),
                "--username", spec.userName(),
                "--user-id", String.valueOf(spec.uid()),
                "--no-change-timeout", String.valueOf(spec.noChangeSeconds())));
        if (!spec.plugins().isEmpty()) {
            args.add("--plugins"); // last, since it takes every following argument
            args.addAll(spec.plugins());
        }
        return args;
    }

    private static List<EnvVar> env(SandboxSession session, ResolvedSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("SESSION_API_KEY")
                .withNewValueFrom().withNewSecretKeyRef(TokenSecretDependent.TOKEN_KEY, SessionNames.secret(session), false)
                .endValueFrom().build());
        env.addAll(spec.env());
        return env;
    }

    /** Restricted Pod Security Standard unless the user asked for root. */
    static SecurityContext securityContext(ResolvedSpec spec) {
        SecurityContextBuilder security = new SecurityContextBuilder().withAllowPrivilegeEscalation(false);
        if (spec.root()) {
            return security.withRunAsUser(0L).withRunAsNonRoot(false).build();
        }
        return security.withRunAsNonRoot(true)
                .withRunAsUser((long) spec.uid())
                .withRunAsGroup((long) spec.uid())
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }
}
