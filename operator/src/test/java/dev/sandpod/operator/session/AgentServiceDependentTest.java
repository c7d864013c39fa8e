package dev.sandpod.operator.session;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentServiceDependentTest {

    @Test
    void onlyTheCreateOnlyApplyRefusalOfOldApiServersFallsBackToAPlainCreate() {
        // what Kubernetes 1.20 answers to java-operator-sdk's apply with resourceVersion "1" of a new Service
        assertTrue(AgentServiceDependent.refusesResourceVersionOnCreate(new KubernetesClientException(new StatusBuilder()
                .withCode(500).withMessage("resourceVersion should not be set on objects to be created").build())));
        assertFalse(AgentServiceDependent.refusesResourceVersionOnCreate(new KubernetesClientException(new StatusBuilder()
                .withCode(409).withMessage("Operation cannot be fulfilled on services \"demo\": the object has been modified")
                .build())), "a taken name stays an error");
        assertFalse(AgentServiceDependent.refusesResourceVersionOnCreate(new KubernetesClientException(new StatusBuilder()
                .withCode(403).withMessage("services is forbidden").build())));
    }

    @Test
    void serversBefore124AreAskedNoApplyThatTheyRefuse() {
        assertTrue(AgentServiceDependent.olderThan124(version("1", "20")));
        assertTrue(AgentServiceDependent.olderThan124(version("1", "22+")), "GKE writes minors like 22+");
        assertFalse(AgentServiceDependent.olderThan124(version("1", "24")));
        assertFalse(AgentServiceDependent.olderThan124(version("1", "34")));
        assertFalse(AgentServiceDependent.olderThan124(version("", "")), "unknown: try the apply");
    }

    private static io.fabric8.kubernetes.client.VersionInfo version(String major, String minor) {
        return new io.fabric8.kubernetes.client.VersionInfo.Builder().withMajor(major).withMinor(minor).build();
    }
}
