package dev.sandpod.api.session;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A sandbox for one AI coding agent: the operator runs the Sandpod agent for it (as a pod, a
 * Docker container or a local process) and publishes the agent's endpoint in {@code status}.
 *
 * <pre>
 * apiVersion: sandpod.dev/v1alpha1
 * kind: SandboxSession
 * metadata: {name: demo}
 * spec: {image: python:3.12-slim}
 * </pre>
 */
@Group(SandboxSession.GROUP)
@Version(SandboxSession.VERSION)
@ShortNames("sbx")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SandboxSession extends CustomResource<SandboxSessionSpec, SandboxSessionStatus> implements Namespaced {

    /** The API group of the resource. */
    public static final String GROUP = "sandpod.dev";
    /** The served and stored version. */
    public static final String VERSION = "v1alpha1";

    @Override
    protected SandboxSessionSpec initSpec() {
        return new SandboxSessionSpec();
    }
}
