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
}
