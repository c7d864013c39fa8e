package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionTimeouts;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.api.session.SessionWorkspace;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Applies the operator's defaults to a spec and rejects what cannot run, naming the field. The CRD
 * schema catches most of this on a real API server; this catches the rest (and what a schema-less
 * server, or an older CRD, let through).
 */
public final class SessionSpecResolver {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final OperatorConfig config;
    private final Runtimes runtimes;

    public SessionSpecResolver(OperatorConfig config, Runtimes runtimes) {
        this.config = config;
        this.runtimes = runtimes;
    }

    public ResolvedSpec resolve(SandboxSession session) {
        SandboxSessionSpec spec = Objects.requireNonNullElseGet(session.getSpec(), SandboxSessionSpec::new);
        String name = session.getMetadata().getName();
        if (name.length() > 53 || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidSpecException("metadata.name: '" + name + "' must be a DNS label of at most 53 characters"
                    + " (lower-case letters, digits, '-', starting with a letter), since the Service is named after it");
        }
        SessionRuntime runtime = Objects.requireNonNullElse(spec.getRuntime(), config.defaultRuntime());
        if (!runtimes.available(runtime)) {
            throw new InvalidSpecException("spec.runtime: '" + runtime.value() + "' is not available in this operator;"
                    + " use one of " + runtimes.names());
        }
        String image = blankToNull(spec.getImage()) == null ? config.sandboxImage() : spec.getImage().trim();
        SessionUser user = Objects.requireNonNullElseGet(spec.getUser(), SessionUser::new);
        String userName = Objects.requireNonNullElse(user.getName(), SessionUser.DEFAULT_NAME);
        boolean root = Boolean.TRUE.equals(user.getRoot());
        int uid = Objects.requireNonNullElse(user.getUid(), root ? 0 : SessionUser.DEFAULT_UID);
        if (!USER_NAME.matcher(userName).matches()) {
            throw new InvalidSpecException("spec.user.name: '" + userName + "' is not a user name; use lower-case letters,"
                    + " digits, '_' or '-', e.g. sandbox");
        }
        if (uid < 0 || (uid == 0 && !root)) {
            throw new InvalidSpecException("spec.user.uid: " + uid + " is " + (uid < 0 ? "negative" : "root")
                    + "; set spec.user.root: true to run as root, or use a uid of 1 or more (default 1000)");
        }
        String workingDir = Objects.requireNonNullElse(blankToNull(spec.getWorkingDir()), SandboxSessionSpec.DEFAULT_WORKING_DIR);
        if (!workingDir.startsWith("/")) {
            throw new InvalidSpecException("spec.workingDir: '" + workingDir + "' must be an absolute path, e.g. /workspace");
        }
        SessionTimeouts timeouts = Objects.requireNonNullElseGet(spec.getTimeouts(), SessionTimeouts::new);
        int noChange = Objects.requireNonNullElse(timeouts.getNoChangeSeconds(), SessionTimeouts.DEFAULT_NO_CHANGE_SECONDS);
        if (noChange < 1) {
            throw new InvalidSpecException("spec.timeouts.noChangeSeconds: " + noChange + " must be 1 or more");
        }
        List<EnvVar> env = Objects.requireNonNullElse(spec.getEnv(), List.of());
        validateEnv(env, runtime);
        validateResources(spec.getResources());
        SessionWorkspace workspace = Objects.requireNonNullElseGet(spec.getWorkspace(), SessionWorkspace::new);
        validateSize(workspace.getSize());
        boolean inject = spec.getInjectAgent() != null ? spec.getInjectAgent() : !image.equals(config.sandboxImage());
        return new ResolvedSpec(runtime, image,
                spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name(),
                inject, config.sandboxImage(), workingDir, userName, uid, root, env,
                Objects.requireNonNullElse(spec.getPlugins(), List.of()), noChange, spec.getResources(),
                blankToNull(spec.getRuntimeClassName()), Objects.requireNonNullElse(spec.getNodeSelector(), Map.of()),
                Objects.requireNonNullElse(spec.getTolerations(), List.of()), workspace.getSize(),
                blankToNull(workspace.getStorageClassName()), null);
    }

    private static void validateEnv(List<EnvVar> env, SessionRuntime runtime) {
        for (int i = 0; i < env.size(); i++) {
            String envName = env.get(i).getName();
            if (envName == null || !ENV_NAME.matcher(envName).matches()) {
                throw new InvalidSpecException("spec.env[" + i + "].name: '" + envName + "' is not a valid variable name");
            }
            if (envName.equals("SESSION_API_KEY")) {
                throw new InvalidSpecException("spec.env[" + i + "].name: SESSION_API_KEY is set by the operator"
                        + " from the session's Secret; remove it from spec.env");
            }
            if (runtime != SessionRuntime.KUBERNETES && env.get(i).getValueFrom() != null) {
                throw new InvalidSpecException("spec.env[" + i + "].valueFrom: only the kubernetes runtime reads values"
                        + " from Secrets or ConfigMaps; use spec.env[" + i + "].value with the " + runtime.value() + " runtime");
            }
        }
    }

    private static void validateResources(io.fabric8.kubernetes.api.model.ResourceRequirements resources) {
        if (resources == null) {
            return;
        }
        for (var list : Map.of("limits", Objects.requireNonNullElse(resources.getLimits(), Map.<String, Quantity>of()),
                "requests", Objects.requireNonNullElse(resources.getRequests(), Map.<String, Quantity>of())).entrySet()) {
            list.getValue().forEach((resource, quantity) -> {
                String field = "spec.resources." + list.getKey() + "." + resource;
                java.math.BigDecimal amount;
                try {
                    amount = Quantity.getAmountInBytes(quantity);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new InvalidSpecException(field + ": '" + quantity + "' is not a quantity; use e.g. 2Gi or 500m");
                }
                if (amount.signum() <= 0) {
                    throw new InvalidSpecException(field + ": '" + quantity + "' must be more than 0");
                }
                if (resource.equals(SessionResources.PIDS) && (list.getKey().equals("requests")
                        || amount.stripTrailingZeros().scale() > 0)) {
                    throw new InvalidSpecException(field + ": '" + quantity + "': pids is a limit only, a whole number of"
                            + " processes, e.g. limits: {pids: 1024}");
                }
            });
        }
    }

    private static void validateSize(Quantity size) {
        if (size == null) {
            return;
        }
        try {
            if (Quantity.getAmountInBytes(size).signum() <= 0) {
                throw new InvalidSpecException("spec.workspace.size: '" + size + "' must be more than 0, e.g. 10Gi");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("spec.workspace.size: '" + size + "' is not a quantity; use e.g. 10Gi");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
